import FBASModel
import SolverCore

/// The variables of a splitting-set query: two quorums and the set whose members may lie.
public struct SplittingVariables: Sendable {
    public var a: QuorumVariables
    public var b: QuorumVariables
    /// One literal per selectable unit (validator, or group when grouping): "in the splitting set".
    public var inSet: [Literal]
}

/// Encodes the two-quorum questions: disjoint quorums (quorum intersection fails) and
/// splitting sets (semantics, section 3).
public enum SplittingEncoding {
    /// Two quorums that share no validator. Satisfiable exactly when quorum intersection fails.
    public static func disjointQuorums(_ fbas: FBAS, into sink: some CardinalityConstraintSink, universe: BitSet? = nil)
        -> (a: QuorumVariables, b: QuorumVariables)
    {
        let a = QuorumEncoding.encode(fbas, into: sink, universe: universe)
        let b = QuorumEncoding.encode(fbas, into: sink, universe: universe)
        for v in 0..<fbas.count {
            if let x = a.member[v], let y = b.member[v] { sink.addClause([!x, !y]) }
        }
        return (a, b)
    }

    /// Quorums A and B whose overlap lies inside a set F whose members are exempt from their
    /// quorum sets. With `grouping`, F is a set of groups: a validator is in F when its group is.
    /// The caller minimises the number of true ``SplittingVariables/inSet`` literals.
    public static func splitting(_ fbas: FBAS, into sink: some CardinalityConstraintSink,
                                 grouping: Grouping? = nil, universe: BitSet? = nil) -> SplittingVariables {
        let units = grouping?.groups.count ?? fbas.count
        let inSet = (0..<units).map { _ in sink.newVariable().positive }
        let exempt: [Literal?] = (0..<fbas.count).map { v in inSet[grouping?.groupOf[v] ?? v] }
        let a = QuorumEncoding.encode(fbas, into: sink, universe: universe, exempt: exempt)
        let b = QuorumEncoding.encode(fbas, into: sink, universe: universe, exempt: exempt)
        for v in 0..<fbas.count {
            if let x = a.member[v], let y = b.member[v], let f = exempt[v] { sink.addClause([!x, !y, f]) }
        }
        return SplittingVariables(a: a, b: b, inSet: inSet)
    }
}
