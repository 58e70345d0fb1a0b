import SeededRandom
import FBASModel

/// N organizations of three validators (2-of-3 inside); every organization lists the others,
/// each dropped with some probability, with an outer threshold of about two thirds.
enum FlatFamily {
    static func generate(_ p: GeneratorParameters) throws(GeneratorError) -> GeneratedNetwork {
        guard p.validators >= 3 else { throw .tooFewValidators(family: .flat, minimum: 3, given: p.validators) }
        let orgCount = (p.validators + 2) / 3
        var b = NetworkBuilder(family: .flat, parameters: p)
        let orgs = (0..<orgCount).map { _ in b.addOrganization(prefix: "org", domain: "example.com", size: 3) }
        let orgSets = orgs.map { b.organizationSet($0) }
        let drop = p.flatDropProbability ?? 1 / Double(orgCount)
        var leastThreshold = Int.max
        for (o, members) in orgs.enumerated() {
            // An organization always keeps itself: dropping one's own organization is a data
            // error real operators do not make (python-fbas's files sometimes do).
            let listed = (0..<orgCount).filter { $0 == o || !b.rng.chance(drop) }
            let threshold = switch p.flatThresholdRule {
            case .moreThanTwoThirdsOfAll: min(moreThanTwoThirds(orgCount), listed.count)
            case .twoThirdsOfListed: (2 * listed.count + 2) / 3
            }
            leastThreshold = min(leastThreshold, threshold)
            let q = QuorumSet(threshold: threshold, innerQuorumSets: listed.map { orgSets[$0] })
            for v in members { b.setQuorumSet(q, of: v) }
        }
        // Every quorum holds two of three validators of at least `leastThreshold`
        // organizations; two such sets of organizations must share one, and two 2-of-3
        // majorities of one organization share a validator.
        let intersects = 2 * leastThreshold > orgCount ? true : nil
        return b.finish(promises: NetworkPromises(quorumIntersection: intersects))
    }
}
