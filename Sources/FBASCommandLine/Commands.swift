import ArgumentParser
import FBASFormats
import FBASModel
import FBASReport
import Foundation
import StrictJSON

/// `fbas`: analyses of Federated Byzantine Agreement Systems.
public struct FBASCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fbas",
        abstract: "Check and analyse Stellar FBAS networks (quorum intersection, blocking and splitting sets, top tier).",
        discussion: """
        Exit codes: 0 the command completed (whatever the answer), 1 internal error, \
        2 input error, 3 timeout; 64 for a usage error.
        """,
        subcommands: [Validate.self, ToJSON.self, Analyze.self, CheckIntersection.self, MinSplittingSet.self,
                      MinBlockingSet.self, HistoryLoss.self, MinQuorum.self, TopTier.self]
    )

    public init() {}
}

/// Runs a subcommand body, timing it, turning input errors into exit code 2 and printing the
/// report in the requested format.
func run(_ command: String, _ options: CommonOptions, solver: String? = nil,
         _ body: (inout CommandReport) throws -> Void) throws {
    let start = ContinuousClock.now
    var report = CommandReport(command: command, solver: solver)
    do {
        try body(&report)
    } catch let error as FBASInputError {
        report.status = .error
        report.setError(ErrorReport(error))
        report.errorLine = error.description
        report.exit = .inputError
    }
    let elapsed = start.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if options.format == .text { printWarnings(report.warnings) }
    report.emit(format: options.format, seconds: seconds)
    if report.exit != .completed { throw ExitCode(report.exit.rawValue) }
}

/// Prints warnings on stderr: each one when there are few; otherwise the first few and a
/// count per kind, since a crawled network can have hundreds (`--format json` lists them all).
func printWarnings(_ warnings: [Diagnostic]) {
    let shown = 10
    for w in warnings.prefix(shown) { printStandardError("warning: \(w)") }
    guard warnings.count > shown else { return }
    var counts: [DiagnosticKind: Int] = [:]
    for w in warnings.dropFirst(shown) { counts[w.kind, default: 0] += 1 }
    let summary = DiagnosticKind.allCases.compactMap { k in counts[k].map { "\($0) \(k.rawValue)" } }.joined(separator: ", ")
    printStandardError("warning: … and \(warnings.count - shown) more (\(summary)); `fbas validate --format json` lists them all")
}

/// The network named by `--fbas`, or the bundled snapshot.
func loadNetwork(_ options: CommonOptions) throws(FBASInputError) -> LoadedNetwork {
    let load = LoadOptions(policy: options.unknownQsets, strict: options.strict)
    if let path = options.fbas { return try NetworkReader.read(path: path, options: load) }
    guard let url = Bundle.module.url(forResource: "pubnet_obsrvr", withExtension: "json") else {
        throw FBASInputError(.unreadable, file: "<bundled snapshot>", "the bundled Stellar snapshot is missing from this installation; pass --fbas")
    }
    var loaded = try NetworkReader.read(path: url.path, options: load)
    loaded.file = "bundled Stellar snapshot (pubnet_obsrvr.json)"
    return loaded
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a network and report its validators, quorum sets and data-quality problems.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        try FBASCommandLine.run("validate", options) { report in
            let loaded = try loadNetwork(options)
            let fbas = loaded.fbas
            var warnings = loaded.diagnostics
            if let organizations = options.organizations {
                var orgWarnings: [Diagnostic] = []
                let orgs = try NetworkReader.readOrganizations(path: organizations, diagnostics: &orgWarnings)
                let grouping = Grouping.byOrganizations(orgs, of: fbas, file: organizations)
                orgWarnings += grouping.diagnostics
                if options.strict, let first = orgWarnings.first {
                    throw FBASInputError(.strict, file: organizations, "\(orgWarnings.count) problem(s) under --strict; the first: \(first)", diagnostics: orgWarnings)
                }
                warnings += orgWarnings
            }
            report.warnings = warnings
            report.setResult(ValidationReport(loaded, warnings: warnings))
            let unknown = fbas.unknownQsetValidators
            let defined = fbas.isDefined.filter { $0 }.count
            var counts: [DiagnosticKind: Int] = [:]
            for w in warnings { counts[w.kind, default: 0] += 1 }
            var text = """
            \(loaded.file) (\(loaded.format.rawValue) format)
              validators:              \(fbas.count) (\(defined) defined, \(fbas.count - defined) only referenced)
              distinct quorum sets:    \(fbas.qsets.count)
              unknown quorum sets:     \(unknown.count) (policy: \(fbas.policy.rawValue)), of which \(fbas.watchers.count) watchers (no quorum set, named by nobody)
              warnings:                \(warnings.count)
            """
            for kind in DiagnosticKind.allCases where counts[kind] != nil {
                text += "\n    \(kind.rawValue): \(counts[kind]!)"
            }
            report.text = text
        }
    }
}

struct ToJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-json",
        abstract: "Write the network in stellarbeat, python-fbas or stellar-core format (resolved, deduplicated quorum sets).")

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "Target format: stellarbeat, python-fbas or stellar-core.")
    var to: NetworkFormat = .stellarbeat

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        try FBASCommandLine.run("to-json", options) { report in
            let loaded = try loadNetwork(options)
            report.warnings = loaded.diagnostics
            let document = NetworkWriter.document(for: loaded.fbas, format: to)
            let text = JSONWriter.write(document, pretty: true)
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                    throw FBASInputError(.unreadable, file: output, "cannot write the output file")
                }
                report.setResult(ConversionReport(format: to, output: output, network: nil))
                report.text = "wrote \(output) (\(to.rawValue) format)"
            } else {
                report.setResult(ConversionReport(format: to, output: nil, network: document))
                report.text = text
            }
        }
    }
}

extension NetworkFormat: ExpressibleByArgument {}
