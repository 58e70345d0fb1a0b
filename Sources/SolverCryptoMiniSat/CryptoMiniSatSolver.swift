import CCryptoMiniSat
import CCryptoMiniSatExtras
import SolverCore

/// Owns one native `SATSolver`, freeing it when the last reference goes.
///
/// Interrupt timers and observers hold it too, so a stop request racing with the solver's
/// deallocation never touches freed memory. `@unchecked Sendable` because the only call made
/// from other threads is `interrupt_asap`, which stores to an atomic flag; everything else
/// happens on the owning solver's thread.
final class CryptoMiniSatHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init() {
        pointer = cmsat_new()
        cmsat_set_verbosity(pointer, 0)
        // One thread is CryptoMiniSat's default; said explicitly because analyses run many
        // solvers side by side and must not have each spawn workers.
        cmsat_set_num_threads(pointer, 1)
    }

    var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(pointer) }

    func interrupt() { fbas_cmsat_interrupt(raw) }

    deinit { cmsat_free(pointer) }
}

/// An `IncrementalSATSolver` backed by CryptoMiniSat 5 through its C API, with a small C++
/// shim for what the C API lacks (interrupting a running solve, conflict limits, counters).
///
/// Limits:
/// - a deadline is enforced twice. CryptoMiniSat's `set_max_time(t)` sets the target
///   "calling thread's user CPU time (`getrusage(RUSAGE_THREAD)`) now + t", and every solve
///   resets it to unlimited when it returns, so it is per call and is set before each solve to
///   the time remaining (measured: 0.3 s limits returned after 0.30–0.31 s; a second solve
///   without setting it again ran unbounded). Because CPU time runs slower than the clock on a
///   loaded machine, a wall-clock timer also interrupts the solve at the deadline;
/// - a conflict limit maps to `set_max_confl`, likewise per call (1000 allowed, 1002 used).
///
/// Not thread-safe: use one instance from one thread at a time (only ``interruptFlag`` may be
/// raised from elsewhere).
public final class CryptoMiniSatSolver: IncrementalSATSolver {
    public let name = "cryptominisat"
    public private(set) var variableCount = 0
    public var interruptFlag: InterruptFlag?
    public private(set) var statistics = SolverStatistics()

    private let handle: CryptoMiniSatHandle
    private let stopper: NativeStop
    private var model: [Bool] = []
    private var hasModel = false
    private var failed: [Literal] = []

    /// Creates an empty solver with its own native instance (single-threaded, silent).
    public init() {
        let handle = CryptoMiniSatHandle()
        self.handle = handle
        stopper = NativeStop { handle.interrupt() }
        // Counters are read after each solve; nil would say "not counted", which is untrue here.
        statistics.conflicts = 0
        statistics.decisions = 0
        statistics.propagations = 0
    }

    public func newVariable() -> Variable {
        // CryptoMiniSat throws past 2^28 variables, and a C++ exception cannot cross its C API.
        precondition(variableCount < (1 << 28) - 1, "CryptoMiniSat supports fewer than 2^28 variables")
        cmsat_new_vars(handle.pointer, 1)
        variableCount += 1
        return Variable(variableCount - 1)
    }

    public func addClause(_ literals: [Literal]) {
        // Literal.code is MiniSat's 2 * var + sign, which is exactly CryptoMiniSat's Lit::x.
        let lits = literals.map { literal -> c_Lit in
            precondition(literal.variable.index < variableCount, "literal \(literal) uses a variable this solver did not create")
            return c_Lit(x: UInt32(literal.code))
        }
        // The result (false once the formula is known unsatisfiable) needs no handling: the
        // solver remembers it and every later solve answers unsatisfiable.
        _ = lits.withUnsafeBufferPointer { cmsat_add_clause(handle.pointer, $0.baseAddress, $0.count) }
        hasModel = false
    }

    public func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        let started = ContinuousClock.now
        statistics.solveCalls += 1
        defer { statistics.solveSeconds += started.duration(to: .now).inSeconds }
        hasModel = false
        failed = []

        let lits = assumptions.map { literal -> c_Lit in
            precondition(literal.variable.index < variableCount, "assumption \(literal) uses a variable this solver did not create")
            return c_Lit(x: UInt32(literal.code))
        }
        if interruptFlag?.isRaised == true { return .unknown(.interrupted) }
        if limits.isExpired { return .unknown(.timeLimit) }

        // Both limits are consumed by the next solve: CryptoMiniSat resets them to "none"
        // when a solve returns, so a call without limits needs no reset here.
        if let seconds = limits.secondsRemaining { cmsat_set_max_time(handle.pointer, seconds) }
        if let conflicts = limits.conflictLimit { fbas_cmsat_set_max_conflicts(handle.raw, UInt64(max(0, conflicts))) }

        let generation = stopper.begin()
        var observer: Int?
        if let flag = interruptFlag {
            let stopper = self.stopper
            observer = flag.addObserver { stopper.requestStop(generation) }
        }
        if let deadline = limits.deadline { stopper.requestStop(generation, at: deadline) }
        let answer = lits.withUnsafeBufferPointer {
            cmsat_solve_with_assumptions(handle.pointer, $0.baseAddress, $0.count)
        }
        stopper.end()
        if let observer { interruptFlag?.removeObserver(observer) }

        statistics.conflicts? += Int(fbas_cmsat_last_conflicts(handle.raw))
        statistics.decisions? += Int(fbas_cmsat_last_decisions(handle.raw))
        statistics.propagations? += Int(fbas_cmsat_last_propagations(handle.raw))

        switch answer.x {
        case UInt8(L_TRUE):
            let values = cmsat_get_model(handle.pointer)
            model = (0..<variableCount).map { $0 < values.num_vals && values.vals[$0].x == UInt8(L_TRUE) }
            hasModel = true
            return .satisfiable
        case UInt8(L_FALSE):
            failed = Self.failedAssumptions(conflict: cmsat_get_conflict(handle.pointer), assumptions: assumptions)
            return .unsatisfiable
        default:
            if interruptFlag?.isRaised == true { return .unknown(.interrupted) }
            if limits.isExpired { return .unknown(.timeLimit) }
            if limits.conflictLimit != nil { return .unknown(.conflictLimit) }
            // CPU time never runs ahead of the clock, so the CPU limit fires after the
            // deadline; only rounding in the kernel's CPU accounting could make it fire a hair
            // early, and it is still the time limit that stopped the solve.
            if limits.deadline != nil { return .unknown(.timeLimit) }
            return .unknown(.backEnd("CryptoMiniSat stopped without an answer and without a limit"))
        }
    }

    public func modelValue(_ variable: Variable) -> Bool {
        precondition(hasModel, "modelValue is only valid right after a satisfiable solve")
        return model[variable.index]
    }

    public var failedAssumptions: [Literal] { failed }

    /// CryptoMiniSat reports the final conflict as a clause: the *negations* of the failed
    /// assumptions (checked: assuming `a`, `b` against the clause `¬a ∨ ¬b` yields `¬a, ¬b`).
    /// Negating it back and keeping the assumptions in the caller's order gives a subset of
    /// the assumptions as passed.
    static func failedAssumptions(conflict: slice_Lit, assumptions: [Literal]) -> [Literal] {
        var negatedConflict = Set<Int>()
        for i in 0..<conflict.num_vals { negatedConflict.insert(Int(conflict.vals[i].x) ^ 1) }
        var seen = Set<Literal>()
        return assumptions.filter { negatedConflict.contains($0.code) && seen.insert($0).inserted }
    }
}
