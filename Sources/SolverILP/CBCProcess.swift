import ChildProcess
import Dispatch
import SolverCore
#if canImport(Glibc)
import Glibc
#endif

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

    /// What went wrong before CBC could answer, in words for the report.
    struct Failure: Error, Equatable {
        var message: String
    }

    /// How long before the deadline CBC is asked to stop, so that it writes its best solution
    /// and bound before the caller, at the deadline, kills it.
    static let margin = 0.25

    /// How long past the deadline a CBC that did not stop on its own is killed. CBC looks at its
    /// time limit between nodes, not while it generates cuts at the root, where a large model
    /// spends seconds (flat-1000's least quorum: it ran the whole second past the deadline that
    /// this allowed before, and the answer waited for it). It was asked to stop `margin` before
    /// the deadline; what it has not written by then is lost either way.
    static let backstop = 0.05

    /// Solves `model` with `executable`, stopping at `deadline` or when `interrupt` is raised.
    static func solve(_ model: LinearModel, executable: String, deadline: ContinuousClock.Instant?,
                      interrupt: InterruptFlag?) throws(Failure) -> CBCReport {
        let temporary = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((temporary + "/fbas-cbc.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(message: "cannot create a temporary directory: \(String(cString: strerror(errno)))") }
        let directory = String(cString: made)
        let lpPath = directory + "/model.lp", solutionPath = directory + "/solution.txt"
        defer {
            unlink(lpPath)
            unlink(solutionPath)
            rmdir(directory)
        }
        guard write(model.lpFormat, to: lpPath) else { throw Failure(message: "cannot write \(lpPath): \(String(cString: strerror(errno)))") }
        // Wall-clock time (CBC counts CPU time by default, which a loaded machine stretches),
        // and no relative gap: "optimal" means the bound met the solution.
        var arguments = [executable, lpPath, "-timeMode", "elapsed", "-ratioGap", "0"]
        if let deadline {
            let seconds = max(0.01, ContinuousClock.now.duration(to: deadline).inSeconds - margin)
            arguments += ["-sec", String(seconds)]
        }
        arguments += ["-solve", "-solu", solutionPath]
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(arguments, standardError: .discarded)
        } catch {
            throw Failure(message: "cannot run \(executable): \(error.description)")
        }
        let token = interrupt?.addObserver { child.kill() }
        defer { if let token { interrupt?.removeObserver(token) } }
        var backstopKill: DispatchWorkItem?
        if let deadline {
            let kill = DispatchWorkItem { child.kill() }
            Self.timers.asyncAfter(deadline: DispatchTime(max(deadline, .now) + .milliseconds(Int64(backstop * 1000))), execute: kill)
            backstopKill = kill
        }
        let log = String(decoding: child.readOutputAndWait().output, as: UTF8.self)
        backstopKill?.cancel()
        return CBCReport(solution: read(solutionPath), log: log, variableCount: model.variableCount, killed: child.wasKilled)
    }

    /// Where deadline backstops wait. Not `DispatchQueue.global()`, whose threads on Linux are
    /// the cooperative pool's (see `BoundsRace` in FBASAnalyses).
    private static let timers = DispatchQueue(label: "swift-fbas.cbc-deadline")

    private static func write(_ text: String, to path: String) -> Bool {
        // Close-on-exec ("e"): a process spawned meanwhile must not inherit the file.
        guard let file = fopen(path, "we") else { return false }
        let bytes = Array(text.utf8)
        let written = fwrite(bytes, 1, bytes.count, file)
        return fclose(file) == 0 && written == bytes.count
    }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "re") else { return nil }
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
