#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FBASReport

/// `PREFIX.csv`: one line per snapshot with stellarbeat's figures, for any spreadsheet.
public enum HistoryCSV {
    /// The figure columns, in the report's order.
    static let figureColumns = ["hasQuorumIntersection", "hasSymmetricTopTier"]
        + ["node", "organization", "isp", "country"].flatMap { level in
            ["topTierSize", "blockingSetsMinSize", "blockingSetsFilteredMinSize", "splittingSetsMinSize"].map { "\(level).\($0)" }
        }

    public static let header = ["file", "date", "dateSource", "network", "status", "validators"] + figureColumns + ["message"]

    /// The rows, with the header line first unless `header` is false (a later shard's file,
    /// which is appended to the first's).
    public static func render(_ rows: [HistoryRow], header: Bool = true) -> String {
        var out = header ? line(Self.header) : ""
        for row in rows {
            let figures = Dictionary(uniqueKeysWithValues: (row.report?.figures ?? []).map { ($0.path, $0.value) })
            let values = figureColumns.map { column -> String in
                switch figures[column] {
                case .number(let n)?: return String(n)
                case .flag(let b)?: return b ? "true" : "false"
                default: return ""
                }
            }
            out += line([row.file, row.date ?? "", row.dateSource, row.network ?? "", row.status, row.validators.map(String.init) ?? ""]
                        + values + [row.message ?? ""])
        }
        return out
    }

    /// One CSV line (RFC 4180 quoting), with its newline.
    static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : f
        }.joined(separator: ",") + "\n"
    }
}
