import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process with its standard output on a pipe, which other threads may kill until it
/// has been waited for.
///
/// `posix_spawn` rather than Foundation's `Process`, which would load ICU on every `fbas` run.
/// The pipe is created close-on-exec, so that a child spawned at the same moment by another
/// thread does not inherit its write end and hold it open (the reader would then wait for that
/// other child to exit). A kill never reaches a reaped (and possibly reused) process id: the
/// child is waited for without reaping, marked gone under the lock, and only then reaped.
public final class ChildProcess: Sendable {
    /// A failed `pipe` or `posix_spawn`, with its errno.
    public struct SpawnError: Error, Sendable, Equatable {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// Where the child's standard error goes.
    public enum StandardError: Sendable {
        case inherited
        case discarded
    }

    public let pid: pid_t
    private let outputFD: Int32
    private let state = Mutex<(running: Bool, killed: Bool)>((true, false))

    private init(pid: pid_t, outputFD: Int32) {
        self.pid = pid
        self.outputFD = outputFD
    }

    /// Starts `arguments[0]` (a path) with `arguments`, standard input from `/dev/null`.
    public static func spawn(_ arguments: [String], standardError: StandardError = .inherited) throws(SpawnError) -> ChildProcess {
        var ends: [Int32] = [-1, -1]
        guard systemPipe2(&ends, O_CLOEXEC) == 0 else { throw SpawnError(code: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's standard output.
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        if standardError == .discarded {
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        close(ends[1])
        guard spawned == 0 else {
            close(ends[0])
            throw SpawnError(code: spawned)
        }
        return ChildProcess(pid: pid, outputFD: ends[0])
    }

    /// Kills the child (SIGKILL) unless it has already been waited for.
    public func kill() {
        state.withLock { s in
            guard s.running else { return }
            s.killed = true
            _ = Glibc.kill(pid, SIGKILL)
        }
    }

    /// Whether ``kill()`` reached the child.
    public var wasKilled: Bool { state.withLock { $0.killed } }

    /// Reads standard output to its end, then reaps the child: its exit status (128 + the
    /// signal when a signal ended it) and what it wrote.
    public func readOutputAndWait() -> (status: Int32, output: [UInt8]) {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(outputFD, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            output += buffer[0..<n]
        }
        close(outputFD)
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        state.withLock { $0.running = false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }
}

/// glibc's `pipe2`, which the Glibc module declares only under `_GNU_SOURCE`: `pipe` followed by
/// `fcntl` would leave a moment in which another thread's spawn inherits the descriptors.
@_silgen_name("pipe2")
private func systemPipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
