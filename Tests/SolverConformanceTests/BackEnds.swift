import SolverCaDiCaL
import SolverCardinality
import SolverCore
import SolverCryptoMiniSat
import SolverMaxSAT
import SolverReference
import SolverZ3
import Testing

/// The SAT back ends under test, and how to make each one's solvers.
enum BackEnd: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case reference, cryptominisat, cadical, z3

    var testDescription: String { rawValue }

    /// Whether instance `index` of a cross-back-end comparison falls to this back end's test
    /// case. Each instance is solved by every back end, in the case it falls to: the cases
    /// share the work and together cover every instance.
    func owns(_ index: Int) -> Bool {
        index % BackEnd.allCases.count == BackEnd.allCases.firstIndex(of: self)!
    }

    /// A fresh, empty SAT solver of this back end.
    func makeSolver() -> SolverBox {
        switch self {
        case .reference: SolverBox(ReferenceSolver())
        case .cryptominisat: SolverBox(CryptoMiniSatSolver())
        case .cadical: SolverBox(CaDiCaLSolver())
        case .z3: SolverBox(Z3SATSolver())
        }
    }

    /// Ways to get a SAT solver of this back end that takes cardinality constraints: Z3's native
    /// ones, and for the CNF back ends a ``CardinalityEncodingSolver`` with each encoding.
    var cardinalitySolvers: [(label: String, make: () -> SolverBox)] {
        switch self {
        case .reference:
            CardinalityEncoding.allCases.map { encoding in
                ("reference+\(encoding.rawValue)", { SolverBox(CardinalityEncodingSolver(base: ReferenceSolver(), encoding: encoding)) })
            }
        case .cryptominisat:
            CardinalityEncoding.allCases.map { encoding in
                ("cryptominisat+\(encoding.rawValue)", { SolverBox(CardinalityEncodingSolver(base: CryptoMiniSatSolver(), encoding: encoding)) })
            }
        case .cadical:
            CardinalityEncoding.allCases.map { encoding in
                ("cadical+\(encoding.rawValue)", { SolverBox(CardinalityEncodingSolver(base: CaDiCaLSolver(), encoding: encoding)) })
            }
        case .z3:
            [("z3 native", { SolverBox(Z3SATSolver()) })]
        }
    }

    /// Ways to get a MaxSAT solver of this back end: ``SATMaxSATSolver`` over it with each
    /// algorithm, or Z3's own optimiser.
    var maxSATSolvers: [(label: String, make: () -> any MaxSATSolver)] {
        switch self {
        case .reference:
            MaxSATAlgorithm.allCases.map { algorithm in
                ("reference+\(algorithm.rawValue)", { SATMaxSATSolver(base: ReferenceSolver(), algorithm: algorithm) })
            }
        case .cryptominisat:
            MaxSATAlgorithm.allCases.map { algorithm in
                ("cryptominisat+\(algorithm.rawValue)", { SATMaxSATSolver(base: CryptoMiniSatSolver(), algorithm: algorithm) })
            }
        case .cadical:
            MaxSATAlgorithm.allCases.map { algorithm in
                ("cadical+\(algorithm.rawValue)", { SATMaxSATSolver(base: CaDiCaLSolver(), algorithm: algorithm) })
            }
        case .z3:
            [("z3 optimiser", { Z3MaxSATSolver() })]
        }
    }
}

/// Any back end's SAT solver behind one concrete type, so that the checks written over
/// `some IncrementalSATSolver` take every back end alike. Every call is forwarded; cardinality
/// constraints only when the wrapped solver takes them.
final class SolverBox: IncrementalSATSolver, CardinalityConstraintSink {
    let solver: any IncrementalSATSolver
    private let cardinalitySink: (any CardinalityConstraintSink)?

    init(_ solver: any IncrementalSATSolver) {
        self.solver = solver
        cardinalitySink = solver as? any CardinalityConstraintSink
    }

    var name: String { solver.name }
    var variableCount: Int { solver.variableCount }
    func newVariable() -> Variable { solver.newVariable() }
    func addClause(_ literals: [Literal]) { solver.addClause(literals) }
    func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult { solver.solve(assumptions: assumptions, limits: limits) }
    func modelValue(_ variable: Variable) -> Bool { solver.modelValue(variable) }
    var failedAssumptions: [Literal] { solver.failedAssumptions }
    var statistics: SolverStatistics { solver.statistics }

    var interruptFlag: InterruptFlag? {
        get { solver.interruptFlag }
        set { solver.interruptFlag = newValue }
    }

    func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        guard let cardinalitySink else { preconditionFailure("\(name) takes no cardinality constraints") }
        cardinalitySink.addAtLeast(k, of: literals, when: condition)
    }

    func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        guard let cardinalitySink else { preconditionFailure("\(name) takes no cardinality constraints") }
        cardinalitySink.addAtMost(k, of: literals, when: condition)
    }
}
