import SolverCore
import SolverCardinality

/// OLL with the refinements of RC2 (Morgado, Dodaro & Marques-Silva 2014; Ignatiev, Morgado &
/// Marques-Silva 2019), over any incremental SAT back end.
///
/// Every live *assumption* is a literal with a weight: at first the soft literals themselves,
/// later also *sum assumptions* `¬outputs[b]` of incremental totalizers ("at most `b` of this
/// core's relaxations are true"). Each call assumes them all (or, with stratification, the heavy
/// ones). A core `C` of weight `m = min weight in C` proves the optimum is at least `m` more than
/// the bound so far, and is relaxed:
/// - every `a ∈ C` loses `m` of its weight (RC2's weight splitting: the rest stays an assumption);
/// - a totalizer over `{¬a : a ∈ C}` gets the new assumption "at most 1 of them" with weight `m`;
/// - a sum assumption "at most `b`" in `C` is followed by "at most `b + 1`" on the same
///   totalizer, which is extended by one output (Martins et al. 2014), with that totalizer's
///   weight, created at most once per bound (as RC2's `process_sums` does).
///
/// Invariant (why `.optimal` is right): for any model `x` of the clauses added,
/// `cost(x) ≤ lowerBound + Σ{weight(a) : a live and false in x}`, while every core proves the
/// optimum ≥ `lowerBound`. A model that satisfies every live assumption therefore costs exactly
/// the lower bound. Totalizers only need the inputs → outputs direction for this: a spuriously
/// true output can only make the right-hand side larger.
struct CoreGuidedSearch<Base: IncrementalSATSolver> {
    var context: OptimizationContext<Base>
    let options: CoreGuidedOptions

    private struct Sum {
        let totalizer: Totalizer
        /// The weight of the core it relaxes: the weight of each of its bound assumptions.
        let weight: Int
        /// The largest bound for which an assumption was created.
        var assumedBound: Int
    }

    private var sums: [Sum] = []
    /// Live assumptions and their remaining weights.
    private var weight: [Literal: Int] = [:]
    /// Live assumptions in creation order, so that runs are deterministic (dead ones are
    /// removed lazily).
    private var order: [Literal] = []
    /// For sum assumptions: which sum, and the bound `b` the assumption enforces.
    private var sumBound: [Literal: (sum: Int, bound: Int)] = [:]

    init(context: OptimizationContext<Base>, options: CoreGuidedOptions) {
        self.context = context
        self.options = options
    }

    private var solver: Base { context.solver }

    mutating func run() -> OptimizationResult {
        for soft in context.softs { addAssumption(soft.literal, weight: soft.weight) }
        // Stratification starts with the heaviest weight; without it every assumption is active.
        var threshold = options.stratification ? (context.softs.map(\.weight).max() ?? 1) : 1

        while true {
            if let reason = context.stopReason() { return context.unknown(reason) }
            order.removeAll { weight[$0] == nil }
            let active = order.filter { weight[$0]! >= threshold }
            switch context.solve(active) {
            case .unknown(let reason):
                return context.unknown(reason)

            case .satisfiable:
                context.recordModel()
                // lowerBound ≤ optimum ≤ best cost, so equality proves optimality.
                if context.best!.cost <= context.lowerBound { return context.optimal() }
                // Not yet proven: activate the next lighter stratum. (With every assumption
                // active and satisfied, the invariant puts the cost at the lower bound, so
                // running out of strata here means the back end misreported something.)
                guard let next = order.compactMap({ weight[$0] }).filter({ $0 < threshold }).max() else {
                    return context.inconsistent("a model satisfying every assumption costs \(context.best!.cost), above the proven bound \(context.lowerBound)")
                }
                threshold = next

            case .unsatisfiable:
                let activeSet = Set(active)
                var core = unique(solver.failedAssumptions.filter { activeSet.contains($0) })
                if core.isEmpty {
                    // The hard clauses alone should be unsatisfiable (everything else added is
                    // implied by them or defines fresh variables). Confirm before claiming it:
                    // a back end that drops its core must not turn into a wrong answer.
                    if let reason = context.stopReason() { return context.unknown(reason) }
                    switch context.solve([]) {
                    case .unsatisfiable:
                        return context.best == nil ? context.unsatisfiable()
                            : context.inconsistent("the hard clauses were refuted after a model was found")
                    case .unknown(let reason):
                        return context.unknown(reason)
                    case .satisfiable:
                        context.recordModel()
                        core = active   // the assumptions refuted together: always a core
                        if core.isEmpty { return context.inconsistent("no assumptions refuted, yet a model exists") }
                    }
                }
                if let reason = reduce(&core) { return context.unknown(reason) }
                if let reason = relax(core) { return context.unknown(reason) }
            }
        }
    }

