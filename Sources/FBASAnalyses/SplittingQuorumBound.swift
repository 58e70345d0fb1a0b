import FBASEncodings
import FBASModel
import SolverCore

extension Analyses {
    /// What a class weighs in the quorum-size bound: w = max(0, 2τ − s) liars when both quorums
    /// meet it, e = τ − w more when a quorum meets it with liars alone.
    static func boundWeights(_ k: OrganisationalForm.Class) -> (met: Int, exempt: Int) {
        let w = max(0, 2 * k.threshold - k.members.count)
        return (w, k.threshold - w)
    }

    /// A lower bound on every splitting set of a network in organisational form, from how small
    /// its two quorums can each be: two large quorums of few organisations must share many.
    ///
    /// Take a splitting set F with quorums A and B. Per class c (s members, threshold τ), let
    /// S_A be the classes whose inner sets A meets, and D_A ⊆ S_A those with no honest member in
    /// A. A class met by both quorums holds at least w = max(0, 2τ − s) members of A ∩ B ⊆ F; a
    /// class of D_A holds at least τ liars, that is e = τ − w beyond w. An honest member of A
    /// needs its quorum set met by S_A, so S_A, with D_A exempt, is a quorum of classes (some
    /// declared quorum set met by S_A; every class of S_A outside D_A has its own met), and so
    /// is S_B. Then
    ///
    ///     |F| ≥ w(S_A ∩ S_B) + e(D_A ∪ D_B)
    ///         ≥ w(S_A) + w(S_B) − W + (e(D_A) + e(D_B)) / 2
    ///         ≥ M − W,
    ///
    /// where W is the weight w of all classes and M the least 2·w(S) + e(D) over quorums of
    /// classes S with exempt D: one quorum, where the splitting question has two. On the
    /// 24-organisation network of `random/` the bound is 12 and on flat-99 15, both the optimum
    /// (the pairwise count of ``SplittingLowerBound`` gives 10 and 13).
    ///
    /// M is a MaxSAT optimum; when the time given runs out first, the proven lower bound on M
    /// still gives a (weaker) bound.
    static func quorumSizeBound(_ fbas: FBAS, form: OrganisationalForm, options: AnalysisOptions) throws(AnalysisError) -> Int {
        let weights = form.classes.map(boundWeights)
        let total = weights.reduce(0) { $0 + $1.met }
        guard total > 0 else { return 0 }
        let solver = options.makeMaxSATSolver()
        solver.interruptFlag = options.interrupt
        let q = OrganisationalQuorumEncoding.exemptibleQuorum(fbas, form: form, into: solver)
        for (c, w) in weights.enumerated() {
            if w.met > 0 { solver.addSoft(!q.met[c], weight: 2 * w.met) }
            if w.exempt > 0 { solver.addSoft(!q.exempt[c], weight: w.exempt) }
        }
        let outcome = solver.optimize(limits: options.limits)
        switch outcome.status {
        case .optimal:
            guard let cost = outcome.cost else { throw .solverFailure("optimum without a cost") }
            return max(0, cost - total)
        case .unsatisfiable:
            // No quorum of classes at all: no splitting set either, which the search reports.
            return 0
        case .unknown(let reason):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return max(0, outcome.lowerBound - total)
        }
    }

    /// ``quorumSizeBound(_:form:options:)`` when every class weighs the same (w per met class, e
    /// per exempt one: organisations of one size and threshold), by size instead of by MaxSAT:
    /// for each size s of S, the fewest exempt classes d, found upwards ("s classes met, at most
    /// d exempt", one SAT call each, on one solver per size); M is the least 2ws + ed. A size
    /// whose cost cannot beat the best found is skipped.
    ///
    /// The MaxSAT takes 91 s to prove M = 42 on the asymmetric 30-organisation tier of
    /// tiered-1000, where its model is found at once; by size, with the count each fixed size
    /// implies (``OrganisationalQuorumEncoding/exemptibleQuorum(_:form:size:into:)``), the
    /// refutations are short. Cut short, the proven part counts: the least of the sizes' bounds.
    ///
    /// With a `cap`, the bound or the cap, whichever is less: a caller asking only whether the
    /// bound reaches the cap stops refuting there (sybil-1000's core: 10 proven in 4.9 s, where
    /// only "above the least capture's 6" was wanted).
    /// - Returns: nil when the classes do not all weigh the same.
    static func uniformQuorumSizeBound(_ fbas: FBAS, form: OrganisationalForm, options: AnalysisOptions, cap: Int? = nil) -> Int? {
        let weights = Set(form.classes.map { k in let b = boundWeights(k); return [b.met, b.exempt] })
        guard weights.count == 1, let we = weights.first else { return nil }
        let (w, e) = (we[0], we[1])
        let total = w * form.classes.count
        guard total > 0 else { return 0 }
        // The least cost of a model so far; a cap acts as one.
        var best = cap.map { total + max(0, $0) } ?? Int.max
        var proven = Int.max        // the least proven bound over the sizes looked at
        for size in 0...form.classes.count {
            if 2 * w * size >= best { break }   // larger sizes cost more still
            if options.isExpired {
                proven = min(proven, 2 * w * size)
                break
            }
            let solver = options.makeSATSolver()
            solver.interruptFlag = options.interrupt
            let q = OrganisationalQuorumEncoding.exemptibleQuorum(fbas, form: form, size: size, into: solver)
            var refuted = -1        // "at most refuted exempt" has no model
            while refuted < size {
                let d = refuted + 1
                if 2 * w * size + e * d >= best { break }
                let selector = solver.newVariable().positive
                solver.addAtMost(d, of: q.exempt, when: selector)
                let answer = solver.solve(assumptions: [selector], limits: options.limits)
                if answer == .unsatisfiable {
                    refuted = d
                } else {
                    if answer == .satisfiable { best = min(best, 2 * w * size + e * d) }
                    break
                }
            }
            // What this size is proven to cost at least (∞ when every count was refuted).
            let sizeBound = refuted >= size ? Int.max : 2 * w * size + e * (refuted + 1)
            proven = min(proven, sizeBound)
            if options.isExpired {
                // Larger sizes, not looked at, cost at least their met classes.
                proven = min(proven, 2 * w * (size + 1))
                break
            }
        }
        let lower = min(best, proven)
        // No exemptible quorum at all: no splitting set either, which the search reports.
        guard lower < Int.max else { return 0 }
        return max(0, lower - total)
    }
}
