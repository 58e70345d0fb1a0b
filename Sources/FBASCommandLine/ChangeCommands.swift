import ArgumentParser
import FBASAnalyses
import FBASFormats
import FBASModel
import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `fbas what-if`: an operator's change applied to the network, the report before and after,
/// and the requirements an operator's CI gates the change on (exit 4 when one fails).
struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Apply quorum-set changes, removals and additions to the network and compare the report before and after.",
        discussion: """
        Exit 4 when a --require fails after the change (the witness is printed: two disjoint quorums, \
        or a blocking or splitting set smaller than required); 3 when a requirement could not be \
        decided within the time limit.
        """)
    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "default (our semantics) or stellarbeat (the explorers' figures).")
    var profile: ReportProfile = .default
    @Option(name: .customLong("set-qset"), help: "KEY=FILE.json: give validator KEY the quorum set in FILE ({threshold, validators, innerQuorumSets} or stellar-core's {t, v}). Repeatable.")
    var setQsets: [String] = []
    @Option(name: .customLong("stellar-core-cfg"), help: "KEY=stellar-core.cfg: give validator KEY the quorum set stellar-core derives from its configuration. Repeatable.")
    var stellarCoreConfigs: [String] = []
    @Option(name: .long, help: "Comma-separated public keys of validators that leave the network.")
    var remove: String?
    @Option(name: .long, help: "A network file whose validators join the network.")
    var add: String?
    @Option(name: .long, help: "Comma-separated public keys of validators down after the change (the filtered figures count beyond them).")
    var down: String?
    @Option(name: .customLong("require"), help: "intersection, blocking>=N or splitting>=N (optionally level.blocking>=N, level one of node, organization, isp, country), checked after the change. Repeatable.")
    var requirements: [String] = []

    func validate() throws {
        for r in requirements {
            do { _ = try Requirement(parsing: r) } catch { throw ValidationError(error.description) }
        }
        for pair in setQsets + stellarCoreConfigs where splitPair(pair) == nil {
            throw ValidationError("\(pair): expected KEY=FILE")
        }
        if setQsets.isEmpty, stellarCoreConfigs.isEmpty, remove == nil, add == nil, down == nil {
            throw ValidationError("nothing to change: give --set-qset, --stellar-core-cfg, --remove, --add or --down")
        }
    }

    func run() throws {
        try runAnalysis("what-if", options) { s, report in
            let edits = try self.edits(s)
            let after: FBAS
            do { after = try s.fbas.applying(edits, file: s.loaded.file) } catch let error as NetworkEditError {
                throw FBASInputError(.shape, file: s.loaded.file, error.description)
            }
            // The two reports share the time limit: the first may take half of what is left.
            var first = s.options
            if let deadline = s.options.deadline {
                first.deadline = .now + (deadline - .now) / 2
            }
            var beforeOptions = ReportOptions(profile: profile, analysis: first, organizations: s.organizations)
            var afterOptions = ReportOptions(profile: profile, analysis: s.options, organizations: s.organizations)
            if let down {
                afterOptions.down = list(down)
                beforeOptions.down = list(down).filter { s.fbas.index(of: $0) != nil }
            }
            let before = try computeReport(s.fbas, beforeOptions, warnings: s.warnings, file: s.loaded.file)
            let changed = try computeReport(after, afterOptions, warnings: after.diagnostics, file: s.loaded.file)
            let whatIf = WhatIfReport(edits: edits.map(\.description), before: before, after: changed,
                                      requirements: try requirements.map { r throws in try Requirement(parsing: r) })
            report.warnings = s.warnings + after.diagnostics.filter { !s.warnings.contains($0) }
            report.setResult(whatIf)
            report.text = WhatIfText.render(whatIf)
            if whatIf.requirements.contains(where: { $0.status == .failed }) {
                report.exit = .requirementFailed
                report.errorLine = "a requirement fails after the change: "
                    + whatIf.requirements.filter { $0.status == .failed }.map { "\($0.requirement) (\($0.detail))" }.joined(separator: "; ")
            } else if whatIf.requirements.contains(where: { $0.status == .unknown }), before.status == .ok, changed.status == .ok {
                report.exit = .timeout
            }
            return [before.status, changed.status].first { $0 != .ok } ?? .ok
        }
    }

    /// The edits in the order given on the command line: quorum sets, removals, additions.
    func edits(_ s: AnalysisSetup) throws -> [NetworkEdit] {
        var edits: [NetworkEdit] = []
        for pair in setQsets {
            let (key, path) = splitPair(pair)!
            edits.append(.setQuorumSet(publicKey: key, try NetworkReader.readQuorumSet(path: path, maxInputBytes: options.maxInputBytes)))
        }
        for pair in stellarCoreConfigs {
            let (key, path) = splitPair(pair)!
            edits.append(.setQuorumSet(publicKey: key, try stellarCoreQuorumSet(path: path, node: key)))
        }
        for key in list(remove ?? "") { edits.append(.remove(publicKey: key)) }
        if let add {
            let added = try NetworkReader.readValidators(path: add, options: LoadOptions(policy: options.unknownQsets,
                                                                                          maxInputBytes: options.maxInputBytes))
            for v in added.validators { edits.append(.add(v)) }
        }
        return edits
    }
}

