import FBASEncodings
import FBASModel
import SolverCore

extension Analyses {
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
        let w = form.classes.map { max(0, 2 * $0.threshold - $0.members.count) }
        let total = w.reduce(0, +)
        guard total > 0 else { return 0 }
        let solver = options.makeMaxSATSolver()
        solver.interruptFlag = options.interrupt
        let q = OrganisationalQuorumEncoding.exemptibleQuorum(fbas, form: form, into: solver)
        for (c, k) in form.classes.enumerated() {
            if w[c] > 0 { solver.addSoft(!q.met[c], weight: 2 * w[c]) }
            if k.threshold - w[c] > 0 { solver.addSoft(!q.exempt[c], weight: k.threshold - w[c]) }
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
}
