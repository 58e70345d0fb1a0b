import FBASAnalyses
import FBASFormats
import FBASModel
import FBASReport
import FBASTestSupport
import StrictJSON
import Testing

/// The report through the library alone (no command-line target), on the real snapshots.
@Suite struct NetworkReportTests {
    static func load(_ name: String, policy: UnknownQsetPolicy = .free) throws -> LoadedNetwork {
        try NetworkReader.read(path: sharedData.appendingPathComponent("real/\(name)").path, options: LoadOptions(policy: policy))
    }

    static func organizations(_ name: String) throws -> [Organization] {
        var ignored: [Diagnostic] = []
        return try NetworkReader.readOrganizations(path: sharedData.appendingPathComponent("real/\(name)").path, diagnostics: &ignored)
    }

    static func report(_ name: String, profile: ReportProfile, organizations: String? = nil, down: [String]? = nil) throws -> NetworkReport {
        let loaded = try load(name)
        let options = ReportOptions(profile: profile, organizations: try organizations.map(Self.organizations), down: down)
        return try NetworkReport.compute(loaded.fbas, options: options, warnings: loaded.diagnostics)
    }

    /// A published figure: the level (nil for the network-wide ones), the field and its value.
    struct Published: Sendable, CustomStringConvertible {
        var file: String
        var organizations: String?
        var down: [String]?
        var figures: [String: Int]
        var intersection: Bool?
        var symmetric: Bool?
        var description: String { file }
    }

    static let sdf = ["GCGB2S2KGYARPVIA37HYZXVRM2YZUEXA6S33ZU5BUDC6THSB62LZSTYH",
                      "GCM6QMP3DLRPTAZW2UZPCPX2LF3SXWXKPMP3GKFZBDSF3QZGV2G5QSTK",
                      "GABMKJM6I25XI4K7U6XWMULOUQIQ27BCTMLS6BYYSOWKTBUXVRJSXHYQ"]

    /// Every figure `../shared/data/real/EXPECTED.md` quotes for stellarbeat's pipeline
    /// (`AnalysisResult` fields only), each file with its organizations file where one is paired.
    static let published: [Published] = [
        Published(file: "nodejs_fbas_analyzer__nodes_2020-06-12.json", organizations: "nodejs_fbas_analyzer__organizations_2020-08-11.json",
                  figures: ["node.topTierSize": 23, "node.blockingSetsMinSize": 6, "node.splittingSetsMinSize": 3,
                            "organization.topTierSize": 7, "organization.blockingSetsMinSize": 3, "organization.splittingSetsMinSize": 3,
                            "isp.topTierSize": 4, "isp.blockingSetsMinSize": 1, "isp.splittingSetsMinSize": 1,
                            "country.topTierSize": 5, "country.blockingSetsMinSize": 1, "country.splittingSetsMinSize": 1],
                  intersection: true, symmetric: true),
        Published(file: "nodejs_fbas_analyzer__nodes_2020-06-12.json", organizations: "nodejs_fbas_analyzer__organizations_2020-08-11.json",
                  down: sdf,
                  figures: ["node.blockingSetsFilteredMinSize": 4, "organization.blockingSetsFilteredMinSize": 2,
                            "isp.blockingSetsFilteredMinSize": 1, "country.blockingSetsFilteredMinSize": 1]),
        Published(file: "fbas_analyzer__nodes_2019-08-02.json",
                  figures: ["node.topTierSize": 17, "node.blockingSetsMinSize": 4, "node.splittingSetsMinSize": 3,
                            "organization.topTierSize": 5, "organization.blockingSetsMinSize": 2, "organization.splittingSetsMinSize": 3,
                            "country.topTierSize": 3, "country.blockingSetsMinSize": 1, "country.splittingSetsMinSize": 1],
                  intersection: true),
        Published(file: "fbas_analyzer__nodes_2020-01-16_broken_by_hand.json",
                  figures: ["node.topTierSize": 22, "node.blockingSetsMinSize": 5, "node.splittingSetsMinSize": 0],
                  intersection: false),
        Published(file: "fbas_analyzer__mobilecoin_nodes_2021-10-22.json", figures: [:], symmetric: true),
        Published(file: "withObsrvr-stellarbeat__nodes_2025-11-13.json",
                  figures: ["node.topTierSize": 21, "node.blockingSetsMinSize": 6, "node.splittingSetsMinSize": 3],
                  intersection: true, symmetric: true),
    ]

