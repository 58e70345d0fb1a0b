import FBASTestSupport
import Foundation
import Testing

/// stellar-core's own `check-quorum-intersection` inputs (`{"nodes": [{"node", "qset": {"t", "v"}}]}`).
@Suite struct StellarCoreInputTests {
    func path(_ name: String) -> String { FBASProcess.sharedData.appendingPathComponent("real/stellar-core/\(name)").path }

    @Test(arguments: [("enjoys-intersection.json", "intersects"), ("no-intersection.json", "split")])
    func theyAnswerAsStellarCoresTestsSayAndRoundTrip(_ name: String, _ outcome: String) throws {
        let check = try FBASProcess.run(["check-intersection", "--fbas", path(name), "--format", "json"])
        #expect(check.status == 0)
        #expect(check.result?["outcome"] as? String == outcome)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("core-\(UUID().uuidString).json").path
        let written = try FBASProcess.run(["to-json", "--fbas", path(name), "--to", "stellar-core", "-o", out])
        #expect(written.status == 0)
        let again = try FBASProcess.run(["check-intersection", "--fbas", out, "--format", "json"])
        #expect(again.result?["outcome"] as? String == outcome)
        // The same nodes and quorum sets after the round trip.
        func nodes(_ p: String) throws -> [String: String] {
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: p))) as? [String: Any]
            var result: [String: String] = [:]
            for n in doc?["nodes"] as? [[String: Any]] ?? [] {
                let q = try JSONSerialization.data(withJSONObject: n["qset"] ?? NSNull(), options: [.sortedKeys])
                result[n["node"] as? String ?? ""] = String(decoding: q, as: UTF8.self)
            }
            return result
        }
        #expect(try nodes(out) == nodes(path(name)))
    }
}
