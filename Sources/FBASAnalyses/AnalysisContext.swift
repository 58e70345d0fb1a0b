import FBASChecker
import FBASModel
import SolverCore
import SolverILP
import SolverMaxSAT

/// Which back end answers, and within what limits.
public struct AnalysisOptions: Sendable {
    public var backend: SolverBackend
    /// The back end of the second search where two race (``race``); nil: ``backend``. Two
    /// solvers fail on different instances: by default CaDiCaL proves the bounds (the
    /// refutations that decide hard splitting sets: 24 organisations, "no 11 liars", 2.0 s
    /// against CryptoMiniSat's 10.4 s) and CryptoMiniSat searches models beside it (the
    /// contraction's linear search of blocking sets: sybil-5000 6.0 s against 9.8 s).
    public var partnerBackend: SolverBackend?
    /// The moment by which the whole analysis must end (nil: no limit).
    public var deadline: ContinuousClock.Instant?
    /// Raised from outside to stop the analysis early; it then reports `timeout`.
    public var interrupt: InterruptFlag?
    /// Called as a long analysis advances (a round of a loop, a new bound), so that a caller
    /// can show what is running; the library itself never prints. Racing searches call it
    /// from two threads at once, so it must be thread-safe.
    public var progress: (@Sendable (ProgressEvent) -> Void)?
    /// Quorum sets with more entries than this start outside the intersection query and join
    /// it only when a candidate pair of quorums breaks them (see
    /// ``Analyses/checkIntersection(_:options:)``). Stellar's quorum sets have a few dozen
    /// entries and stay in; the 334 organisations of a 1000-validator flat network are deferred
    /// (36 s and 1.8 GB before, 6.7 s and 350 MB after, most of it reading the 77 MB file).
    public var deferThresholdsAbove = 48
    /// How ``Analyses/minimumBlockingSet(_:grouping:down:options:)`` searches; tests force each.
    public var blockingMethod = BlockingMethod.automatic
    /// Race two searches on two threads where an analysis has two that fail on different
    /// networks (splitting sets: core-guided against linear search; blocking sets: hitting
    /// sets against contraction). Off: one search, one thread.
    public var race = true
    /// The most clauses (as the encodings estimate them) one question may encode. A quorum set
    /// of 30,000 members with threshold 15,001 needs 450 million and took CryptoMiniSat to
    /// 6.6 GB and an abort; flat-1000's splitting query, the largest answered here, estimates
    /// 19 million and peaks at 1.8 GB.
    public var clauseBudget = AnalysisOptions.defaultClauseBudget

    /// Told of every SAT call an analysis makes, with its whole formula (`--dimacs-out`), so
    /// that the hard instances can be replayed in other solvers. Racing searches call it from
    /// two threads at once, so it must be thread-safe. Not on Z3 (``SolverBackend/recordsFormulas``).
    public var recording: (@Sendable (RecordedSolve) -> Void)?

    /// The integer program that races the MaxSAT search for least quorums (`min-quorum`,
    /// `history-loss`) on the second core; nil: none. By default the `cbc` on `PATH` when no
    /// single back end is asked for (``SolverBackend`` names SAT back ends; with one asked for,
    /// every search runs on it).
    public var integerProgramming: IntegerProgramming?

    /// 25 million estimated clauses: about 2 GB in CryptoMiniSat.
    public static let defaultClauseBudget = 25_000_000

    /// - Parameter backend: the back end of every search; nil (the default) is CaDiCaL, with
    ///   CryptoMiniSat for a race's second search (``partnerBackend``).
    public init(backend: SolverBackend? = nil, deadline: ContinuousClock.Instant? = nil, interrupt: InterruptFlag? = nil,
                progress: (@Sendable (ProgressEvent) -> Void)? = nil) {
        self.backend = backend ?? SolverBackend.standard
        partnerBackend = backend == nil ? SolverBackend.standardPartner : nil
        integerProgramming = backend == nil ? CBCSolver.locateExecutable().map { IntegerProgramming(executable: $0) } : nil
        self.deadline = deadline
        self.interrupt = interrupt
        self.progress = progress
    }

    /// A time limit from now. Limits beyond ``longestTimeout`` (about 30 years) are that long:
    /// a deadline further out would overflow the clock's arithmetic, and nothing runs that long.
    public static func timeout(_ seconds: Double?, backend: SolverBackend? = nil) -> AnalysisOptions {
        AnalysisOptions(backend: backend, deadline: seconds.map { s in
            let capped = s.isNaN ? 0 : min(max(s, 0), longestTimeout)
            return .now + .milliseconds(Int64((capped * 1000).rounded(.up)))
        })
    }

    /// The longest time limit kept as given, in seconds.
    public static let longestTimeout: Double = 1e9

    var limits: SolveLimits { SolveLimits(deadline: deadline) }

    /// ``partnerBackend`` when it is another back end than ``backend``: then two solvers answer.
    var distinctPartner: SolverBackend? { partnerBackend == backend ? nil : partnerBackend }

    /// The name of the back ends that answer: one, or the pair of a race.
    public var backendDescription: String {
        guard let distinctPartner else { return backend.rawValue }
        return backend.rawValue + "+" + distinctPartner.rawValue
    }

    /// The name of the back ends that answer least-quorum questions (`min-quorum`,
    /// `history-loss`): ``backendDescription``, and `cbc` when an integer program races there.
    public var leastQuorumBackendDescription: String {
        integerProgramming == nil ? backendDescription : backendDescription + "+cbc"
    }

