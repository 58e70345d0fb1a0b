import Foundation
import Testing
import StrictJSON
import FBASModel
@testable import FBASFormats

@Suite struct SharedDataTests {
    @Test(arguments: TestData.allFiles().filter { !TestData.isOrganizationsFile($0) })
    func everyNetworkFileLoadsWithTheCountsItHolds(_ file: String) throws {
        let path = TestData.path(file)
        let loaded = try NetworkReader.read(path: path)
        let raw = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let object = raw as? [String: Any]
        let records = (raw as? [Any]) ?? (object?["validators"] as? [Any]) ?? (object?["nodes"] as? [Any]) ?? []
        let keys = records.compactMap { r -> String? in
            let o = r as? [String: Any]
            return (o?["publicKey"] as? String) ?? (o?["id"] as? String) ?? (o?["node"] as? String)
        }
        #expect(loaded.fbas.isDefined.filter { $0 }.count == Set(keys).count)
        #expect(loaded.format == (raw is [Any] ? .stellarbeat : object?["nodes"] != nil ? .stellarCore : .pythonFBAS))
    }

    @Test(arguments: TestData.allFiles().filter(TestData.isOrganizationsFile))
    func everyOrganizationsFileLoads(_ file: String) throws {
        var warnings: [Diagnostic] = []
        let orgs = try NetworkReader.readOrganizations(path: TestData.path(file), diagnostics: &warnings)
        #expect(!orgs.isEmpty)
        #expect(warnings.isEmpty)
    }

    @Test(arguments: ["pubnet/pubnet_obsrvr.json", "pubnet/validators.json", "pubnet/stellarbeat_nodes_2019-09-17.json",
                      "small/missing_2.json", "small/conflicted.json", "random/almost_symmetric_network_8_orgs_delete_prob_factor_2.json"])
    func networksRoundTripThroughBothFormats(_ file: String) throws {
        let first = try NetworkReader.read(path: TestData.path(file)).fbas
        for format in NetworkFormat.allCases {
            let text = NetworkWriter.write(first, format: format)
            let again = try NetworkReader.read(Array(text.utf8), file: "rewritten").fbas
            #expect(canonical(again) == canonical(first), "through \(format.rawValue)")
            #expect(again.count == first.count)
            #expect(again.qsets.count == first.qsets.count)
            // And across formats once more.
            let other: NetworkFormat = format == .stellarbeat ? .pythonFBAS : .stellarbeat
            let third = try NetworkReader.read(Array(NetworkWriter.write(again, format: other).utf8), file: "rewritten twice").fbas
            #expect(canonical(third) == canonical(first))
        }
    }

    @Test func metadataSurvivesBothFormats() throws {
        let first = try NetworkReader.read(path: TestData.path("pubnet/pubnet_obsrvr.json")).fbas
        let viaPython = try NetworkReader.read(Array(NetworkWriter.write(first, format: .pythonFBAS).utf8), file: "x").fbas
        #expect(viaPython.validators[0].metadata == first.validators[0].metadata)
        #expect(first.validators[0].metadata["isp"] != nil)
    }

    @Test func pubnetSnapshotHasTheDocumentedShape() throws {
        let loaded = try NetworkReader.read(path: TestData.path("pubnet/pubnet_obsrvr.json"))
        #expect(loaded.fbas.isDefined.filter { $0 }.count == 637)
        #expect((0..<loaded.fbas.count).filter { loaded.fbas.isDefined[$0] && loaded.fbas.hasKnownQSet($0) }.count == 104)
    }
}

@Suite struct MalformedInputTests {
    func read(_ text: String, strict: Bool = false) throws(FBASInputError) -> LoadedNetwork {
        try NetworkReader.read(Array(text.utf8), file: "test.json", options: LoadOptions(strict: strict))
    }

