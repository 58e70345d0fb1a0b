import SeededRandom
import FBASModel

/// Accumulates organizations and validators (with their metadata) while a family lays out the
/// trust; quorum sets are filled in afterwards, once every key exists.
struct NetworkBuilder {
    let family: NetworkFamily
    let parameters: GeneratorParameters
    var rng: SplitMix64
    private(set) var validators: [GeneratedValidator] = []
    private(set) var organizations: [GeneratedOrganization] = []

    init(family: NetworkFamily, parameters: GeneratorParameters) {
        self.family = family
        self.parameters = parameters
        // One stream per family, so that families with the same seed are unrelated.
        rng = SplitMix64(seed: parameters.seed ^ stableHash("stream/\(family.rawValue)"))
    }

    /// Adds an organization of `size` validators and returns their indices. Its validators
    /// mostly share the organization's country and provider; some sit elsewhere.
    /// - Parameter place: a fixed country and provider index (sybils all rent the same cloud).
    mutating func addOrganization(prefix: String, domain: String, size: Int, place: (country: Int, isp: Int)? = nil) -> [Int] {
        let orgIndex = organizations.count
        let name = "\(prefix)\(padded(orgIndex, width: 3))"
        let homeDomain = "\(name).\(domain)"
        let homeCountry = place?.country ?? rng.weighted(Geography.countryWeights)
        let homeISP = place?.isp ?? rng.weighted(Geography.ispWeights)
        var members: [Int] = []
        for k in 0..<size {
            let index = validators.count
            let key = FakeKeys.publicKey(family: family, seed: parameters.seed, index: index)
            let elsewhere = place == nil && rng.chance(0.25)
            let country = elsewhere ? rng.weighted(Geography.countryWeights) : homeCountry
            let isp = elsewhere ? rng.weighted(Geography.ispWeights) : homeISP
            validators.append(GeneratedValidator(
                publicKey: key, name: "\(name)-\(k + 1)", organization: orgIndex,
                homeDomain: homeDomain, organizationId: name,
                countryName: Geography.countries[country].name, countryCode: Geography.countries[country].code,
                isp: Geography.isps[isp],
                isValidating: !rng.chance(parameters.notValidatingFraction),
                historyArchiveHasError: rng.chance(parameters.archiveErrorFraction),
                quorumSet: QuorumSet(threshold: 0)))
            members.append(index)
        }
        organizations.append(GeneratedOrganization(id: name, name: name, homeDomain: homeDomain,
                                                   validators: members.map { validators[$0].publicKey }))
        return members
    }

    func key(_ validator: Int) -> String { validators[validator].publicKey }

    mutating func setQuorumSet(_ q: QuorumSet, of validator: Int) {
        validators[validator].quorumSet = q
    }

    /// The quorum set "2 of the organization's 3" (or "more than half" for other sizes), the
    /// inner set through which others trust an organization.
    func organizationSet(_ members: [Int]) -> QuorumSet {
        QuorumSet(threshold: members.count / 2 + 1, validators: members.map(key))
    }

    func finish(promises: NetworkPromises) -> GeneratedNetwork {
        GeneratedNetwork(family: family, parameters: parameters, validators: validators,
                         organizations: organizations, promises: promises)
    }
}

/// More than two thirds of `n`: the Byzantine-fault-tolerant threshold ⌊2n/3⌋ + 1.
func moreThanTwoThirds(_ n: Int) -> Int { 2 * n / 3 + 1 }
