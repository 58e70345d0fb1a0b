import FBASTestSupport
import Foundation
import Testing

/// `--fbas URL`: an explorer's node API, downloaded once and then read from the cache.
@Suite struct RemoteNetworkTests {
    @Test func aURLIsDownloadedOnceCachedAndRefreshedOnRequest() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let snapshot = try Data(contentsOf: FBASProcess.sharedData.appendingPathComponent("real/withObsrvr-stellarbeat__nodes_2025-11-13.json"))
        server.answer(body: Array(snapshot))
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("fbas-cache-\(UUID().uuidString)").path
        let url = "http://127.0.0.1:\(server.port)/api/v1/node"
        let environment = ["FBAS_CACHE_DIR": cache]

        let first = try FBASProcess.run(["check-intersection", "--fbas", url, "--format", "json"], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.result?["outcome"] as? String == "intersects")
        #expect(server.requests == 1)

        let cached = try FBASProcess.run(["check-intersection", "--fbas", url], environment: environment)
        #expect(cached.status == 0)
        #expect(server.requests == 1, "the second run reads the cache")
        #expect(cached.stderr.contains("the cached copy"))

        server.answer(status: 503, body: Array("{}".utf8))
        let refused = try FBASProcess.run(["check-intersection", "--fbas", url, "--refresh", "--format", "json"], environment: environment)
        #expect(server.requests == 2)
        #expect(refused.status == 2, "a failed refresh is an input error, not the stale copy")
        let error = try #require(refused.result?["error"] as? [String: Any])
        #expect(error["file"] as? String == url)
        #expect((error["message"] as? String)?.contains("HTTP 503") == true)
    }

    @Test func anUnreachableURLWithoutACachedCopyIsAnInputError() throws {
        // Port 1 (tcpmux): nothing listens there, so the connection is refused at once.
        let port = 1
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("fbas-cache-\(UUID().uuidString)").path
        let run = try FBASProcess.run(["validate", "--fbas", "http://127.0.0.1:\(port)/nodes", "--format", "json"], environment: ["FBAS_CACHE_DIR": cache])
        #expect(run.status == 2)
        #expect(((run.result?["error"] as? [String: Any])?["message"] as? String)?.contains("cannot download") == true)
    }
}
