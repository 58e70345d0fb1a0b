import FBASAnalyses
import FBASCertificates
import FBASModel

// The single analyses' results as `Codable` values that name validators by public key (and
// groups by name): what `fbas <analysis> --format json` prints under `result` and what the
// HTTP service returns. Each is built from the library's typed result and the network it was
// computed on; nothing here computes.

/// What an encoding left out, and why that cannot change the answer.
public struct ReductionReport: Codable, Sendable, Equatable {
    public var encodedValidators: Int
    public var outsideEveryQuorum: Int
    public var unreferencedUnknown: Int
    public var explanation: String

    public init(_ r: Reduction) {
        encodedValidators = r.universe.count
        outsideEveryQuorum = r.outsideEveryQuorum
        unreferencedUnknown = r.unreferencedUnknown
        explanation = r.explanation
    }
}

/// Quorum intersection: `intersects`, `split` with two disjoint quorums, or `noQuorum`.
public struct IntersectionReport: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    /// nil when the time limit was reached first.
    public var outcome: IntersectionOutcome?
    public var quorumA: [String]?
    public var quorumB: [String]?
    /// Validators with unknown quorum sets that some quorum set references: any answer may
    /// depend on them.
    public var unknownQsetValidators: [String]
    /// Members of the witness quorums whose quorum sets are unknown: the split holds only if
    /// they would in fact agree with their quorum. Empty when the answer rests on none.
    public var restsOn: [String]
    public var reduction: ReductionReport?
    /// With `--certify`: the proof that no two quorums are disjoint (or that no quorum exists).
    public var certificate: Certificate?

    public init(_ r: IntersectionResult, in fbas: FBAS) {
        status = r.status
        outcome = r.outcome
        quorumA = r.quorumA.map(fbas.publicKeys)
        quorumB = r.quorumB.map(fbas.publicKeys)
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
        restsOn = r.outcome == .split ? fbas.publicKeys(fbas.unknownAmong((r.quorumA ?? []) + (r.quorumB ?? []))) : []
        reduction = r.reduction.map(ReductionReport.init)
        certificate = r.certificate
    }
}

/// A least blocking set (or, with validators already down, the least number more).
public struct BlockingSetReport: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    /// The least size; when the time limit was reached, the size of the best set found, if any.
    public var size: Int?
    /// Validators' public keys, or group names when counted in groups.
    public var set: [String]?
    /// The validators of `set` that fail (beyond those already down).
    public var validators: [String]?
    /// Validators already down; nil when the plain (unfiltered) figure was asked for.
    public var down: [String]?
    public var lowerBound: Int
    public var unknownQsetValidators: [String]

    /// With `--certify`: the proof that no smaller blocking set exists.
    public var certificate: Certificate?

    public init(_ r: BlockingSetResult, in fbas: FBAS, grouping: Grouping?, filtered: Bool) {
        status = r.status
        size = r.size
        set = r.set.map { units($0, fbas: fbas, grouping: grouping) }
        validators = r.validators.map(fbas.publicKeys)
        down = filtered ? fbas.publicKeys(r.down) : nil
        lowerBound = r.lowerBound
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
        certificate = r.certificate
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(set, forKey: .set)
        try c.encodeIfPresent(validators, forKey: .validators)
        if let down { try c.encode(down, forKey: .down) }
        try c.encode(lowerBound, forKey: .lowerBound)
        try c.encode(unknownQsetValidators, forKey: .unknownQsetValidators)
        if let certificate { try c.encode(certificate, forKey: .certificate) }
        try c.encode(status, forKey: .status)
    }
}

/// A least splitting set with the two quorums it lets disagree.
public struct SplittingSetReport: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    /// nil when no set of liars can split the network.
    public var size: Int?
    public var set: [String]?
    public var validators: [String]?
    public var quorumA: [String]?
    public var quorumB: [String]?
    public var lowerBound: Int
    public var unknownQsetValidators: [String]
    public var reduction: ReductionReport?
    /// With `--certify`: the proof that no smaller one exists.
    public var certificate: Certificate?

    public init(_ r: SplittingSetResult, in fbas: FBAS, grouping: Grouping?) {
        status = r.status
        size = r.size
        set = r.set.map { units($0, fbas: fbas, grouping: grouping) }
        validators = r.validators.map(fbas.publicKeys)
        quorumA = r.quorumA.map(fbas.publicKeys)
        quorumB = r.quorumB.map(fbas.publicKeys)
        lowerBound = r.lowerBound
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
        reduction = r.reduction.map(ReductionReport.init)
        certificate = r.certificate
    }
}

/// A least set of validators with working archives whose loss lets a quorum advance without one.
public struct HistoryCriticalReport: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    public var size: Int?
    public var set: [String]?
    public var quorum: [String]?
    public var lowerBound: Int
    public var unknownQsetValidators: [String]
    public var reduction: ReductionReport?
    /// With `--certify`: the proof that no smaller one exists.
    public var certificate: Certificate?

    public init(_ r: HistoryCriticalResult, in fbas: FBAS) {
        status = r.status
        size = r.size
        set = r.set.map(fbas.publicKeys)
        quorum = r.quorum.map(fbas.publicKeys)
        lowerBound = r.lowerBound
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
        reduction = r.reduction.map(ReductionReport.init)
        certificate = r.certificate
    }
}