    /// These options for a race's second search: on ``partnerBackend`` when there is one.
    var forPartner: AnalysisOptions {
        var o = self
        if let partnerBackend { o.backend = partnerBackend }
        return o
    }

    /// A fresh SAT solver of ``backend``, recording when asked to.
    func makeSATSolver() -> any IncrementalSATSolver & CardinalityConstraintSink {
        backend.makeSATSolver(recording: recording, lateAfter: deadline)
    }

    /// A fresh MaxSAT solver of ``backend``, recording when asked to.
    func makeMaxSATSolver(algorithm: MaxSATAlgorithm = .coreGuided) -> any MaxSATSolver & CardinalityConstraintSink {
        backend.makeMaxSATSolver(algorithm: algorithm, recording: recording, lateAfter: deadline)
    }

    /// Whether the deadline has passed or the interrupt flag is raised: nothing more should run.
    public var isExpired: Bool { limits.isExpired || (interrupt?.isRaised ?? false) }

    func report(_ activity: String, round: Int? = nil, lowerBound: Int? = nil, upperBound: Int? = nil, detail: String? = nil) {
        progress?(ProgressEvent(activity: activity, round: round, lowerBound: lowerBound, upperBound: upperBound, detail: detail))
    }

    /// Passes a MaxSAT solver's improving bounds on as progress events of `activity`; in a
    /// race, first to the race, and the events then show the race's bounds.
    func observeBounds(of solver: any MaxSATSolver, as activity: String, race: BoundsRace? = nil) {
        guard let reporting = solver as? any BoundsReporting else { return }
        let progress = self.progress
        if let race {
            reporting.boundsObserver = { lower, upper in
                race.offer(lower: lower, upper: upper)
                progress?(ProgressEvent(activity: activity, lowerBound: race.lower, upperBound: race.upper))
            }
        } else if let progress {
            reporting.boundsObserver = { lower, upper in
                progress(ProgressEvent(activity: activity, lowerBound: lower, upperBound: upper))
            }
        }
    }
}

/// How least-quorum questions use integer programming (``AnalysisOptions/integerProgramming``).
///
/// Least quorums of networks of organisations are counting questions that CBC's cuts close at
/// the root: the flat network of 66 organisations in 0.5 s, where the MaxSAT search had not
/// finished after 60 s. Small questions stay with MaxSAT alone: a CBC process costs a few
/// milliseconds to start, more than the MaxSAT search of a real snapshot's top tier.
public struct IntegerProgramming: Sendable, Equatable {
    /// The `cbc` executable.
    public var executable: String
    /// The least number of choices (organisations counted per class, or validators) from which
    /// the integer program races the MaxSAT search.
    public var fromChoices: Int
    /// The integer program answers alone, without the MaxSAT search: for tests, which must
    /// see its answers whichever search would have won.
    public var alone: Bool

    public init(executable: String, fromChoices: Int = 20, alone: Bool = false) {
        self.executable = executable
        self.fromChoices = fromChoices
        self.alone = alone
    }
}

/// The two searches for a least blocking set, which give the same optimum.
public enum BlockingMethod: String, Sendable, CaseIterable {
    /// Contraction while its encoding is small, hitting sets otherwise.
    case automatic
    /// Implicit hitting sets over minimal quorums found without a solver.
    case hittingSets = "hitting-sets"
    /// One MaxSAT query over the unrolled contraction (`BlockingEncoding`).
    case contraction
}

/// Where a running analysis is: which question, how many rounds of its loop, and the bounds it
/// has proved so far. Lets a command-line client show that a minutes-long search is moving,
/// without the library knowing about terminals.
public struct ProgressEvent: Sendable, Equatable {
    /// The question being answered, e.g. "minimum blocking set".
    public var activity: String
    /// Rounds of the analysis's loop completed, when it has one.
    public var round: Int?
    /// A proven lower bound on the optimum, when the analysis optimises.
    public var lowerBound: Int?
    /// The best value found so far (an upper bound on a minimum).
    public var upperBound: Int?
    /// Anything else worth showing, e.g. "12 minimal quorums found".
    public var detail: String?

    public init(activity: String, round: Int? = nil, lowerBound: Int? = nil, upperBound: Int? = nil, detail: String? = nil) {
        self.activity = activity
        self.round = round
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.detail = detail
    }
}

extension FBAS {
    func keys(_ ids: some Sequence<Int>) -> Set<String> { Set(ids.map { validators[$0].publicKey }) }
}

/// Runs `check` on the witness checker; a rejection is an internal error.
func verify(_ fbas: FBAS, _ check: (WitnessChecker) throws(WitnessError) -> Void) throws(AnalysisError) {
    try verify(WitnessChecker(fbas), check)
}

/// Runs `check` on a witness checker built beforehand. The splitting, history-critical and
/// least-quorum searches, whose answer may come past their deadline on the largest networks,
/// build it before they start: by then a large solver is being freed on the
/// release thread (`LateRelease`), and a checker built against that free for the allocator took
/// flat-1000 1.3–2 s instead of 0.14 s.
func verify(_ checker: WitnessChecker, _ check: (WitnessChecker) throws(WitnessError) -> Void) throws(AnalysisError) {
    do { try check(checker) } catch { throw .witnessRejected(error.description) }
}
