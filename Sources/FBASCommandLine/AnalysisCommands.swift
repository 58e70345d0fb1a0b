import ArgumentParser
import FBASAnalyses
import FBASCertificates
import FBASFormats
import FBASModel
import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StrictJSON

/// What every analysis subcommand needs: the loaded network, its warnings, the grouping asked
/// for, and the solver options.
struct AnalysisSetup {
    var loaded: LoadedNetwork
    var warnings: [Diagnostic]
    var grouping: Grouping?
    var options: AnalysisOptions
    /// The organizations file's organizations, when one was given.
    var organizations: [Organization]?
    /// Where `--certify` writes proofs, and the time it has (what the analysis left).
    var certification: Certification.Options
    /// The progress line on stderr, when shown (see ``ProgressLine``).
    var progress: ProgressLine?

    var fbas: FBAS { loaded.fbas }

    init(_ common: CommonOptions, needsGrouping: Bool, progress: ProgressLine? = nil) throws {
        // The time limit runs from here: reading a large file is part of the run it bounds.
        options = AnalysisOptions.timeout(common.timeout, backend: common.solver)
        loaded = try loadNetwork(common)
        warnings = loaded.diagnostics
        options.race = !common.singleThread
        options.clauseBudget = common.clauseBudget
        if let directory = common.dimacsOut { options.recording = try InstanceDirectory(directory).record }
        certification = Certification.Options(proofDirectory: common.proofOut.map { URL(fileURLWithPath: $0) }, deadline: options.deadline)
        self.progress = progress
        if let progress { options.progress = { progress.handle($0) } }
        if let given = try loadOrganizations(common, for: loaded.fbas) {
            organizations = given.organizations
            warnings += given.warnings
            if needsGrouping { grouping = given.grouping }
        } else if let path = common.groupBy, needsGrouping {
            let g = Grouping.byAttribute(path, of: loaded.fbas)
            // An attribute no validator has would put everyone in one group and answer
            // confidently about a grouping that does not exist.
            if !g.hasKnownGroups {
                throw FBASInputError(.shape, file: loaded.file, "--group-by \(path): no validator has this attribute, so there are no groups to count")
            }
            grouping = g
        }
    }

    /// "validators" or "groups (isp)", singular for one: what the sets of this run count.
    func unitName(_ n: Int) -> String {
        guard let grouping else { return n == 1 ? "validator" : "validators" }
        return "\(n == 1 ? "group" : "groups") (\(grouping.level))"
    }

