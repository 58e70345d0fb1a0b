import SeededRandom
import FBASModel

/// A top tier of organizations trusting each other symmetrically, and organizations of one to
/// three validators outside it that trust subsets of the top tier through quorum sets two or
/// three levels deep (counting the outer set; `nestingDepth` 1 or 2) and a few friends: the
/// shape of the Stellar public network.
///
/// Every quorum set outside the top tier requires some top-tier organizations, and top-tier
/// validators trust only the top tier, so every quorum contains a top-tier quorum. Hence
/// quorum intersection holds exactly when it holds in the top tier, and the top tier is the
/// union of all minimal quorums.
enum TieredFamily {
    /// The organizations laid out, before any quorum set is chosen.
    struct Layout {
        var topOrganizations: [[Int]]
        var otherOrganizations: [[Int]]
        var topValidators: [Int] { topOrganizations.flatMap { $0 } }
        var otherValidators: [Int] { otherOrganizations.flatMap { $0 } }
    }

    static func generate(_ p: GeneratorParameters) throws(GeneratorError) -> GeneratedNetwork {
        var b = NetworkBuilder(family: .tiered, parameters: p)
        let t = try topTierSize(p, available: p.validators, family: .tiered)
        let layout = layOut(&b, validators: p.validators, topTierOrganizations: t)
        let threshold = moreThanTwoThirds(t)
        try checkDropProbability(p)
        assignQuorumSets(&b, layout, topThreshold: threshold, topDrop: p.topTierDropProbability)
        return b.finish(promises: promises(b, layout, topThreshold: threshold, topDrop: p.topTierDropProbability))
    }

    /// The top tier's organization count: the parameter, or a tenth of the validators within
    /// 5…30, never more than `available / 3`.
    static func topTierSize(_ p: GeneratorParameters, available: Int, family: NetworkFamily) throws(GeneratorError) -> Int {
        guard available >= 6 else { throw .tooFewValidators(family: family, minimum: 6, given: p.validators) }
        if let t = p.topTierOrganizations {
            guard t >= 2 else { throw .invalidParameter(name: "topTierOrganizations", reason: "\(t) is below 2") }
            guard 3 * t <= available else {
                throw .invalidParameter(name: "topTierOrganizations", reason: "\(t) organizations of 3 need \(3 * t) validators, but only \(available) are available")
            }
            return t
        }
        return min(30, max(5, available / 10), available / 3)
    }

    static func checkDropProbability(_ p: GeneratorParameters) throws(GeneratorError) {
        guard (0..<1).contains(p.topTierDropProbability) else {
            throw .invalidParameter(name: "topTierDropProbability", reason: "\(p.topTierDropProbability) is not in 0..<1")
        }
    }

    /// Creates the top-tier organizations (three validators each) and then organizations of
    /// one to three validators until `n` validators exist.
    static func layOut(_ b: inout NetworkBuilder, validators n: Int, topTierOrganizations t: Int) -> Layout {
        var layout = Layout(topOrganizations: [], otherOrganizations: [])
        for _ in 0..<t { layout.topOrganizations.append(b.addOrganization(prefix: "top", domain: "example.org", size: 3)) }
        var remaining = n - 3 * t
        while remaining > 0 {
            let size = min(remaining, 1 + b.rng.weighted([0.4, 0.3, 0.3]))
            layout.otherOrganizations.append(b.addOrganization(prefix: "node", domain: "example.net", size: size))
            remaining -= size
        }
        return layout
    }

