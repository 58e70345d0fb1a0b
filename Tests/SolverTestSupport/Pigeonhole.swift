import SolverCore

/// Adds the pigeonhole formula PHP(pigeons, holes) to `sink`: every pigeon sits in a hole, no
/// two pigeons share one. Unsatisfiable when pigeons > holes, and exponentially hard for
/// resolution, hence for CDCL.
///
/// The pigeon-in-hole variables are created row by row, so pigeon `p` in hole `h` is variable
/// `offset + p × holes + h`. Clauses come in a fixed order: one "sits somewhere" clause per
/// pigeon, then the pairwise exclusions hole by hole.
///
/// - Parameters:
///   - pigeons: how many pigeons must each sit in a hole (the formula's rows).
///   - holes: how many holes there are for them (the formula's columns).
///   - sink: receives the pigeon-in-hole variables and the clauses.
///   - activation: with a literal, the "every pigeon sits" clauses only bind when it is assumed,
///     so one solver can be made to face the hard core or to escape it.
///   - atMostOne: called with each hole's column instead of adding the pairwise exclusions,
///     for instance to state them as a native cardinality constraint.
/// - Returns: the pigeon-in-hole variables, `[pigeon][hole]`.
@discardableResult
public func addPigeonhole(pigeons: Int, holes: Int, to sink: some ClauseSink, activation: Literal? = nil,
                          atMostOne: (([Literal]) -> Void)? = nil) -> [[Variable]] {
    let sits = (0..<pigeons).map { _ in sink.newVariables(holes) }
    for row in sits {
        sink.addClause(row.map(\.positive) + (activation.map { [!$0] } ?? []))
    }
    for hole in 0..<holes {
        let column = sits.map { $0[hole].positive }
        if let atMostOne {
            atMostOne(column)
        } else {
            for a in 0..<pigeons {
                for b in (a + 1)..<pigeons { sink.addClause([!column[a], !column[b]]) }
            }
        }
    }
    return sits
}

/// PHP(pigeons, holes) as a formula value: the clauses ``addPigeonhole(pigeons:holes:to:activation:atMostOne:)``
/// adds to an empty sink, in the same order. Pigeon `p` in hole `h` is variable `p × holes + h`.
public func pigeonhole(pigeons: Int, holes: Int) -> CNF {
    let collector = CNFCollector()
    addPigeonhole(pigeons: pigeons, holes: holes, to: collector)
    return collector.formula
}

/// A `ClauseSink` that only records what it is given, as a `CNF` value.
public final class CNFCollector: ClauseSink {
    /// The variables and clauses added so far.
    public private(set) var formula = CNF()

    public init() {}

    public var variableCount: Int { formula.variableCount }
    public func newVariable() -> Variable { formula.newVariable() }
    public func addClause(_ literals: [Literal]) { formula.addClause(literals) }
}

/// Twelve pigeons that each want (softly) a seat among eleven holes, added to `solver`: pigeon
/// `p` is seated (a soft literal of weight 1) only if it sits in some hole, and no two pigeons
/// share a hole. The optimum, 1, is easy to find, but proving it means refuting PHP(12, 11),
/// which takes resolution ages: a hard MaxSAT instance for limit tests.
/// - Returns: the "seated" variables.
@discardableResult
public func addSoftPigeonhole(to solver: some MaxSATSolver, pigeons: Int = 12, holes: Int = 11) -> [Variable] {
    let seated = solver.newVariables(pigeons)
    let sits = (0..<pigeons).map { _ in solver.newVariables(holes) }
    for (pigeon, row) in sits.enumerated() {
        solver.addClause([seated[pigeon].negative] + row.map(\.positive))
        solver.addSoft(seated[pigeon].positive)
    }
    for hole in 0..<holes {
        for a in 0..<pigeons {
            for b in (a + 1)..<pigeons { solver.addClause([sits[a][hole].negative, sits[b][hole].negative]) }
        }
    }
    return seated
}
