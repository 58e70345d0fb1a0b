import FBASModel
import SeededRandom

/// A tabu search for small splitting sets of a network in ``OrganisationalForm``: an upper
/// bound for the optimisation, found without a solver, that ends it when it meets the counted
/// lower bound.
///
/// On flat networks the counted bound (``Analyses/uniformQuorumSizeBound(_:form:options:cap:)``)
/// is the optimum and is proved in seconds, but a solver then needs a minute or more to find a
/// model of that size (flat-198: 26, proved in 6 s, found in 76 s). Such a model is two least
/// quorums of organisations that together cover every organisation: a tight packing, which
/// clause learning reaches late and a local search that trades organisations between the two
/// quorums reaches in about ten moves (papers/encodings.md, "A local search over
/// organisations").
///
/// Each class (organisation) takes one role: in neither quorum, all its members in A, all in
/// B, in both (the fewest liars w = max(0, 2τ − s) with τ − w honest members on each side), or
/// met by τ liars alone. A role with honest members in A needs the class's quorum set met by
/// the classes A meets, and likewise for B. The search keeps the cost (liars) at most a
/// target and moves roles, one class at a time or two classes exchanging theirs, to the fewest
/// unmet requirements; at none it has a splitting set, lowers the target below it and goes on.
/// Every set it returns is a splitting set by construction; callers check it all the same.
struct SplittingLocalSearch {
    /// What a class does in the two quorums.
    enum Role: Int, CaseIterable {
        case neither, onlyA, onlyB, both, liars

        var meetsA: Bool { self == .onlyA || self == .both || self == .liars }
        var meetsB: Bool { self == .onlyB || self == .both || self == .liars }
        var needsA: Bool { self == .onlyA || self == .both }
        var needsB: Bool { self == .onlyB || self == .both }
    }

    private let form: OrganisationalForm
    /// Per class: the liars in role `both` (w, ``Analyses/boundWeights(_:)``'s `met`) and in
    /// role `liars` (τ = w + e).
    private let bothCost: [Int], liarsCost: [Int]
    /// Per class: the index of its declared quorum set.
    private let declaredOf: [Int]
    /// Per declared quorum set: its threshold over classes.
    private let threshold: [Int]
    /// Per class: the declared quorum sets naming it, with how often.
    private let namedBy: [[(set: Int, times: Int)]]
    /// Per class: every declared quorum set whose unmet count a change of its role may change.
    private let affected: [[Int]]

    // The state.
    private var role: [Role]
    private var metA: [Int], metB: [Int]          // per declared set: entries met
    private var needA: [Int], needB: [Int]        // per declared set: classes needing it met
    private var honestA = 0, honestB = 0          // classes with honest members on each side
    private(set) var cost = 0
    private(set) var unmet = 0

    /// Nil when some class cannot be met by its own members or is met by nobody (threshold 0):
    /// the roles above would not describe such a network.
    init?(_ fbas: FBAS, form: OrganisationalForm) {
        guard form.classes.allSatisfy({ $0.threshold >= 1 && $0.threshold <= $0.members.count }) else { return nil }
        self.form = form
        let index = Dictionary(uniqueKeysWithValues: form.declaredQSets.enumerated().map { ($1, $0) })
        let weights = form.classes.map(Analyses.boundWeights)
        bothCost = weights.map(\.met)
        liarsCost = weights.map { $0.met + $0.exempt }
        declaredOf = form.classes.map { index[$0.qset]! }
        threshold = form.declaredQSets.map { fbas.qsets[$0].threshold }
        var named = Array(repeating: [Int: Int](), count: form.classes.count)
        for (j, p) in form.declaredQSets.enumerated() {
            for inner in fbas.qsets[p].innerQSets { named[form.classOfInnerSet[inner]!][j, default: 0] += 1 }
        }
        namedBy = named.map { $0.sorted { $0.key < $1.key }.map { (set: $0.key, times: $0.value) } }
        affected = form.classes.indices.map { c in Array(Set(named[c].keys).union([index[form.classes[c].qset]!])).sorted() }
        role = Array(repeating: .neither, count: form.classes.count)
        metA = Array(repeating: 0, count: threshold.count)
        metB = metA
        needA = metA
        needB = metA
        unmet = penalty(honestA) + penalty(honestB) + threshold.indices.reduce(0) { $0 + term($1) }
    }

