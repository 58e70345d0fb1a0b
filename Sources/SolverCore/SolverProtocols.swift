import Synchronization

/// The answer of one satisfiability check.
///
/// `unknown` is a first-class outcome: a solve that ran out of time, hit a conflict
/// limit or was interrupted says so instead of guessing.
public enum SolveResult: Equatable, Sendable {
    case satisfiable
    case unsatisfiable
    case unknown(UnknownReason)
}

/// Why a solve ended without an answer.
public enum UnknownReason: Equatable, Sendable {
    case timeLimit
    case conflictLimit
    case interrupted
    /// The back end gave up for a reason of its own (the text is the back end's).
    case backEnd(String)
}

/// Resource limits for one call that may search.
public struct SolveLimits: Sendable, Equatable {
    /// The moment after which the call must return `unknown`.
    public var deadline: ContinuousClock.Instant?
    /// Maximum number of conflicts for this call, where the back end counts them.
    public var conflictLimit: Int?

    public init(deadline: ContinuousClock.Instant? = nil, conflictLimit: Int? = nil) {
        self.deadline = deadline
        self.conflictLimit = conflictLimit
    }

    /// No limits.
    public static let none = SolveLimits()

    /// A deadline `seconds` from now.
    public static func seconds(_ seconds: Double) -> SolveLimits {
        SolveLimits(deadline: .now + .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }

    /// Seconds left before the deadline (never negative), or nil without a deadline.
    public var secondsRemaining: Double? {
        guard let deadline else { return nil }
        let seconds = ContinuousClock.now.duration(to: deadline).inSeconds
        return max(0, seconds)
    }

    /// Whether the deadline has passed.
    public var isExpired: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }
}

/// A flag another thread raises to stop a running solve; the solve then returns
/// `.unknown(.interrupted)` as soon as the back end notices.
///
/// Shared by reference so that one flag can stop every solver of an analysis. Back ends that
/// poll read ``isRaised``; back ends with a native interrupt call (Z3's `Z3_interrupt`,
/// CryptoMiniSat's `interrupt_asap`) register an observer for the duration of a solve.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let observers = Mutex<(next: Int, handlers: [Int: @Sendable () -> Void])>((0, [:]))

    public init() {}

    /// Asks every solve watching this flag to stop.
    public func raise() {
        raised.store(true, ordering: .sequentiallyConsistent)
        let handlers = observers.withLock { Array($0.handlers.values) }
        for handler in handlers { handler() }
    }

    /// Lowers the flag so later solves run normally.
    public func reset() { raised.store(false, ordering: .sequentiallyConsistent) }

    public var isRaised: Bool { raised.load(ordering: .sequentiallyConsistent) }

    /// Calls `handler` on every later ``raise()`` until ``removeObserver(_:)``; if the flag is
    /// already raised, calls it at once too, so a raise racing with a solve's start is not lost.
    public func addObserver(_ handler: @escaping @Sendable () -> Void) -> Int {
        let token = observers.withLock { state in
            let token = state.next
            state.next += 1
            state.handlers[token] = handler
            return token
        }
        if isRaised { handler() }
        return token
    }

    public func removeObserver(_ token: Int) {
        _ = observers.withLock { $0.handlers.removeValue(forKey: token) }
    }
}

/// Counters a back end reports; absent figures are nil rather than a made-up zero.
public struct SolverStatistics: Sendable, Equatable {
    public var solveCalls: Int = 0
    public var conflicts: Int?
    public var decisions: Int?
    public var propagations: Int?
    /// Wall-clock seconds spent inside solve calls.
    public var solveSeconds: Double = 0

    public init() {}
}

// MARK: - Capabilities

/// Something that hands out fresh variables and accepts clauses: a solver, a CNF
/// under construction, or an encoder's buffer.
public protocol ClauseSink: AnyObject {
    /// Number of variables created so far; variables are `0 ..< variableCount`.
    var variableCount: Int { get }
    /// Creates a fresh variable.
    func newVariable() -> Variable
    /// Adds a clause (a disjunction of literals). The empty clause makes the formula unsatisfiable.
    func addClause(_ literals: [Literal])
}

extension ClauseSink {
    /// Creates `count` fresh variables.
    public func newVariables(_ count: Int) -> [Variable] {
        (0..<count).map { _ in newVariable() }
    }

    /// Adds every clause of `formula`, creating variables so the formula's numbering maps
    /// onto this sink's (formula variable `i` becomes sink variable `offset + i`).
    /// - Returns: the offset that was applied.
    @discardableResult
    public func addFormula(_ formula: CNF) -> Int {
        let offset = variableCount
        _ = newVariables(formula.variableCount)
        for clause in formula.clauses {
            addClause(offset == 0 ? clause : clause.map { Literal(Variable($0.variable.index + offset), negated: $0.isNegated) })
        }
        return offset
    }
}

/// An incremental SAT solver: clauses can be added between solves, and each solve may
/// assume literals that hold for that call only.
public protocol IncrementalSATSolver: ClauseSink {
    /// A short, stable name such as `"cryptominisat"`, used in reports.
    var name: String { get }

