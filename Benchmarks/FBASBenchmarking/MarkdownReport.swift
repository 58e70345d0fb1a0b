/// `results.md`: the tables a reader wants from a benchmark run.
///
/// 1. Per network, one column per analysis (and back end): the layout of the peer tool's
///    published table, so the two can be read side by side.
/// 2. Per analysis and back end: how many networks finished (every repetition) and the median
///    time of those, wall and as `fbas` reported it (without process start-up).
/// 3. Every (network, analysis, back end) with median, min, max, timeouts, memory, and the
///    ratios to the first back end and to an earlier run.
public struct MarkdownReport: Sendable {
    public var title: String
    /// Lines of "- key: value" describing machine, limits and command.
    public var method: [String]
    public var measurements: [RunRecord]
    /// An earlier run's measurements (`--against`), for a ratio column.
    public var earlier: [RunRecord]?
    /// The chart file to embed, relative to the report.
    /// (The "vs earlier" ratio compares the times `fbas` reported when both runs have them.)
    public var chart: String?

    public init(title: String, method: [String], measurements: [RunRecord], earlier: [RunRecord]? = nil, chart: String? = nil) {
        self.title = title
        self.method = method
        self.measurements = measurements
        self.earlier = earlier
        self.chart = chart
    }

    /// The whole document: title, method list, chart, then the three tables.
    public func render() -> String {
        var out = "# \(title)\n\n"
        for line in method { out += "- \(line)\n" }
        if let chart { out += "\n![time against validators](\(chart))\n" }
        out += "\n## Per network\n\n" + perNetworkTable()
        out += "\n## Per analysis\n\n" + perAnalysisTable()
        out += "\n## Every run group\n\n" + detailTable()
        return out
    }

    var backends: [String] { unique(measurements.map(\.backend)) }
    var columns: [(analysis: String, backend: String)] {
        let analyses = unique(measurements.map(\.analysis))
        return analyses.flatMap { a in backends.map { (a, $0) } }
    }

    /// Rows: networks; columns: analysis (× back end when there are several); cells: median
    /// seconds and the answer, or "timeout".
    public func perNetworkTable() -> String {
        let several = backends.count > 1
        var header = ["network", "validators"]
        header += columns.map { several ? "\($0.analysis) (\($0.backend))" : $0.analysis }
        var rows: [[String]] = []
        let byRun = Dictionary(grouping: measurements, by: RunKey.init)
        for (network, ms) in Statistics.group(measurements, by: \.network) {
            var row = [network, String(ms[0].validators)]
            for c in columns {
                let runs = byRun[RunKey(network: network, analysis: c.analysis, backend: c.backend)] ?? []
                row.append(runs.isEmpty ? "" : Self.cell(RunSummary(runs)))
            }
            rows.append(row)
        }
        return Self.table(header, rows)
    }

    /// "0.012 s (intersects)", "timeout (≥6)", "1/3 unfinished; 4.1 s (8)", "error".
    static func cell(_ s: RunSummary) -> String {
        let answer = s.answers.isEmpty ? "" : " (\(s.answers.joined(separator: " / ")))"
        if let median = s.median {
            let prefix = s.finished < s.runs ? "\(s.runs - s.finished)/\(s.runs) unfinished; " : ""
            return "\(prefix)\(Format.seconds(median)) s\(answer)"
        }
        let bounds = s.timeoutBounds.isEmpty ? "" : " (\(s.timeoutBounds.joined(separator: " / ")))"
        return s.timeouts > 0 ? "timeout\(bounds)" : "error"
    }

    /// Per analysis and back end: runs finished, and the median and maximum of their times.
    public func perAnalysisTable() -> String {
        var rows: [[String]] = []
        for c in columns {
            let ms = measurements.filter { $0.analysis == c.analysis && $0.backend == c.backend }
            // One figure per network: the median of its repetitions.
            let perNetwork = Statistics.group(ms, by: \.network).map { RunSummary($0.values) }
            let finished = perNetwork.filter { $0.median != nil && $0.finished == $0.runs }
            let times = finished.compactMap(\.median)
            let inside = finished.compactMap(\.reportedMedian)
            rows.append([c.analysis, c.backend, "\(finished.count) / \(perNetwork.count)",
                         Statistics.median(times).map { Format.seconds($0) } ?? "—",
                         times.max().map { Format.seconds($0) } ?? "—",
                         Statistics.median(inside).map { Format.seconds($0) } ?? "—"])
        }
        return Self.table(["analysis", "backend", "networks finished", "median s (finished)", "max s (finished)",
                           "median s inside fbas"], rows)
    }

    /// One row per (network, analysis, back end), with the ratio to the first back end and to
    /// the earlier run when there is one.
    public func detailTable() -> String {
        var header = ["network", "validators", "analysis", "backend", "runs", "finished", "timeouts", "median s", "min s", "max s",
                      "inside fbas s", "peak MB", "answer"]
        let base = backends.first
        if backends.count > 1, let base { header.append("vs \(base)") }
        if earlier != nil { header.append("vs earlier") }
        let byRun = Dictionary(grouping: measurements, by: RunKey.init)
        let earlierByRun = earlier.map { Dictionary(grouping: $0, by: RunKey.init) }
        // An earlier run on one other back end (the run before the default changed) is compared
        // network by network and analysis by analysis all the same.
        let earlierBackends = Set(earlier?.map(\.backend) ?? [])
        let soleEarlierBackend = earlierBackends.count == 1 ? earlierBackends.first : nil
        var rows: [[String]] = []
        for (key, ms) in Statistics.group(measurements, by: RunKey.init) {
            let s = RunSummary(ms)
            let limit = ms[0].timeoutSeconds
            var row = [key.network, String(ms[0].validators), key.analysis, key.backend, String(s.runs), String(s.finished),
                       String(s.timeouts), s.median.map { Format.seconds($0) } ?? "—", s.min.map { Format.seconds($0) } ?? "—",
                       s.max.map { Format.seconds($0) } ?? "—", s.reportedMedian.map { Format.seconds($0) } ?? "—", s.peakRSSMB.map { Format.fixed($0, 0) } ?? "—",
                       (s.answers + s.timeoutBounds).joined(separator: " / ")]
            if backends.count > 1, let base {
                let baseRuns = byRun[RunKey(network: key.network, analysis: key.analysis, backend: base)] ?? []
                row.append(key.backend == base || baseRuns.isEmpty ? "" : TimeRatio(s, over: RunSummary(baseRuns), limit: limit).description)
            }
            if let earlierByRun {
                let old = earlierByRun[key]
                    ?? soleEarlierBackend.flatMap { earlierByRun[RunKey(network: key.network, analysis: key.analysis, backend: $0)] } ?? []
                row.append(old.isEmpty ? "" : TimeRatio(s, over: RunSummary(old), limit: max(limit, old[0].timeoutSeconds), inside: true).description)
            }
            rows.append(row)
        }
        return Self.table(header, rows)
    }

    /// A GitHub-flavoured Markdown table; `|` in cells is escaped.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingAll("|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return line(header) + "|" + String(repeating: "---|", count: header.count) + "\n" + rows.map(line).joined()
    }
}

func unique(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}
