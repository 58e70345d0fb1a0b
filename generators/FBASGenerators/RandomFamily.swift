import SeededRandom
import FBASModel

/// Random quorum sets over a random trust graph: each validator trusts 3 to 10 others, chosen
/// with a preference for popular validators (a few are trusted by many, as in real networks),
/// sometimes itself, with random thresholds and random nesting up to three levels. It promises
/// nothing about the answers; it is there to shake out assumptions.
enum RandomFamily {
    static func generate(_ p: GeneratorParameters) throws(GeneratorError) -> GeneratedNetwork {
        let n = p.validators
        guard n >= 4 else { throw .tooFewValidators(family: .random, minimum: 4, given: n) }
        var b = NetworkBuilder(family: .random, parameters: p)
        var remaining = n
        while remaining > 0 {
            let size = min(remaining, 1 + b.rng.weighted([0.5, 0.3, 0.2]))
            _ = b.addOrganization(prefix: "rnd", domain: "example.com", size: size)
            remaining -= size
        }
        var rank = Array(0..<n)
        b.rng.shuffle(&rank)
        let popularity = rank.map { 1 / Double($0 + 1).squareRoot() }
        for v in 0..<n {
            let d = b.rng.int(in: min(3, n - 1)...min(10, n - 1))
            var weights = popularity
            weights[v] = 0
            var peers: [Int] = []
            for _ in 0..<d {
                let u = b.rng.weighted(weights)
                peers.append(u)
                weights[u] = 0
            }
            b.setQuorumSet(randomSet(&b, owner: v, peers: peers), of: v)
        }
        return b.finish(promises: NetworkPromises())
    }

    /// Some peers directly, the others in inner sets of two to four; thresholds from half to
    /// all of the entries.
    static func randomSet(_ b: inout NetworkBuilder, owner: Int, peers: [Int]) -> QuorumSet {
        var direct: [Int] = b.rng.chance(0.5) ? [owner] : []
        var inner: [QuorumSet] = []
        var rest = peers
        b.rng.shuffle(&rest)
        if b.rng.chance(0.5) {
            while rest.count >= 2, b.rng.chance(0.7) {
                let size = min(rest.count, b.rng.int(in: 2...4))
                let group = Array(rest.prefix(size))
                rest.removeFirst(size)
                inner.append(QuorumSet(threshold: b.rng.int(in: (size + 1) / 2...size), validators: group.map { b.key($0) }))
            }
            if inner.count >= 2, b.rng.chance(0.3) {
                let pair = [inner.removeLast(), inner.removeLast()]
                inner.append(QuorumSet(threshold: b.rng.int(in: 1...2), innerQuorumSets: pair))
            }
        }
        direct += rest
        let entries = direct.count + inner.count
        return QuorumSet(threshold: b.rng.int(in: (entries + 1) / 2...entries),
                         validators: direct.map { b.key($0) }, innerQuorumSets: inner)
    }
}
