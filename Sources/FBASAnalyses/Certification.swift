import FBASCertificates
import FBASModel
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SolverCore

/// `--certify`: the negative part of an answer proved by a DRUP proof our own checker accepts
/// (``Certifier``): "intersects" (no two disjoint quorums), "noQuorum", and the lower bound of
/// a least blocking set, splitting set, quorum or history-critical set (none smaller exists). A witness
/// already vouches for the positive part. Nothing to certify (a split, a size 0, a time limit
/// reached by the analysis) leaves the certificate nil.
public enum Certification {
    /// Where proofs go (`--proof-out`), and the time limit.
    public struct Options: Sendable {
        public var proofDirectory: URL?
        public var deadline: ContinuousClock.Instant?
        public var interrupt: InterruptFlag?
        public init(proofDirectory: URL? = nil, deadline: ContinuousClock.Instant? = nil, interrupt: InterruptFlag? = nil) {
            self.proofDirectory = proofDirectory
            self.deadline = deadline
            self.interrupt = interrupt
        }
    }

    public static func certify(_ r: inout IntersectionResult, of fbas: FBAS, options: Options) throws(AnalysisError) {
        switch r.outcome {
        case .intersects?: r.certificate = try run(.disjointQuorums, fbas, options, name: "intersection")
        case .noQuorum?: r.certificate = try run(.quorumExists, fbas, options, name: "no-quorum")
        default: break
        }
    }

    public static func certify(_ r: inout SplittingSetResult, of fbas: FBAS, grouping: Grouping? = nil, options: Options) throws(AnalysisError) {
        guard r.status == .ok else { return }
        if let size = r.size {
            guard size > 0 else { return }
            r.certificate = try run(.splittingSetOfAtMost(size - 1), fbas, options, grouping: grouping, name: "splitting")
        } else {
            r.certificate = try run(.splittingSetOfAtMost(nil), fbas, options, grouping: grouping, name: "no-splitting-set")
        }
    }

    public static func certify(_ r: inout BlockingSetResult, of fbas: FBAS, grouping: Grouping? = nil, options: Options) throws(AnalysisError) {
        guard r.status == .ok, let size = r.size, size > 0 else { return }
        r.certificate = try run(.blockingSetOfAtMost(size - 1, down: r.down), fbas, options, grouping: grouping,
                                name: r.down.isEmpty ? "blocking" : "blocking-filtered")
    }

    public static func certify(_ r: inout MinimumQuorumResult, of fbas: FBAS, options: Options) throws(AnalysisError) {
        guard r.status == .ok, let size = r.size, size > 1 else { return }
        r.certificate = try run(.quorumOfAtMost(size - 1), fbas, options, name: "minimum-quorum")
    }

    public static func certify(_ r: inout HistoryCriticalResult, of fbas: FBAS, options: Options) throws(AnalysisError) {
        guard r.status == .ok, let size = r.size, size > 0 else { return }
        r.certificate = try run(.historyCriticalOfAtMost(size - 1, working: Analyses.workingArchives(fbas)), fbas, options, name: "history-critical")
    }

    /// Certifies `question` (any of ``CertifiedQuestion``) about `fbas`; a proof that does not
    /// check is an internal error. The report certifies its figures through this.
    public static func run(_ question: CertifiedQuestion, _ fbas: FBAS, _ options: Options, grouping: Grouping? = nil,
                           name: String) throws(AnalysisError) -> Certificate {
        do {
            return try Certifier.certify(question, in: fbas, grouping: grouping, deadline: options.deadline, interrupt: options.interrupt,
                                         proofDirectory: options.proofDirectory, name: name)
        } catch {
            throw .witnessRejected(error.description)
        }
    }
}
