import FBASTestSupport
import Foundation
import StrictJSON
import Testing

/// `fbas what-if` and `fbas diff` on the shared real snapshots.
@Suite struct ChangeCommandTests {
    /// The envelope and its result hold to the committed schema.
    func expectConforms(_ stdout: String, to definition: String) throws {
        let schema = try SchemaValidator.committed()
        let envelope = try JSONParser.parse(Array(stdout.utf8))
        #expect(schema.problems(envelope, against: "Envelope").isEmpty)
        let problems = schema.problems(try #require(envelope.object?["result"]), against: definition)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    let snapshot = FBASProcess.sharedData.appendingPathComponent("real/withObsrvr-stellarbeat__nodes_2025-11-13.json").path
    let sdf1 = "GCGB2S2KGYARPVIA37HYZXVRM2YZUEXA6S33ZU5BUDC6THSB62LZSTYH"

    func figure(_ result: [String: Any]?, _ path: String) -> (before: Any?, after: Any?, changed: Bool)? {
        guard let figures = result?["figures"] as? [[String: Any]], let f = figures.first(where: { $0["figure"] as? String == path }) else { return nil }
        return (f["before"], f["after"], f["changed"] as? Bool ?? false)
    }

    /// An operator who sets a validator's quorum set to itself alone makes a one-validator
    /// quorum: intersection fails, the gate exits 4 and names the two disjoint quorums.
    @Test func aWhatIfThatBreaksIntersectionExits4AndNamesTwoDisjointQuorums() throws {
        let qset = try FBASProcess.temporaryFile(#"{"threshold": 1, "validators": ["\#(sdf1)"]}"#, name: "qset.json")
        let run = try FBASProcess.run(["what-if", "--fbas", snapshot, "--set-qset", "\(sdf1)=\(qset)", "--require", "intersection",
                                       "--require", "organization.blocking>=3", "--format", "json"])
        #expect(run.status == 4)
        let requirements = try #require(run.result?["requirements"] as? [[String: Any]])
        #expect(requirements.map { $0["status"] as? String } == ["failed", "met"])
        let a = (requirements[0]["quorumA"] as? [[String: Any]] ?? []).compactMap { $0["publicKey"] as? String }
        let b = (requirements[0]["quorumB"] as? [[String: Any]] ?? []).compactMap { $0["publicKey"] as? String }
        #expect(!a.isEmpty && !b.isEmpty && Set(a).isDisjoint(with: b))
        #expect(a == [sdf1] || b == [sdf1], "the validator alone is one of the two quorums")
        #expect(figure(run.result, "hasQuorumIntersection").map { "\($0.before!)" == "1" && "\($0.after!)" == "0" } == true)
        let text = try FBASProcess.run(["what-if", "--fbas", snapshot, "--set-qset", "\(sdf1)=\(qset)", "--require", "intersection"])
        #expect(text.status == 4)
        #expect(text.stdout.contains("FAILS intersection") && text.stdout.contains("quorum B: SDF 1"))
    }

    /// SDF 1 leaving keeps intersection and the blocking margin; the top tier counted in groups
    /// moves, and the text marks what moved.
    @Test func aWhatIfThatKeepsIntersectionExits0AndShowsTheMovedFigures() throws {
        let run = try FBASProcess.run(["what-if", "--fbas", snapshot, "--remove", sdf1, "--require", "intersection",
                                       "--require", "blocking>=6", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.result?["passed"] as? Bool == true)
        #expect(figure(run.result, "node.blockingSetsMinSize").map { !$0.changed } == true)
        let moved = (run.result?["figures"] as? [[String: Any]] ?? []).filter { $0["changed"] as? Bool == true }
        #expect(!moved.isEmpty)
        try expectConforms(run.stdout, to: "WhatIfReport")
        let text = try FBASProcess.run(["what-if", "--fbas", snapshot, "--remove", sdf1])
        #expect(text.status == 0 && text.stdout.contains("remove \(sdf1)") && text.stdout.contains("*"))
    }

    /// The quorum set comes from a stellar-core configuration, derived as stellar-core does.
    @Test func aStellarCoreConfigurationGivesTheValidatorItsQuorumSet() throws {
        let cfg = try FBASProcess.temporaryFile("""
        NODE_NAMES=["GCM6QMP3DLRPTAZW2UZPCPX2LF3SXWXKPMP3GKFZBDSF3QZGV2G5QSTK sdf2"]
        [QUORUM_SET]
        VALIDATORS=["\(sdf1)", "$sdf2", "GABMKJM6I25XI4K7U6XWMULOUQIQ27BCTMLS6BYYSOWKTBUXVRJSXHYQ"]
        """, name: "stellar-core.cfg")
        let run = try FBASProcess.run(["what-if", "--fbas", snapshot, "--stellar-core-cfg", "\(sdf1)=\(cfg)", "--require", "intersection",
                                       "--format", "json"])
        #expect(run.status == 0)
        let edits = try #require(run.result?["edits"] as? [String])
        // Three validators at the default 67%: all three, in stellar-core's key order.
        #expect(edits == ["set the quorum set of \(sdf1) to 3 of {GABMKJM6I25XI4K7U6XWMULOUQIQ27BCTMLS6BYYSOWKTBUXVRJSXHYQ, \(sdf1), GCM6QMP3DLRPTAZW2UZPCPX2LF3SXWXKPMP3GKFZBDSF3QZGV2G5QSTK}"])
        let broken = try FBASProcess.temporaryFile("[QUORUM_SET]\nTHRESHOLD_PERCENT=30\nVALIDATORS=[\"\(sdf1)\", \"$nobody\"]", name: "bad.cfg")
        let refused = try FBASProcess.run(["what-if", "--fbas", snapshot, "--stellar-core-cfg", "\(sdf1)=\(broken)", "--format", "json"])
        #expect(refused.status == 2)
        let error = try #require(refused.result?["error"] as? [String: Any])
        #expect(error["file"] as? String == broken && (error["message"] as? String)?.contains("unknown key in config: $nobody") == true)
    }

    @Test func whatIfRefusesAnEditThatDoesNotFitTheNetwork() throws {
        let run = try FBASProcess.run(["what-if", "--fbas", snapshot, "--remove", "GNOTAVALIDATOR", "--format", "json"])
        #expect(run.status == 2)
        #expect((run.result?["error"] as? [String: Any])?["message"] as? String == "cannot remove GNOTAVALIDATOR: it is not a validator of the network")
        let usage = try FBASProcess.run(["what-if", "--fbas", snapshot, "--require", "blocking>6"])
        #expect(usage.status == 64)
    }

    @Test func diffNamesWhatChangedBetweenTwoSnapshots() throws {
        let old = FBASProcess.sharedData.appendingPathComponent("real/node-crawler__nodes_2023-11-17.json").path
        let new = FBASProcess.sharedData.appendingPathComponent("real/node-crawler__nodes_2024-03-07.json").path
        let run = try FBASProcess.run(["diff", old, new, "--format", "json"])
        #expect(run.status == 0)
        let result = try #require(run.result)
        #expect((result["added"] as? [Any])?.count == 103)
        #expect((result["removed"] as? [Any])?.count == 88)
        let changes = try #require(result["quorumSetChanges"] as? [[String: Any]])
        #expect(changes.count == 10)
        let schunk = try #require(changes.first { ($0["validator"] as? [String: Any])?["name"] as? String == "SCHUNK1" })
        #expect(schunk["thresholdBefore"] as? Int == 5 && schunk["thresholdAfter"] as? Int == 6)
        #expect((result["figures"] as? [Any])?.count == 18)
        try expectConforms(run.stdout, to: "NetworkDiff")
        let same = try FBASProcess.run(["diff", new, new, "--format", "json"])
        #expect((same.result?["quorumSetChanges"] as? [Any])?.isEmpty == true)
        #expect((same.result?["figures"] as? [[String: Any]])?.allSatisfy { $0["changed"] as? Bool == false } == true)
    }
}

extension ChangeCommandTests {
    /// A validator joins (from a network file) and another is down: both show in the result.
    @Test func aJoiningValidatorAndADownOneAreApplied() throws {
        let newcomer = "GNEWCOMER"
        let file = try FBASProcess.temporaryFile(#"[{"publicKey": "\#(newcomer)", "name": "newcomer", "quorumSet": {"threshold": 2, "validators": ["\#(sdf1)", "GCM6QMP3DLRPTAZW2UZPCPX2LF3SXWXKPMP3GKFZBDSF3QZGV2G5QSTK", "GABMKJM6I25XI4K7U6XWMULOUQIQ27BCTMLS6BYYSOWKTBUXVRJSXHYQ"]}}]"#, name: "join.json")
        let run = try FBASProcess.run(["what-if", "--fbas", snapshot, "--add", file, "--down", sdf1, "--format", "json"])
        #expect(run.status == 0)
        let edits = try #require(run.result?["edits"] as? [String])
        #expect(edits.count == 1 && edits[0].hasPrefix("add \(newcomer) with quorum set 2 of {"))
        let after = try #require(run.result?["after"] as? [String: Any])
        #expect(((after["down"] as? [[String: Any]])?.compactMap { $0["publicKey"] as? String }) == [sdf1])
        #expect((after["network"] as? [String: Any])?["validators"] as? Int
                == ((run.result?["before"] as? [String: Any])?["network"] as? [String: Any]).flatMap { $0["validators"] as? Int }.map { $0 + 1 })
    }
}
