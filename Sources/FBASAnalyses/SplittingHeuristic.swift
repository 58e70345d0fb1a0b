import FBASModel
import SolverCore

extension Analyses {
    /// The greedy splitting set (``greedySplit(_:universe:tries:)``), or the local search's
    /// (``SplittingLocalSearch``) when that is smaller, on a network of organisations where a
    /// lower bound `stopAt` is proven and the greedy set is above it. Under a deadline the local
    /// search gets a share of the time left (``localSearchShare(of:)``); it stops when the
    /// analysis is interrupted.
    ///
    /// Without a bound the local search cannot end the search, and where the peer suite has
    /// none (a third of its networks) the solvers answer in 10–20 ms, to which it added 3–5 ms.
    static func heuristicSplit(_ fbas: FBAS, universe: BitSet, stopAt: Int, options: AnalysisOptions) -> (set: [Int], a: [Int], b: [Int])? {
        let greedy = greedySplit(fbas, universe: universe)
        guard stopAt > 0, (greedy?.set.count ?? Int.max) > stopAt, !options.isExpired,
              let form = fbas.organisationalForm(among: universe) else { return greedy }
        // Its share of the time only under a deadline: without one, its patience alone ends
        // it, so that the same network gives the same set on every machine.
        let share = options.deadline.map { min($0, .now + localSearchShare(of: options.limits.secondsRemaining)) }
        let found = SplittingLocalSearch.smallestSplit(fbas, form: form, stopAt: stopAt) {
            options.isExpired || share.map { .now >= $0 } ?? false
        }
        return found.map { $0.set.count < greedy?.set.count ?? Int.max } ?? false ? found : greedy
    }

    /// The most time the local search may take under a deadline: a tenth of what is left, at
    /// most 5 s. It ends sooner by itself (after a number of moves without progress) everywhere
    /// we measured but flat-1000, where one move takes about 10 ms.
    static func localSearchShare(of remaining: Double?) -> Duration {
        .milliseconds(Int64(min(5, (remaining ?? 50) / 10) * 1000))
    }

    /// A splitting set found without a solver, as an upper bound for the optimisation: make one
    /// validator w believe in a quorum of liars. L is a cheapest set satisfying w's quorum set
    /// (w's own entry is free, greedily per nesting level), B = {w} ∪ L, and A is what remains
    /// of the network without w once everyone outside L must be satisfied (a fixpoint). Then
    /// A ∩ B ⊆ L, so L splits the network whenever A keeps an honest member. On Stellar-like
    /// networks the cheapest such w is often optimal, and a solver finds that model late (the
    /// lower bound reaches it long before).
    ///
    /// - Returns: the set and its two quorums, not yet checked (callers verify), or nil.
    static func greedySplit(_ fbas: FBAS, universe: BitSet, tries: Int = 8) -> (set: [Int], a: [Int], b: [Int])? {
        // The validators a cheapest satisfaction of q uses, w's own entry costing nothing.
        // Memoised per w: resolved sets share inner sets (python-fbas ones along many paths).
        func liars(_ q: Int, for w: Int, memo: inout [Int: Set<Int>?]) -> Set<Int>? {
            if let known = memo[q] { return known }
            let qset = fbas.qsets[q]
            var options: [Set<Int>] = []
            for v in qset.validators where universe.contains(v) {
                options.append(v == w ? [] : [v])
            }
            for inner in qset.innerQSets {
                if let l = liars(inner, for: w, memo: &memo) { options.append(l) }
            }
            let result = options.count >= qset.threshold
                ? options.sorted { $0.count < $1.count }.prefix(qset.threshold).reduce(into: Set<Int>()) { $0.formUnion($1) } : nil
            memo[q] = .some(result)
            return result
        }
        var cheapest: [(w: Int, liars: Set<Int>)] = []
        for w in universe {
            var memo: [Int: Set<Int>?] = [:]
            guard let q = fbas.qsetOf[w], let l = liars(q, for: w, memo: &memo) else { continue }
            cheapest.append((w, l))
        }
        cheapest.sort { ($0.liars.count, $0.w) < ($1.liars.count, $1.w) }
        for (w, l) in cheapest.prefix(tries) {
            var a = universe
            a.remove(w)
            while true {
                let satisfied = fbas.satisfiedQSets(by: a)
                let out = a.filter { v in
                    guard !l.contains(v) else { return false }
                    guard let q = fbas.qsetOf[v] else { return !fbas.mayBeInQuorum(v) }
                    return !satisfied[q]
                }
                if out.isEmpty { break }
                for v in out { a.remove(v) }
            }
            guard a.contains(where: { !l.contains($0) && fbas.hasKnownQSet($0) }) else { continue }
            return (l.sorted(), Array(a), ([w] + l).sorted())
        }
        return nil
    }
}
