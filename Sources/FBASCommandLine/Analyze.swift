import ArgumentParser
import FBASAnalyses
import FBASFormats
import FBASModel
import FBASReport

/// `fbas analyze`: the network report (``NetworkReport``), printed as a table or as JSON.
struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "The network report: quorum intersection, the top tier and, per level (node, organization, ISP, country), the minimum blocking, filtered blocking and splitting sets.")
    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "default (our semantics) or stellarbeat (the explorers' figures, figure for figure).")
    var profile: ReportProfile = .default
    @Option(name: .long, help: "Comma-separated public keys of validators already down for the filtered figures (default: those with isValidating false).")
    var down: String?
    @Option(name: .customLong("reachable-from"), help: "Analyse only the validators reachable from this public key in the trust graph.")
    var reachableFrom: String?

    func run() throws {
        try runAnalysis("analyze", options) { s, report in
            var reportOptions = ReportOptions(profile: profile, analysis: s.options, organizations: s.organizations,
                                              reachableFrom: reachableFrom)
            if let down { reportOptions.down = list(down) }
            reportOptions.certify = options.certify
            reportOptions.proofDirectory = s.certification.proofDirectory
            if let progress = s.progress {
                reportOptions.analysis.progress = { e in
                    if e.activity == "report" { progress.begin(part: e.detail ?? "") } else { progress.handle(e) }
                }
            }
            let network = try computeReport(s.fbas, reportOptions, warnings: s.warnings, file: s.loaded.file)
            report.setResult(network)
            report.text = ReportText.render(network)
            if options.certify {
                let certificates = network.certificates
                let open = certificates.filter { !$0.certified }
                report.text += "\ncertified: \(certificates.count - open.count) of \(certificates.count) negative answers, each by a checked DRUP proof"
                    + " (\(certificates.map(\.lemmas).reduce(0, +)) lemmas in all); the top tier is not certified"
                if let first = open.first, report.exit == .completed {
                    report.exit = .timeout
                    report.errorLine = "\(open.count) certificate(s) not finished: \(first.reason ?? "")"
                }
            }
            return network.status
        }
    }
}

extension ReportProfile: ExpressibleByArgument {}

/// The report as a person reads it: the figures in a table, then what they mean and what they
/// rest on.
enum ReportText {
    static func render(_ r: NetworkReport) -> String {
        var lines: [String] = []
        if r.profile != .default {
            lines.append("profile: \(r.profile.rawValue) (the explorers' figures; `--profile default` gives ours)")
        }
        for s in r.network.setAside {
            lines.append("set aside: \(s.count) validator\(s.count == 1 ? "" : "s") (\(s.explanation))")
        }
        lines.append("analysed: \(r.network.analysed) validators, unknown quorum sets \(r.unknownQsetPolicy.rawValue)")
        lines.append("")
        let i = r.intersection
        switch i.outcome {
        case .intersects?: lines.append("quorum intersection: holds (every two quorums share a validator)")
        case .split?:
            lines.append("quorum intersection: FAILS — these two quorums are disjoint:")
            lines.append("  A: \(names(i.quorumA))")
            lines.append("  B: \(names(i.quorumB))")
        case .noQuorum?: lines.append("quorum intersection: no quorum exists at all")
        case nil: lines.append("quorum intersection: unknown (\(i.status == .tooLarge ? "too large for the clause budget" : "time limit"))")
        }
        if !i.restsOn.isEmpty {
            let one = i.restsOn.count == 1
            lines.append("  this split rests on \(i.restsOn.count) validator\(one ? " whose quorum set is" : "s whose quorum sets are") unknown: \(names(i.restsOn))")
            if let dead = i.underDead {
                lines.append("  with them never in a quorum (--unknown-qsets dead): \(dead == .intersects ? "quorum intersection holds" : dead == .split ? "still split" : "no quorum exists")")
            }
        }
        lines.append("")
        lines.append("level          top tier  blocking  filtered  splitting  units")
        let levels: [(String, LevelFigures)] = [("node", r.node), ("organization", r.organization), ("isp", r.isp), ("country", r.country)]
        for (name, l) in levels {
            func cell(_ shown: Int?, _ f: Figure?) -> String {
                if let f, f.status != .ok { return "≥\(f.lowerBound)?" }
                return shown.map(String.init) ?? "–"
            }
            lines.append(name.padded(to: 15)
                + cell(l.topTierSize, nil).padded(to: 10)
                + cell(l.blockingSetsMinSize, l.blockingSet).padded(to: 10)
                + cell(l.blockingSetsFilteredMinSize, l.blockingSetFiltered).padded(to: 10)
                + cell(l.splittingSetsMinSize, l.splittingSet).padded(to: 11)
                + String(l.units))
        }
        lines.append("")
        lines.append("filtered = beyond the \(r.down.count) validators already down")
        if let tier = r.topTier.validators, let symmetric = r.topTier.symmetric {
            lines.append("top tier: \(tier.count) validators, \(symmetric ? "symmetric (all require the same of the same validators)" : "not symmetric")")
        }
        lines.append("what this means:")
        for (name, l) in levels {
            let unit = ["node": ("validator", "validators"), "organization": ("organization", "organizations"),
                        "isp": ("ISP", "ISPs"), "country": ("country", "countries")][name]!
            func count(_ n: Int) -> String { "\(n) \(n == 1 ? unit.0 : unit.1)" }
            if let n = l.blockingSet.value, l.blockingSet.status == .ok {
                lines.append("  - the failure of \(count(n)) can halt the network" + restsOn(l.blockingSet))
            }
            if let n = l.splittingSet.value, l.splittingSet.status == .ok {
                let what = n == 0 ? "the network is already split" : n == 1 ? "\(count(n)) acting alone can split the network"
                    : "\(count(n)) acting together can split the network"
                lines.append("  - \(what)" + restsOn(l.splittingSet))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// What a figure rests on, when it rests on validators with unknown quorum sets.
    static func restsOn(_ f: Figure) -> String {
        guard !f.restsOn.isEmpty else { return "" }
        let dead = f.underDead.map { "; with them never in a quorum: \($0)" } ?? ""
        return " (rests on unknown quorum sets of \(names(f.restsOn))\(dead))"
    }

    /// Names where known, else shortened keys; the first eight of a longer list and a count.
    static func names(_ refs: [ValidatorRef]?) -> String {
        guard let refs else { return "none" }
        let shown = refs.prefix(8).map { $0.name ?? String($0.publicKey.prefix(8)) + "…" }.joined(separator: ", ")
        return refs.count > 8 ? "\(shown) and \(refs.count - 8) more" : shown
    }
}
