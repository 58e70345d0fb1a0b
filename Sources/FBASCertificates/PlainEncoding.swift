import FBASModel

/// The questions whose "no" a certificate proves, each as one satisfiability question whose
/// unsatisfiability is the answer.
public enum CertifiedQuestion: Sendable, Equatable, CustomStringConvertible {
    /// Some quorum exists (unsatisfiable: `noQuorum`).
    case quorumExists
    /// Two disjoint quorums exist (unsatisfiable: quorum intersection holds).
    case disjointQuorums
    /// A quorum of at most `k` validators exists (unsatisfiable: every quorum has more).
    case quorumOfAtMost(Int)
    /// A splitting set of at most `k` validators (or whole groups, with a grouping) exists;
    /// nil: of any size. `withinGroups`: the liars are any validators of at most `k` groups
    /// (fbas_analyzer's merge, the explorers' figure), not the whole groups.
    case splittingSetOfAtMost(Int?, withinGroups: Bool = false)
    /// A quorum with at most `k` members in `working` exists (history-critical sets).
    case historyCriticalOfAtMost(Int, working: [Int])
    /// A blocking set of at most `k` validators (or whole groups) outside `down` exists: with
    /// `down`, it leaves the rest without a quorum.
    case blockingSetOfAtMost(Int, down: [Int])

    public var description: String {
        switch self {
        case .quorumExists: return "a quorum exists"
        case .disjointQuorums: return "two disjoint quorums exist"
        case .quorumOfAtMost(let k): return "a quorum of at most \(k) validators exists"
        case .splittingSetOfAtMost(let k, let within):
            return (k.map { "a splitting set of at most \($0) exists" } ?? "a splitting set exists") + (within ? " (liars within groups)" : "")
        case .historyCriticalOfAtMost(let k, _): return "a quorum with at most \(k) members with working archives exists"
        case .blockingSetOfAtMost(let k, let down):
            return "a blocking set of at most \(k) exists" + (down.isEmpty ? "" : " beyond the \(down.count) validators down")
        }
    }
}

/// The plain encoding of a ``CertifiedQuestion`` in CNF (DIMACS literals): straight from the
/// definitions (semantics, section 3), over each validator's quorum set as declared, by public
/// key, with no symmetry breaking, no cuts and no bounds. It shares no code with the fast
/// encodings (`FBASEncodings`): it is the small, separately tested statement a proof refutes.
/// Quorum sets equal as declared share one encoding.
public struct PlainEncoding: Sendable {
    public private(set) var variables = 0
    public private(set) var clauses: [[Int]] = []

    let fbas: FBAS
    let grouping: Grouping?
    /// Node variables of quorum sets already encoded, per set of validators (A or B).
    private var nodes: [Int: [QuorumSet: Int]] = [:]
    /// Each validator's membership variable, per set.
    private var member: [Int: [Int]] = [:]

    /// Encodes `question` about `fbas`; `grouping` makes splitting sets count groups.
    public init(_ question: CertifiedQuestion, of fbas: FBAS, grouping: Grouping? = nil) {
        self.fbas = fbas
        self.grouping = grouping
        switch question {
        case .quorumExists:
            quorum(0, lying: nil)
        case .disjointQuorums:
            quorum(0, lying: nil)
            quorum(1, lying: nil)
            for v in 0..<fbas.count { clauses.append([-member[0]![v], -member[1]![v]]) }
        case .quorumOfAtMost(let k):
            quorum(0, lying: nil)
            atMost(k, of: member[0]!)
        case .historyCriticalOfAtMost(let k, let working):
            quorum(0, lying: nil)
            atMost(k, of: working.map { member[0]![$0] })
        case .blockingSetOfAtMost(let k, let down):
            blocking(atMost: k, down: Set(down))
        case .splittingSetOfAtMost(let k, let withinGroups):
            let liars = (0..<fbas.count).map { _ in fresh() }
            quorum(0, lying: liars)
            quorum(1, lying: liars)
            // A and B overlap only among the liars.
            for v in 0..<fbas.count { clauses.append([-member[0]![v], -member[1]![v], liars[v]]) }
            if let grouping {
                // A group lies as a whole (its members are exactly the liars of chosen groups),
                // or, within groups, the liars are among the members of chosen groups.
                let chosen = grouping.groups.map { _ in fresh() }
                for v in 0..<fbas.count {
                    clauses.append([-liars[v], chosen[grouping.groupOf[v]]])
                    if !withinGroups { clauses.append([liars[v], -chosen[grouping.groupOf[v]]]) }
                }
                if let k { atMost(k, of: chosen) }
            } else if let k {
                atMost(k, of: liars)
            }
        }
    }

