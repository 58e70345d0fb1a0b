import FBASBenchmarking

/// Hand-made run records for the writers.
enum Fixture {
    static func record(_ network: String = "net.json", validators: Int = 30, analysis: String = "intersection",
                       backend: String = "cryptominisat", repetition: Int = 1, status: RunStatus = .ok,
                       wall: Double = 1, reported: Double? = 0.9, answer: String? = "intersects", limit: Double = 10) -> RunRecord {
        RunRecord(mode: "suite", network: network, family: "random", validators: validators, analysis: analysis,
                  backend: backend, repetition: repetition, status: status, wallSeconds: wall, reportedSeconds: reported,
                  peakRSSMB: 31.5, answer: answer, timeoutSeconds: limit)
    }
}

/// The cells of a Markdown table, per line (header, separator, rows).
func cells(_ table: String) -> [[String]] {
    table.split(separator: "\n").map { line in
        var parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        parts.removeFirst()
        parts.removeLast()
        return parts
    }
}