    @Test func notJSONIsASyntaxErrorWithAPosition() {
        do {
            _ = try read("[\n  {\"publicKey\": oops}\n]")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.position?.line == 2)
            #expect(error.description.hasPrefix("test.json: line 2"))
        }
    }

    @Test func truncatedJSONIsASyntaxError() {
        #expect(throws: FBASInputError.self) { try read("[{\"publicKey\": \"A\", \"quorumSet\": {\"threshold\": 1") }
        do { _ = try read("[{\"publicKey\": \"A\"") } catch { #expect(error.kind == .syntax) }
    }

    @Test func aNumberAtTopLevelIsAShapeError() {
        do {
            _ = try read("42")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .shape)
            #expect(error.message.contains("a number (42)"))
        }
    }

    @Test func aQsetCycleInPythonFormatIsAnInputError() {
        let text = """
        {"validators": [{"id": "A", "qset": "q1"}],
         "qsets": {"q1": {"threshold": 1, "members": ["A", "q2"]}, "q2": {"threshold": 1, "members": ["q1"]}}}
        """
        do {
            _ = try read(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .qsetCycle)
            #expect(error.message.contains("q1 -> q2 -> q1"))
        }
    }

    @Test func perValidatorProblemsWarnByDefaultAndFailUnderStrict() throws {
        let text = """
        [{"publicKey": "A", "quorumSet": {"threshold": 5, "validators": ["A", "B"], "innerQuorumSets": []}},
         {"publicKey": "B", "quorumSet": {"threshold": 1, "validators": ["A", "Z"], "innerQuorumSets": []}},
         {"publicKey": "B"},
         {"name": "no key"},
         {"publicKey": "C", "quorumSet": {"threshold": 1.5, "validators": ["A"]}},
         7]
        """
        let loaded = try read(text)
        let kinds = Set(loaded.diagnostics.map(\.kind))
        #expect(kinds == [.invalidThreshold, .undefinedValidatorReference, .duplicatePublicKey, .missingPublicKey, .malformedQuorumSet, .malformedValidator])
        #expect(loaded.diagnostics.allSatisfy { $0.file == "test.json" && $0.validator != nil })
        #expect(loaded.fbas.qsetOf[loaded.fbas.index(of: "A")!] == nil)
        #expect(loaded.fbas.qsetOf[loaded.fbas.index(of: "C")!] == nil)
        #expect(loaded.diagnostics.filter { $0.validator == "C" }.count == 1, "a malformed qset is reported once")
        do {
            _ = try read(text, strict: true)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .strict)
            #expect(error.diagnostics.count == loaded.diagnostics.count)
        }
    }

    @Test func emptyObjectAndNullQsetsAreUnknown() throws {
        let loaded = try read(#"[{"publicKey": "A", "quorumSet": {}}, {"publicKey": "B", "quorumSet": null}, {"publicKey": "C", "quorumSet": {"threshold": 1, "validators": ["A", "B"]}}]"#)
        #expect(loaded.fbas.unknownQsetValidators == [0, 1])
        #expect(loaded.diagnostics.map(\.kind) == [.missingQuorumSet, .missingQuorumSet])
    }

    @Test func watchersAreCountedNotReportedAndPassStrict() throws {
        // W has no quorum set and nobody names it: a watcher. R is named by A but undefined.
        let text = #"[{"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["A"]}}, {"publicKey": "W", "quorumSet": null}, {"publicKey": "X"}]"#
        let loaded = try read(text, strict: true)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.fbas.watchers.map { loaded.fbas.validators[$0].publicKey } == ["W", "X"])
        #expect(loaded.fbas.unknownQsetValidators == [1, 2], "a watcher's quorum set is still unknown")
        let named = #"[{"publicKey": "A", "quorumSet": {"threshold": 1, "validators": ["A", "W"]}}, {"publicKey": "W", "quorumSet": null}]"#
        #expect(throws: FBASInputError.self) { try read(named, strict: true) }
        #expect(try read(named).diagnostics.map(\.kind) == [.missingQuorumSet])
    }

    @Test func aHundredThousandDeepInnerQsetChainIsACleanError() throws {
        let depth = 100_000
        var text = "[{\"publicKey\": \"A\", \"quorumSet\": "
        text += String(repeating: "{\"threshold\": 1, \"validators\": [], \"innerQuorumSets\": [", count: depth)
        text += "{\"threshold\": 1, \"validators\": [\"A\"]}"
        text += String(repeating: "]}", count: depth)
        text += "}]"
        do {
            _ = try read(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.message.contains("nesting"))
        }
    }

    @Test func aHundredThousandDeepPythonQsetChainIsReportedNotBuilt() throws {
        let depth = 100_000
        var qsets: [String] = []
        for i in 0..<depth { qsets.append("\"q\(i)\": {\"threshold\": 1, \"members\": [\"q\(i + 1)\"]}") }
        qsets.append("\"q\(depth)\": {\"threshold\": 1, \"members\": [\"A\"]}")
        let text = "{\"validators\": [{\"id\": \"A\", \"qset\": \"q0\"}, {\"id\": \"B\", \"qset\": \"q\(depth - 2)\"}], \"qsets\": {\(qsets.joined(separator: ","))}}"
        let loaded = try read(text)
        #expect(loaded.fbas.qsetOf[0] == nil)
        #expect(loaded.diagnostics.first?.message.contains("nested 100000 levels deep") == true)
        #expect(loaded.fbas.qsetOf[1] != nil, "a shallow set of the same chain still resolves")
    }

    @Test func organizationsFileOfTheWrongShapeIsAnInputError() {
        var warnings: [Diagnostic] = []
        #expect(throws: FBASInputError.self) {
            try NetworkReader.readOrganizations(Array("{\"name\": \"x\"}".utf8), file: "orgs.json", diagnostics: &warnings)
        }
    }

    @Test func anOrganizationsFileGivenAsANetworkSaysSo() {
        do {
            _ = try read(#"[{"name": "org", "validators": ["A"]}]"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .shape)
            #expect(error.message.contains("--organizations"))
        }
    }

    @Test func unreadableFileIsAnInputError() {
        do {
            _ = try NetworkReader.read(path: "/nonexistent/network.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.file == "/nonexistent/network.json")
        }
    }
}

@Suite struct StellarCoreFormatTests {
    @Test func nestedQuorumSetsAndExtraFieldsAreRead() throws {
        let text = #"{"nodes": [{"node": "A", "qset": {"t": 2, "v": ["A", "B", {"t": 1, "v": ["C", "D"]}]}, "name": "alpha"}, {"node": "B", "qset": null}]}"#
        let loaded = try NetworkReader.read(Array(text.utf8), file: "core.json")
        #expect(loaded.format == .stellarCore)
        let a = try #require(loaded.fbas.index(of: "A"))
        let q = try #require(loaded.fbas.qsetOf[a].map(loaded.fbas.quorumSet))
        #expect(q.threshold == 2 && Set(q.validators) == ["A", "B"] && q.innerQuorumSets.count == 1)
        #expect(Set(q.innerQuorumSets[0].validators) == ["C", "D"])
        #expect(loaded.fbas.validators[a].name == "alpha")
        #expect(loaded.fbas.unknownQsetValidators.contains(try #require(loaded.fbas.index(of: "B"))))
    }

    @Test func aMalformedEntryMakesTheQuorumSetUnknownWithAWarning() throws {
        let loaded = try NetworkReader.read(Array(#"{"nodes": [{"node": "A", "qset": {"t": 1, "v": [7]}}]}"#.utf8), file: "core.json")
        #expect(loaded.diagnostics.map(\.kind) == [.malformedQuorumSet])
        #expect(loaded.fbas.unknownQsetValidators == [0])
    }

    @Test func duplicateKeysAnywhereAreReported() throws {
        let text = #"{"nodes": [{"node": "A", "node": "B", "qset": {"t": 1, "v": ["A", {"t": 1, "t": 2, "v": ["A"]}]}}]}"#
        let loaded = try NetworkReader.read(Array(text.utf8), file: "core.json")
        #expect(loaded.diagnostics.filter { $0.kind == .duplicateKey }.count == 2)
    }
}

@Suite struct CondensedWarningsTests {
    @Test func aFloodOfOneProblemIsListedAThousandTimesAndCounted() throws {
        let text = "[" + Array(repeating: "null", count: 2500).joined(separator: ",") + #", {"publicKey": "A", "quorumSet": {"threshold": 5, "validators": []}}]"#
        let loaded = try NetworkReader.read(Array(text.utf8), file: "flood.json")
        let malformed = loaded.diagnostics.filter { $0.kind == .malformedValidator }
        #expect(malformed.count == Diagnostic.listedPerKind + 1)
        #expect(malformed.last?.message.contains("1500 more") == true)
        #expect(loaded.diagnostics.contains { $0.kind == .invalidThreshold && $0.validator == "A" }, "other kinds are kept")
    }
}

@Suite struct PythonFBASSharedSetTests {
    /// Twenty levels of two inner sets that share their child: 3 KB of python-fbas that written
    /// out is millions of entries (it took 10 s to load and to-json wrote 804 MB). The sets stay
    /// shared as the file names them; only the tree formats refuse to write them out.
    @Test func sharedInnerSetsAreKeptSharedAndOnlyTreeWritersRefuseThem() throws {
        var qsets: [String] = []
        for i in 0..<20 {
            qsets.append(#""q\#(i)": {"threshold": 1, "members": ["V", "a\#(i + 1)", "b\#(i + 1)"]}"#)
            qsets.append(#""a\#(i + 1)": {"threshold": 1, "members": ["q\#(i + 1)", "Xa"]}"#)
            qsets.append(#""b\#(i + 1)": {"threshold": 1, "members": ["q\#(i + 1)", "Xb"]}"#)
        }
        qsets.append(#""q20": {"threshold": 1, "members": ["V"]}"#)
        let text = #"{"validators": [{"id": "V", "qset": "q0"}, {"id": "W", "qset": "q19"}], "qsets": {\#(qsets.joined(separator: ","))}}"#
        let loaded = try NetworkReader.read(Array(text.utf8), file: "dag.json")
        let fbas = loaded.fbas
        let v = try #require(fbas.index(of: "V")), w = try #require(fbas.index(of: "W"))
        #expect(fbas.qsetOf[v] != nil && fbas.qsetOf[w] != nil)
        #expect(fbas.qsets.count == 61, "one resolved set per set of the file")
        let declared = try #require(fbas.validators[v].quorumSet)
        #expect(declared.sharesInnerSets && declared.expandedEntryCount > 1 << 20)
        #expect(loaded.diagnostics.contains { $0.kind == .nestedDuplicate && $0.validator == "V" })

        #expect(throws: FBASInputError.self) { try NetworkWriter.checkWritable(fbas, as: .stellarbeat, file: "dag.json") }
        #expect(throws: FBASInputError.self) { try NetworkWriter.checkWritable(fbas, as: .stellarCore, file: "dag.json") }
        try NetworkWriter.checkWritable(fbas, as: .pythonFBAS, file: "dag.json")
        let again = try NetworkReader.read(Array(NetworkWriter.write(fbas, format: .pythonFBAS).utf8), file: "again.json").fbas
        #expect(again.qsets == fbas.qsets && again.qsetOf == fbas.qsetOf)
    }
}

@Suite struct DroppedAndReplacedTests {
    /// Fields inside quorum sets are counted, at every level, so that writers can say what they
    /// do not carry.
    @Test func fieldsInsideQuorumSetsAreCounted() throws {
        let text = #"[{"publicKey": "A", "quorumSet": {"threshold": 1, "hashKey": "h", "validators": ["A"], "innerQuorumSets": [{"threshold": 1, "hashKey": "i", "note": 1, "validators": ["A"]}]}}]"#
        let loaded = try NetworkReader.read(Array(text.utf8), file: "x.json")
        #expect(loaded.quorumSetFieldsNotKept == ["hashKey": 2, "note": 1])
        let core = try NetworkReader.read(Array(#"{"nodes": [{"node": "A", "qset": {"t": 1, "v": ["A"], "hash": 1}}]}"#.utf8), file: "c.json")
        #expect(core.quorumSetFieldsNotKept == ["hash": 1])
    }

    /// Two keys that differ only in an unpaired surrogate escape read as one key: said, per key.
    @Test func aKeyFromAnUnpairedSurrogateEscapeIsNamed() throws {
        let text = #"[{"publicKey": "A\uD800", "quorumSet": {"threshold": 1, "validators": ["A\uDC00"]}}]"#
        let loaded = try NetworkReader.read(Array(text.utf8), file: "s.json")
        #expect(loaded.diagnostics.contains { $0.kind == .replacementCharacter && $0.validator == "A\u{FFFD}" })
        #expect(throws: FBASInputError.self) { try NetworkReader.read(Array(text.utf8), file: "s.json", options: LoadOptions(strict: true)) }
    }
}
