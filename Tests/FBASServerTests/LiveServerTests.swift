import Dispatch
import FBASTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import SolverCore
import StrictJSON
import Synchronization
import Testing
@testable import FBASServer

/// The real server on a loopback port, run as `fbas-server` runs it (its services in a service
/// group), with `body` given the port; shut down gracefully afterwards. Bodies up to 16 MiB.
func withLiveServer(workers: Int = 2, queue: Int = 16, grace: Double = 0,
                    beforeRun: (@Sendable (InterruptFlag) -> Void)? = nil,
                    _ body: @escaping @Sendable (Int, AnalysisService, ServiceGroup) async throws -> Void) async throws {
    var configuration = ServerConfiguration(workers: workers)
    configuration.port = 0
    configuration.queue = queue
    configuration.shutdownGrace = grace
    configuration.maxBodyBytes = 16 << 20
    let service = AnalysisService(configuration: configuration, beforeRun: beforeRun)
    let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let (ports, portSink) = AsyncStream<Int>.makeStream()
    let group = ServiceGroup(configuration: .init(
        services: serverServices(configuration, service: service, logger: quiet,
                                 onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) }),
        logger: quiet))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        do {
            try await body(port, service, group)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// `value` without times, `cacheHit` and witnesses: two runs of one analysis agree on every
/// figure, bound and status, but a search that races two threads may find another (equally
/// small) witness.
func withoutTimes(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(var o):
        o.members = o.members.filter { !["seconds", "cacheHit", "parts", "set", "validators", "quorumA", "quorumB", "restsOn"].contains($0.key) }
            .map { ($0.key, withoutTimes($0.value)) }
        return .object(o)
    case .array(let items): return .array(items.map(withoutTimes))
    default: return value
    }
}

/// A one-way signal between a test and an analysis thread, with a time limit on waiting.
final class Signal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func fire() { semaphore.signal() }
    /// Whether it fired within `seconds`; waits on a thread of its own.
    func wait(seconds: Double = 60) async -> Bool {
        await onThread { self.semaphore.wait(timeout: .now() + seconds) == .success }
    }
    func waitHere(seconds: Double = 60) -> Bool { semaphore.wait(timeout: .now() + seconds) == .success }
}

/// Holds an analysis (on its worker thread) until its interrupt flag is raised, at most a minute.
func waitForInterrupt(_ flag: InterruptFlag) -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while !flag.isRaised, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
    return flag.isRaised
}

@Suite(.serialized) struct LiveServerTests {
    let snapshot = "fbas_analyzer__mobilecoin_nodes_2021-10-22.json"

    @Test func everyEndpointAnswersOverHTTPAsTheServiceDoes() async throws {
        let bytes = try realBytes(snapshot)
        let reference = AnalysisService(configuration: ServerConfiguration(workers: 1))
        try await withLiveServer { port, _, _ in
            for endpoint in AnalysisService.Endpoint.allCases {
                let reply = try #require(await exchange(port: port, "POST", "/\(endpoint.rawValue)?profile=stellarbeat", body: bytes))
                #expect(reply.status == 200, "\(endpoint)")
                #expect(reply.headers["content-type"] == "application/json")
                #expect(reply.headers["fbas-cache"] == "miss")
                let expected = await reference.answer(endpoint, body: bytes, query: ["profile": "stellarbeat"])
                #expect(withoutTimes(try #require(reply.json)) == withoutTimes(expected.body), "\(endpoint)")
            }
            let again = try #require(await exchange(port: port, "POST", "/analyze/intersection?profile=stellarbeat", body: bytes,
                                                    headers: ["X-Request-Id": "explorer-42"]))
            #expect(again.headers["fbas-cache"] == "hit" && again.json?.object?["cacheHit"] == .bool(true))
            #expect(again.headers["x-request-id"] == "explorer-42", "the client's request id comes back")

            let health = try #require(await exchange(port: port, "GET", "/health"))
            #expect(health.status == 200 && health.json?.object?["status"]?.string == "ok")
            let openapi = try #require(await exchange(port: port, "GET", "/openapi.json"))
            #expect(openapi.json?.object?["openapi"]?.string == "3.1.0")
            let metrics = try #require(await exchange(port: port, "GET", "/metrics"))
            let text = String(decoding: metrics.body, as: UTF8.self)
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(text.contains(#"fbas_http_requests_total{endpoint="/analyze/intersection",method="POST",status="200"} 2"#))
            #expect(text.contains("fbas_cache_hits_total 1"))
        }
    }

