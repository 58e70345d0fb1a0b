/// At most `workers` analyses at once, at most `queue` more waiting; beyond that a request is
/// turned away at once (503 with `Retry-After`) instead of piling up behind a long analysis.
public actor AnalysisGate {
    public let workers: Int
    public let queue: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Why a request was not admitted.
    public struct Full: Error, Sendable {}

    public init(workers: Int, queue: Int) {
        self.workers = max(1, workers)
        self.queue = max(0, queue)
    }

    /// Analyses running now, and requests waiting for a worker (for health and tests).
    public var load: (running: Int, waiting: Int) { (running, waiting.count) }

    /// Takes a worker, waiting for one while the queue has room; throws ``Full`` otherwise.
    /// Pair every successful call with ``leave()``.
    public func enter() async throws(Full) {
        if running < workers {
            running += 1
            return
        }
        guard waiting.count < queue else { throw Full() }
        // `leave` hands its worker straight to the first waiter, so `running` stays counted.
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives the worker back: to the first waiter, or to the pool.
    public func leave() {
        if waiting.isEmpty {
            running = max(0, running - 1)
        } else {
            waiting.removeFirst().resume()
        }
    }
}
