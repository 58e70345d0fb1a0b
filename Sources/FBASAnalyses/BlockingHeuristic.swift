import FBASModel
import SeededRandom

extension Analyses {
    /// A blocking set found without a solver, as an upper bound for the searches: while the
    /// validators left still hold a quorum Q, break the quorum set of the member of Q that is
    /// cheapest to break within Q, and add the validators that breaks it to the set. The first
    /// break is tried `tries` ways (the cheapest, one per distinct quorum set).
    ///
    /// Breaking a quorum set of threshold t over k entries takes k − t + 1 broken entries, the
    /// cheapest ones (a validator outside Q is broken already; an inner set costs what breaking it
    /// costs); among entries of equal cost, those whose validators more members of Q name go
    /// first, so that breaking them pulls the most others down with them. On networks of
    /// organisations the first break is usually the whole answer: the member with the fewest
    /// organisations to spare falls, and the cascade takes everyone. That set meets the counted
    /// bound (``BlockingLowerBound``) on the flat family, where the searches found no set at all
    /// within a minute at 297 and 501 validators (issue 18, fifth session).
    ///
    /// Minimal quorums lie among `candidates`, so leaving no quorum there leaves none anywhere.
    /// - Returns: the validators (none of `down`), not yet checked (callers verify), or nil.
    ///
    /// When that set is larger than `target` (the counted bound), `restarts` more runs break
    /// ties between entries of equal cost at random (seeded, so every run of `fbas` agrees),
    /// stopping at the first set of `target` validators: on the asymmetric tier of tiered-2000
    /// the named-most order gives 13 where 12 is enough.
    ///
    /// `expired` is asked between runs: the set found so far (or nil) is returned once it says
    /// yes, so that the analysis's deadline holds here too.
    static func greedyBlockingSet(_ fbas: FBAS, candidates: BitSet, down: BitSet, target: Int = 0,
                                  tries: Int = 32, restarts: Int = 64, expired: () -> Bool = { false }) -> [Int]? {
        let start = candidates.subtracting(down)
        let quorum = fbas.maximalQuorum(within: start)
        if quorum.isEmpty { return [] }
        // The first break decides most of the cascade: try the cheapest few first breaks (one per
        // distinct quorum set), each followed greedily, and keep the smallest set.
        var best: [Int]?
        for first in breaks(fbas, within: quorum, seed: nil).prefix(tries) {
            if let b = best, first.count >= b.count { break }
            if expired() { return best }
            guard let set = greedyCascade(fbas, from: start, chosen: first, seed: nil) else { continue }
            if set.count < (best?.count ?? Int.max) { best = set }
        }
        var random = SplitMix64(seed: 0xb10c)
        for _ in 0..<restarts where (best?.count ?? Int.max) > target {
            if expired() { return best }
            guard let set = greedyCascade(fbas, from: start, chosen: [], seed: random.next()) else { continue }
            if set.count < (best?.count ?? Int.max) { best = set }
        }
        return best
    }

    /// From `chosen` failed within `start`, breaks the cheapest member's quorum set until no
    /// quorum is left; the whole set, or nil when a quorum cannot be broken. With a `seed`, ties
    /// between equally cheap entries and members are broken at random.
    private static func greedyCascade(_ fbas: FBAS, from start: BitSet, chosen first: [Int], seed: UInt64?) -> [Int]? {
        var chosen = first
        var rest = start.subtracting(BitSet(capacity: fbas.count, first))
        var random = seed.map { SplitMix64(seed: $0) }
        for _ in 0..<fbas.count {
            let quorum = fbas.maximalQuorum(within: rest)
            if quorum.isEmpty { return chosen.sorted() }
            let options = breaks(fbas, within: quorum, seed: random?.next())
            guard let cheapest = options.first else { return nil }
            var pick = cheapest
            if var r = random {
                pick = options.prefix { $0.count == cheapest.count }.randomElement(using: &r)!
                random = r
            }
            chosen += pick
            rest.subtract(BitSet(capacity: fbas.count, pick))
        }
        return nil
    }

    /// Per distinct quorum set of `quorum`'s members, the cheapest way found to break it within
    /// `quorum`, cheapest first (ties by the set, so that runs agree). With a `seed`, equally
    /// cheap entries are taken in random order instead of most named first.
    private static func breaks(_ fbas: FBAS, within quorum: BitSet, seed: UInt64?) -> [[Int]] {
        let named: [Int]
        if let seed {
            var random = SplitMix64(seed: seed)
            named = (0..<fbas.count).map { _ in Int.random(in: 0..<1_000_000, using: &random) }
        } else {
            named = namings(fbas, by: quorum)
        }
        var memo: [Int: (cost: Int, set: [Int])?] = [:]
        var found: [[Int]] = []
        var seen = Set<Int>()
        for w in quorum {
            // A member whose quorum set is already broken within its own quorum cannot be.
            guard let q = fbas.qsetOf[w], seen.insert(q).inserted,
                  let b = breaking(fbas, q, within: quorum, named: named, memo: &memo), b.cost > 0 else { continue }
            found.append(b.set)
        }
        return found.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// How many members of `quorum` name each validator in their quorum sets (nested included).
    private static func namings(_ fbas: FBAS, by quorum: BitSet) -> [Int] {
        var counts = [Int](repeating: 0, count: fbas.count)
        var mentioned: [Int: [Int]] = [:]
        func mentions(_ q: Int) -> [Int] {
            if let known = mentioned[q] { return known }
            let qset = fbas.qsets[q]
            let all = Array(Set(qset.validators + qset.innerQSets.flatMap(mentions)))
            mentioned[q] = all
            return all
        }
        for w in quorum {
            guard let q = fbas.qsetOf[w] else { continue }
            for v in mentions(q) { counts[v] += 1 }
        }
        return counts
    }

    /// The cheapest way found to leave quorum set `q` unsatisfied within `quorum`: how many
    /// members of `quorum` fail, and which. Nil when it cannot be broken (threshold 0).
    private static func breaking(_ fbas: FBAS, _ q: Int, within quorum: BitSet, named: [Int],
                                 memo: inout [Int: (cost: Int, set: [Int])?]) -> (cost: Int, set: [Int])? {
        if let known = memo[q] { return known }
        let qset = fbas.qsets[q]
        var entries: [(cost: Int, set: [Int], weight: Int)] = []
        for v in qset.validators {
            entries.append(quorum.contains(v) ? (1, [v], named[v]) : (0, [], 0))
        }
        for inner in qset.innerQSets {
            if let b = breaking(fbas, inner, within: quorum, named: named, memo: &memo) {
                entries.append((b.cost, b.set, b.set.reduce(0) { $0 + named[$1] }))
            }
        }
        // Entries that cannot be broken (threshold 0) still count towards the threshold.
        let needed = qset.validators.count + qset.innerQSets.count - qset.threshold + 1
        let result: (cost: Int, set: [Int])?
        if qset.threshold <= 0 || needed > entries.count {
            result = nil
        } else if needed <= 0 {
            result = (0, [])
        } else {
            let picked = entries.sorted { ($0.cost, -$0.weight) < ($1.cost, -$1.weight) }.prefix(needed)
            let set = Array(Set(picked.flatMap(\.set))).sorted()
            result = (set.count, set)
        }
        memo[q] = .some(result)
        return result
    }
}
