import ArgumentParser
import FBASAnalyses
import FBASFormats
import FBASModel
import StrictJSON

/// `fbas analyze`: the figures a network explorer shows (semantics, section 5), in one call.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The network report: quorum intersection and, per level (node, organization, country, ISP), the minimum blocking, filtered blocking and splitting sets.")
    @OptionGroup var options: CommonOptions

    /// One figure of the report, timed, with its own share of the time budget.
    struct Part {
        var name: String
        var status: AnalysisStatus
        var seconds: Double
    }

    func run() throws {
        try runAnalysis("analyze", options) { s, report in
            let levels: [(String, Grouping?)] = [
                ("node", nil),
                ("organization", Grouping.organizationLevel(of: s.fbas, organizations: try organizations(s))),
                ("country", Grouping.byAttribute("geoData.countryName", of: s.fbas)),
                ("isp", Grouping.byAttribute("isp", of: s.fbas)),
            ]
            let partCount = 2 + levels.count * 3
            var parts: [Part] = []
            let overall = s.options.deadline
            // Each part gets an equal share of what is left, so one hard part times out alone.
            func options() -> AnalysisOptions {
                var o = s.options
                if let overall {
                    let left = ContinuousClock.now.duration(to: overall)
                    o.deadline = .now + left / max(1, partCount - parts.count)
                }
                return o
            }
            func timed<T>(_ name: String, _ f: () throws -> T, status: (T) -> AnalysisStatus) rethrows -> T {
                s.progress?.begin(part: "\(parts.count + 1)/\(partCount) \(name)")
                let start = ContinuousClock.now
                let r = try f()
                parts.append(Part(name: name, status: status(r), seconds: seconds(since: start)))
                return r
            }

            let intersection = try timed("intersection", { try Analyses.checkIntersection(s.fbas, options: options()) }, status: \.status)
            let top = try timed("topTier", { try Analyses.topTier(s.fbas, options: options()) }, status: \.status)
            var result = JSONObject([
                ("hasQuorumIntersection", intersection.outcome.map { .bool($0 == .intersects) } ?? .null),
                ("intersection", .object(JSONObject([("outcome", intersection.outcome.map { .string($0.rawValue) } ?? .null),
                                                     ("quorumA", s.keys(intersection.quorumA)), ("quorumB", s.keys(intersection.quorumB))]))),
                ("hasSymmetricTopTier", top.symmetric.map { .bool($0) } ?? .null),
                ("topTier", s.keys(top.topTier)),
            ])
            let down = Analyses.notValidating(s.fbas)
            var levelObjects = JSONObject()
            var lines: [String] = []
            switch intersection.outcome {
            case .intersects?: lines.append("quorum intersection: holds (every two quorums share a validator)")
            case .split?: lines.append("quorum intersection: FAILS — two disjoint quorums exist (see --format json for them)")
            case .noQuorum?: lines.append("quorum intersection: no quorum exists at all")
            case nil: lines.append("quorum intersection: unknown (time limit)")
            }
            lines.append("")
            lines.append("level          top tier  blocking  filtered  splitting  groups")
            var meanings: [String] = []
            for (level, grouping) in levels {
                let b = try timed("\(level).blocking", { try Analyses.minimumBlockingSet(s.fbas, grouping: grouping, options: options()) }, status: \.status)
                let bf = try timed("\(level).blockingFiltered", { try Analyses.minimumBlockingSet(s.fbas, grouping: grouping, down: down, options: options()) }, status: \.status)
                let sp = try timed("\(level).splitting", { try Analyses.minimumSplittingSet(s.fbas, grouping: grouping, options: options()) }, status: \.status)
                func names(_ ids: [Int]?) -> JSONValue {
                    guard let ids else { return .null }
                    guard let grouping else { return s.keys(ids) }
                    return .array(ids.map { .string(grouping.groups[$0].name) })
                }
                levelObjects.members.append((level, .object(JSONObject([
                    ("groups", number(grouping?.groups.count ?? s.fbas.count)),
                    ("topTierSize", number(top.topTier.map { tier in
                        grouping.map { g in Set(tier.map { g.groupOf[$0] }).count } ?? tier.count
                    })),
                    ("blockingSetsMinSize", number(b.size)), ("blockingSet", names(b.set)),
                    ("blockingSetsFilteredMinSize", number(bf.size)), ("blockingSetFiltered", names(bf.set)),
                    ("splittingSetsMinSize", number(sp.size)), ("splittingSet", names(sp.set)),
                    ("splittingQuorumA", s.keys(sp.quorumA)), ("splittingQuorumB", s.keys(sp.quorumB)),
                ]))))
                func cell(_ n: Int?, _ status: AnalysisStatus, lower: Int) -> String {
                    status == .timeout ? "≥\(lower)?" : n.map(String.init) ?? "–"
                }
                let tierSize = top.topTier.map { tier in grouping.map { g in Set(tier.map { g.groupOf[$0] }).count } ?? tier.count }
                let row = level.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + cell(tierSize, top.status, lower: 0).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + cell(b.size, b.status, lower: b.lowerBound).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + cell(bf.size, bf.status, lower: bf.lowerBound).padding(toLength: 10, withPad: " ", startingAt: 0)
                    + cell(sp.size, sp.status, lower: sp.lowerBound).padding(toLength: 11, withPad: " ", startingAt: 0)
                    + String(grouping?.groups.count ?? s.fbas.count)
                lines.append(row)
                let units = ["node": ("validator", "validators"), "organization": ("organization", "organizations"),
                             "country": ("country", "countries"), "isp": ("ISP", "ISPs")][level]!
                func count(_ n: Int) -> String { "\(n) \(n == 1 ? units.0 : units.1)" }
                if let n = b.size, b.status == .ok { meanings.append("the failure of \(count(n)) can halt the network") }
                if let n = sp.size, sp.status == .ok {
                    meanings.append(n == 0 ? "the network is already split" : n == 1 ? "\(count(n)) acting alone can split the network" : "\(count(n)) acting together can split the network")
                }
            }
            result.members.append(("levels", .object(levelObjects)))
            result.members.append(("down", s.keys(down)))
            result.members.append(("unknownQsetValidators", s.keys(intersection.unknownQsetValidators)))
            result.members.append(("parts", .array(parts.map { p in
                .object(JSONObject([("name", .string(p.name)), ("status", .string(p.status.rawValue)),
                                    ("seconds", .number(JSONNumber(text: formatSeconds(p.seconds))))]))
            })))
            report.result = result
            lines.append("")
            lines.append("filtered = beyond the \(down.count) validators already not validating")
            if let symmetric = top.symmetric {
                lines.append("top tier: \(top.topTier?.count ?? 0) validators, \(symmetric ? "symmetric (all share one quorum set)" : "not symmetric")")
            }
            lines.append("what this means:")
            lines += meanings.map { "  - \($0)" }
            report.text = lines.joined(separator: "\n")
            return parts.contains { $0.status == .timeout } ? .timeout : .ok
        }
    }

    func organizations(_ s: AnalysisSetup) throws -> [Organization]? {
        guard let path = options.organizations else { return nil }
        var ignored: [Diagnostic] = []  // already reported by AnalysisSetup
        return try NetworkReader.readOrganizations(path: path, diagnostics: &ignored)
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = start.duration(to: .now)
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
