import FBASModel

/// Tiered networks with a top-tier threshold chosen to fail: at most half of the top tier
/// (two disjoint quorums), or `(t + k) / 2` of `t` organizations, so that two quorums share
/// exactly `k` organizations and `k` validators (one per shared organization) can split them.
enum BrokenFamily {
    static func generate(_ p: GeneratorParameters) throws(GeneratorError) -> GeneratedNetwork {
        var b = NetworkBuilder(family: .broken, parameters: p)
        var t = try TieredFamily.topTierSize(p, available: p.validators, family: .broken)
        let threshold: Int
        switch p.brokenKind {
        case .noIntersection:
            threshold = t / 2
        case .smallSplittingSet:
            let k = p.splittingSetSize
            // Beyond 7, faking the slice of a validator outside the top tier (8 validators
            // or more) could be the cheaper split, and the promise would not hold.
            guard (1...7).contains(k) else {
                throw .invalidParameter(name: "splittingSetSize", reason: "\(k) is not in 1…7")
            }
            if (t + k) % 2 == 1 {
                // The threshold (t + k) / 2 must be whole: adjust the tier by one organization.
                if p.topTierOrganizations == nil, t - 1 >= max(2, k) { t -= 1 }
                else if p.topTierOrganizations == nil, 3 * (t + 1) <= p.validators { t += 1 }
                else {
                    throw .invalidParameter(name: "splittingSetSize", reason: "\(k) needs a top tier of the same parity as \(k); \(t) organizations is not")
                }
            }
            guard k <= t else {
                throw .invalidParameter(name: "splittingSetSize", reason: "\(k) exceeds the \(t) top-tier organizations")
            }
            threshold = (t + k) / 2
        }
        guard p.topTierDropProbability == 0 else {
            // Its promises (the split, the least splitting set) are those of a symmetric tier.
            throw .invalidParameter(name: "topTierDropProbability", reason: "a broken network keeps a symmetric top tier")
        }
        let layout = TieredFamily.layOut(&b, validators: p.validators, topTierOrganizations: t)
        TieredFamily.assignQuorumSets(&b, layout, topThreshold: threshold)
        var promises = TieredFamily.promises(b, layout, topThreshold: threshold)
        if p.brokenKind == .smallSplittingSet {
            // Two quorums each hold `threshold` organizations, so they share 2·threshold − t = k;
            // one lying validator in each shared organization is needed and enough. A split
            // through a validator outside the top tier means faking its whole top-tier slice:
            // at least 8 validators, or 2·(⌊2t/3⌋ + 1) > t ≥ k in a tier of fewer than five
            // organizations (see TieredFamily.assignQuorumSets).
            promises.minimumSplittingSetSize = 2 * threshold - t
        }
        return b.finish(promises: promises)
    }
}
