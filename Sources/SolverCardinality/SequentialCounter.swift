import SolverCore

/// The sequential counter encoding of Sinz 2005 ("Towards an optimal CNF encoding of Boolean
/// cardinality constraints", CP 2005, the LT^SEQ encoding).
///
/// Register `s[i][j]` means "at least `j + 1` of the first `i + 1` inputs are true"; it is only
/// forced upwards, which is all an at-most constraint needs: the constraint itself is the set of
/// *overflow* clauses `x[i] → ¬s[i-1][k-1]`. That takes `O(n·k)` clauses and variables, against
/// the totalizer's `O(n·k)` variables and `O(n·k²)` clauses, and unit propagation still
/// maintains generalized arc consistency. At-least constraints use the identity
/// `Σ x ≥ k ⇔ Σ ¬x ≤ n − k`.
///
/// A condition literal is added to the overflow clauses only: the register clauses merely define
/// fresh variables and are satisfiable whatever the inputs, so they can stay unconditional.
/// Every occurrence of a literal counts (duplicates count twice).
public enum SequentialCounter {
    /// Adds `condition → (number of true literals in `literals`) ≤ k` to `sink`.
    public static func encodeAtMost(_ k: Int, of literals: [Literal], when condition: Literal? = nil, in sink: some ClauseSink) {
        let n = literals.count
        if k >= n { return }
        if k < 0 { sink.addClause(guarded([], condition)); return }
        if k == 0 {
            for x in literals { sink.addClause(guarded([!x], condition)) }
            return
        }
        // 1 ≤ k < n, so n ≥ 2 and the registers s[0 ..< n-1] exist.
        var previous: [Literal] = []
        for i in 0..<(n - 1) {
            let x = literals[i]
            let s = (0..<k).map { _ in sink.newVariable().positive }
            if i == 0 {
                sink.addClause([!x, s[0]])
                for j in 1..<k { sink.addClause([!s[j]]) }
            } else {
                sink.addClause([!x, s[0]])
                sink.addClause([!previous[0], s[0]])
                for j in 1..<k {
                    sink.addClause([!x, !previous[j - 1], s[j]])
                    sink.addClause([!previous[j], s[j]])
                }
                sink.addClause(guarded([!x, !previous[k - 1]], condition))
            }
            previous = s
        }
        sink.addClause(guarded([!literals[n - 1], !previous[k - 1]], condition))
    }

    /// Adds `condition → (number of true literals in `literals`) ≥ k` to `sink`, as
    /// "at most `n − k` of the negated literals".
    public static func encodeAtLeast(_ k: Int, of literals: [Literal], when condition: Literal? = nil, in sink: some ClauseSink) {
        encodeAtMost(literals.count - k, of: literals.map { !$0 }, when: condition, in: sink)
    }
}

/// `clause` made conditional on `condition` (`condition → clause`).
func guarded(_ clause: [Literal], _ condition: Literal?) -> [Literal] {
    guard let condition else { return clause }
    return [!condition] + clause
}
