import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Careless and hostile runs end cleanly: a documented exit code, one JSON envelope in JSON
/// mode, a message that names the problem (issue: hostile input and time limits).
@Suite struct HostileInputTests {
    func shared(_ file: String) -> String { FBASProcess.sharedData.appendingPathComponent(file).path }

    func errorKind(_ r: FBASProcess.Outcome) -> String? {
        (r.result?["error"] as? [String: Any])?["kind"] as? String
    }

    @Test(arguments: ["1e10", "1e16", "1.7976931348623157e308"])
    func anAbsurdlyLongTimeLimitIsNoLimitNotATrap(_ seconds: String) throws {
        let r = try FBASProcess.run(["check-intersection", "--timeout", seconds, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr.suffix(200))")
        #expect(r.result?["outcome"] as? String == "intersects")
    }

    @Test(arguments: [["check-intersection", "--timeout", "-1"], ["analyze", "--bogus"], ["min-blocking-set", "--filtered", "--down", "X"],
                      ["min-splitting-set", "--group-by", "isp", "--organizations", "x.json"], ["validate", "--max-input-mb", "0"]])
    func usageErrorsInJSONModePrintTheEnvelope(_ arguments: [String]) throws {
        let r = try FBASProcess.run(arguments + ["--format", "json"])
        #expect(r.status == 64)
        #expect(r.json?["status"] as? String == "error")
        #expect(r.json?["command"] as? String == arguments[0])
        #expect(errorKind(r) == "usage")
        let message = (r.result?["error"] as? [String: Any])?["message"] as? String
        #expect(message.map { !$0.isEmpty } == true)
    }

    @Test func aNegativeTimeoutIsCalledOutAsSuch() throws {
        let r = try FBASProcess.run(["check-intersection", "--timeout", "-1"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--timeout must be a positive number"))
    }

    @Test func aFullDeviceOnStandardOutputIsExitOneWithAMessage() throws {
        let process = Process()
        process.executableURL = FBASProcess.executable
        process.arguments = ["validate"]
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardOutput = full
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("cannot write to standard output"))
    }

    @Test func aDeviceIsRefusedAtOnce() throws {
        let r = try FBASProcess.run(["validate", "--fbas", "/dev/zero", "--format", "json"])
        #expect(r.status == 2)
        #expect(errorKind(r) == "unreadable")
        #expect(r.stderr.contains("is a device, not a regular file"))
    }

    @Test func aFIFOWithoutAWriterIsRefusedNotWaitedOn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fbas-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fifo = dir.appendingPathComponent("pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let r = try FBASProcess.run(["validate", "--fbas", fifo])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is a FIFO"))
        let w = try FBASProcess.run(["to-json", "-o", fifo])
        #expect(w.status == 2)
        #expect(w.stderr.contains("not a regular file"))
    }