    /// The validators named by a comma-separated list of public keys given to `flag`.
    func validatorIDs(_ list: String, flag: String) throws -> [Int] {
        var ids: [Int] = []
        for key in FBASCommandLine.list(list) {
            guard let v = fbas.index(of: key) else {
                throw FBASInputError(.shape, file: loaded.file, "\(flag) names \(key), which is not a validator of the network")
            }
            ids.append(v)
        }
        return ids
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

/// The organizations file of `--organizations`, read and checked against the network: its
/// problems as warnings (input errors under `--strict`), and an input error when it names no
/// validator of the network (a nodes file passed by mistake, an empty list), which would
/// otherwise put everyone in one group. nil when no file was given.
func loadOrganizations(_ common: CommonOptions, for fbas: FBAS) throws -> (organizations: [Organization], grouping: Grouping, warnings: [Diagnostic])? {
    guard let path = common.organizations else { return nil }
    var warnings: [Diagnostic] = []
    let orgs = try NetworkReader.readOrganizations(path: path, diagnostics: &warnings, maxInputBytes: common.maxInputBytes)
    let grouping = Grouping.byOrganizations(orgs, of: fbas, file: path)
    warnings += grouping.diagnostics
    if common.strict, let first = warnings.first {
        throw FBASInputError(.strict, file: path, "\(warnings.count) problem(s) under --strict; the first: \(first)", diagnostics: warnings)
    }
    guard grouping.hasKnownGroups else {
        let problem = orgs.isEmpty ? "lists no organization" : "its \(orgs.count) organization\(orgs.count == 1 ? "" : "s") list no validator of the network, so every validator would be in one group"
        throw FBASInputError(.shape, file: path, problem + (warnings.first.map { " (the first problem: \($0.message))" } ?? ""), diagnostics: warnings)
    }
    return (orgs, grouping, warnings)
}

/// The certificate's line in the text report; a certificate left unfinished by the time limit
/// makes the run end with the timeout's exit code.
func note(_ certificate: Certificate?, in report: inout CommandReport) {
    guard let c = certificate else { return }
    if c.certified {
        report.text += "\ncertified: \"\(c.refutes)\" is refuted by a DRUP proof of \(c.lemmas) lemmas (\(c.proofBytes) bytes) over \(c.clauses) clauses, checked in \(String(c.checkSeconds, fractionDigits: 2)) s"
            + (c.files.map { " (written to \($0.joined(separator: ", ")))" } ?? "")
    } else {
        report.text += "\nnot certified: \(c.reason ?? "")"
        if report.exit == .completed {
            report.exit = .timeout
            report.errorLine = "the answer stands, but its certificate was not finished: \(c.reason ?? "")"
        }
    }
}

/// Why an analysis stopped short, for the text report.
func limitReached(_ status: AnalysisStatus) -> String {
    status == .tooLarge ? "the question is too large for the clause budget" : "the time limit was reached"
}

/// Runs an analysis subcommand: loads, runs `body`, and maps timeouts and internal errors to
/// their exit codes.
/// `leastQuorums`: the command asks for least quorums, where an integer program may race (the
/// envelope then names cbc too).
func runAnalysis(_ command: String, _ common: CommonOptions, needsGrouping: Bool = false, leastQuorums: Bool = false,
                 _ body: (AnalysisSetup, inout CommandReport) throws -> AnalysisStatus) throws {
    let backends = AnalysisOptions(backend: common.solver)
    // The loaded network outlives the command: the process ends right after the answer is
    // printed, and freeing a large network first only delays both (flat-1000: 0.4 s of
    // freeing its quorum sets, on a run whose time limit had already passed).
    let kept = KeptUntilExit()
    defer { kept.keep() }
    try run(command, common, solver: leastQuorums ? backends.leastQuorumBackendDescription : backends.backendDescription) { report in
        let progress = ProgressLine.make(common)
        defer { progress?.finish() }
        let setup = try AnalysisSetup(common, needsGrouping: needsGrouping, progress: progress)
        kept.values.append(setup)
        report.warnings = setup.warnings
        do {
            let status = try body(setup, &report)
            switch status {
            case .ok: break
            case .timeout:
                report.status = .timeout
                // A requirement proved failed outranks a figure left unknown.
                if report.exit == .completed { report.exit = .timeout }
                report.errorLine = "time limit reached; the result holds the bounds proved so far"
            case .tooLarge:
                report.status = .tooLarge
                if report.exit == .completed { report.exit = .timeout }
                report.errorLine = "the question's encoding would exceed the clause budget (--clause-budget \(common.clauseBudget)); the result holds the bounds proved so far"
            }
        } catch let error as AnalysisError {
            report.status = .error
            report.setError(ErrorReport(internal: error))
            report.errorLine = error.description
            report.exit = .internalError
        }
    }
}

struct CheckIntersection: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-intersection",
        abstract: "Does every two quorums share a validator? (intersects, split with two disjoint quorums, or noQuorum)")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("check-intersection", options) { s, report in
            var r = try Analyses.checkIntersection(s.fbas, options: s.options)
            if options.certify { try Certification.certify(&r, of: s.fbas, options: s.certification) }
            report.setResult(IntersectionReport(r, in: s.fbas))
            switch r.outcome {
            case .intersects?: report.text = "quorum intersection holds: every two quorums share a validator (for example, every quorum meets {\(s.names(r.quorumA))})"
            case .split?: report.text = "quorum intersection FAILS: these two quorums are disjoint and could agree on different histories:\n  A: \(s.names(r.quorumA))\n  B: \(s.names(r.quorumB))"
            case .noQuorum?: report.text = "no quorum exists: the network cannot make progress at all"
            case nil: report.text = "unknown: the time limit was reached"
            }
            note(r.certificate, in: &report)
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
            var r = try Analyses.minimumSplittingSet(s.fbas, grouping: s.grouping, options: s.options)
            if options.certify { try Certification.certify(&r, of: s.fbas, grouping: s.grouping, options: s.certification) }
            report.setResult(SplittingSetReport(r, in: s.fbas, grouping: s.grouping))
            let unit = s.unitName
            if let size = r.size {
                report.text = size == 0 ? "the network is already split (no validator needs to lie)"
                    : "\(r.status == .ok ? "" : "at most ")\(size) \(unit(size)) can split the network: \(s.names(r.set, groups: true))"
            } else {
                report.text = r.status == .ok ? "no splitting set exists (the network has no quorum, or no two quorums can be made to disagree)"
                    : "unknown: \(limitReached(r.status)); at least \(r.lowerBound) \(unit(r.lowerBound)) are needed"
            }
            note(r.certificate, in: &report)
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
    @Option(name: .long, help: "How to search: automatic, hitting-sets (implicit hitting sets over minimal quorums) or contraction (one MaxSAT query over the unrolled cascade). Same answer, different speed.")
    var method: BlockingMethod = .automatic

    mutating func validate() throws {
        if filtered, down != nil { throw ValidationError("--filtered and --down both choose who is down; give one of them") }
    }

    func run() throws {
        try runAnalysis("min-blocking-set", options, needsGrouping: true) { s, report in
            var analysisOptions = s.options
            analysisOptions.blockingMethod = method
            var downIDs: [Int] = []
            if let down {
                downIDs = try s.validatorIDs(down, flag: "--down")
            } else if filtered {
                downIDs = Analyses.notValidating(s.fbas)
            }
            var r = try Analyses.minimumBlockingSet(s.fbas, grouping: s.grouping, down: downIDs, options: analysisOptions)
            if options.certify { try Certification.certify(&r, of: s.fbas, grouping: s.grouping, options: s.certification) }
            report.setResult(BlockingSetReport(r, in: s.fbas, grouping: s.grouping, filtered: filtered || down != nil))
            let unit = s.unitName
            let extra = r.down.isEmpty ? "" : " beyond the \(r.down.count) already down"
            if let size = r.size, r.status != .ok {
                report.text = "unknown: \(limitReached(r.status)); between \(r.lowerBound) and \(size) \(unit(size))\(extra) are needed; the failure of these \(size) halts the network: \(s.names(r.set, groups: true))"
            } else if let size = r.size {
                report.text = size == 0 ? "the network is already halted\(extra): no quorum is left"
                    : "the failure of \(size) \(unit(size))\(extra) can halt the network: \(s.names(r.set, groups: true))"
            } else {
                report.text = "unknown: \(limitReached(r.status)); at least \(r.lowerBound) \(unit(r.lowerBound)) are needed"
            }
            note(r.certificate, in: &report)
            return r.status
        }
    }
}

struct HistoryLoss: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history-loss",
        abstract: "A smallest set of validators with working history archives whose loss lets a quorum advance without a valid archive.")
    @OptionGroup var options: CommonOptions

    func run() throws {
        try runAnalysis("history-loss", options, leastQuorums: true) { s, report in
            var r = try Analyses.historyCriticalSet(s.fbas, options: s.options)
            if options.certify { try Certification.certify(&r, of: s.fbas, options: s.certification) }
            report.setResult(HistoryCriticalReport(r, in: s.fbas))
            if let size = r.size {
                report.text = size == 0 ? "a quorum exists with no working history archive at all"
                    : "if these \(size) validators stop publishing history, a quorum can advance with no valid archive: \(s.names(r.set))"
            } else {
                report.text = r.status == .ok ? "no quorum exists" : "unknown: \(limitReached(r.status))"
            }
            note(r.certificate, in: &report)
            return r.status
        }
    }
}

