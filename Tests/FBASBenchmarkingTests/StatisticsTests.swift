import FBASBenchmarking
import Foundation
import Testing

@Suite struct StatisticsTests {
    @Test func medianOfOddCountIsTheMiddleValue() {
        #expect(Statistics.median([5, 1, 3]) == 3)
    }

    @Test func medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        #expect(Statistics.median([4, 1, 3, 10]) == 3.5)
    }

    @Test func medianOfNothingIsNil() {
        #expect(Statistics.median([]) == nil)
    }

    @Test func summaryLeavesTimedOutRunsOutOfTheTimes() {
        let runs = [Fixture.record(repetition: 1, wall: 2), Fixture.record(repetition: 2, wall: 4),
                    Fixture.record(repetition: 3, status: .timeout, wall: 10.1, answer: nil),
                    Fixture.record(repetition: 4, status: .killed, wall: 15, answer: nil),
                    Fixture.record(repetition: 5, status: .error, wall: 0.1, answer: nil)]
        let s = RunSummary(runs)
        #expect(s.runs == 5)
        #expect(s.finished == 2)
        #expect(s.timeouts == 2)
        #expect(s.errors == 1)
        #expect(s.median == 3)
        #expect(s.min == 2)
        #expect(s.max == 4)
        #expect(s.answers == ["intersects"])
    }

    @Test func summaryListsDisagreeingAnswers() {
        let s = RunSummary([Fixture.record(answer: "4"), Fixture.record(repetition: 2, answer: "5"), Fixture.record(repetition: 3, answer: "4")])
        #expect(s.answers == ["4", "5"])
    }

    @Test func ratioIsExactWhenBothFinished() {
        let r = TimeRatio(RunSummary([Fixture.record(wall: 1)]), over: RunSummary([Fixture.record(wall: 4)]), limit: 10)
        #expect(r == .exact(0.25))
        #expect(r.description == "0.25×")
    }

    @Test func ratioIsABoundWhenOneSideTimedOut() {
        let finished = RunSummary([Fixture.record(wall: 2)])
        let timedOut = RunSummary([Fixture.record(status: .timeout, wall: 10, answer: nil)])
        #expect(TimeRatio(timedOut, over: finished, limit: 10) == .atLeast(5))
        #expect(TimeRatio(finished, over: timedOut, limit: 10) == .atMost(0.2))
        #expect(TimeRatio(timedOut, over: timedOut, limit: 10) == .unknown)
        #expect(TimeRatio(timedOut, over: finished, limit: 10).description == "> 5.00×")
    }

    @Test func secondsAreWrittenWithSensiblePrecision() {
        #expect(Format.seconds(0.00312) == "0.003")
        #expect(Format.seconds(1.234) == "1.23")
        #expect(Format.seconds(12.345) == "12.3")
        #expect(Format.seconds(123.4) == "123")
        #expect(Format.fixed(0.05, 3) == "0.050")
        #expect(Format.fixed(-2.5, 1) == "-2.5")
    }
}

@Suite struct PlanTests {
    @Test func planRunsNetworkByNetworkThenAnalysisBackendAndRepetition() {
        let a = NetworkInstance(path: "/a.json", name: "a.json", family: "x", validators: 3)
        let b = NetworkInstance(path: "/b.json", name: "b.json", family: "x", validators: 6)
        let plan = RunPlan.make(networks: [a, b], analyses: [.intersection, .splitting], backends: ["cryptominisat", "z3"], repetitions: 2)
        #expect(plan.count == 16)
        #expect(plan.prefix(8).allSatisfy { $0.network == a })
        #expect(plan[0].analysis == .intersection && plan[0].backend == "cryptominisat" && plan[0].repetition == 1)
        #expect(plan[1].repetition == 2)
        #expect(plan[2].backend == "z3")
        #expect(plan[4].analysis == .splitting)
    }

    @Test func analysisListsParseAndRejectUnknownNames() throws {
        #expect(try BenchmarkAnalysis.list("intersection, top-tier,history") == [.intersection, .topTier, .history])
        #expect(throws: BenchmarkError.self) { try BenchmarkAnalysis.list("intersection,quorum") }
    }

    @Test func folderListingSkipsOrganizationsFilesAndCountsValidators() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fbas-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"[{"publicKey":"A","quorumSet":null},{"publicKey":"B"}]"#.write(to: dir.appendingPathComponent("net_orgs.json"), atomically: true, encoding: .utf8)
        try #"[{"name":"o","validators":["A","B"]}]"#.write(to: dir.appendingPathComponent("net_orgs_orgs.json"), atomically: true, encoding: .utf8)
        try #"{"validators":[{"id":"A","qset":null}],"qsets":{}}"#.write(to: dir.appendingPathComponent("py.json"), atomically: true, encoding: .utf8)
        try "not json".write(to: dir.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        let networks = try NetworkInstance.folder(dir.path)
        #expect(networks.map(\.name) == ["py.json", "net_orgs.json"])
        #expect(networks.map(\.validators) == [1, 2])
    }
}

@Suite struct RatioFormatTests {
    @Test func smallRatiosReadAsFractionsInsteadOfZero() {
        #expect(Format.ratio(0.0004) == "1/2500")
        #expect(Format.ratio(0.5) == "0.50")
        #expect(Format.ratio(42.4) == "42")
        #expect(TimeRatio.atMost(0.0004).description == "< 1/2500×")
    }
}

@Suite struct OvershootTests {
    func record(_ network: String, _ status: RunStatus, wall: Double, limit: Double) -> RunRecord {
        RunRecord(mode: "timeouts", network: network, family: "flat", validators: 1000, analysis: "splitting", backend: "cryptominisat",
                  repetition: 1, status: status, wallSeconds: wall, reportedSeconds: nil, peakRSSMB: nil, answer: nil, timeoutSeconds: limit)
    }

    @Test func theWorstRunIsTheOneFurthestPastItsLimitKilledRunsIncluded() {
        let runs = [record("a", .ok, wall: 0.5, limit: 2), record("b", .timeout, wall: 2.4, limit: 2), record("c", .killed, wall: 7, limit: 2)]
        #expect(Overshoot.worst(runs)?.network == "c")
        #expect(Overshoot.ratio(runs[1]) == 1.2)
        let section = Overshoot.section(runs)
        #expect(section.contains("Worst: ×3.50 of the limit — c splitting (killed"))
        #expect(section.contains("Runs killed after limit + grace: 1 of 3."))
        #expect(section.components(separatedBy: "\n").filter { $0.hasPrefix("| flat |") }.count == 3)
    }
}