    /// The top tier's shared quorum set ("`topThreshold` of the top-tier organizations") and,
    /// per other organization, a quorum set over a subset of the top tier and some friends.
    /// - Parameters:
    ///   - lure: validators (sybils) that a share `lureFraction` of the other organizations (at
    ///     least one) add to their friends.
    ///   - topDrop: ``GeneratorParameters/topTierDropProbability``; 0 keeps the draws, and so
    ///     the networks, of the symmetric family byte for byte.
    static func assignQuorumSets(_ b: inout NetworkBuilder, _ layout: Layout, topThreshold: Int,
                                 lure: [Int] = [], lureFraction: Double = 0, topDrop: Double = 0) {
        let orgSets = layout.topOrganizations.map { b.organizationSet($0) }
        let t = orgSets.count
        if topDrop > 0 {
            for (o, members) in layout.topOrganizations.enumerated() {
                let listed = (0..<t).filter { $0 == o || !b.rng.chance(topDrop) }
                let q = QuorumSet(threshold: moreThanTwoThirds(listed.count), innerQuorumSets: listed.map { orgSets[$0] })
                for v in members { b.setQuorumSet(q, of: v) }
            }
        } else {
            let top = QuorumSet(threshold: topThreshold, innerQuorumSets: orgSets)
            for v in layout.topValidators { b.setQuorumSet(top, of: v) }
        }
        // Outside an asymmetric top tier each validator has a threshold of its own, from a
        // majority of the organizations it picked to more than two thirds of them.
        func topThresholdOutside(_ k: Int) -> Int {
            topDrop > 0 ? b.rng.int(in: (k / 2 + 1)...moreThanTwoThirds(k)) : moreThanTwoThirds(k)
        }

        let others = layout.otherValidators
        // The lured organizations (at least one when there is a lure) always take friends.
        let luredCount = lure.isEmpty ? 0 : max(1, Int((lureFraction * Double(layout.otherOrganizations.count)).rounded()))
        let lured = Set(b.rng.sample(luredCount, from: Array(layout.otherOrganizations.indices)))
        for (o, members) in layout.otherOrganizations.enumerated() {
            func outsideQuorumSet() -> QuorumSet {
                // At least five top-tier organizations (or all, in a tiny tier): the slice of a
                // validator outside the top tier then costs at least 8 validators to fake, which
                // the broken family's splitting-set promise relies on.
                let k = b.rng.int(in: min(t, 5)...t)
                let chosen = b.rng.sample(k, from: Array(0..<t)).sorted()
                let shape = lured.contains(o) ? 0.5 : b.rng.unit()
                if shape < 0.4 {
                    // Two levels: two thirds of some top-tier organizations.
                    return QuorumSet(threshold: topThresholdOutside(k), innerQuorumSets: chosen.map { orgSets[$0] })
                } else if shape < 0.8 || k < 4 {
                    // Three levels: the top-tier part and friends — the organization itself, a few
                    // other validators outside the top tier and perhaps some of the lure — of whom
                    // half must agree; both parts are required.
                    let topPart = QuorumSet(threshold: topThresholdOutside(k), innerQuorumSets: chosen.map { orgSets[$0] })
                    let own = Set(members)
                    var friends = members
                    friends += b.rng.sample(b.rng.int(in: 1...3), from: others.filter { !own.contains($0) })
                    if lured.contains(o) { friends += b.rng.sample(b.rng.int(in: 1...3), from: lure) }
                    let friendSet = QuorumSet(threshold: (friends.count + 1) / 2, validators: friends.map { b.key($0) })
                    return QuorumSet(threshold: 2, innerQuorumSets: [topPart, friendSet])
                } else {
                    // Three levels: the chosen organizations in two or three groups (like "tier 1"
                    // and "others" in real configurations), each needing two thirds of its own,
                    // and all groups required.
                    let g = k >= 6 ? b.rng.int(in: 2...3) : 2
                    var groups = Array(repeating: [Int](), count: g)
                    for (i, c) in chosen.enumerated() { groups[i % g].append(c) }
                    return QuorumSet(threshold: moreThanTwoThirds(g), innerQuorumSets: groups.map { group in
                        QuorumSet(threshold: moreThanTwoThirds(group.count), innerQuorumSets: group.map { orgSets[$0] })
                    })
                }
            }
            if topDrop > 0 {
                for v in members { b.setQuorumSet(outsideQuorumSet(), of: v) }
            } else {
                let q = outsideQuorumSet()
                for v in members { b.setQuorumSet(q, of: v) }
            }
        }
    }

    /// What the construction guarantees for a top tier of `topThreshold` out of its organizations.
    /// An asymmetric top tier (`topDrop` above 0) promises nothing: whether its lists still
    /// intersect depends on what was dropped, which is what the analyses are timed finding out.
    static func promises(_ b: NetworkBuilder, _ layout: Layout, topThreshold: Int, topDrop: Double = 0) -> NetworkPromises {
        guard topDrop == 0 else { return NetworkPromises() }
        let t = layout.topOrganizations.count
        // Two quorums share at least 2·threshold − t top-tier organizations, and so a
        // validator of each (two 2-of-3 majorities meet).
        let intersects = 2 * topThreshold > t
        return NetworkPromises(quorumIntersection: intersects,
                               topTier: intersects ? layout.topValidators.map { b.key($0) } : nil,
                               topTierOrganizations: intersects ? t : nil,
                               symmetricTopTier: intersects ? true : nil)
    }
}
