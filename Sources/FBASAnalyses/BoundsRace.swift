import Dispatch
import SolverCore
import Synchronization

/// Two searches for the same optimum on the machine's two cores, sharing their bounds.
///
/// Either search ends the race by finishing (a proof, a timeout or an error), and the two end
/// it together when a lower bound proved by one meets an upper bound found by the other: the
/// model behind that upper bound is then optimal, though neither search proved it alone.
/// This is the portfolio lever of issue 7: the two searches fail on different networks.
final class BoundsRace: Sendable {
    private let bounds = Mutex<(lower: Int, upper: Int?)>((0, nil))
    /// Raised when the race is over; both searches run with it as their interrupt flag.
    let stop = InterruptFlag()

    /// Records a proven lower bound and/or the cost of a model found; stops the race once they meet.
    func offer(lower: Int? = nil, upper: Int? = nil) {
        let met = bounds.withLock { b in
            if let lower { b.lower = max(b.lower, lower) }
            if let upper { b.upper = min(b.upper ?? upper, upper) }
            return b.upper.map { $0 <= b.lower } ?? false
        }
        if met { stop.raise() }
    }

    /// The best lower bound offered so far.
    var lower: Int { bounds.withLock { $0.lower } }

    /// The cheapest model's cost offered so far.
    var upper: Int? { bounds.withLock { $0.upper } }

    /// Returns once the race is over: a search whose answer should not end the race (one that
    /// failed, say) waits here for the other.
    func waitUntilStopped() {
        let over = DispatchSemaphore(value: 0)
        let token = stop.addObserver { over.signal() }
        over.wait()
        stop.removeObserver(token)
    }

    /// Runs one search here with this race's flag as its interrupt (raised also when the
    /// caller's own flag is), so that an upper bound meeting a lower bound offered beforehand
    /// (a counted one) ends it.
    func runAlone<A: Sendable>(options: AnalysisOptions, _ search: (AnalysisOptions) throws(AnalysisError) -> A) -> Result<A, AnalysisError> {
        withStop(options) { own in Result { () throws(AnalysisError) in try search(own) } }
    }

    /// Runs `body` with `options` whose interrupt is this race's flag, raised also when the
    /// caller's own flag is, for as long as `body` runs.
    private func withStop<T>(_ options: AnalysisOptions, _ body: (AnalysisOptions) -> T) -> T {
        var own = options
        own.interrupt = stop
        let token = options.interrupt?.addObserver { [stop] in stop.raise() }
        defer { if let token { options.interrupt?.removeObserver(token) } }
        return body(own)
    }

    /// Runs `here` on this thread and `there` on another, each with `options` whose interrupt
    /// is this race's flag (raised also when the caller's own flag is); `there` runs on the
    /// partner back end (``AnalysisOptions/partnerBackend``) when there is one. The first to
    /// return stops the other; both results come back.
    func run<A: Sendable, B: Sendable>(
        options: AnalysisOptions,
        here: (AnalysisOptions) throws(AnalysisError) -> A,
        there: @escaping @Sendable (AnalysisOptions) throws(AnalysisError) -> B
    ) -> (Result<A, AnalysisError>, Result<B, AnalysisError>) {
        withStop(options) { own in
            let box = ResultBox<B>()
            let done = DispatchSemaphore(value: 0)
            // The second search on a serial queue of its own. Not `DispatchQueue.global()` nor
            // a concurrent queue: on Linux both target the pool of one thread per core that
            // Swift concurrency runs on, and with every pool thread blocked (say, two tests
            // each waiting for its race) the second search would not start until one ends (see
            // `NativeStop`). Serial queues target the overcommitting root queue, which starts a
            // thread when the others are busy.
            DispatchQueue(label: "swift-fbas.bounds-race").async { [stop] in
                let r = Result { () throws(AnalysisError) in try there(own.forPartner) }
                box.result.withLock { $0 = r }
                stop.raise()
                done.signal()
            }
            let mine = Result { () throws(AnalysisError) in try here(own) }
            stop.raise()
            done.wait()
            return (mine, box.result.withLock { $0! })
        }
    }
}

/// Where the background search of a race leaves its result.
private final class ResultBox<T: Sendable>: Sendable {
    let result = Mutex<Result<T, AnalysisError>?>(nil)
}
