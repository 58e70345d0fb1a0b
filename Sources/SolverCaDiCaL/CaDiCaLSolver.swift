import CCaDiCaL
import Dispatch
import SolverCore
import Synchronization

/// Owns one native CaDiCaL instance and answers its "should I stop?" polls.
///
/// CaDiCaL asks a terminator callback, on the solving thread, many times a second; the answer is
/// yes once the interrupt flag has been raised (stored here from any thread, atomically) or the
/// call's deadline has passed. `@unchecked Sendable` because only ``stop`` is touched from
/// several threads at once: the deadline and ``deadlineHit`` are set by the caller before a solve
/// and read back after it, and a detached solve (``CaDiCaLSolver/detachAbove``) takes them over
/// through `async` and hands them back through its answer's release/acquire or its `finished`
/// semaphore.
final class CaDiCaLHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let stop = Atomic<Bool>(false)
    var deadline: ContinuousClock.Instant?
    /// Set when the deadline (not the flag) ended the last solve.
    var deadlineHit = false
    /// The deadline of the work this instance serves, known before any solve (see
    /// ``CaDiCaLSolver/init(lateAfter:)``).
    var lateAfter: ContinuousClock.Instant?

    init() {
        pointer = ccadical_init()
        // CaDiCaL prints some findings on standard output ("c found falsified original clause"
        // when a clause is added that the root level already falsifies), which would corrupt
        // `--format json`. Quiet stops every message.
        ccadical_set_option(pointer, "quiet", 1)
        // Decide variables false first, as CryptoMiniSat does: in the FBAS encodings false is
        // "not a member, not a liar", and small quorums are what the searches look for. The
        // capture query of tiered-1000 (85,000 clauses, satisfiable) took 0.86 s with CaDiCaL's
        // default true phase, 0.12 s with false; the hard refutations were no slower (24
        // organisations' "no 11 liars": 2.1 s before, 1.6 s after). Other options (no
        // chronological backtracking, no stabilisation) won on one instance and lost on another.
        ccadical_set_option(pointer, "phase", 0)
        ccadical_set_terminate(pointer, Unmanaged.passUnretained(self).toOpaque()) { state in
            Unmanaged<CaDiCaLHandle>.fromOpaque(state!).takeUnretainedValue().shouldTerminate() ? 1 : 0
        }
    }

    /// Called on every poll before anything else, for tests that must hold a native solve
    /// inside CaDiCaL (``CaDiCaLSolver/onPoll``).
    var onPoll: (@Sendable () -> Void)?

    /// The clock is read on every poll. CaDiCaL itself asks only on one check in ten
    /// (`terminateint`), and checks only between decisions: on flat-1000's least quorum a
    /// decision with its propagation took over a millisecond, so reading the clock on one poll
    /// in 64, as before, let a solve run on 1.1 s past its deadline.
    func shouldTerminate() -> Bool {
        onPoll?()
        if stop.load(ordering: .relaxed) { return true }
        guard let deadline else { return false }
        if ContinuousClock.now >= deadline {
            deadlineHit = true
            return true
        }
        return false
    }

    /// Past its deadline the instance is freed on the release thread (``LateRelease``): the
    /// caller is already late with its answer.
    deinit {
        guard let late = lateAfter ?? deadline, ContinuousClock.now >= late else {
            ccadical_release(pointer)
            return
        }
        // Nothing may call back into this handle once it is gone.
        ccadical_set_terminate(pointer, nil, nil)
        let released = ReleasedPointer(pointer)
        LateRelease.shared.free { ccadical_release(released.pointer) }
    }
}