    @Test func aMissingFileSaysWhatHappened() throws {
        let r = try FBASProcess.run(["validate", "--fbas", "/nonexistent/x.json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("No such file or directory"))
    }

    @Test func standardInputIsReadWhenAskedForAndBounded() throws {
        let process = Process()
        process.executableURL = FBASProcess.executable
        process.arguments = ["check-intersection", "--fbas", "-", "--format", "json"]
        let input = Pipe(), out = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(try Data(contentsOf: URL(fileURLWithPath: shared("small/correct.json"))))
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try JSONSerialization.jsonObject(with: stdout) as? [String: Any]
        #expect((json?["result"] as? [String: Any])?["outcome"] as? String == "intersects")

        let big = try FBASProcess.run(["validate", "--fbas", shared("real/withObsrvr-stellarbeat__nodes_2025-11-13.json"), "--max-input-mb", "0"])
        #expect(big.status == 64)
    }

    @Test func aFileOverTheInputLimitIsAnInputErrorNamingTheLimit() throws {
        // 695 892 bytes; a limit of 1 MiB lets it through, so write a larger file.
        let path = try FBASProcess.temporaryFile(String(repeating: " ", count: 1_100_000) + "[]")
        let r = try FBASProcess.run(["validate", "--fbas", path, "--max-input-mb", "1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("over the limit of 1048576 bytes"))
    }

    @Test func groupingInputsThatGroupNothingAreInputErrors() throws {
        let nodes = shared("real/withObsrvr-stellarbeat__nodes_2025-11-13.json")
        let asOrganizations = try FBASProcess.run(["min-blocking-set", "--fbas", nodes, "--organizations", nodes])
        #expect(asOrganizations.status == 2)
        #expect(asOrganizations.stderr.contains("not an organizations file"))
        let empty = try FBASProcess.run(["min-blocking-set", "--organizations", try FBASProcess.temporaryFile("[]")])
        #expect(empty.status == 2)
        let stringList = try FBASProcess.run(["min-blocking-set", "--organizations",
                                              try FBASProcess.temporaryFile(#"[{"name": "x", "validators": "GABC"}]"#)])
        #expect(stringList.status == 2)
        #expect(stringList.stderr.contains("not an array of public keys"))
        let attribute = try FBASProcess.run(["min-blocking-set", "--group-by", "no.such.attribute"])
        #expect(attribute.status == 2)
        #expect(attribute.stderr.contains("no validator has this attribute"))
    }

    @Test func controlCharactersFromTheInputReachTheTerminalEscaped() throws {
        let evil = "EVIL\u{1B}[2K\r\u{9B}2J"
        let text = #"[{"publicKey": "A", "name": "\#(evil.unicodeScalars.map { $0.value < 0x20 || $0.value >= 0x7F ? String(format: "\\u%04x", $0.value) : String($0) }.joined())", "quorumSet": {"threshold": 1, "validators": ["A", "Z"]}}]"#
        let path = try FBASProcess.temporaryFile(text)
        let r = try FBASProcess.run(["check-intersection", "--fbas", path])
        #expect(r.status == 0)
        for output in [r.stdout, r.stderr] {
            #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x0D })
        }
        #expect(r.stdout.contains("EVIL\\u001b[2K\\u000d\\u009b2J"))
        let json = try FBASProcess.run(["check-intersection", "--fbas", path, "--format", "json"])
        #expect(!json.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
        #expect(json.json != nil, "the escaped envelope is still JSON")
    }

    @Test func toJSONWritesThroughASymbolicLink() throws {
        let target = try FBASProcess.temporaryFile("old", name: "target.json")
        let link = URL(fileURLWithPath: target).deletingLastPathComponent().appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let r = try FBASProcess.run(["to-json", "--fbas", shared("small/correct.json"), "-o", link])
        #expect(r.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target, "the link stays a link")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("["))
    }

    /// python-fbas sets that share inner sets stay shared: 5 KB whose quorum sets written out
    /// are billions of entries are analysed at their stored size, written back as python-fbas,
    /// and refused, by name, as the tree formats (which would be gigabytes).
    @Test func sharedInnerSetsAreAnalysedSharedAndRefusedOnlyByTheTreeFormats() throws {
        let path = Self.corpus.appendingPathComponent("python-shared-sets.json").path
        let split = try FBASProcess.run(["check-intersection", "--fbas", path, "--format", "json"])
        #expect(split.status == 0)
        #expect(split.result?["outcome"] as? String == "split")
        let tree = try FBASProcess.run(["to-json", "--fbas", path, "--to", "stellar-core", "--format", "json"])
        #expect(tree.status == 2)
        #expect((tree.result?["error"] as? [String: Any])?["kind"] as? String == "tooLargeToWrite")
        #expect(tree.stderr.contains("the largest, of V, has"))
        let python = try FBASProcess.run(["to-json", "--fbas", path, "--to", "python-fbas"])
        #expect(python.status == 0)
        #expect(python.stdout.utf8.count < 20_000)
    }

    @Test func duplicateKeysAreWarningsAndStrictErrors() throws {
        let path = try FBASProcess.temporaryFile(#"[{"publicKey": "A", "quorumSet": {"threshold": 1, "threshold": 2, "validators": ["A"]}}]"#)
        let r = try FBASProcess.run(["validate", "--fbas", path, "--format", "json"])
        let kinds = (r.json?["warnings"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["duplicateKey"])
        #expect(try FBASProcess.run(["validate", "--fbas", path, "--strict"]).status == 2)
    }

    /// A quorum set of 30,000 members with threshold 15,001 took CryptoMiniSat to 6.6 GB and an
    /// abort (exit 255, its message on stdout); now the question is refused for its size.
    @Test(arguments: ["min-splitting-set", "history-loss", "min-quorum", "top-tier"])
    func aQuestionTooLargeForTheClauseBudgetSaysSoInsteadOfAborting(_ command: String) throws {
        let members = (0..<30_000).map { "\"W\(String(format: "%06d", $0))\"" }.joined(separator: ",")
        let path = try FBASProcess.temporaryFile(#"[{"publicKey": "A", "quorumSet": {"threshold": 15001, "validators": [\#(members)]}}]"#)
        let r = try FBASProcess.run([command, "--fbas", path, "--format", "json"])
        #expect(r.status == 3)
        #expect(r.json?["status"] as? String == "tooLarge")
        #expect(r.result?["status"] as? String == "tooLarge")
        #expect(r.stderr.contains("clause budget"))
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("HostileCorpus")

    static func corpusFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Every crafted file of `HostileCorpus/`, through every analysis, in JSON mode with a tight
    /// clause budget: a documented exit code, exactly one envelope whose status matches it, and no raw
    /// control character anywhere in what reaches a terminal. No time limit: the files are small,
    /// and an answer must not depend on how busy the machine is.
    @Test(arguments: corpusFiles())
    func everySubcommandEndsCleanlyOnTheHostileCorpus(_ file: String) throws {
        let path = Self.corpus.appendingPathComponent(file).path
        let commands: [[String]] = [["validate"], ["to-json"], ["check-intersection"], ["min-blocking-set"], ["min-splitting-set"],
                                    ["history-loss"], ["min-quorum", "--mode", "minimal"], ["top-tier"], ["analyze"],
                                    ["analyze", "--profile", "stellarbeat"]]
        for command in commands {
            let r = try FBASProcess.run(command + ["--fbas", path, "--format", "json", "--clause-budget", "100000"])
            let expected: [Int32: Set<String>] = [0: ["ok"], 2: ["error"], 3: ["timeout", "tooLarge"]]
            let status = r.json?["status"] as? String
            #expect(expected[r.status]?.contains(status ?? "none") == true, "\(file) \(command): exit \(r.status), status \(status ?? "no envelope"), \(r.stderr.suffix(200))")
            let text = try FBASProcess.run(command + ["--fbas", path, "--clause-budget", "100000"])
            #expect(text.status == r.status, "\(file) \(command): the exit code does not depend on the format")
            for output in [r.stdout, r.stderr, text.stdout, text.stderr] {
                #expect(!output.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x0A && $0.value != 0x09) || (0x7F...0x9F).contains($0.value) },
                        "\(file) \(command): a raw control character reached the output")
            }
        }
    }
}