    /// Decides the clauses added so far together with `assumptions`.
    ///
    /// After `.satisfiable`, ``modelValue(_:)`` reads the model; after `.unsatisfiable`,
    /// ``failedAssumptions`` holds a subset of `assumptions` that is unsatisfiable with the
    /// clauses (empty when the clauses alone are unsatisfiable).
    func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult

    /// The value of `variable` in the last model. Only valid right after a `.satisfiable` solve.
    func modelValue(_ variable: Variable) -> Bool

    /// After `.unsatisfiable`: assumptions that together with the clauses are unsatisfiable.
    var failedAssumptions: [Literal] { get }

    /// Solves watching this flag stop when it is raised (nil: not interruptible from outside).
    var interruptFlag: InterruptFlag? { get set }

    var statistics: SolverStatistics { get }
}

extension IncrementalSATSolver {
    public func solve() -> SolveResult { solve(assumptions: [], limits: .none) }
    public func solve(assumptions: [Literal]) -> SolveResult { solve(assumptions: assumptions, limits: .none) }
    public func solve(limits: SolveLimits) -> SolveResult { solve(assumptions: [], limits: limits) }

    /// The value of `literal` in the last model.
    public func modelValue(_ literal: Literal) -> Bool {
        modelValue(literal.variable) != literal.isNegated
    }

    /// The whole last model, indexed by variable.
    public func model() -> [Bool] {
        (0..<variableCount).map { modelValue(Variable($0)) }
    }
}

/// A sink that accepts cardinality constraints, natively (Z3's `atleast`/`atmost`) or
/// through a CNF encoding supplied by the cardinality module.
///
/// The `when` literal makes the constraint conditional: it must hold whenever `when` is true
/// (`when → Σ literals ≥ k`), and is free otherwise; nil means unconditional.
public protocol CardinalityConstraintSink: ClauseSink {
    /// `when → (number of true literals in `literals`) ≥ k`.
    func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?)
    /// `when → (number of true literals in `literals`) ≤ k`.
    func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?)
}

// MARK: - MaxSAT

/// A soft literal: the optimiser pays `weight` when `literal` is false in the model.
public struct SoftLiteral: Hashable, Sendable {
    public var literal: Literal
    public var weight: Int

    public init(_ literal: Literal, weight: Int = 1) {
        precondition(weight > 0, "soft weights must be positive")
        self.literal = literal
        self.weight = weight
    }
}

/// What an optimisation call proved.
public enum OptimizationStatus: Equatable, Sendable {
    /// `cost` is the optimum and `model` attains it.
    case optimal
    /// The hard clauses are unsatisfiable: no model at all.
    case unsatisfiable
    /// Stopped early (limit or interrupt): `lowerBound ≤ optimum ≤ cost` when a model was found.
    case unknown(UnknownReason)
}

/// The outcome of a MaxSAT call: the status, the best model found, and proven bounds.
public struct OptimizationResult: Sendable, Equatable {
    public var status: OptimizationStatus
    /// Cost of `model` (the sum of the weights of its falsified soft literals), if a model was found.
    public var cost: Int?
    /// The best model found, indexed by variable.
    public var model: [Bool]?
    /// A proven lower bound on the optimum.
    public var lowerBound: Int

    public init(status: OptimizationStatus, cost: Int?, model: [Bool]?, lowerBound: Int) {
        self.status = status
        self.cost = cost
        self.model = model
        self.lowerBound = lowerBound
    }

    /// The proven upper bound (the cost of the best model), if any.
    public var upperBound: Int? { cost }
}

/// Minimises the total weight of falsified soft literals subject to hard clauses.
///
/// Implemented natively by Z3's optimiser and, over any ``IncrementalSATSolver``, by the
/// algorithms of the MaxSAT module.
public protocol MaxSATSolver: ClauseSink {
    var name: String { get }
    /// Registers a soft literal.
    func addSoft(_ soft: SoftLiteral)
    /// Finds a model of the hard clauses of least cost, within `limits`.
    func optimize(limits: SolveLimits) -> OptimizationResult
    var interruptFlag: InterruptFlag? { get set }
}

/// A MaxSAT solver that reports its bounds while it optimises, so that a caller can show that a
/// long optimisation is advancing (and how close it is).
public protocol BoundsReporting: AnyObject {
    /// Called during `optimize` with the proven lower bound and the cost of the best model so
    /// far (nil before the first), each time either improves.
    var boundsObserver: (@Sendable (_ lowerBound: Int, _ upperBound: Int?) -> Void)? { get set }
}

extension MaxSATSolver {
    public func addSoft(_ literal: Literal, weight: Int = 1) { addSoft(SoftLiteral(literal, weight: weight)) }
    public func optimize() -> OptimizationResult { optimize(limits: .none) }
}

extension Duration {
    /// The duration in seconds, as the solvers' statistics and limits count it.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
