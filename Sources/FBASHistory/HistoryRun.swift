import ContentHash
import FBASAnalyses
import FBASFormats
import FBASModel
import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import StrictJSON
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One snapshot's line of `fbas history`: its file, day and network, and the report of that
/// network (nil when the file is not a network).
public struct HistoryRow: Codable, Sendable {
    public var file: String
    public var date: String?
    public var dateSource: String
    /// The network's ``NetworkIdentity`` digest (SHA-256), with the profile and policy it was analysed under.
    public var network: String?
    /// `ok`, `timeout`, `tooLarge`, or `error` (the file could not be read as a network).
    public var status: String
    public var message: String?
    public var validators: Int?
    public var report: NetworkReport?
}

/// How a history run analyses each snapshot.
public struct HistoryOptions: Sendable {
    public var profile: ReportProfile = .default
    public var policy: UnknownQsetPolicy = .free
    /// Seconds per distinct network.
    public var timeout: Double?
    /// Networks analysed at once (default: the cores).
    public var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// `(index, count)`: this run takes the `index`-th of `count` contiguous blocks of the series.
    public var shard: (index: Int, count: Int)?
    public var maxInputBytes = LoadOptions.defaultMaxInputBytes

    public init() {}

    /// What a row's network digest also depends on.
    var fingerprint: String { "profile=\(profile.rawValue)&policy=\(policy.rawValue)" }
}

/// What a run did: rows written, and how many networks it analysed (0 when every row came
/// from an earlier run's output).
public struct HistorySummary: Sendable {
    public var rows: [HistoryRow]
    /// Distinct networks analysed by this run.
    public var analysed: Int
    /// Snapshots whose report came from the earlier output (`PREFIX.jsonl`).
    public var fromEarlierOutput: Int
}

/// `fbas history`: the report of every snapshot of a series, each distinct network computed
/// once, in parallel; rows appended to `PREFIX.jsonl` as they finish, so that a run that is
/// interrupted resumes where it stopped; at the end `PREFIX.jsonl` and `PREFIX.csv` in the
/// series' order (date, then path) and, unless sharded, `PREFIX.svg`.
public struct HistoryRun {
    public var options: HistoryOptions
    public var outputPrefix: String

    public init(options: HistoryOptions, outputPrefix: String) {
        self.options = options
        self.outputPrefix = outputPrefix
    }

    var jsonlPath: String { outputPrefix + ".jsonl" }
    var csvPath: String { outputPrefix + ".csv" }
    var svgPath: String { outputPrefix + ".svg" }

    /// Runs over `files` (see ``HistoryInputs/files(_:)``).
    public func run(_ files: [String], progress: (@Sendable (String) -> Void)? = nil) throws -> HistorySummary {
        // The series' order needs every snapshot's date, so each shard dates them all.
        var snapshots: [Snapshot] = files.map { path in
            let (date, source) = HistoryInputs.date(of: path, document: Self.dateCarrier(path, limit: self.options.maxInputBytes))
            return Snapshot(path: path, date: date, dateSource: source)
        }
        snapshots.sort { ($0.date ?? "", $0.path) < ($1.date ?? "", $1.path) }
        let mine = options.shard.map { HistoryInputs.shard(snapshots, index: $0.index, count: $0.count) } ?? snapshots[...]

        let earlier = Self.readRows(jsonlPath)
        var reports: [String: HistoryRow] = [:]
        for row in earlier where row.report != nil { if let n = row.network { reports[n] = row } }

        // Read each of this shard's snapshots; those whose network is known need no analysis.
        var rows: [HistoryRow?] = Array(repeating: nil, count: mine.count)
        var fromEarlier = 0
        var pending: [String: (network: FBAS, warnings: [Diagnostic], rows: [Int])] = [:]
        var order: [String] = []
        for (i, snapshot) in mine.enumerated() {
            var row = HistoryRow(file: snapshot.path, date: snapshot.date, dateSource: snapshot.dateSource, network: nil,
                                 status: "error", message: nil, validators: nil, report: nil)
            let loaded: LoadedNetwork
            do {
                loaded = try NetworkReader.read(path: snapshot.path, options: LoadOptions(policy: options.policy, maxInputBytes: options.maxInputBytes))
            } catch {
                row.message = error.description
                rows[i] = row
                continue
            }
            let digest = NetworkIdentity(loaded.fbas, warnings: loaded.diagnostics).digestWith(options.fingerprint)
            row.network = digest
            row.validators = loaded.fbas.records.count
            if let known = reports[digest] {
                fromEarlier += 1
                row.status = known.status
                row.report = known.report
                rows[i] = row
            } else {
                if pending[digest] == nil {
                    pending[digest] = (loaded.fbas, loaded.diagnostics, [])
                    order.append(digest)
                }
                pending[digest]!.rows.append(i)
                rows[i] = row
            }
        }

        // Analyse the distinct new networks, `jobs` at a time, appending rows as they finish.
        let appender = try LineAppender(path: jsonlPath)
        let results = Mutex<[String: (status: String, report: NetworkReport?, message: String?)]>([:])
        let queue = Mutex(order)
        let options = self.options, jobs = pending, base = rows
        let finished = DispatchGroup()
        for _ in 0..<max(1, min(options.jobs, order.count)) {
            finished.enter()
            startThread(stackSize: 16 << 20) {
                defer { finished.leave() }
                while let digest = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                    let job = jobs[digest]!
                    var analysis = AnalysisOptions.timeout(options.timeout)
                    // Parallel snapshots already fill the cores; one search each.
                    analysis.race = options.jobs <= 1
                    let outcome: (status: String, report: NetworkReport?, message: String?)
                    do {
                        let report = try NetworkReport.compute(job.network, options: ReportOptions(profile: options.profile, analysis: analysis),
                                                               warnings: job.warnings)
                        outcome = (report.status.rawValue, report, nil)
                    } catch {
                        outcome = ("error", nil, "\(error)")
                    }
                    results.withLock { $0[digest] = outcome }
                    for i in job.rows {
                        var row = base[i]!
                        row.status = outcome.status
                        row.report = outcome.report
                        row.message = outcome.message
                        appender.append(row)
                    }
                    progress?("\(job.rows.count) snapshot(s) of network \(digest.prefix(12)): \(outcome.status)")
                }
            }
        }
        finished.wait()
        appender.close()

