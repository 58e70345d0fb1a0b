import Dispatch
import Synchronization

/// Frees native solvers whose deadline has already passed on a thread of its own, so that the
/// answer (a timeout, with the bounds proved so far) is not held back by the free.
///
/// Freeing a large CaDiCaL instance takes long: flat-1000's least-quorum search, stopped at its
/// deadline, took 0.8 s to release, all of it past the time limit. Solvers released before
/// their deadline are freed at once, on the caller's thread, as before. Processes that go on
/// after a deadline (`history`, the server) could hand over frees faster than one thread makes
/// them, so at most ``maximumPending`` wait; past that the caller frees at once, and memory
/// stays bounded.
///
/// A process that exits while a free is pending must leave with `_exit` (`finish` in the
/// command line does), not `exit`: `exit` runs the native libraries' static destructors while
/// the free may still be using them.
package final class LateRelease: Sendable {
    /// The one the solvers use. Tests make their own: a backlog shared with every other test
    /// running at the time would make what runs where depend on them.
    package static let shared = LateRelease()

    /// Not `DispatchQueue.global()`, whose threads on Linux run Swift concurrency's cooperative
    /// pool (see ``NativeStop``); one serial queue frees one solver at a time.
    private let queue = DispatchQueue(label: "swift-fbas.late-release")
    /// Frees handed over and not yet finished.
    private let pending = Atomic<Int>(0)
    /// The most frees that wait at once.
    package let maximumPending: Int

    package init(maximumPending: Int = 2) {
        self.maximumPending = maximumPending
    }

    /// Runs `release` on the release thread, or here when ``maximumPending`` already wait.
    package func free(_ release: @escaping @Sendable () -> Void) {
        guard pending.add(1, ordering: .relaxed).newValue <= maximumPending else {
            pending.subtract(1, ordering: .relaxed)
            release()
            return
        }
        queue.async {
            release()
            self.pending.subtract(1, ordering: .relaxed)
        }
    }

    /// Waits until everything handed over so far has been freed.
    package func drain() {
        queue.sync {}
    }
}

/// A native pointer handed to the release thread, which becomes its only user.
package struct ReleasedPointer: @unchecked Sendable {
    package let pointer: OpaquePointer
    package init(_ pointer: OpaquePointer) { self.pointer = pointer }
}
