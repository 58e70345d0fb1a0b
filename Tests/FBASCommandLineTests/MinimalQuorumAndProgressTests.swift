import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct MinimalQuorumCommandTests {
    func quorum(_ r: FBASProcess.Outcome) -> Set<String>? { (r.result?["quorum"] as? [String]).map(Set.init) }

    @Test func minimalModeAnswersAQuorumAndItsSize() throws {
        let r = try FBASProcess.run(["min-quorum", "--mode", "minimal", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.result?["mode"] as? String == "minimal")
        let q = try #require(quorum(r))
        #expect(r.result?["size"] as? Int == q.count && !q.isEmpty)
        #expect(r.result?["notWithin"] == nil, "notWithin appears only when asked")
    }

    @Test func notWithinAQuorumGivesAnotherWithAMemberOutsideIt() throws {
        let first = try #require(quorum(try FBASProcess.run(["min-quorum", "--mode", "minimal", "--format", "json"])))
        let r = try FBASProcess.run(["min-quorum", "--mode", "minimal", "--not-within", first.sorted().joined(separator: ","), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        let second = try #require(quorum(r))
        #expect(!second.isSubset(of: first))
        #expect(Set(r.result?["notWithin"] as? [String] ?? []) == first)
    }

    @Test func notWithinTheTopTierFindsNoneAndSaysSo() throws {
        let top = try FBASProcess.run(["top-tier", "--format", "json"])
        let tier = try #require(top.result?["topTier"] as? [String])
        let r = try FBASProcess.run(["min-quorum", "--mode", "minimal", "--not-within", tier.joined(separator: ","), "--format", "json"])
        #expect(r.status == 0)
        #expect(r.result?["quorum"] is NSNull && r.result?["size"] is NSNull)
        let text = try FBASProcess.run(["min-quorum", "--mode", "minimal", "--not-within", tier.joined(separator: ",")])
        #expect(text.stdout.contains("every minimal quorum lies inside the given set"))
    }

    @Test func notWithinWithoutMinimalModeIsAUsageError() throws {
        let r = try FBASProcess.run(["min-quorum", "--not-within", "X"])
        #expect(r.status == 64)
    }

    @Test func notWithinAnUnknownKeyIsAnInputError() throws {
        let r = try FBASProcess.run(["min-quorum", "--mode", "minimal", "--not-within", "NOPE", "--format", "json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--not-within names NOPE"))
    }

    @Test func defaultModeIsStillTheMinimumQuorum() throws {
        let r = try FBASProcess.run(["min-quorum", "--format", "json"])
        #expect(r.result?["mode"] as? String == "minimum")
        #expect(r.result?["lowerBound"] as? Int == r.result?["size"] as? Int)
    }
}

@Suite struct TopTierListingCommandTests {
    @Test func allWithACapStopsThereAndSaysTheListIsIncomplete() throws {
        let r = try FBASProcess.run(["top-tier", "--all", "--max-quorums", "2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.result?["complete"] as? Bool == false)
        #expect(r.result?["capReached"] as? Int == 2)
        #expect((r.result?["minimalQuorums"] as? [[String]])?.count == 2)
        let text = try FBASProcess.run(["top-tier", "--all", "--max-quorums", "2"])
        #expect(text.stderr.contains("warning: listed only the first 2 minimal quorums"))
        #expect(text.stdout.contains("(incomplete)"))
    }

    @Test func allWithoutReachingTheCapIsCompleteAndCoversTheTopTier() throws {
        let r = try FBASProcess.run(["top-tier", "--all", "--fbas", FBASProcess.sharedData.appendingPathComponent("small/correct.json").path,
                                     "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.result?["complete"] as? Bool == true)
        #expect(r.result?["capReached"] == nil)
        let quorums = try #require(r.result?["minimalQuorums"] as? [[String]])
        #expect(quorums.count == 3, "correct.json: any two of the three SDF validators")
        #expect(Set(quorums.joined()) == Set(r.result?["topTier"] as? [String] ?? ["missing"]))
    }

    @Test func withoutAllTheCompletenessIsNotClaimed() throws {
        let r = try FBASProcess.run(["top-tier", "--format", "json"])
        #expect(r.result?["complete"] == nil)
    }
}

/// The progress line shows only on a terminal, and never with `--quiet`.
@Suite struct ProgressLineTests {
    /// The line's "erase to end of line" control sequence, present in every update.
    static let eraseLine = "\u{1B}[K"
    /// Shows the line from the start instead of after a second.
    static let immediately = ["FBAS_PROGRESS_AFTER": "0"]
    let command = ["min-blocking-set", "--fbas", FBASProcess.sharedData.appendingPathComponent("pubnet/stellarbeat_nodes_2019-09-17.json").path,
                   "--method", "hitting-sets"]  // its rounds report bounds; the race can end before any

    /// Runs the binary with standard error on a pseudo-terminal; returns what it wrote there.
    func runOnTerminal(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let pty = try #require(PseudoTerminalCalls())
        let master = pty.openpt(O_RDWR | O_NOCTTY)
        try #require(master >= 0 && pty.grantpt(master) == 0 && pty.unlockpt(master) == 0)
        let name = try #require(pty.ptsname(master))
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        let process = Process()
        process.executableURL = FBASProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(Self.immediately) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        // Drain the terminal while the child runs, so it can never block on a full buffer.
        let collected = Collected()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { break }   // EIO once the child and we have closed the slave side
                collected.append(buffer[0..<n])
            }
            collected.finish()
        }
        reader.start()
        try process.run()
        process.waitUntilExit()
        close(slave)
        collected.waitUntilFinished()
        close(master)
        return (process.terminationStatus, String(decoding: collected.bytes, as: UTF8.self))
    }

    /// The POSIX pseudo-terminal calls, looked up at run time: the C library declares them only
    /// under `_XOPEN_SOURCE`, so Swift's Glibc module does not import them.
    struct PseudoTerminalCalls {
        typealias IntCall = @convention(c) (Int32) -> Int32
        typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        let openpt: IntCall, grantpt: IntCall, unlockpt: IntCall, ptsname: NameCall

        init?() {
            let library = dlopen(nil, RTLD_NOW)
            func look<T>(_ name: String, as: T.Type) -> T? { dlsym(library, name).map { unsafeBitCast($0, to: T.self) } }
            guard let o = look("posix_openpt", as: IntCall.self), let g = look("grantpt", as: IntCall.self),
                  let u = look("unlockpt", as: IntCall.self), let p = look("ptsname", as: NameCall.self) else { return nil }
            (openpt, grantpt, unlockpt, ptsname) = (o, g, u, p)
        }
    }

    final class Collected: @unchecked Sendable {
        private let condition = NSCondition()
        private var data: [UInt8] = []
        private var done = false
        func append(_ chunk: ArraySlice<UInt8>) { condition.withLock { data += chunk } }
        func finish() { condition.withLock { done = true; condition.broadcast() } }
        func waitUntilFinished() { condition.withLock { while !done { condition.wait() } } }
        var bytes: [UInt8] { condition.withLock { data } }
    }

    @Test func aTerminalShowsWhatIsRunningAndTheBounds() throws {
        let r = try runOnTerminal(command)
        #expect(r.status == 0)
        #expect(r.stderr.contains(Self.eraseLine))
        // The greedy blocking set meets the counted bound on this snapshot, so no search round
        // runs; the line still names the question and its bounds.
        #expect(r.stderr.contains("minimum blocking set: lower bound"))
        #expect(r.stderr.contains("lower bound"))
    }

    @Test func quietSilencesTheLineEvenOnATerminal() throws {
        let r = try runOnTerminal(command + ["--quiet"])
        #expect(r.status == 0)
        #expect(!r.stderr.contains(Self.eraseLine))
        #expect(!r.stderr.contains("minimum blocking set"))
    }

    @Test func standardErrorThatIsNoTerminalGetsNoProgress() throws {
        let r = try FBASProcess.run(command, environment: Self.immediately)
        #expect(r.status == 0)
        #expect(!r.stderr.contains(Self.eraseLine) && !r.stderr.contains("\r"))
        #expect(!r.stderr.contains("minimum blocking set"))
    }
}

@Suite struct ListingTimeoutTests {
    @Test func aTimeLimitDuringTheListingSaysTimeoutAndNeverComplete() throws {
        // 13,608 minimal quorums: far more than a second's worth.
        let r = try FBASProcess.run(["top-tier", "--all", "--max-quorums", "100000", "--timeout", "1",
                                     "--fbas", FBASProcess.sharedData.appendingPathComponent("small/top_tier.json").path, "--format", "json"])
        #expect(r.status == 3)
        #expect(r.json?["status"] as? String == "timeout")
        #expect(r.result?["complete"] as? Bool != true)
    }
}
