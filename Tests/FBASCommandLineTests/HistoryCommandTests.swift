import FBASTestSupport
import Foundation
import StrictJSON
import Testing

/// `fbas history` on the shared series of real snapshots.
@Suite(.serialized) struct HistoryCommandTests {
    let series = FBASProcess.sharedData.appendingPathComponent("real").path

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fbas-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// JSON lines without times (`seconds`, `parts`): what two runs of the same analyses share.
    func withoutTimes(_ jsonl: String) throws -> [JSONValue] {
        func strip(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(var o):
                o.members = o.members.filter { $0.key != "seconds" && $0.key != "parts" }.map { ($0.key, strip($0.value)) }
                return .object(o)
            case .array(let a): return .array(a.map(strip))
            default: return v
            }
        }
        return try jsonl.split(separator: "\n").map { strip(try JSONParser.parse(Array($0.utf8))) }
    }

    @Test func theSeriesGivesCSVJSONLinesAndAChartAndASecondRunAnalysesNothing() throws {
        let dir = try temporaryDirectory()
        let prefix = dir + "/h"
        let first = try FBASProcess.run(["history", series, "--out", prefix, "--format", "json"])
        #expect(first.status == 0, "\(first.stderr.suffix(500))")
        let files = try FileManager.default.contentsOfDirectory(atPath: series).filter { $0.hasSuffix(".json") }.count
            + (try FileManager.default.contentsOfDirectory(atPath: series + "/stellar-core").filter { $0.hasSuffix(".json") }.count)
        #expect(first.result?["snapshots"] as? Int == files, "every file has a row")
        #expect((first.result?["failed"] as? [String])?.count == 2, "the two organizations files, named, not dropped")
        let analysed = try #require(first.result?["analysed"] as? Int)
        #expect(analysed > 0 && analysed <= files - 2)
        let csv = try read(prefix + ".csv").split(separator: "\n")
        #expect(csv.count == files + 1)
        #expect(csv[0].hasPrefix("file,date,dateSource,network,status,validators,hasQuorumIntersection"))
        #expect(csv.contains { $0.contains("stellarbeat-backend__nodes_2018-10-19.json,2018-10-19,name,") && $0.contains(",ok,") })
        #expect(try read(prefix + ".jsonl").split(separator: "\n").count == files)
        #expect(try read(prefix + ".svg").hasPrefix("<svg"))

        let second = try FBASProcess.run(["history", series, "--out", prefix, "--format", "json"])
        #expect(second.status == 0)
        #expect(second.result?["analysed"] as? Int == 0, "the output holds every network")
        #expect(second.result?["fromEarlierOutput"] as? Int == files - 2)
    }

    @Test func twoShardsConcatenatedEqualTheWholeRun() throws {
        let dir = try temporaryDirectory()
        for (args, prefix) in [([], "whole"), (["--shard", "1/2"], "s1"), (["--shard", "2/2"], "s2")] {
            let run = try FBASProcess.run(["history", series, "--out", "\(dir)/\(prefix)", "--quiet"] + args)
            #expect(run.status == 0, "\(args): \(run.stderr.suffix(300))")
        }
        #expect(try read(dir + "/s1.csv") + read(dir + "/s2.csv") == read(dir + "/whole.csv"))
        #expect(try withoutTimes(read(dir + "/s1.jsonl") + read(dir + "/s2.jsonl")) == withoutTimes(read(dir + "/whole.jsonl")))
        #expect(!FileManager.default.fileExists(atPath: dir + "/s1.svg"), "a shard draws no chart")
    }

    @Test func anInterruptedRunResumesFromItsPartialOutput() throws {
        let dir = try temporaryDirectory()
        let prefix = dir + "/h"
        _ = try FBASProcess.run(["history", series, "--out", prefix, "--quiet"])
        // Keep three rows and half of a fourth, as a killed run leaves them.
        let lines = try read(prefix + ".jsonl").split(separator: "\n")
        try (lines.prefix(3).joined(separator: "\n") + "\n" + lines[3].prefix(100)).write(toFile: prefix + ".jsonl", atomically: true, encoding: .utf8)
        let resumed = try FBASProcess.run(["history", series, "--out", prefix, "--format", "json"])
        #expect(resumed.status == 0)
        #expect((resumed.result?["fromEarlierOutput"] as? Int ?? 0) >= 3)
        #expect(try read(prefix + ".jsonl").split(separator: "\n").count == lines.count, "the partial line is gone, every row is back")
    }
}
