import Dispatch
import Synchronization

/// Delivers stop requests (an interrupt flag raised, a wall-clock deadline reached) to a
/// native solve running on another thread.
///
/// Shared by the native back ends: `Z3_interrupt` only reaches a check that is already running
/// (measured with Z3 4.8.12: an interrupt issued just before `Z3_solver_check` is forgotten and
/// the check runs to its end), and CryptoMiniSat clears its interrupt flag when a solve starts,
/// so a request that lands just before the solve starts would be lost. Hence a request is
/// repeated every few milliseconds for as long as the same solve runs. The repeats cost
/// nothing until a stop is actually requested.
///
/// Each solve gets a generation number; a request names the generation it is meant for, so a
/// late timer or observer of one solve never stops the next one.
package final class NativeStop: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var running = false
        var retryScheduled = false
    }

    private let state = Mutex(State())
    private let interrupt: @Sendable () -> Void
    private static let retryInterval = DispatchTimeInterval.milliseconds(10)
    /// Where timers fire. Not `DispatchQueue.global()`: on Linux Swift concurrency runs its
    /// cooperative pool (one thread per core) on those queues, and when every pool thread is
    /// blocked in a solve a timer there does not fire until one ends (seen on two cores: three
    /// concurrent tests, an interrupt due after 100 ms arrived after 244 s). A queue of our own
    /// targets the overcommitting root queue, which starts a thread when the others are busy.
    private static let timers = DispatchQueue(label: "swift-fbas.native-stop")

    /// - Parameter interrupt: the native call that stops a running solve; must be safe to call
    ///   from any thread.
    package init(interrupt: @escaping @Sendable () -> Void) {
        self.interrupt = interrupt
    }

    /// Marks a new solve as running and returns its generation.
    package func begin() -> UInt64 {
        state.withLock { s in
            s.generation &+= 1
            s.running = true
            s.retryScheduled = false
            return s.generation
        }
    }

    /// Marks the solve as finished. Interrupts are issued under the same lock, so none
    /// reaches the native solver after this returns.
    package func end() {
        state.withLock { $0.running = false }
    }

    /// Interrupts solve `generation` now, and again every few milliseconds until it ends.
    package func requestStop(_ generation: UInt64) {
        let schedule = state.withLock { s -> Bool in
            guard s.running, s.generation == generation else { return false }
            interrupt()
            guard !s.retryScheduled else { return false }
            s.retryScheduled = true
            return true
        }
        if schedule { scheduleRetry(generation) }
    }

    /// Calls ``requestStop(_:)`` for `generation` at `deadline` (wall clock).
    ///
    /// The timer holds this object weakly so a far deadline does not keep the native solver
    /// alive after its owner is gone.
    package func requestStop(_ generation: UInt64, at deadline: ContinuousClock.Instant) {
        Self.timers.asyncAfter(deadline: DispatchTime(deadline)) { [weak self] in
            self?.requestStop(generation)
        }
    }

    private func scheduleRetry(_ generation: UInt64) {
        Self.timers.asyncAfter(deadline: .now() + Self.retryInterval) { [weak self] in
            guard let self else { return }
            let again = self.state.withLock { s -> Bool in
                guard s.generation == generation else { return false }
                guard s.running else {
                    s.retryScheduled = false
                    return false
                }
                self.interrupt()
                return true
            }
            if again { self.scheduleRetry(generation) }
        }
    }
}

extension DispatchTime {
    /// The Dispatch time of a `ContinuousClock` instant, for waits and timers with a deadline;
    /// one already past is now, and one more than 68 years away is clamped there.
    package init(_ instant: ContinuousClock.Instant) {
        let left = ContinuousClock.now.duration(to: instant)
        guard left > .zero else {
            self = .now()
            return
        }
        // A positive duration has non-negative components.
        let limit = Int64(Int32.max)
        let seconds = min(left.components.seconds, limit)
        let nanoseconds = seconds == limit ? 0 : left.components.attoseconds / 1_000_000_000
        self = .now() + .nanoseconds(Int(seconds * 1_000_000_000 + nanoseconds))
    }
}
