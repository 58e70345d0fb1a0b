import SolverCore

/// A small conflict-driven clause-learning SAT solver written in Swift, meant to be read and
/// trusted rather than to be fast.
///
/// Its job is to cross-check the native back ends (CryptoMiniSat, Z3) and to serve where no
/// native library is installed. It follows MiniSat's design: two watched literals, first-UIP
/// learning with recursive clause minimisation, VSIDS branching with phase saving, Luby
/// restarts, and periodic deletion of learnt clauses ranked by literal block distance.
///
/// The solver is incremental: clauses and variables may be added between solves and learnt
/// clauses are kept, since they follow from the clauses alone. Assumptions are decided first,
/// in order, which lets an unsatisfiable solve name the assumptions it used.
///
/// Clauses may mention variables that were never created with ``newVariable()``; the solver
/// then creates every variable up to the highest index mentioned.
public final class ReferenceSolver: IncrementalSATSolver {
    /// `"reference"`, the name reports use for this back end.
    public let name = "reference"

    /// Raised from any thread to make a running ``solve(assumptions:limits:)`` return
    /// `.unknown(.interrupted)`. The solver polls it between conflicts and decisions.
    public var interruptFlag: InterruptFlag?

    private var engine = CDCLEngine()

    /// When set before clauses are added, the solver writes a DRUP proof of every
    /// unsatisfiable answer reached without assumptions: each learnt clause, each deletion, and
    /// the empty clause. A checker replays it against the clauses given (`ProofCheck`).
    public var proof: ProofLog? {
        get { engine.proof }
        set { engine.proof = newValue }
    }
    private var solveCalls = 0
    private var solveSeconds = 0.0

    /// Creates an empty solver: no variables, no clauses, satisfiable.
    public init() {}

    /// Number of variables so far, created explicitly or by naming them in a clause or assumption.
    public var variableCount: Int { engine.variableCount }

    /// Creates a fresh variable, numbered after every existing one.
    public func newVariable() -> Variable {
        engine.newVariable()
    }

    /// Adds a clause. Duplicate literals are merged, tautologies ignored, and the empty clause
    /// (or any clause that contradicts the level-0 facts) makes the solver unsatisfiable for good.
    public func addClause(_ literals: [Literal]) {
        engine.addClause(literals)
    }

    /// Decides the clauses together with `assumptions`, within `limits`.
    ///
    /// Never guesses: a limit or an interrupt gives `.unknown`, after which the solver can be
    /// used as before (it keeps what it learnt). An unsatisfiable answer without assumptions, or
    /// with a core of none, is permanent.
    public func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            solveCalls += 1
            solveSeconds += start.duration(to: clock.now).inSeconds
        }
        return engine.solve(assumptions: assumptions, limits: limits, interrupt: interruptFlag)
    }

    /// The value of `variable` in the model of the last solve, which must have been `.satisfiable`.
    ///
    /// The model covers every variable that existed during that solve, including variables
    /// that appear in no clause.
    public func modelValue(_ variable: Variable) -> Bool {
        precondition(variable.index < engine.model.count, "no model covers \(variable): the last solve was not satisfiable, or the variable is newer")
        return engine.model[variable.index]
    }

    /// After `.unsatisfiable`: assumptions that with the clauses are unsatisfiable. Empty when
    /// the clauses alone are. Not necessarily minimal.
    public var failedAssumptions: [Literal] { engine.failedAssumptions }

    /// Counts over the solver's lifetime; propagations count assignments propagated.
    public var statistics: SolverStatistics {
        var statistics = SolverStatistics()
        statistics.solveCalls = solveCalls
        statistics.conflicts = engine.conflicts
        statistics.decisions = engine.decisions
        statistics.propagations = engine.propagations
        statistics.solveSeconds = solveSeconds
        return statistics
    }
}
