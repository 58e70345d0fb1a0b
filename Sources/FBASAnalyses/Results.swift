import FBASCertificates
import FBASModel

/// Whether an analysis finished. A timed-out analysis reports the bounds it had proved, never a
/// guess.
public enum AnalysisStatus: String, Sendable, Equatable, Codable {
    case ok
    case timeout
    /// The question's encoding would exceed ``AnalysisOptions/clauseBudget``: refused before a
    /// back end could run out of memory (CryptoMiniSat aborts the process). Bounds as for a timeout.
    case tooLarge
}

/// The three outcomes of a quorum-intersection check.
public enum IntersectionOutcome: String, Sendable, Equatable, Codable {
    case intersects
    case split
    case noQuorum
}

/// Quorum intersection, with its witness: two disjoint quorums for `split`; for `intersects`,
/// one quorum (showing quorums exist); none for `noQuorum`.
public struct IntersectionResult: Sendable, Equatable {
    public var status: AnalysisStatus
    /// nil when the analysis timed out.
    public var outcome: IntersectionOutcome?
    public var quorumA: [Int]?
    public var quorumB: [Int]?
    /// Validators with unknown quorum sets the answer depends on (see ``relevantUnknownQsetValidators(_:)``).
    public var unknownQsetValidators: [Int]
    /// What the encoding left out, and why that cannot change the answer.
    public var reduction: Reduction?
    /// The proof of the negative part of the answer, when certification was asked for.
    public var certificate: Certificate?
}

/// A least set of validators (or groups) whose failure halts the network, or with `down` given,
/// the least number to add to `down` for that.
public struct BlockingSetResult: Sendable, Equatable {
    public var status: AnalysisStatus
    /// The least size (in validators or groups); when timed out, the best set found, if any.
    public var size: Int?
    /// Chosen units: validator ids, or group indices when grouped.
    public var set: [Int]?
    /// The validators of `set`.
    public var validators: [Int]?
    /// Validators already down (filtered variant).
    public var down: [Int]
    /// A proven lower bound on the least size.
    public var lowerBound: Int
    public var unknownQsetValidators: [Int]
    /// The proof that no smaller blocking set exists, when certification was asked for.
    public var certificate: Certificate?
}

/// A least set of validators (or groups) that can split the network, with its two quorums.
/// `size` and `set` are nil when no splitting set exists (no quorum at all).
public struct SplittingSetResult: Sendable, Equatable {
    public var status: AnalysisStatus
    public var size: Int?
    public var set: [Int]?
    public var validators: [Int]?
    public var quorumA: [Int]?
    public var quorumB: [Int]?
    public var lowerBound: Int
    public var unknownQsetValidators: [Int]
    /// What the encoding left out, and why that cannot change the answer.
    public var reduction: Reduction?
    /// The proof of the negative part of the answer, when certification was asked for.
    public var certificate: Certificate?
}

/// A least set of validators with working history archives that, with validators without
/// working archives, forms a quorum. nil size when no quorum exists.
public struct HistoryCriticalResult: Sendable, Equatable {
    public var status: AnalysisStatus
    public var size: Int?
    public var set: [Int]?
    public var quorum: [Int]?
    public var lowerBound: Int
    public var unknownQsetValidators: [Int]
    /// What the encoding left out, and why that cannot change the answer.
    public var reduction: Reduction?
    /// The proof of the negative part of the answer, when certification was asked for.
    public var certificate: Certificate?
}

/// A quorum of least cardinality; nil size when no quorum exists.
public struct MinimumQuorumResult: Sendable, Equatable {
    public var status: AnalysisStatus
    public var size: Int?
    public var quorum: [Int]?
    public var lowerBound: Int
    public var unknownQsetValidators: [Int]
    /// What the encoding left out, and why that cannot change the answer.
    public var reduction: Reduction?
    /// The proof of the negative part of the answer, when certification was asked for.
    public var certificate: Certificate?
}

/// An analysis that could not produce a trustworthy answer.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A solver's witness failed the independent check: a bug in swift-fbas.
    case witnessRejected(String)
    /// A back end failed in a way that is not a timeout.
    case solverFailure(String)

    public var description: String {
        switch self {
        case .witnessRejected(let m): "internal error: \(m)"
        case .solverFailure(let m): "solver failure: \(m)"
        }
    }
}

/// Validators with unknown quorum sets that some known quorum set references: only these can
/// change an answer (an unreferenced one contributes to no threshold, and under `free` a set
/// of them alone is no quorum).
public func relevantUnknownQsetValidators(_ fbas: FBAS) -> [Int] {
    var referenced = Set<Int>()
    for q in fbas.qsets { referenced.formUnion(q.validators) }
    return fbas.unknownQsetValidators.filter { referenced.contains($0) }
}
