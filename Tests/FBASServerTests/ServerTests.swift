import Dispatch
import FBASAnalyses
import FBASFormats
import FBASReport
import FBASTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import StrictJSON
import Testing
@testable import FBASServer

func realBytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: sharedData.appendingPathComponent("real/\(name)")))
}

/// The service without HTTP: what each body and option gets back.
@Suite struct AnalysisServiceTests {
    let service = AnalysisService(configuration: ServerConfiguration(workers: 2))

    func errorKind(_ a: AnalysisService.Answer) -> String? { a.body.object?["error"]?.object?["kind"]?.string }

    @Test func healthSaysOkWithTheVersionAndTheSolvers() async {
        let a = await service.health()
        #expect(a.status == 200)
        #expect(a.body.object?["status"]?.string == "ok")
        #expect(a.body.object?["solvers"]?.array?.compactMap(\.string) == ["cryptominisat", "z3", "reference", "cadical"])
    }

    @Test func theReportEqualsTheLibrarysFigureForFigure() async throws {
        let bytes = try realBytes("withObsrvr-stellarbeat__nodes_2025-11-13.json")
        let a = await service.answer(.report, body: bytes, query: ["profile": "stellarbeat"])
        #expect(a.status == 200)
        let loaded = try NetworkReader.read(bytes, file: "x")
        let library = try JSONValueEncoder().encode(try NetworkReport.compute(loaded.fbas, options: ReportOptions(profile: .stellarbeat)))
        for key in ["hasQuorumIntersection", "hasSymmetricTopTier"] { #expect(a.body.object?[key] == library.object?[key], "\(key)") }
        for level in ["node", "organization", "isp", "country"] {
            for figure in ["topTierSize", "blockingSetsMinSize", "blockingSetsFilteredMinSize", "splittingSetsMinSize"] {
                #expect(a.body.object?[level]?.object?[figure] == library.object?[level]?.object?[figure], "\(level).\(figure)")
            }
        }
        #expect(try SchemaValidator.committed().problems(a.body, against: "NetworkReport").isEmpty)
    }

    @Test func theExplorersWrapperCarriesOrganizationsAndOptions() async throws {
        let nodes = try JSONParser.parse(try realBytes("nodejs_fbas_analyzer__nodes_2020-06-12.json"))
        let orgs = try JSONParser.parse(try realBytes("nodejs_fbas_analyzer__organizations_2020-08-11.json"))
        let body = JSONValue.object(JSONObject([("nodes", nodes), ("organizations", orgs),
                                                ("options", .object(JSONObject([("profile", .string("stellarbeat"))])))]))
        let a = await service.answer(.report, body: JSONWriter.writeUTF8(body), query: [:])
        #expect(a.status == 200)
        #expect(a.body.object?["organization"]?.object?["splittingSetsMinSize"]?.number?.intValue == 3, "the explorers' published figure")
        #expect(a.body.object?["profile"]?.string == "stellarbeat")
    }

    @Test func eachAnalysisEndpointAnswersWithTheCLIsResultObject() async throws {
        let bytes = try realBytes("fbas_analyzer__mobilecoin_nodes_2021-10-22.json")
        let definitions: [AnalysisService.Endpoint: String] = [
            .intersection: "IntersectionReport", .topTier: "TopTierReport", .blockingSets: "BlockingSetReport",
            .splittingSets: "SplittingSetReport", .quorums: "QuorumReport", .historyCritical: "HistoryCriticalReport",
        ]
        let schema = try SchemaValidator.committed()
        for (endpoint, definition) in definitions {
            let a = await service.answer(endpoint, body: bytes, query: [:])
            #expect(a.status == 200, "\(endpoint)")
            #expect(schema.problems(a.body, against: definition).isEmpty, "\(endpoint): \(schema.problems(a.body, against: definition).prefix(3))")
        }
        let blocking = await service.answer(.blockingSets, body: bytes, query: [:])
        #expect(blocking.body.object?["size"]?.number?.intValue == 3)
    }

    @Test(arguments: [
        ("[{\"publicKey\": \"A\"", 400, "syntax"), ("42", 400, "shape"), ("{\"hello\": 1}", 400, "shape"),
        (String(repeating: "[", count: 100_000), 400, "syntax"),
    ] as [(String, Int, String)])
    func malformedBodiesGet400WithTheCLIsErrorObject(_ body: String, _ status: Int, _ kind: String) async {
        let a = await service.answer(.intersection, body: Array(body.utf8), query: [:])
        #expect(a.status == status)
        #expect(errorKind(a) == kind)
        #expect(a.body.object?["error"]?.object?["message"]?.string?.isEmpty == false)
    }

    @Test func aNetworkThatFailsStrictGets422AndBadOptions400() async {
        let body = Array(#"[{"publicKey": "A", "quorumSet": {"threshold": 2, "validators": ["A", "B"]}}]"#.utf8)
        let strict = await service.answer(.intersection, body: body, query: ["strict": "true"])
        #expect(strict.status == 422)
        #expect(errorKind(strict) == "strict")
        for (key, value) in [("profile", "nope"), ("timeout", "-1"), ("solver", "minisat"), ("unknownQsets", "maybe"), ("strict", "yes")] {
            let a = await service.answer(.intersection, body: body, query: [key: value])
            #expect(a.status == 400, "\(key)=\(value)")
            #expect(errorKind(a) == "usage")
        }
        let down = await service.answer(.blockingSets, body: body, query: ["down": "NOBODY"])
        #expect(down.status == 400)
    }

    @Test func optionsTheAPIDoesNotTakeOrThatGroupNothingAre400() async throws {
        let bytes = try realBytes("withObsrvr-stellarbeat__nodes_2025-11-13.json")
        for query in [["profil": "stellarbeat"], ["groupBy": "no.such.attribute"], ["filtered": "true", "down": "X"]] {
            let a = await service.answer(.splittingSets, body: bytes, query: query)
            #expect(a.status == 400, "\(query)")
        }
        let nodes = try JSONParser.parse(bytes)
        let nobody = JSONValue.object(JSONObject([("nodes", nodes), ("organizations", .array([.object(JSONObject([
            ("name", .string("ghost")), ("validators", .array([.string("NOT-A-KEY")]))]))]))]))
        let a = await service.answer(.blockingSets, body: JSONWriter.writeUTF8(nobody), query: [:])
        #expect(a.status == 400)
        #expect(errorKind(a) == "shape")
        let strict = await service.answer(.blockingSets, body: JSONWriter.writeUTF8(nobody), query: ["strict": "true"])
        #expect(strict.status == 422 || strict.status == 400, "strict: the organizations' problems are errors")
        #expect(errorKind(strict) == "strict" || errorKind(strict) == "shape")
    }

    @Test func aRequestBeyondWorkersAndQueueGets503WithRetryAfter() async throws {
        let gate = AnalysisGate(workers: 1, queue: 0)
        let busy = AnalysisService(configuration: ServerConfiguration(workers: 1), gate: gate)
        try await gate.enter()  // the one worker is taken
        let a = await busy.answer(.intersection, body: try realBytes("fbas_analyzer__mobilecoin_nodes_2021-10-22.json"), query: [:])
        #expect(a.status == 503)
        #expect(a.retryAfter == 1)
        #expect(errorKind(a) == "busy")
        await gate.leave()
        let b = await busy.answer(.intersection, body: try realBytes("fbas_analyzer__mobilecoin_nodes_2021-10-22.json"), query: [:])
        #expect(b.status == 200, "the worker is back")
    }

    @Test func aRequestsTimeLimitIsCappedAndATimeoutIsAnAnswer() throws {
        var configuration = ServerConfiguration(workers: 1)
        configuration.maxTimeout = 30
        let bytes = try realBytes("withObsrvr-stellarbeat__nodes_2025-11-13.json")
        #expect(try ParsedRequest(body: bytes, query: ["timeout": "600"], configuration: configuration).timeout == 30)
        #expect(try ParsedRequest(body: bytes, query: ["timeout": "2.5"], configuration: configuration).timeout == 2.5)
        #expect(try ParsedRequest(body: bytes, query: [:], configuration: configuration).timeout == 30, "no limit asked: the cap")
        // A deadline already past: 200 with status timeout, and no figure guessed.
        let request = try ParsedRequest(body: bytes, query: [:], configuration: configuration)
        let a = AnalysisService.run(.splittingSets, request, options: AnalysisOptions(deadline: .now - .seconds(1)))
        #expect(a.status == 200)
        #expect(a.body.object?["status"]?.string == "timeout")
        #expect(a.body.object?["size"] == .null)
    }
}

/// Analyses run on threads of their own: with every worker busy, the server still answers.
@Suite struct BusyWorkersTests {
    final class Latch: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
    }

    /// Both workers held inside their analyses: async work (what every HTTP handler is) still
    /// runs, and a third request is turned away at once. Were the analyses on Swift's
    /// cooperative pool (as wide as the cores), this would hang instead.
    @Test func theServerStaysResponsiveWhileEveryWorkerIsBusy() async throws {
        let latch = Latch()
        let gate = AnalysisGate(workers: 2, queue: 0)
        let service = AnalysisService(configuration: ServerConfiguration(workers: 2), gate: gate, beforeRun: { _ in latch.semaphore.wait() })
        let bytes = try realBytes("fbas_analyzer__mobilecoin_nodes_2021-10-22.json")
        let held = (0..<2).map { _ in Task { await service.answer(.intersection, body: bytes, query: [:]).status } }
        while await gate.load.running < 2 { await Task.yield() }
        let busy = (0..<4).map { i in Task.detached { i * 2 } }
        var sum = 0
        for t in busy { sum += await t.value }
        #expect(sum == 12, "async work ran while both workers were held")
        #expect(await service.health().status == 200)
        let turnedAway = await service.answer(.intersection, body: bytes, query: [:])
        #expect(turnedAway.status == 503)
        latch.semaphore.signal()
        latch.semaphore.signal()
        for task in held { #expect(await task.value == 200) }
    }
}

@Suite struct AnalysisGateTests {
    @Test func waitersAreAdmittedInTurnAndTheQueueIsBounded() async throws {
        let gate = AnalysisGate(workers: 1, queue: 1)
        try await gate.enter()
        let waiter = Task { try await gate.enter() }
        // Wait (by polling the actor, no clock) until the waiter is queued.
        while await gate.load.waiting == 0 { await Task.yield() }
        await #expect(throws: AnalysisGate.Full.self) { try await gate.enter() }
        await gate.leave()
        try await waiter.value
        let load = await gate.load
        #expect(load.running == 1 && load.waiting == 0)
        await gate.leave()
        #expect(await gate.load.running == 0)
    }
}