    /// A set B of at most `k` validators (whole groups with a grouping) outside `down` whose
    /// failure, with `down`'s, cascades to every validator with a known quorum set: no quorum is
    /// left. The cascade is a least fixpoint, so each failure must be justified by failures of
    /// an earlier round: round 0 is B, `down` and (under `dead`) the validators with unknown
    /// quorum sets; in round r + 1 a validator fails if its quorum set is blocked (too few
    /// entries left to meet the threshold) by the failures of round r. A validator that fails
    /// newly in a round has a quorum set blocked for the first time in that round (before, it
    /// was not blocked, or the validator would have failed already), so every round that changes
    /// anything blocks a distinct declared quorum set for the first time: as many rounds as there
    /// are distinct quorum sets reach the fixpoint. (Inner sets are evaluated within a round.)
    mutating func blocking(atMost k: Int, down: Set<Int>) {
        let chosen = (0..<fbas.count).map { _ in fresh() }
        var round = (0..<fbas.count).map { _ in fresh() }
        var distinct = Set<QuorumSet>()
        for v in 0..<fbas.count {
            let known = fbas.hasKnownQSet(v) ? fbas.validators[v].quorumSet : nil
            if let q = known { distinct.insert(q) }
            if down.contains(v) {
                clauses.append([-chosen[v]])
            } else if known == nil, fbas.policy == .dead {
                continue  // fails from the start: no justification needed
            } else {
                clauses.append([-round[v], chosen[v]])
            }
        }
        for _ in 0..<distinct.count {
            var blocked: [QuorumSet: Int] = [:]
            let next = (0..<fbas.count).map { _ in fresh() }
            for v in 0..<fbas.count {
                guard fbas.hasKnownQSet(v), let q = fbas.validators[v].quorumSet else {
                    clauses.append([-next[v], round[v]])
                    continue
                }
                clauses.append([-next[v], round[v], isBlocked(q, by: round, memo: &blocked)])
            }
            round = next
        }
        for v in 0..<fbas.count where fbas.hasKnownQSet(v) { clauses.append([round[v]]) }
        let candidates = (0..<fbas.count).filter { !down.contains($0) }
        if let grouping {
            let groups = grouping.groups.map { _ in fresh() }
            for v in candidates {
                clauses.append([-chosen[v], groups[grouping.groupOf[v]]])
                clauses.append([chosen[v], -groups[grouping.groupOf[v]]])
            }
            atMost(k, of: groups)
        } else {
            atMost(k, of: candidates.map { chosen[$0] })
        }
    }

    /// A variable that implies `q` is blocked by the failed validators `failed`: more than
    /// `entries − threshold` of its entries failed (validators) or are blocked (inner sets).
    mutating func isBlocked(_ q: QuorumSet, by failed: [Int], memo: inout [QuorumSet: Int]) -> Int {
        if let known = memo[q] { return known }
        var entries: [Int] = []
        for key in q.validators {
            if let v = fbas.index(of: key) {
                entries.append(failed[v])
            } else {
                // (Not reached, as above.) Under `dead` an absent key has failed from the start;
                // under `free` it fails only if it could be chosen, and it cannot: it never fails.
                let absent = fresh()
                clauses.append([fbas.policy == .dead ? absent : -absent])
                entries.append(absent)
            }
        }
        for inner in q.innerQuorumSets { entries.append(isBlocked(inner, by: failed, memo: &memo)) }
        let node = fresh()
        atLeast(entries.count - q.threshold + 1, of: entries, when: node)
        memo[q] = node
        return node
    }

