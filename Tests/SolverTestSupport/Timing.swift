import Foundation
import SolverCore

/// `duration` in seconds.
public func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// Runs `body` and returns its result with the wall-clock seconds it took.
public func timed<T>(_ body: () -> T) -> (T, Double) {
    let start = ContinuousClock.now
    let result = body()
    return (result, seconds(start.duration(to: .now)))
}

/// Raises `flag` after `milliseconds` from a thread of its own. Not from a Dispatch global
/// queue: tests run on Swift's cooperative pool, and while they block it in solves a closure
/// queued there may not run until a solve ends.
public func raise(_ flag: InterruptFlag, afterMilliseconds milliseconds: Int) {
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
        flag.raise()
    }
}
