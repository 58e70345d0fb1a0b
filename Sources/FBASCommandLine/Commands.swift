import ArgumentParser
import BundledSnapshot
import ChildProcess
import FBASFormats
import FBASModel
import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StrictJSON
#if canImport(Glibc)
import Glibc
#endif

/// `fbas`: analyses of Federated Byzantine Agreement Systems.
public struct FBASCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fbas",
        abstract: "Check and analyse Stellar FBAS networks (quorum intersection, blocking and splitting sets, top tier).",
        discussion: """
        Exit codes: 0 the command completed (whatever the answer), 1 internal error, \
        2 input error, 3 timeout, 4 a what-if requirement failed; 64 for a usage error.
        """,
        subcommands: [Validate.self, ToJSON.self, Analyze.self, CheckIntersection.self, MinSplittingSet.self,
                      MinBlockingSet.self, HistoryLoss.self, MinQuorum.self, TopTier.self, WhatIf.self, Diff.self, History.self]
    )

    public init() {}

    /// The `fbas` process: parses, runs, and exits with the documented codes. A usage error
    /// (exit 64) with `--format json` among the arguments still prints the JSON envelope,
    /// `status: "error"` with an error of kind `usage`, so that scripts parse every outcome.
    public static func runMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        // A closed pipe must fail a write (reported, exit 1), not kill the process unseen.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            finish(0)
        } catch {
            // An analysis's exit status (a timeout, say): nothing left to print.
            if let status = error as? ExitCode { finish(status.rawValue) }
            let code = exitCode(for: error)
            if code == .validationFailure, wantsJSON(arguments) {
                let subcommand = arguments.first { a in configuration.subcommands.contains { $0._commandName == a } }
                var report = CommandReport(command: subcommand ?? "fbas")
                report.status = .error
                report.setError(ErrorReport(kind: "usage", message: message(for: error)))
                report.errorLine = message(for: error)
                report.emit(format: .json, seconds: 0)
                finish(code.rawValue)
            }
            // What `exit(withError:)` prints, then `finish`: an error can come after analyses
            // whose solvers are still being freed (see `finish`).
            let text = fullMessage(for: error)
            if !text.isEmpty {
                if code == .success { printStandardOutput(text) } else { printStandardError(text) }
            }
            finish(code.rawValue)
        }
    }

    /// Ends the process once a command has run: output flushed, then `_exit`, not `exit`. A
    /// solver stopped at its deadline may still be being freed on another thread
    /// (`LateRelease`), and `exit` would run the native libraries' static destructors under it;
    /// nothing of ours needs an exit handler.
    static func finish(_ code: Int32) -> Never {
        fflush(nil)
        Glibc._exit(code)
    }

    /// Whether the arguments ask for JSON output (`--format json` or `--format=json`).
    static func wantsJSON(_ arguments: [String]) -> Bool {
        for (i, a) in arguments.enumerated() {
            if a == "--format=json" || (a == "--format" && i + 1 < arguments.count && arguments[i + 1] == "json") { return true }
        }
        return false
    }
}

/// An explorer's node API, downloaded (or taken from the cache) by `fbas-fetch`, the
/// executable beside this one: a process of its own, so that `fbas` does not load the
/// networking libraries on every run.
func fetch(_ url: String, refresh: Bool, maxBytes: Int) throws(FBASInputError) -> (file: String, fromCache: Bool, fetched: String?) {
    let run = try runHelper("fbas-fetch", neededFor: "downloading", file: url,
                            [url, "--max-bytes", String(maxBytes)] + (refresh ? ["--refresh"] : []))
    let line = run.line
    if let message = line?["error"]?.string { throw FBASInputError(.unreadable, file: url, message) }
    guard run.status == 0, let file = line?["file"]?.string else {
        throw FBASInputError(.unreadable, file: url, "fbas-fetch failed (exit \(run.status))")
    }
    return (file, line?["fromCache"]?.bool ?? false, line?["fetched"]?.string)
}

/// The quorum set stellar-core derives for validator `node` from its configuration at `path`,
/// read by `fbas-stellar-core-cfg`, the executable beside this one (a process of its own, so
/// that `fbas` does not link the TOML parser and, through it, Foundation with ICU).
func stellarCoreQuorumSet(path: String, node: String) throws(FBASInputError) -> QuorumSet {
    let run = try runHelper("fbas-stellar-core-cfg", neededFor: "reading a stellar-core configuration", file: path, [path, "--node", node])
    let line = run.line
    if let error = line?["error"]?.object {
        throw FBASInputError(FBASInputError.Kind(rawValue: error["kind"]?.string ?? "") ?? .shape, file: error["file"]?.string ?? path,
                             error["message"]?.string ?? "the configuration cannot be read")
    }
    guard run.status == 0, let q = line?["quorumSet"] else {
        throw FBASInputError(.unreadable, file: path, "fbas-stellar-core-cfg failed (exit \(run.status))")
    }
    return try NetworkReader.readQuorumSet(JSONWriter.writeUTF8(q, pretty: false), file: path)
}

