#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended, measured from outside it.
public struct ChildOutcome: Sendable {
    /// Everything the child wrote on standard output.
    public var standardOutput: [UInt8]
    /// The exit code, when the child exited normally.
    public var exitCode: Int32?
    /// The signal that ended the child, when one did.
    public var signal: Int32?
    /// From just before the spawn to the reaping of the child.
    public var wallSeconds: Double
    /// Peak resident set size of the child (`ru_maxrss` from `wait4`), in bytes.
    ///
    /// Linux folds the high-water mark of the memory a process had before `exec` into this
    /// figure, and a spawned child starts out in its parent's memory; so the figure is at
    /// least the parent's peak. ``ChildProcess/run(_:arguments:environment:killAfter:)``
    /// resets the parent's peak first, leaving the parent's *current* size as the floor:
    /// keep the parent small (fbas-bench generates networks in a child of its own).
    public var peakRSSBytes: Int
    /// Whether the benchmark killed the child for outliving its allowance.
    public var killed: Bool

    public init(standardOutput: [UInt8], exitCode: Int32?, signal: Int32?, wallSeconds: Double, peakRSSBytes: Int, killed: Bool) {
        self.standardOutput = standardOutput
        self.exitCode = exitCode
        self.signal = signal
        self.wallSeconds = wallSeconds
        self.peakRSSBytes = peakRSSBytes
        self.killed = killed
    }
}

/// Runs one program in its own process and reaps it with `wait4`, which gives the child's own
/// peak memory. Isolation is the point: a crash, a hang or a runaway allocation of one
/// analysis cannot take the benchmark (or the runs after it) down with it.
public enum ChildProcess {
    /// Runs `executable` with `arguments`, standard error discarded, and kills it (SIGKILL) if
    /// it is still running after `killAfter` seconds.
    public static func run(_ executable: String, arguments: [String], environment: [String: String],
                           killAfter: Double) throws(BenchmarkError) -> ChildOutcome {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .spawnFailed(executable: executable, errno: errno) }
        let (readEnd, writeEnd) = (fds[0], fds[1])

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }

        resetPeakRSS()
        let start = ContinuousClock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            throw .spawnFailed(executable: executable, errno: spawned)
        }

        // Read until end of file, killing the child when its allowance is spent. Reading while
        // waiting keeps a large output from filling the pipe and stalling the child.
        let deadline = start + .milliseconds(Int64(killAfter * 1000))
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var killed = false
        while true {
            var waitMs: Int32 = 1000
            if !killed {
                let left = ContinuousClock.now.duration(to: deadline)
                if left <= .zero {
                    kill(pid, SIGKILL)
                    killed = true
                } else {
                    waitMs = Int32(min(1000, max(1, Self.seconds(left) * 1000)))
                }
            }
            var p = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        close(readEnd)

        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Self.seconds(start.duration(to: .now))
        // The W* macros are not imported: low 7 bits are the signal, 0 for a normal exit.
        let signal = status & 0x7F
        #if canImport(Darwin)
        let rss = Int(usage.ru_maxrss)          // bytes on Darwin
        #else
        let rss = Int(usage.ru_maxrss) * 1024   // kilobytes on Linux
        #endif
        return ChildOutcome(standardOutput: output,
                            exitCode: signal == 0 ? (status >> 8) & 0xFF : nil,
                            signal: signal == 0 ? nil : signal,
                            wallSeconds: wall, peakRSSBytes: rss, killed: killed)
    }

    /// Resets this process's peak-RSS mark to its current size (Linux's `clear_refs` 5; a no-op
    /// elsewhere), so that the child it spawns next does not inherit an old peak.
    public static func resetPeakRSS() {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