/// Which kind of smallest quorum `min-quorum` looks for.
extension BlockingMethod: ExpressibleByArgument {}

enum QuorumMode: String, ExpressibleByArgument, CaseIterable {
    /// Least cardinality (MaxSAT).
    case minimum
    /// Subset-minimal: no proper subset is a quorum.
    case minimal
}

struct MinQuorum: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "min-quorum",
        abstract: "A quorum of least cardinality, or with --mode minimal a quorum none of whose proper subsets is a quorum.")
    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "minimum (least cardinality, the default) or minimal (no proper subset is a quorum).")
    var mode: QuorumMode = .minimum
    @Option(name: .customLong("not-within"),
            help: "With --mode minimal: comma-separated public keys; the quorum must have a member outside them.")
    var notWithin: String?

    mutating func validate() throws {
        if notWithin != nil, mode != .minimal { throw ValidationError("--not-within needs --mode minimal") }
    }

    func run() throws {
        try runAnalysis("min-quorum", options, leastQuorums: true) { s, report in
            switch mode {
            case .minimum:
                var r = try Analyses.minimumQuorum(s.fbas, options: s.options)
                if options.certify { try Certification.certify(&r, of: s.fbas, options: s.certification) }
                report.setResult(QuorumReport(r, in: s.fbas))
                report.text = r.size.map { "a smallest quorum has \($0) validators: \(s.names(r.quorum))" }
                    ?? (r.status == .ok ? "no quorum exists" : "unknown: \(limitReached(r.status))")
                note(r.certificate, in: &report)
                return r.status
            case .minimal:
                if options.certify { throw ValidationError("--certify certifies the minimum (--mode minimum); a minimal quorum's witness is checked already") }
                let excluded = try notWithin.map { try s.validatorIDs($0, flag: "--not-within") }
                let r = try Analyses.minimalQuorum(s.fbas, notWithin: excluded, options: s.options)
                report.setResult(QuorumReport(r, in: s.fbas))
                let outside = r.notWithin == nil ? "" : " with a member outside the \(r.notWithin!.count) given"
                if let q = r.quorum {
                    report.text = "a minimal quorum\(outside) (no proper subset is a quorum), \(q.count) validators: \(s.names(q))"
                } else {
                    report.text = r.status != .ok ? "unknown: \(limitReached(r.status))"
                        : r.notWithin == nil ? "no quorum exists" : "no minimal quorum\(outside): every minimal quorum lies inside the given set"
                }
                return r.status
            }
        }
    }
}

