/// How the outer threshold of a flat network's quorum sets is chosen.
public enum FlatThresholdRule: String, CaseIterable, Sendable {
    /// More than two thirds of all organizations (⌊2N/3⌋ + 1), lowered to the number listed
    /// when fewer are listed: the rule of python-fbas's generator and of every file in
    /// `shared/data/random`. Dropped entries then make a list *stricter*, not laxer, until it
    /// is shorter than the threshold.
    case moreThanTwoThirdsOfAll
    /// ⌈2m/3⌉ of the m organizations actually listed: each validator asks for two thirds of
    /// what it trusts, so dropped entries lower the bar.
    case twoThirdsOfListed
}

/// What a network of the ``NetworkFamily/broken`` family is built to get wrong.
public enum BrokenKind: String, CaseIterable, Sendable {
    /// The top tier's threshold is at most half of its organizations, so two disjoint halves
    /// are both quorums.
    case noIntersection
    /// Quorum intersection holds, but the top tier's threshold leaves only
    /// ``GeneratorParameters/splittingSetSize`` organizations in common between two quorums, so
    /// that many validators can split the network.
    case smallSplittingSet
}

/// Everything that determines a generated network: the same parameters always give the same
/// network, byte for byte.
public struct GeneratorParameters: Sendable, Equatable {
    /// The number of validators. Flat networks round it up to a multiple of three.
    public var validators: Int
    public var seed: UInt64

    /// Flat: the probability of dropping each other organization from an organization's list.
    /// `nil` means 1 / (number of organizations), the drop rate of the
    /// `almost_symmetric_network_*` files with `delete_prob_factor` 1 (and of those without a
    /// factor), which drop about K/N of the entries for factor K.
    public var flatDropProbability: Double?
    public var flatThresholdRule: FlatThresholdRule

    /// Tiered, sybil and broken: organizations (of three validators) in the top tier. `nil`
    /// means a tenth of the validators, within 5…30 (so 30 from 300 validators on), and never
    /// more than fit.
    public var topTierOrganizations: Int?
    /// Tiered, sybil and broken: the probability that a top-tier organization drops each other
    /// top-tier organization from its list (its threshold is then more than two thirds of what
    /// it lists), and, when above 0, every validator outside the top tier picks its own subset
    /// of the top tier and its own threshold, from a majority to more than two thirds. 0 (the
    /// default) is the symmetric top tier, which real networks did not have in 2019 and 2020.
    public var topTierDropProbability: Double

    /// Sybil: validators in the sybil cluster; `nil` means a fifth of the network (at least 3).
    public var sybilValidators: Int?
    /// Sybil: when true the cluster trusts only itself, forms its own quorum and splits the
    /// network; when false (the default) every sybil also needs one top-tier organization.
    public var sybilIsolated: Bool

    public var brokenKind: BrokenKind
    /// Broken, ``BrokenKind/smallSplittingSet``: the promised least splitting-set size (1…7;
    /// beyond 7 the slices of the validators outside the top tier could be cheaper).
    public var splittingSetSize: Int

    /// The share of validators reported as not validating (`isValidating: false`), so that the
    /// filtered blocking set differs from the plain one.
    public var notValidatingFraction: Double
    /// The share of validators whose history archive has an error, so that the
    /// history-critical analysis has something to find.
    public var archiveErrorFraction: Double

    public init(validators: Int, seed: UInt64 = 1,
                flatDropProbability: Double? = nil, flatThresholdRule: FlatThresholdRule = .moreThanTwoThirdsOfAll,
                topTierOrganizations: Int? = nil, topTierDropProbability: Double = 0,
                sybilValidators: Int? = nil, sybilIsolated: Bool = false,
                brokenKind: BrokenKind = .noIntersection, splittingSetSize: Int = 2,
                notValidatingFraction: Double = 0.05, archiveErrorFraction: Double = 0.15) {
        self.validators = validators
        self.seed = seed
        self.flatDropProbability = flatDropProbability
        self.flatThresholdRule = flatThresholdRule
        self.topTierOrganizations = topTierOrganizations
        self.topTierDropProbability = topTierDropProbability
        self.sybilValidators = sybilValidators
        self.sybilIsolated = sybilIsolated
        self.brokenKind = brokenKind
        self.splittingSetSize = splittingSetSize
        self.notValidatingFraction = notValidatingFraction
        self.archiveErrorFraction = archiveErrorFraction
    }
}

/// Parameters that cannot make a network of the family asked for.
public enum GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The family needs at least `minimum` validators.
    case tooFewValidators(family: NetworkFamily, minimum: Int, given: Int)
    /// A parameter is out of its range; `reason` says which range.
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case .tooFewValidators(let family, let minimum, let given):
            "a \(family.rawValue) network needs at least \(minimum) validators, not \(given)"
        case .invalidParameter(let name, let reason):
            "invalid \(name): \(reason)"
        }
    }
}
