import ArgumentParser
import FBASAnalyses
import FBASFormats
import FBASModel
import Foundation
import StrictJSON

/// What every analysis subcommand needs: the loaded network, its warnings, the grouping asked
/// for, and the solver options.
struct AnalysisSetup {
    var loaded: LoadedNetwork
    var warnings: [Diagnostic]
    var grouping: Grouping?
    var options: AnalysisOptions

    var fbas: FBAS { loaded.fbas }

    init(_ common: CommonOptions, needsGrouping: Bool) throws {
        loaded = try loadNetwork(common)
        warnings = loaded.diagnostics
        options = AnalysisOptions.timeout(common.timeout, backend: SolverBackend(rawValue: common.solver.rawValue)!)
        if let path = common.organizations {
            var orgWarnings: [Diagnostic] = []
            let orgs = try NetworkReader.readOrganizations(path: path, diagnostics: &orgWarnings)
            let g = Grouping.byOrganizations(orgs, of: loaded.fbas, file: path)
            orgWarnings += g.diagnostics
            if common.strict, let first = orgWarnings.first {
                throw FBASInputError(.strict, file: path, "\(orgWarnings.count) problem(s) under --strict; the first: \(first)", diagnostics: orgWarnings)
            }
            warnings += orgWarnings
            if needsGrouping { grouping = g }
        } else if let path = common.groupBy, needsGrouping {
            grouping = Grouping.byAttribute(path, of: loaded.fbas)
        }
    }

    func keys(_ ids: [Int]?) -> JSONValue {
        guard let ids else { return .null }
        return .array(ids.map { .string(fbas.validators[$0].publicKey) })
    }

    /// Public keys, or group names when grouped.
    func units(_ ids: [Int]?) -> JSONValue {
        guard let ids else { return .null }
        guard let grouping else { return keys(ids) }
        return .array(ids.map { .string(grouping.groups[$0].name) })
    }

    /// A short human list: names where known, else shortened keys.
    func names(_ ids: [Int]?, groups: Bool = false) -> String {
        guard let ids else { return "none" }
        if groups, let grouping { return ids.map { grouping.groups[$0].name }.joined(separator: ", ") }
        return ids.map { v in
            let r = fbas.validators[v]
            return r.name ?? String(r.publicKey.prefix(8)) + "…"
        }.joined(separator: ", ")
    }
}

/// Runs an analysis subcommand: loads, runs `body`, and maps timeouts and internal errors to
/// their exit codes.
func runAnalysis(_ command: String, _ common: CommonOptions, needsGrouping: Bool = false,
                 _ body: (AnalysisSetup, inout CommandReport) throws -> AnalysisStatus) throws {
    try run(command, common, solver: common.solver.rawValue) { report in
        let setup = try AnalysisSetup(common, needsGrouping: needsGrouping)
        report.warnings = setup.warnings
        do {
            let status = try body(setup, &report)
            if status == .timeout {
                report.status = .timeout
                report.exit = .timeout
                report.errorLine = "time limit reached; the result holds the bounds proved so far"
            }
        } catch let error as AnalysisError {
            report.status = .error
            report.result = JSONObject([("error", .object(JSONObject([("kind", .string("internal")), ("message", .string(error.description))])))])
            report.errorLine = error.description
            report.exit = .internalError
        }
    }
}

func number(_ n: Int?) -> JSONValue { n.map { .number(JSONNumber($0)) } ?? .null }

/// What the encoding left out and why (issue: say what was cut away and why that is sound).
func json(_ r: Reduction?) -> JSONValue {
    guard let r else { return .null }
    return .object(JSONObject([("encodedValidators", number(r.universe.count)), ("outsideEveryQuorum", number(r.outsideEveryQuorum)),
                               ("unreferencedUnknown", number(r.unreferencedUnknown)), ("explanation", .string(r.explanation))]))
}

struct CheckIntersection: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-intersection",
        abstract: "Does every two quorums share a validator? (intersects, split with two disjoint quorums, or noQuorum)")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("check-intersection", options) { s, report in
            let r = try Analyses.checkIntersection(s.fbas, options: s.options)
            report.result = JSONObject([
                ("outcome", r.outcome.map { .string($0.rawValue) } ?? .null),
                ("quorumA", s.keys(r.quorumA)), ("quorumB", s.keys(r.quorumB)),
                ("unknownQsetValidators", s.keys(r.unknownQsetValidators)), ("reduction", json(r.reduction)),
            ])
            switch r.outcome {
            case .intersects?: report.text = "quorum intersection holds: every two quorums share a validator (for example, every quorum meets {\(s.names(r.quorumA))})"
            case .split?: report.text = "quorum intersection FAILS: these two quorums are disjoint and could agree on different histories:\n  A: \(s.names(r.quorumA))\n  B: \(s.names(r.quorumB))"
            case .noQuorum?: report.text = "no quorum exists: the network cannot make progress at all"
            case nil: report.text = "unknown: the time limit was reached"
            }
            return r.status
        }
    }
}

