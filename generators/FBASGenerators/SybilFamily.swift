import SeededRandom
import FBASModel

/// A tiered network of honest validators plus a cluster of sybils: one-validator
/// "organizations" on one provider in one country, each trusting the cluster (two thirds of
/// it) and, unless isolated, one of a few top-tier organizations. A tenth of the honest
/// organizations outside the top tier list some sybils among their friends.
///
/// When not isolated, every sybil quorum reaches into the top tier, so intersection and the
/// top tier are those of the honest network. Isolated, the cluster is a quorum of its own and
/// the network is split.
enum SybilFamily {
    static func generate(_ p: GeneratorParameters) throws(GeneratorError) -> GeneratedNetwork {
        let sybilCount = p.sybilValidators ?? max(3, p.validators / 5)
        guard sybilCount >= 1 else { throw .invalidParameter(name: "sybilValidators", reason: "\(sybilCount) is below 1") }
        let honest = p.validators - sybilCount
        guard honest >= 6 else { throw .tooFewValidators(family: .sybil, minimum: sybilCount + 6, given: p.validators) }
        var b = NetworkBuilder(family: .sybil, parameters: p)
        let t = try TieredFamily.topTierSize(p, available: honest, family: .sybil)
        let layout = TieredFamily.layOut(&b, validators: honest, topTierOrganizations: t)
        let place = (country: b.rng.below(Geography.countries.count), isp: b.rng.below(Geography.isps.count))
        let sybils = (0..<sybilCount).flatMap { _ in
            b.addOrganization(prefix: "sybil", domain: "example.info", size: 1, place: place)
        }
        let threshold = moreThanTwoThirds(t)
        try TieredFamily.checkDropProbability(p)
        TieredFamily.assignQuorumSets(&b, layout, topThreshold: threshold, lure: sybils, lureFraction: 0.1, topDrop: p.topTierDropProbability)

        let cluster = QuorumSet(threshold: moreThanTwoThirds(sybilCount), validators: sybils.map { b.key($0) })
        let orgSets = layout.topOrganizations.map { b.organizationSet($0) }
        for s in sybils {
            if p.sybilIsolated {
                b.setQuorumSet(cluster, of: s)
            } else {
                let anchors = b.rng.sample(min(3, t), from: Array(0..<t)).sorted()
                let anchor = QuorumSet(threshold: 1, innerQuorumSets: anchors.map { orgSets[$0] })
                b.setQuorumSet(QuorumSet(threshold: 2, innerQuorumSets: [cluster, anchor]), of: s)
            }
        }
        var promises = TieredFamily.promises(b, layout, topThreshold: threshold, topDrop: p.topTierDropProbability)
        if p.sybilIsolated { promises = NetworkPromises(quorumIntersection: false) }
        return b.finish(promises: promises)
    }
}
