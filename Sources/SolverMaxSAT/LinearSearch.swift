import SolverCore
import SolverCardinality

extension OptimizationContext {
    /// Linear SAT-UNSAT search.
    ///
    /// After the first model, of cost `c₀`, the falsified soft literals are summed once: by an
    /// incremental ``Totalizer`` of bound `c₀ / w` when every soft literal weighs the same `w`
    /// (Martins et al. 2014: tightening is then one assumption), otherwise by a
    /// ``GeneralizedTotalizer`` capped at `c₀` (Joshi et al. 2015). Each later call assumes
    /// "cost < best" and either returns a strictly cheaper model or proves the best one optimal.
    /// Bounds are assumptions, never clauses, so nothing about the cost survives the call.
    mutating func linearSearch() -> OptimizationResult {
        if let reason = stopReason() { return unknown(reason) }
        switch solve([]) {
        case .unsatisfiable: return unsatisfiable()
        case .unknown(let reason): return unknown(reason)
        case .satisfiable: recordModel()
        }
        guard best!.cost > 0 else { return optimal() }

        // The literals that cost something when true.
        let relaxations = softs.map { WeightedLiteral(!$0.literal, weight: $0.weight) }
        let firstCost = best!.cost
        let solver = self.solver
        let boundAssumptions: (Int) -> [Literal]
        if let unit = softs.first?.weight, softs.allSatisfy({ $0.weight == unit }) {
            // cost = unit · count, so "cost < c" is "count ≤ c / unit − 1" (c is a multiple of unit).
            // Built a slice of outputs at a time, with the limits looked at in between: a first
            // model of cost 2,000 over 5,000 soft literals makes ten million clauses, seconds
            // of work that must not run past a deadline.
            let totalizer = Totalizer(inputs: relaxations.map(\.literal), bound: 0, directions: .upward, in: solver)
            let target = firstCost / unit
            while totalizer.bound < min(target, relaxations.count) {
                totalizer.extend(to: min(target, totalizer.bound + 32), in: solver)
                if let reason = stopReason() { return unknown(reason) }
            }
            boundAssumptions = { c in [totalizer.atMost(c / unit - 1, in: solver)!] }
        } else {
            let gte = GeneralizedTotalizer(inputs: relaxations, cap: firstCost, in: solver)
            boundAssumptions = { c in gte.atMostAssumptions(c - 1) }
        }

        while true {
            if let reason = stopReason() { return unknown(reason) }
            let current = best!.cost
            switch solve(boundAssumptions(current)) {
            case .unsatisfiable:
                // No model costs less than the best one: it is optimal.
                lowerBound = current
                return optimal()
            case .unknown(let reason):
                return unknown(reason)
            case .satisfiable:
                let c = recordModel()
                guard c < current else { return inconsistent("a model of cost \(c) under the bound cost < \(current)") }
                if c == 0 { lowerBound = 0; return optimal() }
            }
        }
    }
}