    @Test func hostileBodiesGetTheirStatusAndTheServerServesTheNextRequest() async throws {
        try await withLiveServer { port, _, _ in
            let cases: [(String, [UInt8], Int, String)] = [
                ("truncated", Array(#"[{"publicKey": "GA", "quorumSet": {"threshold": 1, "valid"#.utf8), 400, "syntax"),
                ("not JSON", Array("<html>hello</html>".utf8), 400, "syntax"),
                ("100 000-deep nesting", Array(String(repeating: "[", count: 100_000).utf8), 400, "syntax"),
                ("a number where the network should be", Array("42".utf8), 400, "shape"),
                ("empty", [], 400, "syntax"),
            ]
            for (name, body, status, kind) in cases {
                let reply = try #require(await exchange(port: port, "POST", "/analyze", body: body), "\(name)")
                #expect(reply.status == status, "\(name)")
                #expect(reply.json?.object?["error"]?.object?["kind"]?.string == kind, "\(name)")
            }
            // 50 MB announced: refused from the header, before a byte of the body is read.
            let huge = try #require(await exchange(port: port, "POST", "/analyze", headers: ["Content-Length": String(50 << 20)]))
            #expect(huge.status == 413)
            #expect(huge.json?.object?["error"]?.object?["kind"]?.string == "tooLarge")
            let wrongMethod = try #require(await exchange(port: port, "GET", "/analyze/top-tier"))
            #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "POST")
            #expect(wrongMethod.json?.object?["error"]?.object?["kind"]?.string == "method")
            let nowhere = try #require(await exchange(port: port, "GET", "/nowhere"))
            #expect(nowhere.status == 404 && nowhere.json?.object?["error"]?.object?["kind"]?.string == "notFound")
            let health = try #require(await exchange(port: port, "GET", "/health"))
            #expect(health.status == 200)
        }
    }

    @Test func aClientThatGoesAwayStopsItsAnalysis() async throws {
        let entered = Signal(), finished = Signal()
        let stopped = Mutex(false)
        try await withLiveServer(beforeRun: { flag in
            entered.fire()
            let raised = waitForInterrupt(flag)
            stopped.withLock { $0 = raised }
            finished.fire()
        }) { port, _, _ in
            let connection = try #require(LoopbackConnection(port: port))
            connection.send("POST", "/analyze/splitting-sets?timeout=600", body: try realBytes(snapshot))
            #expect(await entered.wait(), "the analysis started")
            connection.close()
            #expect(await finished.wait())
            let raised = stopped.withLock { $0 }
            #expect(raised, "the analysis saw its interrupt flag raised")
        }
    }

    @Test func requestsBeyondWorkersAndQueueGet503WithRetryAfter() async throws {
        let release = Signal()
        try await withLiveServer(workers: 1, queue: 1, beforeRun: { _ in _ = release.waitHere() }) { port, service, _ in
            let bytes = try realBytes(snapshot)
            let first = Task { await exchange(port: port, "POST", "/analyze/intersection", body: bytes) }
            while await service.gate.load.running < 1 { try await Task.sleep(for: .milliseconds(10)) }
            let second = Task { await exchange(port: port, "POST", "/analyze/top-tier", body: bytes) }
            while await service.gate.load.waiting < 1 { try await Task.sleep(for: .milliseconds(10)) }
            let third = try #require(await exchange(port: port, "POST", "/analyze/quorums", body: bytes))
            #expect(third.status == 503)
            #expect(Int(third.headers["retry-after"] ?? "").map { (1...60).contains($0) } == true)
            #expect(third.json?.object?["error"]?.object?["kind"]?.string == "busy")
            release.fire()
            release.fire()
            #expect(await first.value?.status == 200)
            #expect(await second.value?.status == 200)
        }
    }

    @Test func aGracefulShutdownStopsRunningAnalysesWhichStillAnswer() async throws {
        let entered = Signal()
        try await withLiveServer(grace: 0, beforeRun: { flag in
            entered.fire()
            _ = waitForInterrupt(flag)
        }) { port, service, group in
            let bytes = try realBytes(snapshot)
            let reply = Task { await exchange(port: port, "POST", "/analyze/splitting-sets?timeout=600", body: bytes) }
            #expect(await entered.wait())
            await group.triggerGracefulShutdown()
            let answer = try #require(await reply.value)
            #expect(answer.status == 200)
            #expect(answer.json?.object?["status"]?.string == "timeout", "stopped, with the bounds it proved")
            #expect(service.running.isStopping)
        }
    }

    /// A 50 MB body streamed through Hummingbird's own client: 413, and the connection is still
    /// good for the next request.
    @Test func aFiftyMegabyteBodyGets413() async throws {
        var configuration = ServerConfiguration(workers: 1)
        configuration.port = 0
        configuration.maxBodyBytes = 16 << 20
        try await buildApplication(configuration).test(.live) { client in
            let body = ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: " "), count: 50 << 20))
            try await client.execute(uri: "/analyze", method: .post, body: body) { r in
                #expect(r.status == .contentTooLarge)
            }
            try await client.execute(uri: "/health", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}
