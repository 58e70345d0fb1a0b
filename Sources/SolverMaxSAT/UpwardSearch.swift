import SolverCardinality
import SolverCore

/// UNSAT–SAT search upwards from a proven lower bound: "at most k of these literals true" for
/// k = start, start + 1, …; each refutation raises the bound, and the first model is optimal.
///
/// Good when a bound counted without a solver is at or near the optimum: the search then
/// makes one satisfiable call (or a few), where core-guided search would first refute every
/// value below the bound one core at a time. The bounds are assumptions over one incremental
/// `Totalizer`, so the solver keeps what it learns from one call to the next.
public enum UpwardSearch {
    public enum Outcome: Equatable, Sendable {
        /// A model with exactly `cost` true literals, and every smaller count refuted.
        case optimal(cost: Int, model: [Bool])
        /// No model with fewer than `limit` true literals (any number when no limit was given).
        case unsatisfiable
        /// Stopped (time, interruption or a back-end failure) with `lower` proved.
        case unknown(UnknownReason, lower: Int)
    }

    /// Runs the search on `solver`, whose clauses already hold the question.
    ///
    /// - Parameters:
    ///   - solver: the back end holding the question; it also receives the totalizer's clauses.
    ///   - counting: the literals whose true count is minimised.
    ///   - start: a proven lower bound on that count.
    ///   - limit: only counts below it are of interest; reaching it ends the search as
    ///     `unsatisfiable` (nil: no limit).
    ///   - limits: applied to every solver call; once they expire (or the solver's interrupt flag
    ///     is raised) the search stops as `unknown` with the bound proved so far.
    ///   - proved: called with each newly proved lower bound.
    public static func minimize(_ solver: some IncrementalSATSolver, counting: [Literal], from start: Int, below limit: Int? = nil,
                                limits: SolveLimits, proved: (Int) -> Void = { _ in }) -> Outcome {
        let upTo = min(limit ?? counting.count + 1, counting.count + 1)
        guard start < upTo else { return .unsatisfiable }
        let count = Totalizer(inputs: counting, bound: start + 1, directions: .upward, in: solver)
        var k = start
        while true {
            if let stop = stopReason(solver, limits) { return .unknown(stop, lower: k) }
            let bound = count.atMost(k, in: solver)
            switch solver.solve(assumptions: bound.map { [$0] } ?? [], limits: limits) {
            case .satisfiable:
                let model = solver.model()
                let cost = counting.filter { $0.isTrue(in: model) }.count
                guard cost == k else {
                    return .unknown(.backEnd("a model with \(cost) true literals under the proven bound \(k)"), lower: k)
                }
                return .optimal(cost: cost, model: model)
            case .unsatisfiable:
                // Without a bound the formula itself is unsatisfiable.
                if bound == nil { return .unsatisfiable }
                k += 1
                if k >= upTo { return .unsatisfiable }
                proved(k)
            case .unknown(let reason):
                return .unknown(reason, lower: k)
            }
        }
    }

    static func stopReason(_ solver: some IncrementalSATSolver, _ limits: SolveLimits) -> UnknownReason? {
        if solver.interruptFlag?.isRaised ?? false { return .interrupted }
        if limits.isExpired { return .timeLimit }
        return nil
    }
}
