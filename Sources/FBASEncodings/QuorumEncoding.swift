import FBASModel
import SolverCore

/// The variables of one encoded quorum: "validator v is a member" and "the members satisfy
/// resolved quorum set q".
public struct QuorumVariables: Sendable {
    /// Membership literal of each validator; nil for validators outside the encoded universe,
    /// which are never members.
    public var member: [Literal?]
    /// One literal per distinct resolved quorum set (not per occurrence).
    public var satisfied: [Literal]
    /// Threshold constraints left out of the solver (see `deferringAbove`), to be added when a
    /// model breaks them.
    public var deferred: [DeferredThreshold] = []

    /// The members of this quorum in a model of `solver`.
    public func members(in model: (Literal) -> Bool) -> [Int] {
        member.indices.filter { v in member[v].map(model) ?? false }
    }
}

/// `condition → at least threshold of entries`, kept aside instead of encoded.
public struct DeferredThreshold: Sendable {
    public var condition: Literal
    public var threshold: Int
    public var entries: [Literal]

    /// Whether a model (given by its literal values) breaks the constraint.
    public func isViolated(by value: (Literal) -> Bool) -> Bool {
        value(condition) && entries.lazy.filter(value).count < threshold
    }
}

/// Encodes "a set Q that is a quorum" into a solver, following the semantics (section 3):
///
/// - `sat_q → Σ (members of q in Q) + Σ (inner sets of q satisfied) ≥ threshold(q)`, one
///   cardinality constraint per distinct quorum set, never the C(n, t) slices;
/// - `v ∈ Q ∧ ¬exempt(v) → sat_{qset(v)}` for every v with a known quorum set;
/// - under `dead`, `v ∈ Q → exempt(v)` for v with an unknown quorum set;
/// - Q has a non-exempt member with a known quorum set (which also makes Q non-empty).
///
/// Only the implication direction of `sat_q` is needed: satisfaction is monotone in Q, so a
/// model whose `sat_q` is true has q really satisfied, and any real quorum extends to a model.
/// `exempt` literals serve splitting sets, whose members need not be satisfied.
public enum QuorumEncoding {
    /// Adds the variables and constraints of one quorum to `sink`.
    ///
    /// - Parameters:
    ///   - fbas: the network whose quorum sets the quorum must satisfy.
    ///   - sink: receives the membership and satisfaction variables and the constraints.
    ///   - universe: validators allowed in the quorum (nil: all).
    ///   - exempt: per validator, a literal that when true frees it from its quorum set (nil: none).
    ///   - deferringAbove: leave out the threshold constraints of quorum sets with more entries
    ///     than this, returning them in ``QuorumVariables/deferred``. Without them the formula
    ///     is a relaxation: unsatisfiable means unsatisfiable, and a model is only an answer
    ///     once no deferred constraint is violated (add the violated ones and solve again).
    ///     Large quorum sets (hundreds of organisations) cost most of the encoding and are often
    ///     not needed to refute, for example once the overlap bounds have done the counting.
    ///   - limits: once these expire, the remaining threshold constraints are left out, so that
    ///     a time limit also bounds building a huge encoding. The formula is then a relaxation
    ///     the caller must not trust: check the limits after encoding and report a timeout.
    public static func encode(
        _ fbas: FBAS, into sink: some CardinalityConstraintSink,
        universe: BitSet? = nil, exempt: [Literal?]? = nil, deferringAbove: Int? = nil, limits: SolveLimits? = nil
    ) -> QuorumVariables {
        var member: [Literal?] = Array(repeating: nil, count: fbas.count)
        for v in 0..<fbas.count where universe?.contains(v) ?? true {
            member[v] = sink.newVariable().positive
        }
        var satisfied: [Literal] = []
        var deferred: [DeferredThreshold] = []
        satisfied.reserveCapacity(fbas.qsets.count)
        var expired = false
        // Only the quorum sets members can use need their thresholds: a question about the 90
        // top-tier validators of a 1,000-validator network leaves out the sets only the others
        // use (their literals stay, free, so that ids keep their meaning).
        let used = universe.map { fbas.qsetsUsed(by: $0) }
        for (index, q) in fbas.qsets.enumerated() {
            let s = sink.newVariable().positive
            if !expired, index % 16 == 15, limits?.isExpired ?? false { expired = true }
            if expired || !(used?[index] ?? true) {
                satisfied.append(s)
                continue
            }
            let entries = q.validators.compactMap { member[$0] } + q.innerQSets.sorted().map { satisfied[$0] }
            if let limit = deferringAbove, entries.count > limit, q.threshold > 1 {
                deferred.append(DeferredThreshold(condition: s, threshold: q.threshold, entries: entries))
            } else {
                sink.addAtLeast(q.threshold, of: entries, when: s)
            }
            satisfied.append(s)
        }
        var witnesses: [Literal] = []
        for v in 0..<fbas.count {
            guard let m = member[v] else { continue }
            let freedom = exempt?[v]
            if let q = fbas.qsetOf[v] {
                sink.addClause([!m, satisfied[q]] + (freedom.map { [$0] } ?? []))
                if let freedom {
                    // w ↔ (m ∧ ¬exempt): a member held to its quorum set.
                    let w = sink.newVariable().positive
                    sink.addClause([!w, m])
                    sink.addClause([!w, !freedom])
                    witnesses.append(w)
                } else {
                    witnesses.append(m)
                }
            } else if fbas.policy == .dead {
                sink.addClause([!m] + (freedom.map { [$0] } ?? []))
            }
        }
        sink.addClause(witnesses)
        return QuorumVariables(member: member, satisfied: satisfied, deferred: deferred)
    }
}

extension QuorumEncoding {
    /// About how many clauses one quorum over `universe` costs: the thresholds of the quorum
    /// sets its possible members use. An estimate for budgets, not an exact count.
    public static func size(_ fbas: FBAS, universe: BitSet) -> Int {
        let used = fbas.qsetsUsed(by: universe)
        return fbas.qsets.indices.reduce(0) { $0 + (used[$1] ? fbas.qsets[$1].thresholdClauses : 0) }
    }

    /// The clauses of an at-least-`threshold` constraint over `entries` literals (see
    /// `FBAS.QSet.thresholdClauses`).
    public static func thresholdClauses(entries n: Int, threshold t: Int) -> Int {
        n * max(1, min(t, n - t + 1))
    }
}

extension FBAS.QSet {
    /// About how many clauses its threshold costs once encoded: a totalizer over its entries
    /// counts the smaller side, entries × min(t, entries − t + 1). For the encodings' size
    /// estimates, not an exact count.
    var thresholdClauses: Int {
        let n = entryCount
        return n * max(1, min(threshold, n - threshold + 1))
    }
}
