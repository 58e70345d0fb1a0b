import FBASModel
import SolverCore

/// Lex-leader constraints for interchangeable validators (`FBAS.interchangeableClasses(among:labels:)`).
///
/// Within a class every permutation of its members is a symmetry of the question, so every
/// model can be permuted into one whose rows (one row of literals per member, e.g. "in quorum
/// A", "in quorum B", "in the splitting set") decrease lexicographically along the class. Asking
/// for that order keeps one model per orbit instead of up to k! of them, which is what lets a
/// CDCL solver prove the pigeonhole-like bounds of organisations of identical validators.
/// Soundness needs only that each constraint set in the query is invariant under the swap of
/// two members (with their rows); the encodings guarantee it by giving each member's literals
/// the same role.
public enum SymmetryBreaking {
    /// Orders the rows of interchangeable validators and of interchangeable blocks
    /// (`FBAS.interchangeableBlocks(among:labels:labelsAreGroups:)`), a block's row being its members' rows in
    /// increasing order.
    ///
    /// Both kinds are lex-leader constraints for one variable order (the blocks of a class in
    /// the order given,
    /// their members in increasing order, each member's row in place), so together they keep the
    /// lexicographically greatest model of every orbit and never lose an answer.
    ///
    /// - Parameters:
    ///   - symmetries: the classes of interchangeable validators and of blocks to order.
    ///   - row: a validator's literals in the query (its row), with the same roles in the same
    ///     order for every validator.
    ///   - when: a literal that switches the constraints on (nil: always on), for
    ///     queries that share a solver but not their symmetries.
    ///   - sink: receives the ordering clauses and their prefix-equality variables.
    public static func breakSymmetries(_ symmetries: Symmetries, row: (Int) -> [Literal], when: Literal? = nil,
                                       into sink: some ClauseSink) {
        for members in symmetries.classes {
            orderRows(members.map(row), when: when, into: sink)
        }
        for blocks in symmetries.blocks {
            orderRows(blocks.map { $0.flatMap(row) }, when: when, into: sink)
        }
    }

    /// Requires `rows[i] ≥lex rows[i + 1]` for consecutive rows of one class.
    ///
    /// Encoded with prefix-equality literals: `e_0` true; `e_{j-1} → (x_j ∨ ¬y_j)`; and
    /// `e_{j-1} ∧ (x_j ↔ y_j) → e_j`. The last is the only direction needed: it forces the
    /// comparison to continue while the prefixes agree, and a model may always set `e_j` true.
    public static func orderRows(_ rows: [[Literal]], when: Literal? = nil, into sink: some ClauseSink) {
        guard rows.count > 1 else { return }
        let off = when.map { [!$0] } ?? []
        for i in 0..<(rows.count - 1) {
            let x = rows[i], y = rows[i + 1]
            precondition(x.count == y.count, "rows of one class must have the same length")
            var equalSoFar: Literal? = nil
            for j in x.indices {
                let guardLits = off + (equalSoFar.map { [!$0] } ?? [])
                sink.addClause(guardLits + [x[j], !y[j]])
                guard j + 1 < x.count else { break }
                let e = sink.newVariable().positive
                sink.addClause(guardLits + [!x[j], !y[j], e])
                sink.addClause(guardLits + [x[j], y[j], e])
                equalSoFar = e
            }
        }
    }
}
