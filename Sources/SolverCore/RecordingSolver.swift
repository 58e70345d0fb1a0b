/// One solve call as a back end saw it: every clause added so far, the call's assumptions, and
/// what the back end answered in how long. Replayed in an external solver, the formula with the
/// assumptions as unit clauses is the same question.
public struct RecordedSolve: Sendable {
    /// The back end that answered (``IncrementalSATSolver/name``).
    public var solver: String
    public var formula: CNF
    public var assumptions: [Literal]
    public var result: SolveResult
    public var seconds: Double

    /// The question as one DIMACS CNF: the clauses, then each assumption as a unit clause, with
    /// the answer and time in a comment so a file explains itself.
    public var dimacs: String {
        var question = formula
        for a in assumptions { question.addClause([a]) }
        let answer: String = switch result {
        case .satisfiable: "satisfiable"
        case .unsatisfiable: "unsatisfiable"
        case .unknown(let why): "unknown (\(why))"
        }
        let header = "c \(solver): \(answer) in \(String(seconds)) s; the last \(assumptions.count) unit clauses are the call's assumptions\n"
        return header + DIMACS.write(question)
    }
}

/// Forwards everything to `base` and keeps a copy of every clause, so that each solve call can
/// be written out (`--dimacs-out`) and replayed in other solvers: the hard instances of a
/// search, compared offline, are how a new back end earns its place.
///
/// The copy doubles the clause memory; it is made only when asked for.
public final class RecordingSolver<Base: IncrementalSATSolver>: IncrementalSATSolver {
    public let base: Base
    public private(set) var formula = CNF()
    /// Called after every solve, on the solving thread.
    public let onSolve: @Sendable (RecordedSolve) -> Void

    public init(base: Base, onSolve: @escaping @Sendable (RecordedSolve) -> Void) {
        self.base = base
        self.onSolve = onSolve
        formula.variableCount = base.variableCount
    }

    public var name: String { base.name }
    public var variableCount: Int { base.variableCount }

    public func newVariable() -> Variable {
        let v = base.newVariable()
        formula.variableCount = base.variableCount
        return v
    }

    public func addClause(_ literals: [Literal]) {
        base.addClause(literals)
        formula.addClause(literals)
    }

    public func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        let started = ContinuousClock.now
        let result = base.solve(assumptions: assumptions, limits: limits)
        onSolve(RecordedSolve(solver: base.name, formula: formula, assumptions: assumptions, result: result,
                              seconds: started.duration(to: .now).inSeconds))
        return result
    }

    public func modelValue(_ variable: Variable) -> Bool { base.modelValue(variable) }
    public var failedAssumptions: [Literal] { base.failedAssumptions }

    public var interruptFlag: InterruptFlag? {
        get { base.interruptFlag }
        set { base.interruptFlag = newValue }
    }

    public var statistics: SolverStatistics { base.statistics }
}
