import Dispatch
import SolverCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What one run of the `cbc` executable reported.
struct CBCReport: Sendable, Equatable {
    enum Status: Sendable, Equatable {
        case optimal
        case infeasible
        /// Stopped by its time limit, or killed (interrupt, deadline); the rest may still hold a
        /// solution and a bound.
        case stopped
        /// Anything else, with CBC's own words.
        case failed(String)
    }

    var status: Status
    /// The 0-1 solution CBC printed, when it printed an integer one.
    var solution: [Bool]?
    /// The best bound CBC proved on the LP objective (without the model's offset), if it said.
    var bestPossible: Double?
}

/// Runs the COIN-OR CBC executable (Debian's `coinor-cbc`) on one model, as a process of its own.
///
/// A process, not the library: `fbas` then loads no CBC code on the runs that do not need it
/// (start-up decides small networks, issue 18), and a search that must stop (the race is won,
/// the deadline passed, the user interrupted) is killed at once, where CBC's C interface has no
/// way to stop a solve from outside.
enum CBCProcess {
    /// The `cbc` executable on `PATH`, or nil.
    static func locate(environment path: String? = getenv("PATH").map { String(cString: $0) }) -> String? {
        for directory in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/cbc"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    enum Failure: Error, Equatable {
        case cannotRun(String)
    }

    /// Solves `model` with `executable`, stopping at `deadline` or when `interrupt` is raised.
    static func solve(_ model: LinearModel, executable: String, deadline: ContinuousClock.Instant?,
                      interrupt: InterruptFlag?) throws(Failure) -> CBCReport {
        let temporary = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((temporary + "/fbas-cbc.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw .cannotRun("cannot create a temporary directory: \(String(cString: strerror(errno)))") }
        let directory = String(cString: made)
        let lpPath = directory + "/model.lp", solutionPath = directory + "/solution.txt"
        defer {
            unlink(lpPath)
            unlink(solutionPath)
            rmdir(directory)
        }
        guard write(model.lpFormat, to: lpPath) else { throw .cannotRun("cannot write \(lpPath): \(String(cString: strerror(errno)))") }
        var arguments = [executable, lpPath]
        if let deadline {
            // CBC's own limit ends it with its best solution and bound; the kill below is the
            // backstop for a limit it overruns.
            let seconds = max(0.01, ContinuousClock.now.duration(to: deadline).inSeconds)
            arguments += ["-sec", String(seconds)]
        }
        arguments += ["-solve", "-solu", solutionPath]
        let child = try Child.spawn(arguments)
        let token = interrupt?.addObserver { child.kill() }
        defer { if let token { interrupt?.removeObserver(token) } }
        if let deadline {
            let backstop = DispatchTime.now() + .milliseconds(Int(max(0, ContinuousClock.now.duration(to: deadline).inSeconds) * 1000) + 1000)
            Self.timers.asyncAfter(deadline: backstop) { child.kill() }
        }
        let log = child.readOutputAndWait()
        let killed = child.wasKilled
        return parse(solution: read(solutionPath), log: log, variableCount: model.variableCount, killed: killed)
    }

    /// Where deadline backstops wait. Not `DispatchQueue.global()`, whose threads on Linux are
    /// the cooperative pool's (see `BoundsRace`).
    private static let timers = DispatchQueue(label: "swift-fbas.cbc-deadline")

    /// Reads CBC's solution file (first line the status, then `index name value reduced-cost`
    /// per nonzero column) and its log (for the bound it proved).
    static func parse(solution: String?, log: String, variableCount: Int, killed: Bool) -> CBCReport {
        var bestPossible: Double?
        for line in log.split(separator: "\n") {
            // "... best possible 31.999996 (0.87 seconds)" and "(best possible 14.031571)".
            guard let range = line.firstRange(of: "best possible ") else { continue }
            let number = line[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" }
            if let value = Double(String(number)), value < 1e40 { bestPossible = max(bestPossible ?? value, value) }
        }
        guard let solution, let header = solution.split(separator: "\n").first else {
            return CBCReport(status: killed ? .stopped : .failed(log.split(separator: "\n").suffix(3).joined(separator: " / ")),
                             solution: nil, bestPossible: bestPossible)
        }
        let status: CBCReport.Status
        if header.hasPrefix("Optimal") { status = killed ? .stopped : .optimal }
        else if header.hasPrefix("Infeasible") || header.hasPrefix("Integer infeasible") { status = killed ? .stopped : .infeasible }
        else if header.hasPrefix("Stopped") { status = .stopped }
        else { status = .failed(String(header)) }
        // A continuous solution is no model.
        guard status != .infeasible, !header.contains("no integer solution") else {
            return CBCReport(status: status, solution: nil, bestPossible: bestPossible)
        }
        var values = [Bool](repeating: false, count: variableCount)
        for line in solution.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ").filter { $0 != "**" }
            guard fields.count >= 3, fields[1].first == "x", let v = Int(fields[1].dropFirst()), v < variableCount,
                  let value = Double(fields[2]) else { continue }
            values[v] = value > 0.5
        }
        return CBCReport(status: status, solution: values, bestPossible: bestPossible)
    }

    private static func write(_ text: String, to path: String) -> Bool {
        guard let file = fopen(path, "w") else { return false }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, file)
        return fclose(file) == 0 && written == bytes.count
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A child process that other threads may kill until it has been waited for: the state lock
/// makes sure no signal reaches a process id that has been reaped (and could be reused).
private final class Child: Sendable {
    let pid: pid_t
    private let outputFD: Int32
    /// (not yet reaped, killed by us)
    private let state = Mutex<(running: Bool, killed: Bool)>((true, false))

    private init(pid: pid_t, outputFD: Int32) {
        self.pid = pid
        self.outputFD = outputFD
    }

    /// Starts `arguments[0]` with standard output on a pipe and standard error discarded.
    static func spawn(_ arguments: [String]) throws(CBCProcess.Failure) -> Child {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .cannotRun("pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        close(ends[1])
        guard spawned == 0 else {
            close(ends[0])
            throw .cannotRun("cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        return Child(pid: pid, outputFD: ends[0])
    }

    func kill() {
        state.withLock { s in
            guard s.running else { return }
            s.killed = true
            _ = Glibc.kill(pid, SIGKILL)
        }
    }

    var wasKilled: Bool { state.withLock { $0.killed } }

    /// Reads standard output to its end, then reaps the process.
    func readOutputAndWait() -> String {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(outputFD, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            output += buffer[0..<n]
        }
        close(outputFD)
        // Wait without reaping, mark the child gone, then reap: a kill from another thread
        // either reaches the (zombie) child or sees it gone.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0, errno == EINTR {}
        state.withLock { $0.running = false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