    @Test(arguments: published)
    func theStellarbeatProfileReproducesThePublishedFigures(_ p: Published) throws {
        let r = try Self.report(p.file, profile: .stellarbeat, organizations: p.organizations, down: p.down)
        #expect(r.status == .ok)
        if let i = p.intersection { #expect(r.hasQuorumIntersection == i) }
        if let s = p.symmetric { #expect(r.hasSymmetricTopTier == s) }
        let json = try JSONValueEncoder().encode(r)
        for (path, value) in p.figures {
            let parts = path.split(separator: ".").map(String.init)
            #expect(json.object?[parts[0]]?.object?[parts[1]]?.number?.intValue == value, "\(path)")
        }
    }

    @Test func theDefaultProfileDiffersWhereOurSplittingNotionAndTheWholeNetworkDo() throws {
        // EXPECTED.md: explorers 3 and 3; on the whole network, unknown quorum sets free, 2 and 1.
        let r = try Self.report("nodejs_fbas_analyzer__nodes_2020-06-12.json", profile: .default)
        #expect(r.node.splittingSetsMinSize == 2)
        #expect(r.organization.splittingSetsMinSize == 1)
        #expect(r.network.analysed == r.network.validators && r.network.setAside.isEmpty)
    }

    @Test func mobileCoinsTopTierIsSymmetricInBothProfiles() throws {
        for profile in ReportProfile.allCases {
            let r = try Self.report("fbas_analyzer__mobilecoin_nodes_2021-10-22.json", profile: profile)
            #expect(r.hasSymmetricTopTier == true, "\(profile)")
            #expect(r.topTier.validators?.count == 10, "\(profile)")
        }
    }

    @Test func aSplitThatRestsOnUnknownQuorumSetsNamesThemAndGivesTheDeadAnswer() throws {
        let r = try Self.report("nodejs_fbas_analyzer__nodes_2019-06-01.json", profile: .default)
        #expect(r.intersection.outcome == .split)
        #expect(!r.intersection.restsOn.isEmpty)
        let unknown = Set(r.unknownQsetValidators.map(\.publicKey))
        #expect(r.intersection.restsOn.allSatisfy { unknown.contains($0.publicKey) })
        let quorums = Set((r.intersection.quorumA ?? []) + (r.intersection.quorumB ?? []))
        #expect(r.intersection.restsOn.allSatisfy { quorums.contains($0) })
        #expect(r.intersection.underDead == .intersects)
        // Under dead from the start there is nothing to explain.
        let dead = try Self.load("nodejs_fbas_analyzer__nodes_2019-06-01.json", policy: .dead)
        let d = try NetworkReport.compute(dead.fbas)
        #expect(d.intersection.outcome == .intersects && d.intersection.restsOn.isEmpty && d.intersection.underDead == nil)
    }

    @Test func reachableFromRestrictsToTheTrustGraphOfOneValidator() throws {
        let loaded = try Self.load("fbas_analyzer__nodes_2019-08-02.json")
        let key = Self.sdf[0]
        let r = try NetworkReport.compute(loaded.fbas, options: ReportOptions(reachableFrom: key))
        let reach = loaded.fbas.reachable(from: try #require(loaded.fbas.index(of: key)))
        #expect(r.network.reachableFrom == key)
        #expect(r.network.analysed == reach.filter { loaded.fbas.isDefined[$0] }.count)
        #expect(r.network.analysed < r.network.validators)
        #expect(throws: ReportError.unknownValidator(option: "reachableFrom", publicKey: "NOPE")) {
            try NetworkReport.compute(loaded.fbas, options: ReportOptions(reachableFrom: "NOPE"))
        }
    }

    @Test(arguments: ReportProfile.allCases)
    func reportsConformToTheCommittedSchema(_ profile: ReportProfile) throws {
        let schema = try SchemaValidator.committed()
        for file in ["nodejs_fbas_analyzer__nodes_2019-06-01.json", "fbas_analyzer__nodes_2020-01-16_broken_by_hand.json",
                     "fbas_analyzer__mobilecoin_nodes_2021-10-22.json"] {
            let r = try Self.report(file, profile: profile)
            let problems = schema.problems(try JSONValueEncoder().encode(r), against: "NetworkReport")
            #expect(problems.isEmpty, "\(file): \(problems.prefix(5))")
        }
    }

    @Test func aReportCutShortSaysSoAndStillConforms() throws {
        let loaded = try Self.load("withObsrvr-stellarbeat__nodes_2025-11-13.json")
        var options = ReportOptions()
        options.analysis.deadline = .now - .seconds(1)
        let r = try NetworkReport.compute(loaded.fbas, options: options)
        #expect(r.status == .timeout)
        #expect(r.hasQuorumIntersection == nil && r.node.blockingSetsMinSize == nil && r.node.splittingSetsMinSize == nil)
        #expect(r.parts.allSatisfy { $0.status == .timeout })
        let problems = try SchemaValidator.committed().problems(try JSONValueEncoder().encode(r), against: "NetworkReport")
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test func theSchemaCatchesAWrongShape() throws {
        let schema = try SchemaValidator.committed()
        let r = try Self.report("fbas_analyzer__mobilecoin_nodes_2021-10-22.json", profile: .default)
        guard case .object(var o) = try JSONValueEncoder().encode(r) else { Issue.record("not an object"); return }
        o.set("node", to: .string("six"))
        #expect(!schema.problems(.object(o), against: "NetworkReport").isEmpty)
        _ = o.removeAll(key: "node")
        #expect(schema.problems(.object(o), against: "NetworkReport").contains { $0.contains("missing node") })
    }
}
