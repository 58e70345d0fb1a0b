import SolverCore

/// The CNF encoding used for a cardinality constraint.
public enum CardinalityEncoding: String, Sendable, Hashable, CaseIterable {
    /// ``Totalizer`` (Bailleux & Boufkhad 2003), one direction only.
    case totalizer
    /// ``SequentialCounter`` (Sinz 2005).
    case sequentialCounter = "sequential-counter"
}

extension ClauseSink {
    /// Adds `condition → (number of true literals in `literals`) ≥ k` (unconditional when
    /// `condition` is nil), encoded into CNF with `encoding`.
    ///
    /// Every occurrence counts: `[x, x]` counts `x` twice, and `x` with `¬x` always contributes
    /// one. Trivial bounds add no variables: `k ≤ 0` adds nothing, `k > n` adds `¬condition`
    /// (the empty clause when unconditional), `k = n` forces every literal and `k = 1` is a
    /// single clause.
    public func encodeAtLeast(_ k: Int, of literals: [Literal], when condition: Literal? = nil,
                              using encoding: CardinalityEncoding = .totalizer) {
        let n = literals.count
        if k <= 0 { return }
        if k > n { addClause(guarded([], condition)); return }
        if k == n {
            for x in literals { addClause(guarded([x], condition)) }
            return
        }
        if k == 1 { addClause(guarded(literals, condition)); return }
        switch encoding {
        case .totalizer:
            // A totalizer keeps min(size, bound) outputs per node, so a large k is cheaper as
            // "at most n − k false" (the 2/3 thresholds of quorum sets: about half the clauses).
            if n - k + 1 < k {
                encodeAtMost(n - k, of: literals.map { !$0 }, when: condition, using: encoding)
                return
            }
            // "At least k" forbids "fewer than k", which only the outputs → inputs direction sees.
            let totalizer = Totalizer(inputs: literals, bound: k, directions: .downward, in: self)
            addClause(guarded([totalizer.atLeast(k, in: self)!], condition))
        case .sequentialCounter:
            SequentialCounter.encodeAtLeast(k, of: literals, when: condition, in: self)
        }
    }

    /// Adds `condition → (number of true literals in `literals`) ≤ k` (unconditional when
    /// `condition` is nil), encoded into CNF with `encoding`.
    ///
    /// Every occurrence counts, as for ``encodeAtLeast(_:of:when:using:)``. Trivial bounds add
    /// no variables: `k ≥ n` adds nothing, `k < 0` adds `¬condition`, `k = 0` forbids every
    /// literal and `k = n − 1` is a single clause.
    public func encodeAtMost(_ k: Int, of literals: [Literal], when condition: Literal? = nil,
                             using encoding: CardinalityEncoding = .totalizer) {
        let n = literals.count
        if k >= n { return }
        if k < 0 { addClause(guarded([], condition)); return }
        if k == 0 {
            for x in literals { addClause(guarded([!x], condition)) }
            return
        }
        if k == n - 1 { addClause(guarded(literals.map { !$0 }, condition)); return }
        switch encoding {
        case .totalizer:
            // "At most k" forbids "k + 1 or more", which only the inputs → outputs direction sees.
            let totalizer = Totalizer(inputs: literals, bound: k + 1, directions: .upward, in: self)
            addClause(guarded([totalizer.atMost(k, in: self)!], condition))
        case .sequentialCounter:
            SequentialCounter.encodeAtMost(k, of: literals, when: condition, in: self)
        }
    }

    /// Adds `condition → (number of true literals in `literals`) = k`.
    public func encodeExactly(_ k: Int, of literals: [Literal], when condition: Literal? = nil,
                              using encoding: CardinalityEncoding = .totalizer) {
        encodeAtLeast(k, of: literals, when: condition, using: encoding)
        encodeAtMost(k, of: literals, when: condition, using: encoding)
    }
}
