import Foundation
import StrictJSON

/// An analysis the benchmark times, named as in tables and mapped to the `fbas` subcommand
/// that runs it.
public enum BenchmarkAnalysis: String, CaseIterable, Sendable {
    case intersection
    case blocking
    case splitting
    case history
    case topTier = "top-tier"
    case minQuorum = "min-quorum"
    case analyze

    /// The `fbas` subcommand.
    public var subcommand: String {
        switch self {
        case .intersection: "check-intersection"
        case .blocking: "min-blocking-set"
        case .splitting: "min-splitting-set"
        case .history: "history-loss"
        case .topTier: "top-tier"
        case .minQuorum: "min-quorum"
        case .analyze: "analyze"
        }
    }

    /// The short answer a table shows next to the time, from the command's `result` object:
    /// the intersection outcome, or the size of the set found (`"-"` when none exists).
    public func answer(from result: JSONValue) -> String? {
        switch self {
        case .intersection:
            return result["outcome"]?.string
        case .analyze:
            return result["hasQuorumIntersection"]?.bool.map { $0 ? "intersects" : "no intersection" }
        case .blocking, .splitting, .history, .topTier, .minQuorum:
            guard let size = result["size"] else { return nil }
            if size.isNull { return "-" }
            return size.number?.text
        }
    }

    /// Parses a comma-separated list such as `intersection,blocking,splitting`.
    public static func list(_ text: String) throws(BenchmarkError) -> [BenchmarkAnalysis] {
        try text.split(separator: ",").map { part throws(BenchmarkError) in
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let analysis = BenchmarkAnalysis(rawValue: name) else {
                throw .invalidArgument("unknown analysis \"\(name)\"; expected one of \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return analysis
        }
    }
}

/// Why a benchmark could not be planned, run or reported.
public enum BenchmarkError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidArgument(String)
    /// A CSV file that is not a results file of this tool; `line` is 1-based.
    case malformedCSV(line: Int, reason: String)
    /// The child process could not be started.
    case spawnFailed(executable: String, errno: Int32)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidArgument(let m): m
        case .malformedCSV(let line, let reason): "CSV line \(line): \(reason)"
        case .spawnFailed(let executable, let errno): "cannot start \(executable) (errno \(errno))"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
