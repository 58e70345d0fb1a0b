import FBASModel

/// Why a witness was rejected. Any such rejection of a solver's answer is a bug in swift-fbas,
/// reported as an internal error, never passed on as an answer.
public struct WitnessError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "witness check failed: \(message)" }
}

/// Re-checks answers straight from the definitions (semantics, section 3), with no solver and
/// without the model's resolved, deduplicated quorum sets: it evaluates each validator's quorum
/// set as declared, by public key, so a bug in resolution or encoding cannot vouch for itself.
///
/// It checks that a witness is what it claims to be; optimality is the differential tests' job.
public struct WitnessChecker: Sendable {
    let policy: UnknownQsetPolicy
    /// Declared quorum set of every validator whose quorum set is known.
    let declared: [String: QuorumSet]
    let everyone: Set<String>

    public init(_ fbas: FBAS) {
        policy = fbas.policy
        var declared: [String: QuorumSet] = [:]
        for v in 0..<fbas.count {
            // The model keeps the declared set exactly when it is valid; cross-check with qsetOf.
            if let q = fbas.validators[v].quorumSet, fbas.hasKnownQSet(v) { declared[fbas.validators[v].publicKey] = q }
        }
        self.declared = declared
        everyone = Set(fbas.validators.map(\.publicKey))
    }

    /// Whether `members` satisfies `q`: at least `threshold` of its validators are members or
    /// of its inner sets are satisfied.
    public func satisfies(_ members: Set<String>, _ q: QuorumSet) -> Bool {
        var hits = q.validators.reduce(0) { $0 + (members.contains($1) ? 1 : 0) }
        for inner in q.innerQuorumSets where hits < q.threshold {
            if satisfies(members, inner) { hits += 1 }
        }
        return hits >= q.threshold
    }

    func hasKnownQSet(_ v: String) -> Bool { declared[v] != nil }

    /// The definition of a quorum, applied to `members`.
    public func isQuorum(_ members: Set<String>) -> Bool {
        guard !members.isEmpty, members.isSubset(of: everyone) else { return false }
        var hasKnown = false
        for v in members {
            guard let q = declared[v] else {
                if policy == .dead { return false }
                continue
            }
            guard satisfies(members, q) else { return false }
            hasKnown = true
        }
        return hasKnown
    }

    /// Whether some quorum lies inside `members`: the greatest fixpoint of dropping members whose
    /// quorum set the rest does not satisfy, then the quorum test on what remains.
    public func containsQuorum(_ members: Set<String>) -> Bool {
        var current = members.intersection(everyone)
        if policy == .dead { current = current.filter { declared[$0] != nil } }
        while true {
            let unsatisfied = current.filter { v in declared[v].map { !satisfies(current, $0) } ?? false }
            if unsatisfied.isEmpty { break }
            current.subtract(unsatisfied)
        }
        return isQuorum(current)
    }

    // MARK: Witness checks

    /// Two disjoint quorums: the witness that quorum intersection fails.
    public func checkDisjointQuorums(_ a: Set<String>, _ b: Set<String>) throws(WitnessError) {
        guard isQuorum(a) else { throw WitnessError("quorum A \(sorted(a)) is not a quorum") }
        guard isQuorum(b) else { throw WitnessError("quorum B \(sorted(b)) is not a quorum") }
        guard a.isDisjoint(with: b) else { throw WitnessError("quorums A and B share \(sorted(a.intersection(b)))") }
    }

    /// A quorum exists in the network (so "intersects" is meaningful), shown by `quorum`.
    public func checkQuorum(_ quorum: Set<String>) throws(WitnessError) {
        guard isQuorum(quorum) else { throw WitnessError("\(sorted(quorum)) is not a quorum") }
    }

    /// No quorum exists at all: the whole network contains none.
    public func checkNoQuorum() throws(WitnessError) {
        guard !containsQuorum(everyone) else { throw WitnessError("the network contains a quorum") }
    }

    /// `blocking` (together with the validators already `down`) leaves no quorum among the rest.
    public func checkBlocking(_ blocking: Set<String>, down: Set<String> = []) throws(WitnessError) {
        guard blocking.isDisjoint(with: down) else { throw WitnessError("the blocking set repeats validators already down") }
        let rest = everyone.subtracting(blocking).subtracting(down)
        guard !containsQuorum(rest) else {
            throw WitnessError("the validators outside blocking set \(sorted(blocking)) still contain a quorum")
        }
    }

    /// `splitting` splits the network with `a` and `b`: members outside the set have their
    /// quorum sets satisfied (and, under `dead`, known), members inside need not; the two
    /// overlap only inside the set; each has a member outside the set with a known quorum set.
    public func checkSplitting(_ splitting: Set<String>, _ a: Set<String>, _ b: Set<String>) throws(WitnessError) {
        for (name, q) in [("A", a), ("B", b)] {
            guard !q.isEmpty, q.isSubset(of: everyone) else { throw WitnessError("quorum \(name) is empty or names unknown validators") }
            var honestKnown = false
            for v in q where !splitting.contains(v) {
                guard let qs = declared[v] else {
                    if policy == .dead { throw WitnessError("\(v) in quorum \(name) has an unknown quorum set (dead policy)") }
                    continue
                }
                guard satisfies(q, qs) else { throw WitnessError("\(v) in quorum \(name) does not have its quorum set satisfied") }
                honestKnown = true
            }
            guard honestKnown else { throw WitnessError("quorum \(name) has no member outside the splitting set with a known quorum set") }
        }
        let overlap = a.intersection(b)
        guard overlap.isSubset(of: splitting) else {
            throw WitnessError("quorums A and B share \(sorted(overlap.subtracting(splitting))) outside the splitting set")
        }
    }

    /// `critical` is exactly the members of `quorum` with working history archives.
    public func checkHistoryCritical(_ critical: Set<String>, quorum: Set<String>, working: Set<String>) throws(WitnessError) {
        guard isQuorum(quorum) else { throw WitnessError("\(sorted(quorum)) is not a quorum") }
        guard critical == quorum.intersection(working) else {
            throw WitnessError("the critical set is not the quorum's members with working archives")
        }
    }

    /// `quorum` is a quorum none of whose proper subsets is one: removing any single member
    /// leaves no quorum inside (quorums are closed under union, so single removals suffice).
    public func checkMinimalQuorum(_ quorum: Set<String>) throws(WitnessError) {
        guard isQuorum(quorum) else { throw WitnessError("\(sorted(quorum)) is not a quorum") }
        for v in quorum where containsQuorum(quorum.subtracting([v])) {
            throw WitnessError("\(sorted(quorum)) is not minimal: without \(v) it still contains a quorum")
        }
    }

    private func sorted(_ s: Set<String>) -> String { "{" + s.sorted().joined(separator: ", ") + "}" }
}