/// An `IncrementalSATSolver` backed by CaDiCaL (Biere et al.) through its IPASIR-style C API.
///
/// Measured on the refutations that decide the hard splitting sets of issue 18 (the instances
/// `--dimacs-out` wrote): the 24-organisation network's "no 11 liars" takes CaDiCaL 2.0 s and
/// CryptoMiniSat 10.4 s; the 99-validator flat network's "no 13 liars" CaDiCaL 13.9 s and
/// CryptoMiniSat more than 120 s.
///
/// Limits: a deadline and the interrupt flag are polled by CaDiCaL's terminator callback; a
/// conflict limit maps to CaDiCaL's `conflicts` limit, which holds for the next solve only.
/// CaDiCaL keeps no counters that its C API exposes, so ``statistics`` counts calls and time
/// only (conflicts, decisions and propagations stay nil rather than a made-up zero).
///
/// CaDiCaL polls its terminator only between decisions, and a run of conflicts on a large
/// instance goes seconds without a decision: flat-1000's splitting search (1.3 million
/// variables) went 1.7–6 s without a poll and ended up to 5 s past its deadline. So a solve
/// on an instance of at least ``detachAbove`` literals, with a deadline or an interrupt flag,
/// runs on a thread of its own, and the caller leaves it at the deadline or the interrupt
/// (`unknown`, as when CaDiCaL stops); the native solve ends at its next poll, and the next
/// use of the solver waits for that.
///
/// Not thread-safe: use one instance from one thread at a time (only ``interruptFlag`` may be
/// raised from elsewhere).
public final class CaDiCaLSolver: IncrementalSATSolver {
    public let name = "cadical"
    public private(set) var variableCount = 0
    public var interruptFlag: InterruptFlag?
    public private(set) var statistics = SolverStatistics()

    private let handle = CaDiCaLHandle()
    /// The largest variable (1-based) CaDiCaL has seen; it knows of no others, and a model
    /// leaves those others false.
    private var largestSeen: Int32 = 0
    private var model: [Bool] = []
    private var hasModel = false
    private var failed: [Literal] = []
    /// Literals added so far, clause ends included: the instance's size for ``detachAbove``.
    private var literalsAdded = 0
    /// The smallest instance, in literals, whose solves run on a thread of their own.
    public let detachAbove: Int
    /// A solve the caller left (at its deadline or an interrupt) that may still be running.
    private var left: DetachedSolve?

    /// Below this a run of conflicts without a poll is short: a propagation over half a million
    /// literals takes well under a millisecond. Above it, handing the solve to another thread
    /// (tens of microseconds) is small beside adding the clauses.
    public static let defaultDetachAbove = 500_000

    /// Creates an empty solver with its own native instance.
    ///
    /// - Parameters:
    ///   - lateAfter: the deadline of the work it serves, when known before any solve:
    ///     released after it, the instance is freed on the release thread (``LateRelease``) even
    ///     if it never solved (a deadline that passed while its clauses were being added).
    ///   - detachAbove: the size in literals from which a solve with a deadline or an
    ///     interrupt flag runs on a thread of its own (tests pass 0 to detach every one).
    public init(lateAfter: ContinuousClock.Instant? = nil, detachAbove: Int = CaDiCaLSolver.defaultDetachAbove) {
        handle.lateAfter = lateAfter
        self.detachAbove = detachAbove
    }

    /// Runs on the solving thread at each of CaDiCaL's terminator polls: tests hold a solve
    /// inside CaDiCaL with it, so that the caller leaves it whatever the machine's speed.
    package var onPoll: (@Sendable () -> Void)? {
        get { handle.onPoll }
        set { handle.onPoll = newValue }
    }

    /// Whether a solve the caller left may still be running (until the next use settles it).
    package var isLeftRunning: Bool { left != nil }

    /// Waits for a solve the caller left to reach CaDiCaL's next poll: nothing else may touch
    /// the native instance while it runs.
    private func settle() {
        guard let running = left else { return }
        running.finished.wait()
        left = nil
    }

    public func newVariable() -> Variable {
        precondition(variableCount < Int(Int32.max) - 1, "CaDiCaL numbers variables with 32-bit integers")
        variableCount += 1
        return Variable(variableCount - 1)
    }

    private func native(_ literal: Literal) -> Int32 {
        precondition(literal.variable.index < variableCount, "literal \(literal) uses a variable this solver did not create")
        largestSeen = max(largestSeen, Int32(literal.variable.index + 1))
        return Int32(literal.dimacs)
    }

    public func addClause(_ literals: [Literal]) {
        settle()
        literalsAdded += literals.count + 1
        for l in literals { ccadical_add(handle.pointer, native(l)) }
        ccadical_add(handle.pointer, 0)
        hasModel = false
    }

