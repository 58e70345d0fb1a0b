import Dispatch
import Synchronization
import Testing
@testable import SolverCore

@Suite struct LateReleaseTests {
    /// While the release thread is busy, frees beyond the backlog run at once, on the caller's
    /// thread; every free handed over runs, and `drain` waits for them.
    @Test func freesBeyondTheBacklogRunAtOnceAndNoneIsLost() {
        let done = Mutex<Set<Int>>([])
        let gate = DispatchSemaphore(value: 0)
        // Occupies the release thread until the gate opens, whatever the machine's load.
        LateRelease.free {
            gate.wait()
            done.withLock { _ = $0.insert(0) }
        }
        for i in 1..<LateRelease.maximumPending { LateRelease.free { done.withLock { _ = $0.insert(i) } } }
        let inline = LateRelease.maximumPending
        LateRelease.free { done.withLock { _ = $0.insert(inline) } }
        #expect(done.withLock { $0 } == [inline])
        gate.signal()
        LateRelease.drain()
        #expect(done.withLock { $0 } == Set(0...inline))
    }
}