    private func penalty(_ honest: Int) -> Int { honest == 0 ? 1 : 0 }

    private func term(_ j: Int) -> Int {
        needA[j] * max(0, threshold[j] - metA[j]) + needB[j] * max(0, threshold[j] - metB[j])
    }

    private func cost(_ c: Int, _ r: Role) -> Int {
        switch r {
        case .both: bothCost[c]
        case .liars: liarsCost[c]
        default: 0
        }
    }

    /// Role `both` needs an honest member on each side (τ > w).
    private func allowed(_ c: Int, _ r: Role) -> Bool { r != .both || liarsCost[c] > bothCost[c] }

    /// The unmet total were class `c` given role `r`; the state is left as it was.
    private mutating func unmet(after c: Int, _ r: Role) -> Int {
        let old = role[c]
        assign(c, r)
        defer { assign(c, old) }
        return unmet
    }

    /// The unmet total were classes `a` and `b` to exchange roles; the state is left as it was.
    private mutating func unmet(exchanging a: Int, _ b: Int) -> Int {
        let ra = role[a], rb = role[b]
        assign(a, rb)
        assign(b, ra)
        defer {
            assign(b, rb)
            assign(a, ra)
        }
        return unmet
    }

    /// Gives class `c` role `r`, keeping the counts, the cost and the unmet total.
    private mutating func assign(_ c: Int, _ r: Role) {
        let old = role[c]
        guard old != r else { return }
        for j in affected[c] { unmet -= term(j) }
        unmet -= penalty(honestA) + penalty(honestB)
        let dA = (r.meetsA ? 1 : 0) - (old.meetsA ? 1 : 0), dB = (r.meetsB ? 1 : 0) - (old.meetsB ? 1 : 0)
        if dA != 0 || dB != 0 {
            for (j, times) in namedBy[c] {
                metA[j] += dA * times
                metB[j] += dB * times
            }
        }
        let nA = (r.needsA ? 1 : 0) - (old.needsA ? 1 : 0), nB = (r.needsB ? 1 : 0) - (old.needsB ? 1 : 0)
        needA[declaredOf[c]] += nA
        needB[declaredOf[c]] += nB
        honestA += nA
        honestB += nB
        unmet += penalty(honestA) + penalty(honestB)
        for j in affected[c] { unmet += term(j) }
        cost += cost(c, r) - cost(c, old)
        role[c] = r
    }

    /// The splitting set the roles describe, with its two quorums (validators, increasing).
    private func witness(_ roles: [Role]) -> (set: [Int], a: [Int], b: [Int]) {
        form.split { c in
            let size = form.classes[c].members.count, h = liarsCost[c] - bothCost[c]
            switch roles[c] {
            case .neither: return (0, 0, 0)
            case .onlyA: return (0, size, 0)
            case .onlyB: return (0, 0, size)
            case .both: return (bothCost[c], h, h)
            case .liars: return (liarsCost[c], 0, 0)
            }
        }
    }

    /// The move with the fewest unmet requirements offered so far, ties broken uniformly at
    /// random (reservoir sampling, so each tie is drawn as it comes).
    private struct Fewest<Move> {
        var move: Move?
        var unmet = Int.max
        private var ties = 0

        mutating func offer(_ candidate: Move, unmet u: Int, rng: inout SplitMix64) {
            if u < unmet {
                (move, unmet, ties) = (candidate, u, 1)
            } else if u == unmet {
                ties += 1
                if rng.below(ties) == 0 { move = candidate }
            }
        }
    }

    /// A move: one class to a new role, or two classes exchanging theirs.
    private enum Move {
        case flip(Int, Role)
        case swap(Int, Int)
    }

