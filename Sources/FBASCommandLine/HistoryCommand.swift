import ArgumentParser
import FBASFormats
import FBASHistory
import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `fbas history`: the report of every snapshot of a series.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The report of every snapshot of a series (files or directories of .json), each distinct network computed once, in parallel; writes PREFIX.csv, PREFIX.jsonl and PREFIX.svg.",
        discussion: """
        A run whose PREFIX.jsonl exists analyses only the networks it does not hold yet, so an \
        interrupted run resumes where it stopped. --shard I/N takes the I-th of N contiguous blocks \
        of the series (ordered by date, then path): run the shards on N machines, concatenate their \
        .jsonl and .csv files in shard order (the later shards write no CSV header), and a final \
        run over the whole series with the concatenated PREFIX.jsonl only draws the chart. \
        --timeout applies to each distinct network.
        """)
    @OptionGroup var options: CommonOptions
    @Option(name: .long, help: "default (our semantics) or stellarbeat (the explorers' figures).")
    var profile: ReportProfile = .default
    @Option(name: .long, help: "Output prefix: writes PREFIX.csv, PREFIX.jsonl and (unsharded) PREFIX.svg.")
    var out = "history"
    @Option(name: .long, help: "Networks analysed at once (default: the number of cores).")
    var jobs: Int?
    @Option(name: .long, help: "I/N: analyse the I-th of N contiguous blocks of the series.")
    var shard: String?
    @Argument(help: "Snapshot files, or directories searched for .json files.")
    var inputs: [String]

    func validate() throws {
        if options.fbas != nil { throw ValidationError("history takes its snapshots as arguments, not --fbas") }
        if options.organizations != nil || options.groupBy != nil { throw ValidationError("history reports every level; --organizations and --group-by do not apply") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let shard, parsedShard(shard) == nil { throw ValidationError("--shard must be I/N with 1 <= I <= N") }
        if inputs.isEmpty { throw ValidationError("give snapshot files or directories") }
    }

    func parsedShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    /// What `--format json` prints under `result`.
    struct Summary: Encodable {
        var snapshots: Int
        var analysed: Int
        var fromEarlierOutput: Int
        var failed: [String]
        var outputs: [String]
    }

    func run() throws {
        try FBASCommandLine.run("history", options) { (report: inout CommandReport) throws in
        try body(&report)
        }
    }

    func body(_ report: inout CommandReport) throws {
        let files = try HistoryInputs.files(inputs)
        var o = HistoryOptions()
        o.profile = profile
        o.policy = options.unknownQsets
        o.timeout = options.timeout
        if let jobs { o.jobs = jobs }
        o.shard = shard.flatMap(parsedShard)
        o.maxInputBytes = options.maxInputBytes
        let quiet = options.quiet || options.format == .json
        let progress: (@Sendable (String) -> Void)? = quiet ? nil : { @Sendable (line: String) in
            printStandardError("history: \(line)")
        }
        let summary: HistorySummary = try HistoryRun(options: o, outputPrefix: out).run(files, progress: progress)
        let outputs = [out + ".csv", out + ".jsonl"] + (o.shard == nil ? [out + ".svg"] : [])
        let failed = summary.rows.filter { $0.status == "error" }.map { $0.message ?? "\($0.file): unreadable" }
        report.setResult(Summary(snapshots: summary.rows.count, analysed: summary.analysed, fromEarlierOutput: summary.fromEarlierOutput,
                                 failed: failed, outputs: outputs))
        var lines = ["\(summary.rows.count) snapshots: \(summary.analysed) distinct network(s) analysed, \(summary.fromEarlierOutput) taken from the earlier \(out).jsonl, \(failed.count) not networks"]
        if !failed.isEmpty { lines.append("not read as networks (rows with status error): " + failed.joined(separator: "; ")) }
        let cut = summary.rows.filter { $0.status == "timeout" || $0.status == "tooLarge" }.count
        if cut > 0 { lines.append("\(cut) snapshot(s) cut short by the time limit (their rows hold the bounds)") }
        lines.append("wrote " + outputs.joined(separator: ", "))
        report.text = lines.joined(separator: "\n")
    }
}
