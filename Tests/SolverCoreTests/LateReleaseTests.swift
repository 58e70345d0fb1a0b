import Dispatch
import Synchronization
import Testing
@testable import SolverCore

@Suite struct LateReleaseTests {
    /// While the release thread is busy, frees beyond the backlog run at once, on the caller's
    /// thread; every free handed over runs, and `drain` waits for them.
    @Test func freesBeyondTheBacklogRunAtOnceAndNoneIsLost() {
        // A release thread of its own: the shared one may hold other tests' frees, and a free
        // run here would then wait on the gate it is to open (a hang seen in CI).
        let late = LateRelease()
        let done = Mutex<Set<Int>>([])
        let gate = DispatchSemaphore(value: 0)
        // Occupies the release thread until the gate opens, whatever the machine's load.
        late.free {
            gate.wait()
            done.withLock { _ = $0.insert(0) }
        }
        for i in 1..<late.maximumPending { late.free { done.withLock { _ = $0.insert(i) } } }
        let inline = late.maximumPending
        late.free { done.withLock { _ = $0.insert(inline) } }
        #expect(done.withLock { $0 } == [inline])
        gate.signal()
        late.drain()
        #expect(done.withLock { $0 } == Set(0...inline))
    }
}