    /// A smallest splitting set the search finds, stopping as soon as it has one of at most
    /// `stopAt` liars (a proven lower bound makes it optimal), after `patience` moves (by
    /// default max(50, 2n) for n classes) without fewer unmet requirements at one target, or
    /// when `shouldStop` says so (asked every 16 moves). Without a `shouldStop` that reads a
    /// clock, the same network and seed give the same set on every run.
    ///
    /// - Returns: the set and its two quorums, not yet checked (callers verify), or nil when it
    ///   has none: a class has threshold 0 or above its size, or no class can be in both
    ///   quorums with honest members on each side (every threshold is its class's size).
    static func smallestSplit(_ fbas: FBAS, form: OrganisationalForm, stopAt: Int, patience: Int? = nil, seed: UInt64 = 0x5EED,
                              shouldStop: () -> Bool = { false }) -> (set: [Int], a: [Int], b: [Int])? {
        guard var s = SplittingLocalSearch(fbas, form: form) else { return nil }
        let n = form.classes.count
        // Every class in both quorums (met by liars alone where it cannot have honest members
        // on both sides): each is met by both, so every requirement is, and the cost is the
        // largest that matters. (Starting from the greedy split instead, flat-198
        // stayed at 28, and the peer suite's 24-organisation network took as long as without it.)
        for c in 0..<n { s.assign(c, s.allowed(c, .both) ? .both : .liars) }
        guard s.unmet == 0 else { return nil }
        var best = s.role, bestCost = s.cost
        var rng = SplitMix64(seed: seed)
        var tabuUntil = Array(repeating: 0, count: n)
        var moves = 0
        let patience = patience ?? max(50, 2 * n)
        // A moved class stays put for 2 to 11 moves. Longer (5 + n/10 to 14 + n/10) took five
        // times the moves on small flat networks (333 against 65 over twelve of 15 and 21
        // organisations), and the same on flat-198 to flat-501.
        func hold(_ c: Int) { tabuUntil[c] = moves + 2 + rng.below(10) }
        // Exchanges between all pairs while there are few; a sample of them beyond.
        let pairs = n * (n - 1) / 2, sampled = 4096
        search: while bestCost > stopAt {
            let target = bestCost - 1
            // Down to the target: the cheaper role with the fewest unmet requirements, each time.
            while s.cost > target {
                var cheaper = Fewest<(c: Int, r: Role)>()
                for c in 0..<n where s.cost(c, s.role[c]) > 0 {
                    for r in Role.allCases where s.allowed(c, r) && s.cost(c, r) < s.cost(c, s.role[c]) {
                        cheaper.offer((c, r), unmet: s.unmet(after: c, r), rng: &rng)
                    }
                }
                guard let (c, r) = cheaper.move else { break search }
                s.assign(c, r)
                hold(c)
            }
            var fewestSeen = s.unmet, idle = 0
            while s.unmet > 0 {
                if idle >= patience { break search }
                if moves % 16 == 0, shouldStop() { break search }
                moves += 1
                var chosen = Fewest<Move>()
                // A tabu move only when it beats everything seen at this target (aspiration).
                func consider(_ move: Move, _ u: Int, tabu: Bool) {
                    if !tabu || u < fewestSeen { chosen.offer(move, unmet: u, rng: &rng) }
                }
                for c in 0..<n {
                    let old = s.role[c]
                    for r in Role.allCases where r != old && s.allowed(c, r) && s.cost - s.cost(c, old) + s.cost(c, r) <= target {
                        consider(.flip(c, r), s.unmet(after: c, r), tabu: tabuUntil[c] > moves)
                    }
                }
                func exchange(_ a: Int, _ b: Int) {
                    let ra = s.role[a], rb = s.role[b]
                    guard ra != rb, s.allowed(a, rb), s.allowed(b, ra),
                          s.cost - s.cost(a, ra) - s.cost(b, rb) + s.cost(a, rb) + s.cost(b, ra) <= target else { return }
                    consider(.swap(a, b), s.unmet(exchanging: a, b), tabu: tabuUntil[a] > moves || tabuUntil[b] > moves)
                }
                if pairs <= sampled {
                    for a in 0..<n { for b in (a + 1)..<n { exchange(a, b) } }
                } else {
                    for _ in 0..<sampled {
                        let a = rng.below(n), b = rng.below(n)
                        if a != b { exchange(a, b) }
                    }
                }
                switch chosen.move {
                case .flip(let c, let r)?:
                    s.assign(c, r)
                    hold(c)
                case .swap(let a, let b)?:
                    let ra = s.role[a]
                    s.assign(a, s.role[b])
                    s.assign(b, ra)
                    hold(a)
                    hold(b)
                case nil:
                    break
                }
                if s.unmet < fewestSeen { (fewestSeen, idle) = (s.unmet, 0) } else { idle += 1 }
            }
            best = s.role
            bestCost = s.cost
        }
        // Every state kept in `best` had nothing unmet, so each quorum has an honest member.
        return s.witness(best)
    }
}