        let computed = results.withLock { $0 }
        var final: [HistoryRow] = []
        for row in rows {
            var row = row!
            if let digest = row.network, let outcome = computed[digest], row.report == nil {
                row.status = outcome.status
                row.report = outcome.report
                row.message = outcome.message
            }
            final.append(row)
        }
        try Self.write(final, jsonl: jsonlPath, csv: csvPath, csvHeader: (options.shard?.index ?? 1) == 1)
        if options.shard == nil {
            try Data(HistoryChart.render(final).utf8).write(to: URL(fileURLWithPath: svgPath), options: .atomic)
        }
        return HistorySummary(rows: final, analysed: order.count, fromEarlierOutput: fromEarlier)
    }

    /// The document of `path` when it can carry a date of its own (a top-level object); a node
    /// array cannot, and is not parsed here (it is read again below, for its network).
    static func dateCarrier(_ path: String, limit: Int) -> JSONValue? {
        guard let bytes = try? NetworkReader.readFile(path, limit: limit),
              bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) == UInt8(ascii: "{") else { return nil }
        return try? JSONParser.parse(bytes, maxDepth: NetworkReader.maximumJSONDepth)
    }

    /// The rows of an earlier run's `PREFIX.jsonl` (a partial last line from an interrupted run is skipped).
    static func readRows(_ path: String) -> [HistoryRow] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(HistoryRow.self, from: Data($0)) }
    }

    /// Both files, replaced atomically, in the series' order.
    static func write(_ rows: [HistoryRow], jsonl: String, csv: String, csvHeader: Bool) throws {
        var lines = ""
        for row in rows { lines += HistoryRow.line(row) }
        try Data(lines.utf8).write(to: URL(fileURLWithPath: jsonl), options: .atomic)
        try Data(HistoryCSV.render(rows, header: csvHeader).utf8).write(to: URL(fileURLWithPath: csv), options: .atomic)
    }
}

extension HistoryRow {
    /// The row as one JSON line (with its newline).
    static func line(_ row: HistoryRow) -> String {
        ((try? JSONValueEncoder().encode(row)).map { JSONWriter.write($0, pretty: false) } ?? "{}") + "\n"
    }
}

extension NetworkIdentity {
    /// The digest of the network together with what else its report depends on.
    func digestWith(_ fingerprint: String) -> String {
        SHA256.hex(bytes + Array(fingerprint.utf8))
    }
}

/// Appends lines to a file from several threads, one whole line at a time.
final class LineAppender: Sendable {
    private let descriptor: Mutex<Int32>

    init(path: String) throws(FBASInputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FBASInputError(.unreadable, file: path, "cannot create the output file: \(String(cString: strerror(errno)))") }
        descriptor = Mutex(fd)
        // A partial line left by an interrupted run must not glue onto the next row.
        if lseek(fd, 0, SEEK_END) > 0 { _ = FileBytes.writeAll(Array("\n".utf8), to: fd) }
    }

    func append(_ row: HistoryRow) {
        let line = Array(HistoryRow.line(row).utf8)
        // A failed write (a full disk) leaves a short file, which resuming repairs.
        descriptor.withLock { fd in if fd >= 0 { _ = FileBytes.writeAll(line, to: fd) } }
    }

    func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }
}

/// Runs `body` on a thread of its own with a stack of `stackSize` bytes: the analyses recurse
/// deeper than a pool thread's default stack allows on the largest networks.
func startThread(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
    final class Job: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    let job = Unmanaged.passRetained(Job(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(&thread, &attributes, { raw in
        Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, job)
    precondition(status == 0, "cannot start a thread: \(String(cString: strerror(status)))")
}
