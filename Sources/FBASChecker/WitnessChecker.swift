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
    /// Every public key, numbered (the checker's own numbering, not the model's).
    let keys: [String]
    let keyIndex: [String: Int]
    /// The declared quorum sets flattened for counting (``Tree``).
    let tree: Tree

    public init(_ fbas: FBAS) {
        policy = fbas.policy
        var declared: [String: QuorumSet] = [:]
        for v in 0..<fbas.count {
            // The model keeps the declared set exactly when it is valid; cross-check with qsetOf.
            if let q = fbas.validators[v].quorumSet, fbas.hasKnownQSet(v) { declared[fbas.validators[v].publicKey] = q }
        }
        self.declared = declared
        everyone = Set(fbas.validators.map(\.publicKey))
        keys = everyone.sorted()
        keyIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        tree = Tree(declared, keyIndex: keyIndex)
    }

    /// Every validator's declared quorum set as a graph of nodes, children before parents, with
    /// who lists each key: validators share a root where their sets are equal as written
    /// (``QuorumSet``'s own equality, never the model's resolved sets), and within one set an
    /// inner set shared as stored is one node with several parents.
    /// Lets ``containsQuorum(_:)`` count instead of re-evaluating every set each round.
    struct Tree: Sendable {
        var threshold: [Int] = []
        /// The nodes that list this one as an inner set, once per listing; empty for a
        /// validator's own set.
        var parents: [[Int]] = []
        /// The validators whose own set a root node is; empty for inner nodes.
        var owners: [[String]] = []
        /// Per public key: the nodes listing it, once per listing.
        var listing: [String: [Int]] = [:]
        /// Per node: the keys it lists (numbered) and its inner nodes, for evaluating one
        /// validator's set alone.
        var members: [[Int]] = []
        var children: [[Int]] = []
        /// Per numbered key with a declared set: its nodes, children first, its own set last.
        var span: [Int: ClosedRange<Int>] = [:]

        init(_ declared: [String: QuorumSet], keyIndex: [String: Int]) {
            // By value: equal sets evaluate alike, and an organisation's validators each carry
            // an equal copy (flat-3000: 3,000 copies of 3,000 keys each).
            var spanOfSet: [QuorumSet: ClosedRange<Int>] = [:]
            for (key, q) in declared.sorted(by: { $0.key < $1.key }) {
                let range: ClosedRange<Int>
                if let known = spanOfSet[q] {
                    range = known
                } else {
                    let first = threshold.count
                    range = first...add(q, keyIndex: keyIndex)
                    spanOfSet[q] = range
                }
                owners[range.upperBound].append(key)
                roots[key] = range.upperBound
                span[keyIndex[key]!] = range
            }
        }

        var roots: [String: Int] = [:]

        func rootOf(_ v: String) -> Int? { roots[v] }

        /// Adds `q` and its inner sets, each set as stored once; iterative so that nesting depth
        /// costs no stack.
        mutating func add(_ q: QuorumSet, keyIndex: [String: Int]) -> Int {
            // Post-order: each node's children get ids before it does.
            var id: [ObjectIdentifier: Int] = [:]
            var stack: [(set: QuorumSet, innerDone: Bool)] = [(q, false)]
            while let (set, innerDone) = stack.popLast() {
                if id[set.identity] != nil { continue }
                guard innerDone else {
                    stack.append((set, true))
                    for inner in set.innerQuorumSets where id[inner.identity] == nil { stack.append((inner, false)) }
                    continue
                }
                let me = threshold.count
                id[set.identity] = me
                threshold.append(set.threshold)
                parents.append([])
                owners.append([])
                for v in set.validators { listing[v, default: []].append(me) }
                for inner in set.innerQuorumSets { parents[id[inner.identity]!].append(me) }
                members.append(set.validators.map { keyIndex[$0]! })
                children.append(set.innerQuorumSets.map { id[$0.identity]! })
            }
            return id[q.identity]!
        }
    }


    /// Whether `members` satisfies `q`: at least `threshold` of its validators are members or
    /// of its inner sets are satisfied.
    public func satisfies(_ members: Set<String>, _ q: QuorumSet) -> Bool {
        var known: [ObjectIdentifier: Bool] = [:]
        return satisfies(members, q, memo: &known)
    }

    /// Recursion depth is the nesting depth, which readers bound. Sets two or more levels deep
    /// are remembered, so a shared one is evaluated once; below them, counting again is cheaper
    /// than remembering (and the usual top-level set over organisations allocates nothing).
    private func satisfies(_ members: Set<String>, _ q: QuorumSet, memo: inout [ObjectIdentifier: Bool]) -> Bool {
        if let known = memo[q.identity] { return known }
        var hits = q.validators.reduce(0) { $0 + (members.contains($1) ? 1 : 0) }
        for inner in q.innerQuorumSets where hits < q.threshold {
            if satisfies(members, inner, memo: &memo) { hits += 1 }
        }
        if q.nestingDepth >= 2 { memo[q.identity] = hits >= q.threshold }
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
        // A set far smaller than the network (a minimal quorum less one member, checked once per
        // member) is cheaper through its own quorum sets than through counters over every node.
        if current.count * 16 < tree.threshold.count { return containsQuorumThroughItsSets(current) }
        return containsQuorumByCounting(current)
    }

    /// ``containsQuorum(_:)`` evaluating only the quorum sets of `start`'s members, over
    /// numbered keys: a departure re-evaluates the members whose sets name the one who left.
    /// (`start` is already within the network, and without unknown quorum sets under `dead`.)
    func containsQuorumThroughItsSets(_ start: Set<String>) -> Bool {
        let members = start.map { keyIndex[$0]! }
        var present = [Bool](repeating: false, count: keys.count)
        var position = [Int](repeating: -1, count: keys.count)
        for (i, m) in members.enumerated() {
            present[m] = true
            position[m] = i
        }
        let spans = members.map { tree.span[$0] }  // nil: unknown set, no requirement
        // Who must be evaluated again when member i leaves: the members whose sets name i.
        var dependents = [[Int]](repeating: [], count: members.count)
        for (w, range) in spans.enumerated() {
            guard let range else { continue }
            for n in range { for m in tree.members[n] where present[m] { dependents[position[m]].append(w) } }
        }
        // Plain loops over arrays passed in, not a closure over these locals: captured and
        // mutated, they cost an exclusivity check per access (a third of this function's time
        // on tiered-1000's top tier).
        var met: [Bool] = []
        var alive = [Bool](repeating: true, count: members.count)
        var leaving = members.indices.filter { !tree.holds(spans[$0], present: present, scratch: &met) }
        while let i = leaving.popLast() {
            guard alive[i] else { continue }
            alive[i] = false
            present[members[i]] = false
            for w in dependents[i] where alive[w] && !tree.holds(spans[w], present: present, scratch: &met) { leaving.append(w) }
        }
        // What remains is closed; a quorum when non-empty with a member whose set is known.
        return members.indices.contains { alive[$0] && spans[$0] != nil }
    }

    /// ``containsQuorum(_:)`` with a counter per node of every declared quorum set: each
    /// departure lowers the counts it fed, so a large set costs one pass over the network.
    func containsQuorumByCounting(_ start: Set<String>) -> Bool {
        var current = start
        // Count each node's satisfied entries: members it lists, then inner nodes met (children
        // come first in node order).
        var hits = Array(repeating: 0, count: tree.threshold.count)
        for v in current { for n in tree.listing[v] ?? [] { hits[n] += 1 } }
        var met = Array(repeating: false, count: tree.threshold.count)
        for n in tree.threshold.indices {
            met[n] = hits[n] >= tree.threshold[n]
            if met[n] { for p in tree.parents[n] { hits[p] += 1 } }
        }
        // Drop members whose own set is not met; each departure lowers the counts it fed.
        var leaving = Array(current.filter { v in tree.rootOf(v).map { !met[$0] } ?? false })
        while let v = leaving.popLast() {
            guard current.remove(v) != nil else { continue }
            var falling: [Int] = []
            func lower(_ n: Int) {
                hits[n] -= 1
                if met[n], hits[n] < tree.threshold[n] { met[n] = false; falling.append(n) }
            }
            for n in tree.listing[v] ?? [] { lower(n) }
            while let n = falling.popLast() {
                for p in tree.parents[n] { lower(p) }
                for owner in tree.owners[n] where current.contains(owner) { leaving.append(owner) }
            }
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

extension WitnessChecker.Tree {
    /// Whether the set spanning nodes `range` (children before parents, the root last) is met by
    /// the numbered keys `present`; nil (an unknown set) asks nothing.
    func holds(_ range: ClosedRange<Int>?, present: [Bool], scratch met: inout [Bool]) -> Bool {
        guard let range else { return true }
        met.removeAll(keepingCapacity: true)
        for n in range {
            var hits = 0
            for m in members[n] where present[m] { hits += 1 }
            for c in children[n] where met[c - range.lowerBound] { hits += 1 }
            met.append(hits >= threshold[n])
        }
        return met[met.count - 1]
    }
}
