import FBASTestSupport
import Foundation
import ProofCheck
import StrictJSON
import Testing

/// `--certify`: every negative answer of the bundled snapshot comes with a checked proof.
@Suite struct CertifyTests {
    @Test(arguments: [(["check-intersection"], "two disjoint quorums exist"), (["min-splitting-set"], "a splitting set of at most 2 exists"),
                      (["min-quorum"], "a quorum of at most 9 validators exists"),
                      (["history-loss"], "a quorum with at most 2 members with working archives exists"),
                      (["min-splitting-set", "--group-by", "geoData.countryName"], "a splitting set of at most 0 exists (counting groups of geoData.countryName)"),
                      (["min-blocking-set", "--group-by", "isp"], "a blocking set of at most 1 exists (counting groups of isp)"),
                      (["min-blocking-set", "--fbas", FBASProcess.sharedData.appendingPathComponent("real/stellar-core/enjoys-intersection.json").path],
                       "a blocking set of at most 1 exists")] as [([String], String)])
    func theBundledSnapshotsAnswersAreCertified(_ command: [String], _ refuted: String) throws {
        let run = try FBASProcess.run(command + ["--certify", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr.suffix(300))")
        let certificate = try #require(run.result?["certificate"] as? [String: Any])
        #expect(certificate["certified"] as? Bool == true)
        #expect(certificate["refutes"] as? String == refuted)
        #expect((certificate["lemmas"] as? Int ?? 0) > 0)
        let schema = try SchemaValidator.committed()
        let envelope = try JSONParser.parse(Array(run.stdout.utf8))
        #expect(schema.problems(envelope, against: "Envelope").isEmpty)
    }

    /// The files written for external checkers are the formula and the proof our checker accepts.
    @Test func proofOutWritesTheFormulaAndAProofThatChecks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("proofs-\(UUID().uuidString)").path
        let run = try FBASProcess.run(["check-intersection", "--certify", "--proof-out", dir, "--format", "json"])
        #expect(run.status == 0)
        let files = try #require((run.result?["certificate"] as? [String: Any])?["files"] as? [String])
        #expect(files == [dir + "/intersection.cnf", dir + "/intersection.drup"])
        let cnf = try String(contentsOfFile: files[0], encoding: .utf8)
        var clauses: [[Int]] = []
        var header = ""
        for line in cnf.split(separator: "\n") {
            if line.hasPrefix("p ") { header = String(line); continue }
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            clauses.append(Array(numbers.dropLast()))
        }
        #expect(header.hasPrefix("p cnf ") && header.hasSuffix(" \(clauses.count)"))
        let proof = try Data(contentsOf: URL(fileURLWithPath: files[1]))
        #expect(DRUPChecker.check(clauses: clauses, proof: Array(proof)).valid)
        // And a proof of something else is not accepted for this formula.
        #expect(!DRUPChecker.check(clauses: clauses, proof: Array("0\n".utf8)).valid)
    }

    @Test func commandsWithoutCertificatesRefuseTheFlag() throws {
        let run = try FBASProcess.run(["top-tier", "--certify", "--format", "json"])
        #expect(run.status == 64)
        #expect(run.stdout.contains("--certify is not available for top-tier"))
        let orphan = try FBASProcess.run(["check-intersection", "--proof-out", "/tmp/x"])
        #expect(orphan.status == 64)
    }
}

extension CertifyTests {
    /// The explorers' report of the bundled snapshot: the intersection and all twelve blocking
    /// and splitting figures certified.
    @Test func theReportsFiguresAreCertified() throws {
        let run = try FBASProcess.run(["analyze", "--profile", "stellarbeat", "--certify", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr.suffix(300))")
        let envelope = try JSONParser.parse(Array(run.stdout.utf8))
        let report = try #require(envelope.object?["result"])
        #expect(try SchemaValidator.committed().problems(report, against: "NetworkReport").isEmpty)
        var certified = 0
        if report.object?["intersection"]?.object?["certificate"]?.object?["certified"] == .bool(true) { certified += 1 }
        for level in ["node", "organization", "isp", "country"] {
            for figure in ["blockingSet", "blockingSetFiltered", "splittingSet"] {
                let c = report.object?[level]?.object?[figure]?.object?["certificate"]?.object
                #expect(c?["certified"] == .bool(true), "\(level).\(figure)")
                if c?["certified"] == .bool(true) { certified += 1 }
            }
        }
        #expect(certified == 13)
        #expect(report.object?["organization"]?.object?["splittingSet"]?.object?["certificate"]?.object?["refutes"]?.string
                == "a splitting set of at most 2 exists (liars within groups) (counting groups of organizationId)")
    }
}

extension CertifyTests {
    /// Our profile on a network without organizations: every group level has one unknown group,
    /// so no group can split it; that "none" is certified for whole groups, not for validators
    /// (a mix-up the certificate itself caught: it refused to check).
    @Test func aNoneForGroupsIsCertifiedAsWholeGroups() throws {
        let network = FBASProcess.sharedData.appendingPathComponent("real/stellar-core/enjoys-intersection.json").path
        let run = try FBASProcess.run(["analyze", "--fbas", network, "--certify", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout.prefix(400))")
        let organization = try #require(run.result?["organization"] as? [String: Any])
        let splitting = try #require(organization["splittingSet"] as? [String: Any])
        #expect(splitting["value"] is NSNull)
        #expect((splitting["certificate"] as? [String: Any])?["certified"] as? Bool == true)
    }
}