/// Runs helper executable `name`, beside this `fbas`, and reads the one JSON line it prints;
/// errors name `file`, the input the helper was run for.
func runHelper(_ name: String, neededFor purpose: String, file: String, _ arguments: [String]) throws(FBASInputError) -> (status: Int32, line: JSONObject?) {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    let helper = here.appendingPathComponent(name).path
    guard access(helper, X_OK) == 0 else {
        throw FBASInputError(.unreadable, file: file, "\(purpose) needs \(name) beside fbas (\(helper)); build it with `swift build --product \(name)`")
    }
    do {
        let run = try ChildProcess.spawn([helper] + arguments).readOutputAndWait()
        return (run.status, (try? JSONParser.parse(run.output))?.object)
    } catch {
        throw FBASInputError(.unreadable, file: file, "cannot run \(helper): \(error.description)")
    }
}

/// The commands whose negative answers `--certify` proves.
let certifyingCommands = ["analyze", "check-intersection", "min-blocking-set", "min-splitting-set", "min-quorum", "history-loss"]

/// Runs a subcommand body, timing it, turning input errors into exit code 2 and printing the
/// report in the requested format.
func run(_ command: String, _ options: CommonOptions, solver: String? = nil,
         _ body: (inout CommandReport) throws -> Void) throws {
    if options.certify, !certifyingCommands.contains(command) {
        throw ValidationError("--certify is not available for \(command) yet; it certifies \(certifyingCommands.joined(separator: ", "))")
    }
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
    let load = LoadOptions(policy: options.unknownQsets, strict: options.strict, maxInputBytes: options.maxInputBytes)
    if let location = options.fbas, location.hasPrefix("https://") || location.hasPrefix("http://") {
        let fetched = try fetch(location, refresh: options.refresh, maxBytes: options.maxInputBytes)
        if fetched.fromCache, options.format == .text, !options.quiet {
            let when = fetched.fetched.map { " fetched \($0)" } ?? ""
            printStandardError("note: \(location): the cached copy\(when) (\(fetched.file)); --refresh downloads it again")
        }
        var loaded = try NetworkReader.read(path: fetched.file, options: load)
        loaded.file = location
        return loaded
    }
    if let path = options.fbas { return try NetworkReader.read(path: path, options: load) }
    // Compiled in, so that a copied binary still has it and no resource bundle (which would
    // load Foundation's Bundle, and ICU with it) is looked up.
    var count = 0
    let start = fbas_bundled_snapshot(&count)!
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    return try NetworkReader.read(bytes, file: "bundled Stellar snapshot (pubnet_obsrvr.json)", options: load)
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Load a network and report its validators, quorum sets and data-quality problems.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        try FBASCommandLine.run("validate", options) { report in
            let loaded = try loadNetwork(options)
            let fbas = loaded.fbas
            var warnings = loaded.diagnostics
            if let given = try loadOrganizations(options, for: fbas) { warnings += given.warnings }
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
            try NetworkWriter.checkWritable(loaded.fbas, as: to, file: loaded.file)
            let document = NetworkWriter.document(for: loaded.fbas, format: to)
            let text = JSONWriter.write(document, pretty: true)
            let notWritten = loaded.quorumSetFieldsNotKept
            if !notWritten.isEmpty {
                report.warningLine = "fields inside quorum sets are not written (the quorum sets are resolved and deduplicated): "
                    + notWritten.sorted { $0.key < $1.key }.map { "\($0.key) (in \($0.value) quorum set\($0.value == 1 ? "" : "s"))" }.joined(separator: ", ")
            }
            if let output {
                try writeRegularFile(output, Array((text + "\n").utf8))
                report.setResult(ConversionReport(format: to, output: output, network: nil, quorumSetFieldsNotWritten: notWritten))
                report.text = "wrote \(output) (\(to.rawValue) format)"
            } else {
                report.setResult(ConversionReport(format: to, output: nil, network: document, quorumSetFieldsNotWritten: notWritten))
                report.text = text
            }
        }
    }
}

extension NetworkFormat: ExpressibleByArgument {}
