import ArgumentParser
import FBASCommandLine
import FBASTestSupport
import Foundation
import StrictJSON
import Testing

/// Runs the built `fbas` executable, as scripts will.
enum FBASProcess {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// The `fbas` binary beside the test bundle (SwiftPM builds it because the test target
    /// depends on the executable target).
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("fbas")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/fbas")
    }()

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The JSON envelope, when stdout holds exactly one JSON object.
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] }
        var result: [String: Any]? { json?["result"] as? [String: Any] }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a large output cannot fill the pipe and stall the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Writes `text` to a fresh temporary file.
    static func temporaryFile(_ text: String, name: String = "network.json") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fbas-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func networkFiles() -> [String] {
        let e = FileManager.default.enumerator(atPath: sharedData.path)
        return (e?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".json") }.sorted().filter { file in
            guard let data = FileManager.default.contents(atPath: sharedData.appendingPathComponent(file).path),
                  let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]], let first = array.first
            else { return true }  // python-fbas objects, and arrays of nodes
            return first["publicKey"] != nil
        }
    }
}

@Suite struct ValidateCommandTests {
    @Test(arguments: FBASProcess.networkFiles())
    func everySharedNetworkValidatesWithItsCounts(_ file: String) throws {
        let path = FBASProcess.sharedData.appendingPathComponent(file).path
        let r = try FBASProcess.run(["validate", "--fbas", path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let object = raw as? [String: Any]
        let records = (raw as? [Any]) ?? (object?["validators"] as? [Any]) ?? (object?["nodes"] as? [Any]) ?? []
        let keys = Set(records.compactMap { ($0 as? [String: Any]).flatMap { ($0["publicKey"] ?? $0["id"] ?? $0["node"]) as? String } })
        #expect(r.result?["definedValidatorCount"] as? Int == keys.count)
        #expect((r.result?["validators"] as? [Any])?.count == r.result?["validatorCount"] as? Int)
    }

    @Test func envelopeIsExactlyOneJSONObjectWithTheAgreedKeys() throws {
        let r = try FBASProcess.run(["validate", "--format", "json"])
        #expect(r.status == 0)
        let json = try #require(r.json)
        #expect(Set(json.keys) == ["command", "status", "result", "warnings", "seconds", "solver"])
        #expect(json["command"] as? String == "validate")
        #expect(json["status"] as? String == "ok")
        #expect(r.result?["definedValidatorCount"] as? Int == 637, "the bundled snapshot is the default")
    }

    @Test func textModeSummarisesManyWarningsOnStandardError() throws {
        // stellarbeat wrote 2018–2021's unknown quorum sets as threshold 2^53 − 1: dozens of warnings.
        let r = try FBASProcess.run(["validate", "--fbas", FBASProcess.sharedData.appendingPathComponent("real/nodejs_fbas_analyzer__nodes_2020-06-12.json").path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("validators:"))
        #expect(r.stderr.contains("more ("))
        #expect(r.stderr.split(separator: "\n").count <= 11)
    }
}

@Suite struct BadInputTests {
    func expectInputError(_ text: String, mentioning phrase: String, extra: [String] = []) throws {
        let path = try FBASProcess.temporaryFile(text)
        for format in ["text", "json"] {
            let r = try FBASProcess.run(["validate", "--fbas", path, "--format", format] + extra)
            #expect(r.status == 2, "exit code for \(phrase)")
            let errorLines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(errorLines.count == 1)
            #expect(errorLines.first?.contains(path) == true)
            #expect(errorLines.first?.contains(phrase) == true, "\(r.stderr)")
            if format == "json" { #expect(r.json?["status"] as? String == "error") }
        }
    }

    @Test func notJSONExitsTwoNamingLineAndColumn() throws {
        try expectInputError("[{\"publicKey\": nope}]", mentioning: "line 1, column 17")
    }

    @Test func truncatedJSONExitsTwo() throws {
        try expectInputError("[{\"publicKey\": \"A\", \"quorumSet\": {\"threshold\": 1", mentioning: "not valid JSON")
    }

    @Test func aNumberAtTopLevelExitsTwo() throws {
        try expectInputError("42", mentioning: "a number (42)")
    }

    @Test func aQsetCycleExitsTwo() throws {
        try expectInputError(#"{"validators": [{"id": "A", "qset": "x"}], "qsets": {"x": {"threshold": 1, "members": ["y"]}, "y": {"threshold": 1, "members": ["x"]}}}"#,
                             mentioning: "cycle")
    }

    @Test func aHundredThousandDeepNestingExitsTwoWithoutCrashing() throws {
        try expectInputError(String(repeating: "[", count: 100_000), mentioning: "nesting deeper than")
    }

    @Test func perValidatorProblemsWarnByDefaultAndFailUnderStrict() throws {
        let path = try FBASProcess.temporaryFile(#"[{"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["A", "Z"]}}, {"publicKey": "A"}]"#)
        let lenient = try FBASProcess.run(["validate", "--fbas", path, "--format", "json"])
        #expect(lenient.status == 0)
        let kinds = (lenient.json?["warnings"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["duplicatePublicKey", "undefinedValidatorReference"])
        #expect((lenient.json?["warnings"] as? [[String: Any]])?.allSatisfy { $0["file"] as? String == path } == true)
        let strict = try FBASProcess.run(["validate", "--fbas", path, "--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("--strict"))
    }

    @Test func aMissingFileExitsTwo() throws {
        let r = try FBASProcess.run(["check-intersection", "--fbas", "/nonexistent/x.json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/x.json"))
    }

    @Test func anUnknownFlagIsAUsageError() throws {
        let r = try FBASProcess.run(["validate", "--no-such-flag"])
        #expect(r.status == 64)
    }
}

@Suite struct AnalysisCommandTests {
    func shared(_ file: String) -> String { FBASProcess.sharedData.appendingPathComponent(file).path }

    /// Every back end, and the default pair (no --solver), which the envelope names.
    @Test(arguments: ["cryptominisat", "cadical", "z3", "reference", "cadical+cryptominisat"])
    func brokenNetworkSplitsWithTwoDisjointQuorums(_ solver: String) throws {
        let choice = solver.contains("+") ? [] : ["--solver", solver]
        let r = try FBASProcess.run(["check-intersection", "--fbas", shared("small/broken_trivial.json"), "--format", "json"] + choice)
        #expect(r.status == 0)
        #expect(r.result?["outcome"] as? String == "split")
        let a = Set(r.result?["quorumA"] as? [String] ?? []), b = Set(r.result?["quorumB"] as? [String] ?? [])
        #expect(!a.isEmpty && !b.isEmpty && a.isDisjoint(with: b))
        #expect(r.json?["solver"] as? String == solver)
    }

    /// Least quorums race an integer program (cbc, which the setup scripts install) beside
    /// MaxSAT by default, and the envelope says so; with one back end asked for, only it answers.
    @Test func theLeastQuorumEnvelopeNamesTheIntegerProgram() throws {
        let r = try FBASProcess.run(["min-quorum", "--fbas", shared("small/correct_trivial.json"), "--format", "json"])
        #expect(r.status == 0)
        #expect(r.json?["solver"] as? String == "cadical+cryptominisat+cbc")
        let one = try FBASProcess.run(["history-loss", "--fbas", shared("small/correct_trivial.json"), "--format", "json", "--solver", "cadical"])
        #expect(one.json?["solver"] as? String == "cadical")
    }

    @Test func correctNetworkIntersects() throws {
        let r = try FBASProcess.run(["check-intersection", "--fbas", shared("small/correct_trivial.json"), "--format", "json"])
        #expect(r.result?["outcome"] as? String == "intersects")
    }

    @Test func blockingAndSplittingSetsCountGroupsWhenGrouped() throws {
        let net = shared("pubnet/stellarbeat_nodes_2019-09-17.json"), orgs = shared("pubnet/stellarbeat_organizations_2019-09-17.json")
        let b = try FBASProcess.run(["min-blocking-set", "--fbas", net, "--organizations", orgs, "--format", "json"])
        #expect(b.status == 0)
        let size = try #require(b.result?["size"] as? Int)
        #expect((b.result?["set"] as? [String])?.count == size)
        #expect(((b.result?["validators"] as? [String])?.count ?? 0) >= size)
        let s = try FBASProcess.run(["min-splitting-set", "--fbas", net, "--group-by", "geoData.countryName", "--format", "json"])
        #expect(s.status == 0)
        #expect((s.result?["set"] as? [String])?.count == s.result?["size"] as? Int)
    }

    @Test func filteredBlockingListsTheValidatorsAlreadyDown() throws {
        let r = try FBASProcess.run(["min-blocking-set", "--filtered", "--format", "json"])
        #expect(r.status == 0)
        #expect(((r.result?["down"] as? [String])?.count ?? 0) > 0)
        let down = Set(r.result?["down"] as? [String] ?? []), set = Set(r.result?["validators"] as? [String] ?? [])
        #expect(down.isDisjoint(with: set))
    }

    @Test func anExpiredTimeLimitSaysTimeoutAndExitsThree() throws {
        let r = try FBASProcess.run(["min-blocking-set", "--timeout", "0.001", "--format", "json"])
        #expect(r.status == 3)
        #expect(r.json?["status"] as? String == "timeout")
        #expect(r.result?["size"] is NSNull)
    }

    @Test func analyzeReportsEveryLevelAtTheTopLikeAnalysisResult() throws {
        let r = try FBASProcess.run(["analyze", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.result?["hasQuorumIntersection"] as? Bool == true)
        #expect(r.result?["hasSymmetricTopTier"] as? Bool == true)
        for level in ["node", "organization", "country", "isp"] {
            let figures = try #require(r.result?[level] as? [String: Any], "\(level)")
            for field in ["topTierSize", "blockingSetsMinSize", "blockingSetsFilteredMinSize", "splittingSetsMinSize"] {
                #expect(figures[field] is Int, "\(level).\(field)")
            }
        }
    }

    /// Every command's JSON, on the bundled snapshot and a split network, holds to the
    /// committed schema: the envelope, and its result to the definition of that command.
    @Test(arguments: [
        (["analyze"], "NetworkReport"), (["analyze", "--profile", "stellarbeat"], "NetworkReport"),
        (["check-intersection"], "IntersectionReport"), (["min-blocking-set"], "BlockingSetReport"),
        (["min-blocking-set", "--filtered"], "BlockingSetReport"), (["min-splitting-set", "--group-by", "geoData.countryName"], "SplittingSetReport"),
        (["history-loss"], "HistoryCriticalReport"), (["min-quorum"], "QuorumReport"), (["min-quorum", "--mode", "minimal"], "QuorumReport"),
        (["top-tier"], "TopTierReport"), (["top-tier", "--all", "--max-quorums", "3"], "TopTierReport"), (["validate"], "ValidationReport"),
        (["check-intersection", "--fbas", "/nonexistent.json"], "ErrorReport"),
    ] as [([String], String)])
    func jsonOutputConformsToTheCommittedSchema(_ arguments: [String], _ definition: String) throws {
        let schema = try SchemaValidator.committed()
        let networks = arguments.contains("--fbas") ? [nil] : [nil, shared("real/nodejs_fbas_analyzer__nodes_2019-06-01.json")]
        for network in networks {
            let args = arguments + (network.map { ["--fbas", $0] } ?? []) + ["--format", "json"]
            let r = try FBASProcess.run(args)
            let envelope = try JSONParser.parse(Array(r.stdout.utf8))
            #expect(schema.problems(envelope, against: "Envelope").isEmpty, "\(args)")
            var result = try #require(envelope.object?["result"])
            if definition == "ErrorReport" { result = try #require(result.object?["error"]) }
            let problems = schema.problems(result, against: definition)
            #expect(problems.isEmpty, "\(args): \(problems.prefix(5))")
        }
    }

    @Test func theBundledSnapshotPassesStrictAndAMissingReferencedValidatorFailsIt() throws {
        let bundled = try FBASProcess.run(["validate", "--strict", "--format", "json"])
        #expect(bundled.status == 0, "\(bundled.stderr.suffix(300))")
        #expect((bundled.result?["watcherCount"] as? Int ?? 0) > 500, "the crawl's watchers are counted, not reported")
        let path = try FBASProcess.temporaryFile(#"[{"publicKey": "A", "quorumSet": {"threshold": 2, "validators": ["A", "B"]}}, {"publicKey": "B", "quorumSet": null}]"#)
        let missing = try FBASProcess.run(["validate", "--strict", "--fbas", path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("B"))
    }

    @Test func theDefaultSplitOn2019NamesTheUnknownQuorumSetsItRestsOn() throws {
        let r = try FBASProcess.run(["analyze", "--fbas", shared("real/nodejs_fbas_analyzer__nodes_2019-06-01.json")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("quorum intersection: FAILS"))
        #expect(r.stdout.contains("rests on"))
        #expect(r.stdout.contains("--unknown-qsets dead): quorum intersection holds"))
    }

    @Test func toJSONRoundTripsThroughTheOtherFormat() throws {
        let out = try FBASProcess.temporaryFile("", name: "converted.json")
        let w = try FBASProcess.run(["to-json", "--fbas", shared("pubnet/validators.json"), "--to", "stellarbeat", "-o", out])
        #expect(w.status == 0)
        let original = try FBASProcess.run(["validate", "--fbas", shared("pubnet/validators.json"), "--format", "json"])
        let converted = try FBASProcess.run(["validate", "--fbas", out, "--format", "json"])
        #expect(converted.result?["format"] as? String == "stellarbeat")
        for key in ["validatorCount", "definedValidatorCount", "qsetCount", "unknownQsetCount"] {
            #expect(converted.result?[key] as? Int == original.result?[key] as? Int, "\(key)")
        }
    }
}

@Suite struct StartupTests {
    /// Start-up decides small networks (issue 18): `fbas` must not load Foundation proper, its
    /// internationalisation or ICU (about 2 ms of every run), nor libcurl. (The release build
    /// also links the Swift runtime in statically; the tests run the debug build.) The dynamic
    /// loader names every library it opens under `LD_DEBUG=files`.
    @Test func fbasLoadsNeitherFoundationWithICUNorNetworking() throws {
        let r = try FBASProcess.run(["check-intersection", "--fbas", FBASProcess.sharedData.appendingPathComponent("small/correct.json").path],
                                    environment: ["LD_DEBUG": "files"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("file=libc.so"), "the loader reports what it opens")
        for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so", "libFoundationNetworking.so", "libcurl"] {
            #expect(!r.stderr.contains("file=\(library)"), "\(library) is loaded")
        }
    }

    /// swift-argument-parser derives a command's name by reflection (`String(describing:)`,
    /// a scan of every protocol conformance in the binary) unless the configuration names it,
    /// and it asks every subcommand's name on every run.
    @Test func everySubcommandNamesItself() {
        for command in FBASCommand.configuration.subcommands {
            #expect(command.configuration.commandName != nil, "\(command)")
        }
    }
}
