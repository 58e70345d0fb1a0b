import FBASChecker
import FBASModel
import SolverCore

/// Which back end answers, and within what limits.
public struct AnalysisOptions: Sendable {
    public var backend: SolverBackend
    /// The moment by which the whole analysis must end (nil: no limit).
    public var deadline: ContinuousClock.Instant?
    /// Raised from outside to stop the analysis early; it then reports `timeout`.
    public var interrupt: InterruptFlag?

    public init(backend: SolverBackend = .cryptominisat, deadline: ContinuousClock.Instant? = nil, interrupt: InterruptFlag? = nil) {
        self.backend = backend
        self.deadline = deadline
        self.interrupt = interrupt
    }

    /// A time limit from now.
    public static func timeout(_ seconds: Double?, backend: SolverBackend = .cryptominisat) -> AnalysisOptions {
        AnalysisOptions(backend: backend, deadline: seconds.map { .now + .milliseconds(Int64(($0 * 1000).rounded(.up))) })
    }

    var limits: SolveLimits { SolveLimits(deadline: deadline) }

    var isExpired: Bool { limits.isExpired || (interrupt?.isRaised ?? false) }
}

extension FBAS {
    func keys(_ ids: some Sequence<Int>) -> Set<String> { Set(ids.map { validators[$0].publicKey }) }
}

/// Runs `check` on the witness checker; a rejection is an internal error.
func verify(_ fbas: FBAS, _ check: (WitnessChecker) throws(WitnessError) -> Void) throws(AnalysisError) {
    do { try check(WitnessChecker(fbas)) } catch { throw .witnessRejected(error.description) }
}