/// A quorum of least cardinality (`mode: minimum`) or a subset-minimal one (`mode: minimal`).
public struct QuorumReport: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable { case minimum, minimal }
    public var mode: Mode
    public var status: AnalysisStatus
    public var size: Int?
    public var quorum: [String]?
    /// Minimum mode: a proven lower bound on the least size.
    public var lowerBound: Int?
    /// Minimal mode with a set given: the quorum has a member outside it.
    public var notWithin: [String]?
    /// Minimal mode: candidates refuted on the way.
    public var refinements: Int?
    public var unknownQsetValidators: [String]
    public var reduction: ReductionReport?
    /// Minimum mode with `--certify`: the proof that no smaller quorum exists.
    public var certificate: Certificate?

    public init(_ r: MinimumQuorumResult, in fbas: FBAS) {
        mode = .minimum
        status = r.status
        size = r.size
        quorum = r.quorum.map(fbas.publicKeys)
        lowerBound = r.lowerBound
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
        reduction = r.reduction.map(ReductionReport.init)
        certificate = r.certificate
    }

    public init(_ r: MinimalQuorumResult, in fbas: FBAS) {
        mode = .minimal
        status = r.status
        size = r.quorum?.count
        quorum = r.quorum.map(fbas.publicKeys)
        notWithin = r.notWithin.map(fbas.publicKeys)
        refinements = r.refinements
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
        reduction = r.reduction.map(ReductionReport.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode, forKey: .mode)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(quorum, forKey: .quorum)
        if let lowerBound { try c.encode(lowerBound, forKey: .lowerBound) }
        if let notWithin { try c.encode(notWithin, forKey: .notWithin) }
        if let refinements { try c.encode(refinements, forKey: .refinements) }
        try c.encode(unknownQsetValidators, forKey: .unknownQsetValidators)
        try c.encodeIfPresent(reduction, forKey: .reduction)
        if let certificate { try c.encode(certificate, forKey: .certificate) }
        try c.encode(status, forKey: .status)
    }
}

/// The top tier (union of all minimal quorums) and its symmetry.
public struct TopTierReport: Codable, Sendable, Equatable {
    public var status: AnalysisStatus
    public var topTier: [String]?
    public var size: Int?
    /// Whether every top-tier validator requires the same thing of the same validators, a
    /// quorum set that leaves its own validator out reading as one that includes it.
    public var symmetric: Bool?
    public var minimalQuorums: [[String]]
    /// With every minimal quorum asked for: whether the list is complete.
    public var complete: Bool?
    /// With every minimal quorum asked for: the cap, when more quorums exist.
    public var capReached: Int?
    public var intersection: IntersectionOutcome?
    /// The two disjoint quorums, when there is no top tier because intersection fails.
    public var split: [[String]]?
    public var unknownQsetValidators: [String]

    public init(_ r: TopTierResult, in fbas: FBAS) {
        status = r.status
        topTier = r.topTier.map(fbas.publicKeys)
        size = r.topTier?.count
        symmetric = r.symmetric
        minimalQuorums = r.minimalQuorums.map(fbas.publicKeys)
        complete = r.complete
        capReached = r.capReached
        intersection = r.intersection
        split = r.splitQuorums.map { $0.map(fbas.publicKeys) }
        unknownQsetValidators = fbas.publicKeys(r.unknownQsetValidators)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(topTier, forKey: .topTier)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(symmetric, forKey: .symmetric)
        try c.encode(minimalQuorums, forKey: .minimalQuorums)
        if let complete { try c.encode(complete, forKey: .complete) }
        if let capReached { try c.encode(capReached, forKey: .capReached) }
        try c.encodeIfPresent(intersection, forKey: .intersection)
        try c.encodeIfPresent(split, forKey: .split)
        try c.encode(unknownQsetValidators, forKey: .unknownQsetValidators)
        try c.encode(status, forKey: .status)
    }
}

/// Chosen units by name: public keys, or group names when counted in groups.
func units(_ ids: [Int], fbas: FBAS, grouping: Grouping?) -> [String] {
    guard let grouping else { return fbas.publicKeys(ids) }
    return ids.map { grouping.groups[$0].name }
}

extension FBAS {
    /// The members of `ids` whose quorum sets are unknown and that some quorum set names,
    /// increasing, without repetition: the ones an answer can rest on (a validator nobody names
    /// counts towards no threshold, so no answer depends on it).
    func unknownAmong(_ ids: [Int]) -> [Int] {
        let relevant = Set(relevantUnknownQsetValidators(self))
        return Array(Set(ids.filter { relevant.contains($0) })).sorted()
    }
}
