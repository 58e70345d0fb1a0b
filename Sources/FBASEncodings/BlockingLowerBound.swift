import FBASModel

/// A lower bound on the size of every blocking set, by counting alone (no solver).
///
/// If B (with D already down) blocks and some validator with a known quorum set stays up, the
/// cascade removes one of them in its first round (``BlockingEncoding``): a validator v
/// outside B ∪ D whose quorum set B ∪ D alone already blocks. So B is at least the cheapest
/// way to block some validator's quorum set: to block a set of threshold t and n entries,
/// n − t + 1 entries must be blocked, a validator costing 1 (0 when down or outside the
/// universe) and an inner set its own cost. Entries over disjoint validators add up; otherwise
/// the (n − t + 1)-th cheapest entry still has to be paid. If no validator with a known quorum
/// set stays up, B holds all of them.
///
/// Organisations of three that need two make this the pigeonhole count CDCL cannot do: on the
/// 72-validator almost-symmetric network of `random/`, a set of 17 out of 21 organisations
/// costs 5 × 2 = 10, the optimum; on tiered networks the top tier's 21 of 30 costs 20.
public enum BlockingLowerBound {
    /// The bound, in validators (0 when nothing is proved).
    ///
    /// - Parameters:
    ///   - fbas: the network whose quorum sets are counted.
    ///   - universe: the validators the question runs over (every minimal quorum among them);
    ///     the others count as failed already.
    ///   - down: validators already failed.
    public static func validators(_ fbas: FBAS, universe: BitSet, down: BitSet) -> Int {
        let up = universe.filter { !down.contains($0) }
        let known = up.filter { fbas.qsetOf[$0] != nil && fbas.mayBeInQuorum($0) }
        guard !known.isEmpty else { return 0 }
        let costs = blockingCosts(fbas, universe: universe, down: down)
        var least = known.count
        for q in Set(known.compactMap { fbas.qsetOf[$0] }) { least = min(least, costs[q].cost) }
        return least
    }

    /// Per quorum set: the validators under it that are still up, and the fewest failures that
    /// leave it unsatisfiable (in index order: inner sets precede the sets holding them).
    static func blockingCosts(_ fbas: FBAS, universe: BitSet, down: BitSet) -> [(under: Set<Int>?, cost: Int)] {
        var costs: [(under: Set<Int>?, cost: Int)] = Array(repeating: (nil, 0), count: fbas.qsets.count)
        for (p, q) in fbas.qsets.enumerated() {
            var entryCosts: [Int] = []
            var all = Set<Int>()
            var disjoint = true
            for v in q.validators {
                let up = universe.contains(v) && !down.contains(v) && fbas.mayBeInQuorum(v)
                entryCosts.append(up ? 1 : 0)
                if up { disjoint = disjoint && all.insert(v).inserted }
            }
            for i in q.innerQSets {
                entryCosts.append(costs[i].cost)
                if let sub = costs[i].under, all.isDisjoint(with: sub) { all.formUnion(sub) } else { disjoint = false }
            }
            let needed = entryCosts.count - q.threshold + 1
            guard needed >= 1 else {
                // Never satisfiable: nothing to pay.
                costs[p] = (disjoint ? all : nil, 0)
                continue
            }
            guard needed <= entryCosts.count else { continue }
            let sorted = entryCosts.sorted()
            let cost = disjoint ? sorted.prefix(needed).reduce(0, +) : sorted[needed - 1]
            costs[p] = (disjoint ? all : nil, cost)
        }
        return costs
    }
}