    mutating func fresh() -> Int {
        variables += 1
        return variables
    }

    /// Set `set` (0: A, 1: B) is a quorum, modulo `lying` when given: each member outside the
    /// liars with a known quorum set has it satisfied by the set; under `dead`, a member with an
    /// unknown one is a liar; some member outside the liars has a known quorum set.
    mutating func quorum(_ set: Int, lying: [Int]?) {
        let x = (0..<fbas.count).map { _ in fresh() }
        member[set] = x
        var honestKnown: [Int] = []
        for v in 0..<fbas.count {
            let liar = lying?[v]
            if let q = fbas.validators[v].quorumSet, fbas.hasKnownQSet(v) {
                let node = satisfied(q, set: set)
                clauses.append([-x[v], node] + (liar.map { [$0] } ?? []))
                // h → member, h → honest: a known, honest member.
                let h = fresh()
                clauses.append([-h, x[v]])
                if let liar { clauses.append([-h, -liar]) }
                honestKnown.append(h)
            } else if fbas.policy == .dead {
                clauses.append([-x[v]] + (liar.map { [$0] } ?? []))
            }
        }
        clauses.append(honestKnown)
    }

    /// A variable that implies `q` is satisfied by set `set`: at least `threshold` of its
    /// entries are (validators: members; inner sets: recursively).
    mutating func satisfied(_ q: QuorumSet, set: Int) -> Int {
        if let known = nodes[set]?[q] { return known }
        var entries: [Int] = []
        for key in q.validators {
            if let v = fbas.index(of: key) {
                entries.append(member[set]![v])
            } else {
                // (The model indexes every referenced key, so this is not reached.) A key the
                // network does not hold has an unknown quorum set: under `free` it may be a
                // member, under `dead` it never is.
                let unknown = fresh()
                if fbas.policy == .dead { clauses.append([-unknown]) }
                entries.append(unknown)
            }
        }
        for inner in q.innerQuorumSets { entries.append(satisfied(inner, set: set)) }
        let node = fresh()
        atLeast(q.threshold, of: entries, when: node)
        nodes[set, default: [:]][q] = node
        return node
    }

    /// `condition → at least t of literals`: at most `m − t` of them false.
    mutating func atLeast(_ t: Int, of literals: [Int], when condition: Int) {
        let m = literals.count
        if t <= 0 { return }
        if t > m {
            clauses.append([-condition])
            return
        }
        atMost(m - t, of: literals.map { -$0 }, unless: condition)
    }

    /// At most `k` of `literals` true (unconditionally, or only when `unless` is true):
    /// Sinz's sequential counter.
    mutating func atMost(_ k: Int, of literals: [Int], unless condition: Int? = nil) {
        let off = condition.map { [-$0] } ?? []
        let m = literals.count
        if k < 0 {
            clauses.append(off)
            return
        }
        if k >= m { return }
        if k == 0 {
            for l in literals { clauses.append([-l] + off) }
            return
        }
        // r[i][j]: at least j + 1 of the first i + 1 literals are true.
        var r: [[Int]] = []
        for i in 0..<(m - 1) {
            r.append((0..<k).map { _ in fresh() })
            clauses.append([-literals[i], r[i][0]])
            if i == 0 {
                for j in 1..<k { clauses.append([-r[0][j]]) }
            } else {
                clauses.append([-r[i - 1][0], r[i][0]])
                for j in 1..<k {
                    clauses.append([-literals[i], -r[i - 1][j - 1], r[i][j]])
                    clauses.append([-r[i - 1][j], r[i][j]])
                }
                clauses.append([-literals[i], -r[i - 1][k - 1]] + off)
            }
        }
        clauses.append([-literals[m - 1], -r[m - 2][k - 1]] + off)
    }

    /// The formula in DIMACS.
    public var dimacs: String {
        var out = "p cnf \(variables) \(clauses.count)\n"
        for c in clauses { out += c.map(String.init).joined(separator: " ") + (c.isEmpty ? "0\n" : " 0\n") }
        return out
    }
}