/// `fbas diff OLD NEW`: what changed between two snapshots and every figure before and after.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two snapshots: validators added and removed, quorum sets and organizations changed, and every report figure before and after.")
    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "default (our semantics) or stellarbeat (the explorers' figures).")
    var profile: ReportProfile = .default
    @Argument(help: "The older network file.") var old: String
    @Argument(help: "The newer network file.") var new: String

    func validate() throws {
        if options.fbas != nil { throw ValidationError("diff takes its two networks as arguments, not --fbas") }
    }

    func run() throws {
        var oldOptions = options, newOptions = options
        oldOptions.fbas = old
        newOptions.fbas = new
        try runAnalysis("diff", newOptions) { s, report in
            let o = try AnalysisSetup(oldOptions, needsGrouping: false)
            var first = s.options
            if let deadline = s.options.deadline { first.deadline = .now + (deadline - .now) / 2 }
            let before = try computeReport(o.fbas, ReportOptions(profile: profile, analysis: first, organizations: o.organizations),
                                           warnings: o.warnings, file: o.loaded.file)
            let after = try computeReport(s.fbas, ReportOptions(profile: profile, analysis: s.options, organizations: s.organizations),
                                          warnings: s.warnings, file: s.loaded.file)
            let diff = NetworkDiff(old: o.fbas, new: s.fbas, oldOrganizations: o.organizations, newOrganizations: s.organizations,
                                   before: before, after: after)
            report.warnings = o.warnings + s.warnings
            report.setResult(diff)
            report.text = DiffText.render(diff, old: o.loaded.file, new: s.loaded.file)
            return [before.status, after.status].first { $0 != .ok } ?? .ok
        }
    }
}

/// `KEY=FILE` split at the first `=`.
func splitPair(_ pair: String) -> (String, String)? {
    guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex, pair.index(after: eq) != pair.endIndex else { return nil }
    return (String(pair[..<eq]), String(pair[pair.index(after: eq)...]))
}

/// A comma-separated list, trimmed, without empty entries.
func list(_ text: String) -> [String] {
    text.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
}

/// The network report, with its option errors as input errors naming the file.
func computeReport(_ fbas: FBAS, _ options: ReportOptions, warnings: [Diagnostic], file: String) throws -> NetworkReport {
    do {
        return try NetworkReport.compute(fbas, options: options, warnings: warnings)
    } catch {
        if case .analysis(let e) = error { throw e }
        throw FBASInputError(.shape, file: file, error.description)
    }
}

/// The what-if report as a person reads it.
enum WhatIfText {
    static func render(_ w: WhatIfReport) -> String {
        var lines = ["changes:"] + w.edits.map { "  - \($0)" }
        lines.append("")
        lines += FigureTable.render(w.figures)
        if !w.requirements.isEmpty {
            lines.append("")
            lines.append("requirements after the change:")
            for r in w.requirements {
                let mark = r.status == .met ? "ok    " : r.status == .failed ? "FAILS " : "open  "
                lines.append("  \(mark)\(r.requirement): \(r.detail)")
                if let a = r.quorumA, let b = r.quorumB {
                    lines.append("        quorum A: \(ReportText.names(a))")
                    lines.append("        quorum B: \(ReportText.names(b))")
                }
                if r.status == .failed, let v = r.validators { lines.append("        the set: \(ReportText.names(v))") }
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The diff as a person reads it.
enum DiffText {
    static func render(_ d: NetworkDiff, old: String, new: String) -> String {
        var lines = ["\(old) → \(new)"]
        lines.append("validators added: \(d.added.isEmpty ? "none" : ReportText.names(d.added))")
        lines.append("validators removed: \(d.removed.isEmpty ? "none" : ReportText.names(d.removed))")
        lines.append("quorum sets changed: \(d.quorumSetChanges.count)")
        for c in d.quorumSetChanges.prefix(20) {
            let who = c.validator.name ?? String(c.validator.publicKey.prefix(8)) + "…"
            var parts: [String] = []
            // Two validators may share a name (an operator's old and new node): then keys tell them apart.
            let named = (c.nowTrusts + c.noLongerTrusts).compactMap(\.name)
            let shared = Set(named.filter { n in named.filter { $0 == n }.count > 1 })
            func label(_ refs: [ValidatorRef]) -> String {
                ReportText.names(refs.map { r in
                    guard let n = r.name, shared.contains(n) else { return r }
                    return ValidatorRef(publicKey: r.publicKey, name: "\(n) (\(r.publicKey.prefix(5))…)")
                })
            }
            if !c.nowTrusts.isEmpty { parts.append("now trusts \(label(c.nowTrusts))") }
            if !c.noLongerTrusts.isEmpty { parts.append("no longer trusts \(label(c.noLongerTrusts))") }
            if let t0 = c.thresholdBefore, let t1 = c.thresholdAfter { parts.append("threshold \(t0) → \(t1)") }
            if parts.isEmpty { parts.append(c.after == nil ? "quorum set now unknown" : c.before == nil ? "quorum set now known" : "structure changed") }
            lines.append("  - \(who): " + parts.joined(separator: "; "))
        }
        if d.quorumSetChanges.count > 20 { lines.append("  … and \(d.quorumSetChanges.count - 20) more (--format json lists all)") }
        lines.append("organizations changed: \(d.organizationChanges.count)")
        for c in d.organizationChanges.prefix(20) {
            lines.append("  - \(c.validator.name ?? String(c.validator.publicKey.prefix(8)) + "…"): \(c.before ?? "none") → \(c.after ?? "none")")
        }
        lines.append("")
        lines += FigureTable.render(d.figures)
        return lines.joined(separator: "\n")
    }
}

/// Figures side by side, a `*` on each that moved.
enum FigureTable {
    static func render(_ figures: [FigureChange]) -> [String] {
        var lines = ["figure".padded(to: 42) + "before   after"]
        for f in figures {
            lines.append(f.figure.padded(to: 42)
                + f.before.description.padded(to: 9)
                + f.after.description.padded(to: 8) + (f.changed ? "*" : ""))
        }
        return lines
    }
}