struct TopTier: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top-tier",
        abstract: "The union of all minimal quorums (when quorum intersection holds), and whether its members share one quorum set.")
    @OptionGroup var options: CommonOptions
    @Flag(name: .long, help: "List every minimal quorum (up to --max-quorums), not only those found on the way.")
    var all = false
    @Option(name: .customLong("max-quorums"), help: "With --all: stop after this many minimal quorums.")
    var maxQuorums = 1000

    mutating func validate() throws {
        guard maxQuorums > 0 else { throw ValidationError("--max-quorums must be a positive number") }
    }

    func run() throws {
        try runAnalysis("top-tier", options) { s, report in
            let r = try Analyses.topTier(s.fbas, allMinimalQuorums: all, maxQuorums: maxQuorums, options: s.options)
            report.setResult(TopTierReport(r, in: s.fbas))
            if let tier = r.topTier {
                var lines = ["top tier: \(tier.count) validators (\(r.symmetric == true ? "symmetric: all share one quorum set" : "not symmetric")): \(s.names(tier))"]
                if all {
                    let count = r.minimalQuorums.count
                    lines.append(r.complete == true ? "\(count) minimal quorum\(count == 1 ? "" : "s"):"
                                 : "the first \(count) minimal quorums (incomplete):")
                    lines += r.minimalQuorums.map { "  {\(s.names($0))}" }
                }
                report.text = lines.joined(separator: "\n")
                if let cap = r.capReached {
                    report.warningLine = "listed only the first \(cap) minimal quorums (--max-quorums \(cap)); more exist, so the list is incomplete"
                }
            } else {
                report.text = switch r.intersection {
                case .split?: "no top tier: quorum intersection fails; these two quorums are disjoint:\n  A: \(s.names(r.splitQuorums?[0]))\n  B: \(s.names(r.splitQuorums?[1]))"
                case .noQuorum?: "no top tier: no quorum exists"
                default: "unknown: \(limitReached(r.status))"
                }
            }
            return r.status
        }
    }
}

/// Values a command never frees: it is the last thing the process does (``FBASCommand/finish(_:)``
/// follows), so releasing them would cost time and gain nothing.
final class KeptUntilExit {
    var values: [Any] = []

    /// Leaves this holder, and so its values, allocated for the rest of the process.
    func keep() { _ = Unmanaged.passRetained(self) }
}
