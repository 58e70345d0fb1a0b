import Synchronization
import Testing
@testable import SolverCore

@Suite struct LateReleaseTests {
    /// Handed-over releases run, in order, and `drain` waits for them.
    @Test func releasesRunInOrderAndDrainWaitsForThem() {
        let done = Mutex<[Int]>([])
        for i in 0..<5 { LateRelease.run { done.withLock { $0.append(i) } } }
        LateRelease.drain()
        #expect(done.withLock { $0 } == [0, 1, 2, 3, 4])
    }
}
