import FBASBenchmarking
import Testing

@Suite struct ChildProcessTests {
    @Test func childOutputAndExitCodeAreCaptured() throws {
        let outcome = try ChildProcess.run("/bin/sh", arguments: ["-c", "echo hello; echo oops >&2; exit 3"], environment: [:], killAfter: 10)
        #expect(String(decoding: outcome.standardOutput, as: UTF8.self) == "hello\n")
        #expect(outcome.exitCode == 3)
        #expect(outcome.signal == nil)
        #expect(!outcome.killed)
        #expect(outcome.peakRSSBytes > 0)
    }

    @Test func childOutlivingItsAllowanceIsKilled() throws {
        let outcome = try ChildProcess.run("/bin/sh", arguments: ["-c", "exec sleep 30"], environment: [:], killAfter: 0.3)
        #expect(outcome.killed)
        #expect(outcome.signal == 9)
        #expect(outcome.wallSeconds < 5)
    }

    @Test func largeOutputDoesNotStallTheChild() throws {
        let outcome = try ChildProcess.run("/bin/sh", arguments: ["-c", "head -c 3000000 /dev/zero"], environment: [:], killAfter: 20)
        #expect(outcome.standardOutput.count == 3_000_000)
        #expect(outcome.exitCode == 0)
    }

    @Test func missingExecutableIsATypedError() {
        #expect(throws: BenchmarkError.self) {
            try ChildProcess.run("/nonexistent/fbas", arguments: [], environment: [:], killAfter: 1)
        }
    }
}

@Suite struct FBASRunnerTests {
    static let spec = RunSpec(network: NetworkInstance(path: "/n.json", name: "n.json", family: "tiered", validators: 100),
                              analysis: .splitting, backend: "z3", repetition: 2)
    static let runner = FBASRunner(binary: "/bin/fbas", timeout: 10, mode: "scale")

    static func outcome(_ stdout: String, exit: Int32? = 0, killed: Bool = false) -> ChildOutcome {
        ChildOutcome(standardOutput: Array(stdout.utf8), exitCode: exit, signal: exit == nil ? 9 : nil, wallSeconds: 1.5,
                     peakRSSBytes: 50 * 1_048_576, killed: killed)
    }

    @Test func argumentsAskForJSONTheLimitAndTheBackEnd() {
        #expect(Self.runner.arguments(Self.spec) == ["min-splitting-set", "--fbas", "/n.json", "--format", "json",
                                                     "--timeout", "10.000", "--solver", "z3"])
        var standard = Self.spec
        standard.backend = "default"
        #expect(!Self.runner.arguments(standard).contains("--solver"))
    }

    @Test func anInputLimitIsPassedOnOnlyWhenSet() {
        #expect(!Self.runner.arguments(Self.spec).contains("--max-input-mb"))
        var large = Self.runner
        large.maxInputMB = 1024
        #expect(large.arguments(Self.spec).suffix(2) == ["--max-input-mb", "1024"])
    }

    @Test func okEnvelopeGivesTheAnswerAndReportedTime() {
        let m = Self.runner.measurement(Self.spec, Self.outcome(#"{"command":"min-splitting-set","status":"ok","result":{"size":4},"warnings":[],"seconds":1.25,"solver":"z3"}"#))
        #expect(m.status == .ok)
        #expect(m.answer == "4")
        #expect(m.reportedSeconds == 1.25)
        #expect(m.wallSeconds == 1.5)
        #expect(m.peakRSSMB == 50)
        #expect(m.validators == 100 && m.repetition == 2 && m.family == "tiered")
    }

    @Test func timeoutErrorKilledAndCrashedAreTold() {
        let timeout = Self.runner.measurement(Self.spec, Self.outcome(#"{"status":"timeout","result":{"size":null,"lowerBound":6},"seconds":10.0}"#, exit: 3))
        #expect(timeout.status == .timeout)
        #expect(timeout.answer == "≥6")
        let error = Self.runner.measurement(Self.spec, Self.outcome(#"{"status":"error","result":{"error":{"message":"solver failure"}},"seconds":0.1}"#, exit: 1))
        #expect(error.status == .error)
        #expect(error.answer == "solver failure")
        #expect(Self.runner.measurement(Self.spec, Self.outcome("", exit: nil, killed: true)).status == .killed)
        #expect(Self.runner.measurement(Self.spec, Self.outcome("Segmentation fault", exit: nil)).status == .crashed)
    }

    @Test func answersAreReadPerAnalysis() throws {
        #expect(BenchmarkAnalysis.intersection.answer(from: ["outcome": "split"]) == "split")
        #expect(BenchmarkAnalysis.blocking.answer(from: ["size": 6]) == "6")
        #expect(BenchmarkAnalysis.topTier.answer(from: ["size": .null]) == "-")
        #expect(BenchmarkAnalysis.analyze.answer(from: ["hasQuorumIntersection": true]) == "intersects")
    }
}