    // MARK: - Assumptions

    private mutating func addAssumption(_ literal: Literal, weight w: Int, sum: (Int, Int)? = nil) {
        if weight[literal] == nil { order.append(literal) }
        weight[literal, default: 0] += w
        if let sum { sumBound[literal] = sum }
    }

    private mutating func remove(_ literal: Literal) {
        weight[literal] = nil
        sumBound[literal] = nil
    }

    // MARK: - Cores

    /// Optional trimming and deletion-based minimisation (both as in RC2). Returns a reason to
    /// stop if the deadline passed or the flag was raised.
    private mutating func reduce(_ core: inout [Literal]) -> UnknownReason? {
        var rounds = 0
        while rounds < options.coreTrimmingRounds && core.count > 1 {
            rounds += 1
            if let reason = context.stopReason() { return reason }
            switch context.solve(core) {
            case .unknown(let reason): return reason
            case .satisfiable: return nil   // a back end contradicting itself; keep the core it gave
            case .unsatisfiable:
                let kept = Set(solver.failedAssumptions)
                let trimmed = core.filter { kept.contains($0) }
                guard !trimmed.isEmpty && trimmed.count < core.count else { rounds = .max; continue }
                core = trimmed
            }
        }

        guard options.coreMinimization else { return nil }
        // Light literals first: dropping them raises the core's weight (RC2 sorts the same way).
        core.sort { weight[$0]! < weight[$1]! }
        var i = 0
        while i < core.count && core.count > 1 {
            if let reason = context.stopReason() { return reason }
            var rest = core
            rest.remove(at: i)
            switch context.solve(rest, conflictBudget: options.minimizationConflictBudget) {
            case .unsatisfiable:
                let kept = Set(solver.failedAssumptions)
                let smaller = rest.filter { kept.contains($0) }
                core = smaller.isEmpty ? rest : smaller
            case .satisfiable:
                context.recordModel()   // a model of the hard clauses: maybe a better upper bound
                i += 1
            case .unknown(.conflictLimit):
                return nil              // out of budget: keep the core found so far
            case .unknown(let reason):
                return reason
            }
        }
        return nil
    }

    /// Charges the core's weight to the lower bound and relaxes it (see the type's comment).
    private mutating func relax(_ core: [Literal]) -> UnknownReason? {
        let minWeight = core.map { weight[$0]! }.min()!
        context.lowerBound += minWeight

        if core.count == 1 && sumBound[core[0]] == nil {
            // A soft literal refuted by the hard clauses alone: its negation is implied, and
            // adding it helps the back end (RC2 does the same).
            solver.addClause([!core[0]])
            remove(core[0])
            return nil
        }

        var relaxations: [Literal] = []
        for a in core {
            let sum = sumBound[a]
            let w = weight[a]!
            if w == minWeight { remove(a) } else { weight[a] = w - minWeight }
            if let (index, bound) = sum {
                let next = bound + 1
                if next > sums[index].assumedBound,
                   let literal = sums[index].totalizer.atMost(next, in: solver) {
                    sums[index].assumedBound = next
                    addAssumption(literal, weight: sums[index].weight, sum: (index, next))
                }
            }
            relaxations.append(!a)
        }
        // A core of one sum assumption only moves that sum's bound up.
        guard relaxations.count > 1 else { return nil }

        let totalizer = Totalizer(inputs: relaxations, bound: 2, directions: .upward, in: solver)
        var bound = 1
        if options.coreExhaustion {
            exhaust: while bound < relaxations.count {
                if let reason = context.stopReason() { return reason }
                switch context.solve([totalizer.atMost(bound, in: solver)!]) {
                case .satisfiable:
                    context.recordModel()
                    break exhaust
                case .unsatisfiable:
                    // At least bound + 1 of the core's literals are false in every model.
                    context.lowerBound += minWeight
                    bound += 1
                case .unknown(let reason):
                    return reason
                }
            }
        }
        if bound < relaxations.count {
            let literal = totalizer.atMost(bound, in: solver)!
            sums.append(Sum(totalizer: totalizer, weight: minWeight, assumedBound: bound))
            addAssumption(literal, weight: minWeight, sum: (sums.count - 1, bound))
        } else {
            // Every literal of the core is false in every model: say so to the back end.
            for r in relaxations { solver.addClause([r]) }
        }
        return nil
    }
}

/// `literals` without repeats, first occurrences kept in order.
func unique(_ literals: [Literal]) -> [Literal] {
    var seen = Set<Literal>()
    return literals.filter { seen.insert($0).inserted }
}
