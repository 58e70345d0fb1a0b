import FBASModel

/// A lower bound on the liars of every *capture* of a closed core, by counting alone.
///
/// A capture of a core C (a set that holds every validator its known members name) is a set A
/// with liars L ⊆ A: every known member of A inside C is in L, every other member of A with a
/// known quorum set (an honest member) has it satisfied by A, and A has an honest known member,
/// necessarily outside C. Under the `dead` policy a member with an unknown quorum set is in A
/// only as a liar. Least captures are half of the least splitting set of a network with
/// a core (see `Analyses.splittingThroughCore`).
///
/// For an honest member v of a capture, L holds the liars of the entries of v's quorum set that
/// A satisfies: a known validator of C is one liar, and so is any other validator that A holds
/// as a liar (under `dead`, every unknown one). An honest known validator w outside C costs v
/// nothing itself, but A is then also a capture through w, so |L| ≥ μ(w) for any lower bound μ
/// on the captures through w. Hence, with f_q(m) the fewest liars to satisfy quorum set q when
/// honest validators outside C with μ ≤ m are free,
///
///     μ(v) = min over m of max(m, f_{qset(v)}(m))
///
/// is again a lower bound. Starting from μ = 0 and applying this until nothing changes keeps
/// every μ at or below the true least capture through each validator (the step is monotone), and
/// the least μ over validators outside C bounds every capture.
///
/// The liars of a quorum set's entries add up only when no validator sits under two of them;
/// otherwise only the largest of the cheapest `threshold` entries counts.
///
/// On Stellar-like networks, whose validators outside the top tier each need a few top-tier
/// organisations, this is the cheapest such validator's slice: the optimum, which makes the
/// capture search one satisfiable query.
public enum CaptureLowerBound {
    /// The bound in validators; nil when no capture exists at all (no validator outside the
    /// core can be an honest member of one).
    ///
    /// - Parameters:
    ///   - fbas: the network whose quorum sets are counted.
    ///   - universe: the validators a capture may hold.
    ///   - core: a closed core inside `universe`.
    public static func liars(_ fbas: FBAS, universe: BitSet, core: BitSet) -> Int? {
        liars(fbas, universe: universe, core: core, countingComponents: true)
    }

    /// The bound; without `countingComponents`, μ alone (for tests to see what the count over
    /// components adds).
    static func liars(_ fbas: FBAS, universe: BitSet, core: BitSet, countingComponents: Bool) -> Int? {
        let outside = universe.filter { fbas.hasKnownQSet($0) && !core.contains($0) }
        guard !outside.isEmpty else { return nil }
        let impossible = universe.count + 1
        let disjoint = entriesAreDisjoint(fbas)
        var mu = Array(repeating: 0, count: fbas.count)
        // Every round's μ is already a lower bound, so stopping early is sound (never skip a
        // level within a round: a minimum over fewer levels could overshoot). The caps bound the
        // work on odd networks; Stellar-like ones settle in a few rounds at a few levels.
        for _ in 0..<maximumRounds {
            // f_q(m) is needed only at the values μ takes, plus 0.
            let levels = Array(Set(outside.map { mu[$0] } + [0])).filter { $0 < impossible }.sorted()
            if levels.count > maximumLevels { break }
            var costs: [[Int]] = []
            for m in levels {
                costs.append(qsetCosts(fbas, universe: universe, core: core, mu: mu, free: m, disjoint: disjoint, impossible: impossible))
            }
            var changed = false
            for v in outside {
                let q = fbas.qsetOf[v]!
                var best = impossible
                for (i, m) in levels.enumerated() { best = min(best, max(m, costs[i][q])) }
                if best > mu[v] {
                    mu[v] = best
                    changed = true
                }
            }
            if !changed { break }
        }
        // Captures through one trust component at a time (see ``throughComponent``), each
        // bounded by the larger of its members' μ and its own count.
        guard countingComponents else {
            let least = outside.map { mu[$0] }.min()!
            return least >= impossible ? nil : least
        }
        var least = impossible
        for component in fbas.trustComponents(among: BitSet(capacity: fbas.count, outside)) {
            let lowest = component.map { mu[$0] }.min()!
            guard lowest < least else { continue }
            let counted = throughComponent(fbas, component, universe: universe, disjoint: disjoint, impossible: impossible)
            least = min(least, max(lowest, counted))
        }
        return least >= impossible ? nil : least
    }

