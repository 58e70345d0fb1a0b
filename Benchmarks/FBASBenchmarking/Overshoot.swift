/// How far past its time limit each run ended: the measure of `fbas-bench timeouts`. A run that
/// honours its limit ends within it, or a little after when it times out (the answer still has
/// to be checked and printed); one that ignores it ends far later or is killed.
public enum Overshoot {
    /// Wall time over the limit (1 = exactly at the limit); a killed run counts as its wall
    /// time, which is the limit plus the grace period.
    public static func ratio(_ r: RunRecord) -> Double {
        r.wallSeconds / max(r.timeoutSeconds, 1e-9)
    }

    /// The run that ended furthest past its limit.
    public static func worst(_ records: [RunRecord]) -> RunRecord? {
        records.max { ratio($0) < ratio($1) }
    }

    /// A Markdown section: the worst run, then every run by family, size and analysis with its
    /// limit, wall time, ratio and how it ended.
    public static func section(_ records: [RunRecord]) -> String {
        var lines = ["## Overshoot past the time limit", ""]
        guard let worst = worst(records) else { return (lines + ["No runs."]).joined(separator: "\n") + "\n" }
        lines.append("Worst: ×\(Format.fixed(ratio(worst), 2)) of the limit — \(worst.network) \(worst.analysis) (\(worst.status.rawValue), \(Format.seconds(worst.wallSeconds)) s for a limit of \(Format.seconds(worst.timeoutSeconds)) s).")
        let killed = records.filter { $0.status == .killed }.count
        lines.append("Runs killed after limit + grace: \(killed) of \(records.count).")
        lines.append("")
        lines.append("| family | validators | analysis | limit s | wall s | × limit | ended |")
        lines.append("|---|---|---|---|---|---|---|")
        for r in records.sorted(by: { ($0.family, $0.validators, $0.analysis) < ($1.family, $1.validators, $1.analysis) }) {
            lines.append("| \(r.family) | \(r.validators) | \(r.analysis) | \(Format.seconds(r.timeoutSeconds)) | \(Format.seconds(r.wallSeconds)) | \(Format.fixed(ratio(r), 2)) | \(r.status.rawValue) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