struct MinSplittingSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "min-splitting-set",
        abstract: "A smallest set of validators (or groups) that can split the network, with its two quorums.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("min-splitting-set", options, needsGrouping: true) { s, report in
            let r = try Analyses.minimumSplittingSet(s.fbas, grouping: s.grouping, options: s.options)
            report.result = JSONObject([
                ("size", number(r.size)), ("set", s.units(r.set)), ("validators", s.keys(r.validators)),
                ("quorumA", s.keys(r.quorumA)), ("quorumB", s.keys(r.quorumB)), ("lowerBound", number(r.lowerBound)),
                ("unknownQsetValidators", s.keys(r.unknownQsetValidators)), ("reduction", json(r.reduction)),
            ])
            let unit = s.grouping == nil ? "validators" : "groups (\(s.grouping!.level))"
            if let size = r.size {
                report.text = size == 0 ? "the network is already split (no validator needs to lie)"
                    : "\(r.status == .ok ? "" : "at most ")\(size) \(unit) can split the network: \(s.names(r.set, groups: true))"
            } else {
                report.text = r.status == .ok ? "no splitting set exists (the network has no quorum, or no two quorums can be made to disagree)"
                    : "unknown: time limit reached; at least \(r.lowerBound) \(unit) are needed"
            }
            return r.status
        }
    }
}

struct MinBlockingSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "min-blocking-set",
        abstract: "A smallest set of validators (or groups) whose failure halts the network.")
    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "Count only validators beyond those already down (isValidating == false).")
    var filtered = false
    @Option(name: .long, help: "Comma-separated public keys of validators already down (implies the filtered variant).")
    var down: String?

    func run() throws {
        try runAnalysis("min-blocking-set", options, needsGrouping: true) { s, report in
            var downIDs: [Int] = []
            if let down {
                for key in down.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !key.isEmpty {
                    guard let v = s.fbas.index(of: key) else {
                        throw FBASInputError(.shape, file: s.loaded.file, "--down names \(key), which is not a validator of the network")
                    }
                    downIDs.append(v)
                }
            } else if filtered {
                downIDs = Analyses.notValidating(s.fbas)
            }
            let r = try Analyses.minimumBlockingSet(s.fbas, grouping: s.grouping, down: downIDs, options: s.options)
            var result = JSONObject([("size", number(r.size)), ("set", s.units(r.set)), ("validators", s.keys(r.validators))])
            if filtered || down != nil { result.members.append(("down", s.keys(r.down))) }
            result.members.append(("lowerBound", number(r.lowerBound)))
            result.members.append(("unknownQsetValidators", s.keys(r.unknownQsetValidators)))
            report.result = result
            let unit = s.grouping == nil ? "validators" : "groups (\(s.grouping!.level))"
            let extra = r.down.isEmpty ? "" : " beyond the \(r.down.count) already down"
            if let size = r.size {
                report.text = size == 0 ? "the network is already halted\(extra): no quorum is left"
                    : "the failure of \(size) \(unit)\(extra) can halt the network: \(s.names(r.set, groups: true))"
            } else {
                report.text = "unknown: time limit reached; at least \(r.lowerBound) \(unit) are needed"
            }
            return r.status
        }
    }
}

struct HistoryLoss: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history-loss",
        abstract: "A smallest set of validators with working history archives whose loss lets a quorum advance without a valid archive.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("history-loss", options) { s, report in
            let r = try Analyses.historyCriticalSet(s.fbas, options: s.options)
            report.result = JSONObject([("size", number(r.size)), ("set", s.keys(r.set)), ("quorum", s.keys(r.quorum)),
                                        ("lowerBound", number(r.lowerBound)), ("unknownQsetValidators", s.keys(r.unknownQsetValidators)),
                                        ("reduction", json(r.reduction))])
            if let size = r.size {
                report.text = size == 0 ? "a quorum exists with no working history archive at all"
                    : "if these \(size) validators stop publishing history, a quorum can advance with no valid archive: \(s.names(r.set))"
            } else {
                report.text = r.status == .ok ? "no quorum exists" : "unknown: time limit reached"
            }
            return r.status
        }
    }
}

struct MinQuorum: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "min-quorum", abstract: "A quorum of least cardinality.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("min-quorum", options) { s, report in
            let r = try Analyses.minimumQuorum(s.fbas, options: s.options)
            report.result = JSONObject([("size", number(r.size)), ("quorum", s.keys(r.quorum)), ("lowerBound", number(r.lowerBound)),
                                        ("unknownQsetValidators", s.keys(r.unknownQsetValidators)), ("reduction", json(r.reduction))])
            report.text = r.size.map { "a smallest quorum has \($0) validators: \(s.names(r.quorum))" }
                ?? (r.status == .ok ? "no quorum exists" : "unknown: time limit reached")
            return r.status
        }
    }
}

struct TopTier: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top-tier",
        abstract: "The union of all minimal quorums (when quorum intersection holds), and whether its members share one quorum set.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("top-tier", options) { s, report in
            let r = try Analyses.topTier(s.fbas, options: s.options)
            report.result = JSONObject([
                ("topTier", s.keys(r.topTier)), ("size", number(r.topTier?.count)),
                ("symmetric", r.symmetric.map { .bool($0) } ?? .null),
                ("minimalQuorums", .array(r.minimalQuorums.map { s.keys($0) })),
                ("intersection", r.intersection.map { .string($0.rawValue) } ?? .null),
                ("unknownQsetValidators", s.keys(r.unknownQsetValidators)),
            ])
            if let tier = r.topTier {
                report.text = "top tier: \(tier.count) validators (\(r.symmetric == true ? "symmetric: all share one quorum set" : "not symmetric")): \(s.names(tier))"
            } else {
                report.text = switch r.intersection {
                case .split?: "no top tier: quorum intersection fails (see check-intersection)"
                case .noQuorum?: "no top tier: no quorum exists"
                default: "unknown: time limit reached"
                }
            }
            return r.status
        }
    }
}
