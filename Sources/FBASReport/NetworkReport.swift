import FBASAnalyses
import FBASCertificates
import FBASModel

/// The network report an explorer shows: stellarbeat's `AnalysisResult` figures at the top
/// level under their own names, and beside them what those figures rest on.
///
/// Its JSON is exactly `AnalysisResult` (`hasQuorumIntersection`, `hasSymmetricTopTier`, and
/// `node`, `organization`, `isp`, `country`, each with `topTierSize`,
/// `blockingSetsMinSize`, `blockingSetsFilteredMinSize`, `splittingSetsMinSize`) with our
/// additions as further members, never instead of those: the witness of every figure by public
/// key and name, its status and proven lower bound, the profile, the warnings, the validators
/// with unknown quorum sets a figure rests on, and the time of each part. A figure is `null`
/// only when the time limit cut it short; its ``Figure/lowerBound`` then says what was proved.
///
/// Compute one with ``compute(_:options:warnings:)``; encode it with `JSONValueEncoder`.
public struct NetworkReport: Codable, Sendable, Equatable {
    // MARK: stellarbeat's AnalysisResult
    public var hasQuorumIntersection: Bool?
    public var hasSymmetricTopTier: Bool?
    public var node: LevelFigures
    public var organization: LevelFigures
    public var isp: LevelFigures
    public var country: LevelFigures

    // MARK: Our additions
    /// Which rules produced the figures.
    public var profile: ReportProfile
    /// `timeout` when any part hit the time limit.
    public var status: AnalysisStatus
    /// How validators with unknown quorum sets were treated.
    public var unknownQsetPolicy: UnknownQsetPolicy
    /// The validators the figures were computed on, and those the profile set aside.
    public var network: NetworkScope
    /// Quorum intersection with its witness.
    public var intersection: IntersectionFigure
    /// The top tier with its members and whether it is symmetric.
    public var topTier: TopTierFigure
    /// Validators treated as already down for the filtered blocking figures.
    public var down: [ValidatorRef]
    /// Validators with unknown quorum sets that some quorum set names: figures may rest on them.
    public var unknownQsetValidators: [ValidatorRef]
    /// Data-quality problems found in the input.
    public var warnings: [Diagnostic]
    /// Each part of the computation, with its status and time.
    public var parts: [PartTiming]
}

/// The report's rule set.
public enum ReportProfile: String, Codable, Sendable, CaseIterable {
    /// Our semantics (`fbas-semantics.md`): the whole network, the chosen unknown-qset policy,
    /// splitting sets whose liars need not be satisfied.
    case `default`
    /// stellarbeat's pipeline, figure for figure (papers/profiles.md): the network's core after
    /// dropping one-validator quorums (a validator with threshold 0 is one), unknown quorum sets
    /// never satisfied, fbas_analyzer's grouping and its merging by organization, ISP and country.
    case stellarbeat
}

/// The four figures of one level (validators, organizations, ISPs or countries), in
/// stellarbeat's names, with their details beside them.
public struct LevelFigures: Codable, Sendable, Equatable {
    public var topTierSize: Int?
    public var blockingSetsMinSize: Int?
    public var blockingSetsFilteredMinSize: Int?
    public var splittingSetsMinSize: Int?
    /// How many units (validators or groups) this level counts.
    public var units: Int
    public var blockingSet: Figure
    public var blockingSetFiltered: Figure
    public var splittingSet: Figure
}

/// One optimum of the report with its witness and status.
public struct Figure: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    /// The figure; nil when the time limit was reached before it was proved.
    public var value: Int?
    /// A proven lower bound (equal to `value` when `status` is `ok`).
    public var lowerBound: Int
    /// On a timeout, the size of the best witness found: an upper bound.
    public var upperBound: Int?
    /// The witness: public keys, or group names at a group level.
    public var set: [String]?
    /// The witness's validators.
    public var validators: [ValidatorRef]?
    /// For splitting sets: the two quorums the set lets disagree.
    public var quorumA: [ValidatorRef]?
    public var quorumB: [ValidatorRef]?
    /// Members of the witness with unknown quorum sets: the answer depends on what they would
    /// do. Empty when it rests on none.
    public var restsOn: [ValidatorRef]
    /// When `restsOn` is not empty: the same figure with those validators never in a quorum
    /// (`--unknown-qsets dead`), computed, not guessed.
    public var underDead: Int?
    public var seconds: Double
    /// With `certify`: the proof that no smaller set exists.
    public var certificate: Certificate?
}

/// Quorum intersection in the report.
public struct IntersectionFigure: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    public var outcome: IntersectionOutcome?
    public var quorumA: [ValidatorRef]?
    public var quorumB: [ValidatorRef]?
    /// For a split: members of the two quorums whose quorum sets are unknown.
    public var restsOn: [ValidatorRef]
    /// When the split rests on unknown quorum sets: the outcome with those validators never in
    /// a quorum.
    public var underDead: IntersectionOutcome?
    public var seconds: Double
    /// With `certify`: the proof that no two quorums are disjoint (or that none exists).
    public var certificate: Certificate?
}

/// The top tier in the report.
public struct TopTierFigure: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    public var validators: [ValidatorRef]?
    /// Whether every member requires the same thing of the same validators (a quorum set that
    /// leaves its own validator out reads as including it).
    public var symmetric: Bool?
    public var seconds: Double
}

/// Which validators the figures speak of.
public struct NetworkScope: Codable, Sendable, Equatable {
    /// Validators in the input (defined or only referenced).
    public var validators: Int
    /// Validators the figures were computed on.
    public var analysed: Int
    /// Validators set aside before the analysis, and why (profile steps, `reachableFrom`).
    public var setAside: [SetAside]
    /// The validator whose trust graph the analysis was restricted to, if any.
    public var reachableFrom: String?
}

/// A step that set validators aside before the analysis.
public struct SetAside: Codable, Sendable, Equatable {
    public var step: String
    public var count: Int
    public var explanation: String
}

/// One part of the report's computation.
public struct PartTiming: Codable, Sendable, Equatable {
    public var name: String
    public var status: AnalysisStatus
    public var seconds: Double
}
