import FBASModel

/// A lower bound on the size of every splitting set, by counting alone (no solver).
///
/// Every splitting set F comes with quorums A and B, each holding a validator outside F with a
/// known quorum set, satisfied by A (say p) and by B (say p′). Of the entries p and p′ share,
/// at least `k = t(p) + t(p′) − |entries(p) ∪ entries(p′)|` are then satisfied by both A and
/// B. A validator entry satisfied by both is in A ∩ B, hence a liar; an inner set satisfied by
/// both forces, recursively, the liars of its own count (1 for an organisation of three with
/// threshold 2). When the validators under the shared entries are disjoint, each liar is
/// counted once, so F holds at least the sum of the k cheapest entries' liars. The least such
/// sum over all pairs (p, p′) of quorum sets that validators declare bounds every splitting set.
///
/// On networks of organisations that trust each other with high thresholds (the `random/`
/// almost-symmetric family, flat networks), this is the pigeonhole count a CDCL solver cannot
/// find through two different cardinality sums; given to the search as a proven lower bound,
/// a model of that cost is optimal at once.
public enum SplittingLowerBound {
    /// Above this many distinct declared quorum sets the bound is not computed (one count per
    /// pair) and is 0.
    public static let maximumQuorumSets = 400

    /// The bound, in validators (0 when nothing is proved).
    ///
    /// - Parameters:
    ///   - fbas: the network whose declared quorum sets are compared pairwise.
    ///   - universe: the validators the splitting query may use; others are never in
    ///     A or B.
    public static func validators(_ fbas: FBAS, universe: BitSet) -> Int {
        let tops = Array(Set(universe.compactMap { fbas.qsetOf[$0] })).sorted()
        guard !tops.isEmpty, tops.count <= maximumQuorumSets else { return 0 }
        let counts = liarCounts(fbas, universe: universe)
        let entries = tops.map { Entries(fbas, $0, universe: universe) }
        var least = Int.max
        for i in tops.indices {
            for j in i..<tops.count {
                guard let liars = pairLiars(entries[i], entries[j], counts: counts) else { continue }
                least = min(least, liars)
                if least == 0 { return 0 }
            }
        }
        // No pair of declared quorum sets can be satisfied by A and B at all: no splitting set
        // exists, which the search itself reports; nothing to bound here.
        return least == .max ? 0 : least
    }

    /// One declared quorum set's distinct entries as bit sets, built once for all its pairs:
    /// with sets built per pair, flat-1000's 55,000 pairs took 1.3 s that no deadline could
    /// interrupt.
    struct Entries {
        let qset: Int
        let threshold: Int
        /// Its validators in the universe, and its inner sets.
        let validators: BitSet, inner: BitSet
        let validatorCount: Int, innerCount: Int

        init(_ fbas: FBAS, _ p: Int, universe: BitSet) {
            let q = fbas.qsets[p]
            qset = p
            threshold = q.threshold
            validators = BitSet(capacity: fbas.count, q.validators.filter { universe.contains($0) })
            inner = BitSet(capacity: fbas.qsets.count, q.innerQSets)
            validatorCount = validators.count
            innerCount = inner.count
        }
    }

    /// Per quorum set: the validators under it (in the universe), and the liars forced when
    /// both A and B satisfy it (0: none proved); nil validators when its entries overlap.
    static func liarCounts(_ fbas: FBAS, universe: BitSet) -> [(under: Set<Int>?, forced: Int)] {
        var counts: [(under: Set<Int>?, forced: Int)] = Array(repeating: (nil, 0), count: fbas.qsets.count)
        for (p, q) in fbas.qsets.enumerated() {
            let present = Set(q.validators.filter { universe.contains($0) })
            guard present.count == q.validators.filter({ universe.contains($0) }).count,
                  Set(q.innerQSets).count == q.innerQSets.count else { continue }
            var all = present
            var costs = present.map { _ in 1 }
            var disjoint = true
            for i in q.innerQSets {
                guard let sub = counts[i].under, all.isDisjoint(with: sub) else { disjoint = false; break }
                all.formUnion(sub)
                costs.append(counts[i].forced)
            }
            guard disjoint else { continue }
            let k = 2 * q.threshold - present.count - q.innerQSets.count
            counts[p] = (all, cheapest(k, of: costs) ?? 0)
        }
        return counts
    }

    /// The liars forced when A satisfies p and B satisfies p2 (or the reverse); nil when the two
    /// cannot be satisfied that way at all (then the pair needs no bound).
    static func pairLiars(_ p: Entries, _ p2: Entries,
                          counts: [(under: Set<Int>?, forced: Int)]) -> Int? {
        let sharedValidators = p.validators.intersectionCount(p2.validators)
        let sharedInner = p.inner.intersection(p2.inner)
        let sharedInnerCount = sharedInner.count
        let union = p.validatorCount + p2.validatorCount - sharedValidators + p.innerCount + p2.innerCount - sharedInnerCount
        let k = p.threshold + p2.threshold - union
        guard k >= 1 else { return 0 }
        var costs = Array(repeating: 1, count: sharedValidators)
        // The shared entries are some of p's: when p's own entries are disjoint (it has liars
        // counted), so are they, and no union needs building.
        let disjointAlready = counts[p.qset].under != nil || counts[p2.qset].under != nil
        var all = disjointAlready ? Set<Int>() : Set(p.validators.intersection(p2.validators))
        for i in sharedInner {
            guard let sub = counts[i].under else { return 0 }
            if !disjointAlready {
                guard all.isDisjoint(with: sub) else { return 0 }
                all.formUnion(sub)
            }
            costs.append(counts[i].forced)
        }
        // Fewer shared entries than k: A and B cannot satisfy p and p2 at all.
        guard k <= costs.count else { return nil }
        return cheapest(k, of: costs)
    }

    /// The sum of the k smallest costs (nil when k < 1 or there are fewer than k).
    static func cheapest(_ k: Int, of costs: [Int]) -> Int? {
        guard k >= 1, k <= costs.count else { return nil }
        return costs.sorted().prefix(k).reduce(0, +)
    }
}
