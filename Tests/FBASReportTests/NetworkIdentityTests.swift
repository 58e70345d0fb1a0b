import ContentHash
import FBASFormats
import Foundation
import FBASModel
import FBASTestSupport
import StrictJSON
import Testing
@testable import FBASReport

@Suite struct NetworkIdentityTests {
    /// `value` without the members that time a run and without witnesses: the searches race
    /// two threads, and either may find an (equally small) witness first. What is left is every
    /// figure, bound, status, count, grouping and warning.
    func withoutTimes(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var o):
            o.members = o.members.filter { !["seconds", "parts", "set", "validators", "quorumA", "quorumB", "restsOn"].contains($0.key) }
                .map { ($0.key, withoutTimes($0.value)) }
            return .object(o)
        case .array(let items): return .array(items.map(withoutTimes))
        default: return value
        }
    }

    /// The cache's soundness rests on this: a validator's other fields change nothing in the
    /// report, so two crawls that differ only there may share an answer.
    @Test(arguments: ["withObsrvr-stellarbeat__nodes_2025-11-13.json", "node-crawler__nodes_2024-03-07.json",
                      "stellarbeat-backend__nodes_2018-11-16.json"])
    func theReportReadsNoAttributeTheIdentityLeavesOut(_ name: String) throws {
        let loaded = try NetworkReportTests.load(name)
        // The crawl as a client sends it, with every field but the key, the quorum set and the
        // attributes read removed.
        let nodes = try JSONParser.parse(Array(try Data(contentsOf: sharedData.appendingPathComponent("real/\(name)"))))
        let slimNodes: [JSONValue] = (nodes.array ?? []).map { node in
            guard let record = node.object else { return node }
            var kept = JSONObject()
            for key in ["publicKey", "quorumSet"] { if let v = record[key] { kept[key] = v } }
            for path in NetworkIdentity.attributesRead {
                let parts = path.split(separator: ".").map(String.init)
                guard let value = Validator(publicKey: "", quorumSet: nil, metadata: record).attribute(path) else { continue }
                if parts.count == 1 { kept[parts[0]] = value } else {
                    var inner = kept[parts[0]]?.object ?? JSONObject()
                    inner[parts[1]] = value
                    kept[parts[0]] = .object(inner)
                }
            }
            return .object(kept)
        }
        let stripped = try NetworkReader.read(JSONWriter.writeUTF8(.array(slimNodes)), file: "slim").fbas
        #expect(NetworkIdentity(stripped) == NetworkIdentity(loaded.fbas))
        for profile in ReportProfile.allCases {
            let full = try JSONValueEncoder().encode(try NetworkReport.compute(loaded.fbas, options: ReportOptions(profile: profile)))
            let slim = try JSONValueEncoder().encode(try NetworkReport.compute(stripped, options: ReportOptions(profile: profile)))
            #expect(withoutTimes(full) == withoutTimes(slim), "\(name), \(profile)")
        }
    }

    @Test func quorumSetsNamesPolicyAndOrganizationsAreTheIdentity() throws {
        let a = try NetworkReader.read(Array(#"[{"publicKey":"A","name":"a","quorumSet":{"threshold":1,"validators":["A","B"]}},{"publicKey":"B","quorumSet":{"threshold":1,"validators":["A"]}}]"#.utf8), file: "a").fbas
        let lag = try NetworkReader.read(Array(#"[{"publicKey":"A","name":"a","lag":7,"quorumSet":{"threshold":1,"validators":["A","B"]}},{"publicKey":"B","quorumSet":{"threshold":1,"validators":["A"]}}]"#.utf8), file: "b").fbas
        let threshold = try NetworkReader.read(Array(#"[{"publicKey":"A","name":"a","quorumSet":{"threshold":2,"validators":["A","B"]}},{"publicKey":"B","quorumSet":{"threshold":1,"validators":["A"]}}]"#.utf8), file: "c").fbas
        let renamed = try NetworkReader.read(Array(#"[{"publicKey":"A","name":"b","quorumSet":{"threshold":1,"validators":["A","B"]}},{"publicKey":"B","quorumSet":{"threshold":1,"validators":["A"]}}]"#.utf8), file: "d").fbas
        #expect(NetworkIdentity(a) == NetworkIdentity(lag))
        #expect(NetworkIdentity(a).digest == NetworkIdentity(lag).digest && NetworkIdentity(a).digest.count == 64)
        #expect(NetworkIdentity(a) != NetworkIdentity(threshold))
        #expect(NetworkIdentity(a) != NetworkIdentity(renamed))
        #expect(NetworkIdentity(a) != NetworkIdentity(a, organizations: [Organization(name: "o", validators: ["A"])]))
        #expect(NetworkIdentity(lag, extraAttributes: ["lag"]) != NetworkIdentity(a, extraAttributes: ["lag"]))
    }

    @Test func aDeeplyNestedQuorumSetHasAnIdentity() {
        var q = QuorumSet(threshold: 1, validators: ["A"])
        for _ in 0..<200 { q = QuorumSet(threshold: 1, validators: [], innerQuorumSets: [q]) }
        let form = NetworkIdentity.canonical(q)
        var depth = 0
        var current = form
        while case .array(let parts) = current, parts.count == 3, let inner = parts[2].array?.first { depth += 1; current = inner }
        #expect(depth == 200)
    }

    @Test func theResultSchemaIsCompiledIn() throws {
        let schema = try ResultSchema.document()
        #expect(schema.object?["$defs"]?.object?["NetworkReport"] != nil)
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ] as [(String, String)])
    func knownDigests(_ text: String, _ digest: String) {
        #expect(SHA256.hex(Array(text.utf8)) == digest)
    }

    @Test func aMillionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct SplitNetworkReportTests {
    /// An already split network's splitting figure is 0 from the intersection answer; the same
    /// figure under the `dead` policy (beside a split that rests on unknown quorum sets) must not
    /// reuse that answer, which is about the network as read (its witness failed the check).
    @Test(arguments: ["stellarbeat-backend__nodes_2018-10-19.json", "nodejs_fbas_analyzer__nodes_2019-06-01.json"])
    func aSplitNetworksReportSplitsAtZeroUnderBothPolicies(_ name: String) throws {
        let loaded = try NetworkReportTests.load(name)
        let report = try NetworkReport.compute(loaded.fbas, options: ReportOptions(profile: .default))
        #expect(report.status == .ok)
        #expect(report.node.splittingSet.value == 0)
        #expect(report.intersection.outcome == .split)
    }
}

@Suite struct SharedSetIdentityTests {
    /// Thirty levels of two sets sharing a child: the identity lists each set once, so it
    /// stays as small as the file (written out, the sets are billions of entries), and two
    /// reads of the file agree while a change to one shared set shows.
    @Test func aNetworkWithSharedInnerSetsHasAnIdentityAsSmallAsItsSets() throws {
        func network(bottom: String) throws -> FBAS {
            var qsets: [String] = []
            for i in 0..<30 {
                qsets.append(#""q\#(i)": {"threshold": 1, "members": ["V", "a\#(i + 1)", "b\#(i + 1)"]}"#)
                qsets.append(#""a\#(i + 1)": {"threshold": 1, "members": ["q\#(i + 1)", "Xa"]}"#)
                qsets.append(#""b\#(i + 1)": {"threshold": 1, "members": ["q\#(i + 1)", "Xb"]}"#)
            }
            qsets.append(#""q30": {"threshold": 1, "members": ["\#(bottom)"]}"#)
            let text = #"{"validators": [{"id": "V", "qset": "q0"}, {"id": "Xa", "qset": "q0"}], "qsets": {\#(qsets.joined(separator: ","))}}"#
            return try NetworkReader.read(Array(text.utf8), file: "dag.json").fbas
        }
        let first = NetworkIdentity(try network(bottom: "V")), again = NetworkIdentity(try network(bottom: "V"))
        #expect(first.bytes.count < 50_000)
        #expect(first == again)
        #expect(first != NetworkIdentity(try network(bottom: "Xa")))
    }
}