    /// A lower bound on the liars of captures whose honest known members all lie in one strongly
    /// connected component K of the trust graph outside the core. Every capture (A, L) contains
    /// one with the same liars whose honest members form a sink component of the trust among
    /// its honest members H (they name no other member of H), so the least capture is the least
    /// over components of the least capture through each.
    ///
    /// Through K, every honest member h needs `need(h)` liars outside K among the validators its
    /// quorum set names (K's members free), and A holds at least `g(h)` members of K (the fewest
    /// its quorum set can be satisfied with), honest or lying. With N and G the least of these
    /// over K, j liars inside K and the rest outside,
    ///
    ///     N · max(1, G − j) ≤ Σ_{h∈H} need(h) ≤ Σ_{ℓ ∈ L∖K} served(ℓ),
    ///
    /// where served(ℓ) is how many members of K name ℓ: a cover count. A sybil cluster whose
    /// members each need 134 of their 200 and any one of three top-tier organisations (2 liars)
    /// is bounded by how few organisations 134 members can share, where μ, which lets the
    /// cluster's members vouch for each other, gives 2 (sybil-1000: 9, above the leaves' 6).
    static func throughComponent(_ fbas: FBAS, _ component: [Int], universe: BitSet, disjoint: [Bool], impossible: Int) -> Int {
        let inside = BitSet(capacity: fbas.count, component)
        let unknownCost = fbas.policy == .dead ? 1 : 0
        // A validator outside K that an honest member of K can only have in A as a liar.
        func lies(_ w: Int) -> Bool { !inside.contains(w) && (fbas.hasKnownQSet(w) || unknownCost == 1) }
        var needMemo: [Int: Int] = [:], insideMemo: [Int: Int] = [:]
        func need(_ w: Int) -> Int {
            guard universe.contains(w) else { return impossible }
            return lies(w) ? 1 : 0
        }
        func counted(_ w: Int) -> Int {
            guard universe.contains(w) else { return impossible }
            return inside.contains(w) ? 1 : 0
        }
        var leastNeed = impossible, leastInside = impossible
        var served: [Int: Int] = [:]
        for h in component {
            let q = fbas.qsetOf[h]!
            let n = cost(fbas, q, of: need, disjoint: disjoint, impossible: impossible, memo: &needMemo)
            // h can be no honest member of such a capture.
            guard n < impossible else { continue }
            leastNeed = min(leastNeed, n)
            leastInside = min(leastInside, cost(fbas, q, of: counted, disjoint: disjoint, impossible: impossible, memo: &insideMemo))
            for w in fbas.namedValidators(h) where universe.contains(w) && lies(w) { served[w, default: 0] += 1 }
        }
        guard leastNeed < impossible else { return impossible }
        guard leastNeed > 0 else { return 0 }
        // prefix[k]: the most k liars outside K can serve. Every honest member alone needs at
        // least N distinct ones, so no fewer than N are looked at.
        var prefix = [0]
        for s in served.values.sorted(by: >) { prefix.append(prefix.last! + s) }
        func fewestOutside(serving demand: Int) -> Int? {
            guard prefix.count > leastNeed else { return nil }
            var k = leastNeed
            while k < prefix.count, prefix[k] < demand { k += 1 }
            return k < prefix.count ? k : nil
        }
        var best = impossible
        for j in 0...max(0, min(component.count - 1, leastInside - 1)) {
            guard let k = fewestOutside(serving: leastNeed * max(1, leastInside - j)) else { continue }
            best = min(best, j + k)
        }
        return best
    }

    /// The cost of quorum set `p` under per-validator costs (see ``combined``), its inner sets
    /// costed on the way and remembered in `memo`.
    static func cost(_ fbas: FBAS, _ p: Int, of validatorCost: (Int) -> Int, disjoint: [Bool], impossible: Int,
                     memo: inout [Int: Int]) -> Int {
        if let known = memo[p] { return known }
        let q = fbas.qsets[p]
        var entries = q.validators.map(validatorCost)
        for i in q.innerQSets { entries.append(cost(fbas, i, of: validatorCost, disjoint: disjoint, impossible: impossible, memo: &memo)) }
        let result = combined(entries, threshold: q.threshold, disjoint: disjoint[p], impossible: impossible)
        memo[p] = result
        return result
    }

    /// What a quorum set costs given its entries' costs: the sum of its `threshold` cheapest
    /// entries (their largest when a validator sits under two of them), `impossible` when it
    /// cannot be met, 0 for threshold 0.
    static func combined(_ entries: [Int], threshold: Int, disjoint: Bool, impossible: Int) -> Int {
        guard threshold > 0 else { return 0 }
        guard threshold <= entries.count else { return impossible }
        let chosen = entries.sorted().prefix(threshold)
        if chosen.last! >= impossible { return impossible }
        return disjoint ? min(impossible, chosen.reduce(0, +)) : chosen.last!
    }

    /// Rounds of the fixpoint iteration before the bound settles for what it has.
    public static let maximumRounds = 64
    /// Distinct values of μ beyond which the iteration stops (each costs one pass over all
    /// quorum sets per round).
    public static let maximumLevels = 32

    /// f_q(m) for every quorum set q, inner sets first (their ids are smaller).
    static func qsetCosts(_ fbas: FBAS, universe: BitSet, core: BitSet, mu: [Int], free m: Int,
                          disjoint: [Bool], impossible: Int) -> [Int] {
        func validatorCost(_ w: Int) -> Int {
            guard universe.contains(w) else { return impossible }
            if !fbas.hasKnownQSet(w) { return fbas.policy == .dead ? 1 : 0 }
            if core.contains(w) { return 1 }
            return mu[w] <= m ? 0 : 1
        }
        var cost = Array(repeating: impossible, count: fbas.qsets.count)
        for (p, q) in fbas.qsets.enumerated() {
            cost[p] = combined(q.validators.map(validatorCost) + q.innerQSets.map { cost[$0] }, threshold: q.threshold,
                               disjoint: disjoint[p], impossible: impossible)
        }
        return cost
    }

    /// Per quorum set: whether no validator sits under two of its entries.
    static func entriesAreDisjoint(_ fbas: FBAS) -> [Bool] {
        var under: [BitSet] = []
        var disjoint: [Bool] = []
        under.reserveCapacity(fbas.qsets.count)
        for q in fbas.qsets {
            var all = fbas.set(q.validators)
            var separate = true
            for i in q.innerQSets {
                if separate, !all.isDisjoint(with: under[i]) { separate = false }
                all.formUnion(under[i])
            }
            under.append(all)
            disjoint.append(separate)
        }
        return disjoint
    }
}