    public func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        let started = ContinuousClock.now
        statistics.solveCalls += 1
        defer { statistics.solveSeconds += started.duration(to: .now).inSeconds }
        hasModel = false
        failed = []
        let natives = assumptions.map(native)
        if interruptFlag?.isRaised == true { return .unknown(.interrupted) }
        if limits.isExpired { return .unknown(.timeLimit) }
        settle()

        for a in natives { ccadical_assume(handle.pointer, a) }
        if let conflicts = limits.conflictLimit { ccadical_limit(handle.pointer, "conflicts", Int32(clamping: max(0, conflicts))) }
        handle.stop.store(false, ordering: .relaxed)
        handle.deadline = limits.deadline
        handle.deadlineHit = false
        let detached = literalsAdded >= detachAbove && (limits.deadline != nil || interruptFlag != nil) ? DetachedSolve() : nil
        var observer: Int?
        if let flag = interruptFlag {
            let handle = self.handle
            observer = flag.addObserver {
                handle.stop.store(true, ordering: .relaxed)
                detached?.wake.signal()
            }
        }
        let answer: Int32
        if let detached {
            answer = detached.run(handle, until: limits.deadline)
            if answer < 0 {
                // Left running: it stops at its next poll, and the next use of this solver waits.
                handle.stop.store(true, ordering: .relaxed)
                left = detached
            }
        } else {
            answer = ccadical_solve(handle.pointer)
        }
        if let observer { interruptFlag?.removeObserver(observer) }

        switch answer {
        case 10:
            model = (0..<variableCount).map { i in
                Int32(i + 1) <= largestSeen && ccadical_val(handle.pointer, Int32(i + 1)) > 0
            }
            hasModel = true
            return .satisfiable
        case 20:
            var seen = Set<Literal>()
            failed = zip(assumptions, natives).filter { ccadical_failed(handle.pointer, $0.1) != 0 && seen.insert($0.0).inserted }.map(\.0)
            return .unsatisfiable
        case ..<0:
            return .unknown(interruptFlag?.isRaised == true ? .interrupted : .timeLimit)
        default:
            if interruptFlag?.isRaised == true || handle.stop.load(ordering: .relaxed) { return .unknown(.interrupted) }
            if handle.deadlineHit || limits.isExpired { return .unknown(.timeLimit) }
            if limits.conflictLimit != nil { return .unknown(.conflictLimit) }
            return .unknown(.backEnd("CaDiCaL stopped without an answer and without a limit"))
        }
    }

    public func modelValue(_ variable: Variable) -> Bool {
        precondition(hasModel, "modelValue is only valid right after a satisfiable solve")
        return model[variable.index]
    }

    public var failedAssumptions: [Literal] { failed }
}

/// One native solve on a thread of its own (``CaDiCaLSolver/detachAbove``), which its caller
/// waits for until its deadline or an interrupt, whichever comes first.
private final class DetachedSolve: Sendable {
    /// CaDiCaL's answer once the native solve has returned; -1 while it runs.
    let answer = Atomic<Int32>(-1)
    /// Signalled once, when the native solve has returned.
    let finished = DispatchSemaphore(value: 0)
    /// Signalled when the native solve has returned or the interrupt flag was raised.
    let wake = DispatchSemaphore(value: 0)

    /// Starts the solve and waits: CaDiCaL's answer, or -1 when the deadline or an interrupt
    /// came first and the solve still runs.
    func run(_ handle: CaDiCaLHandle, until deadline: ContinuousClock.Instant?) -> Int32 {
        // A serial queue of its own for each solve: serial queues target the overcommitting
        // root queue, which starts a thread when the others are busy. A concurrent queue (or
        // `DispatchQueue.global()`) targets the pool of one thread per core that Swift
        // concurrency also runs on, where two long solves would hold every thread.
        DispatchQueue(label: "swift-fbas.cadical-solve").async { [self] in
            answer.store(ccadical_solve(handle.pointer), ordering: .releasing)
            finished.signal()
            wake.signal()
        }
        if let deadline { _ = wake.wait(timeout: DispatchTime(deadline)) } else { wake.wait() }
        return answer.load(ordering: .acquiring)
    }
}
