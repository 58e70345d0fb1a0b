import SolverCore

/// A MaxSAT solver whose optima are certified by an independent SAT solver.
///
/// Every variable, clause and cardinality constraint goes to both the `optimizer` and the
/// `checker`. After the optimiser answers with cost c, the checker is asked for a model of the
/// hard part whose cost is at most c − 1 (a cardinality bound over the falsified soft literals,
/// each repeated by its weight); while one exists, its cost becomes the new c. Only when the
/// bound is unsatisfiable is the result `optimal`.
///
/// Why: Z3 4.8.12's optimiser reported costs that were not optimal as optimal on our quorum
/// encodings (a least quorum of 11 where one of 10 exists, on a Stellar snapshot), with its
/// SAT core and, more rarely, with its SMT core; Z3's SAT solver itself agreed with every
/// other back end. A wrong optimum then becomes at worst extra work, never a wrong answer.
public final class CertifyingMaxSATSolver<Optimizer: MaxSATSolver & CardinalityConstraintSink,
                                          Checker: IncrementalSATSolver & CardinalityConstraintSink>: MaxSATSolver, CardinalityConstraintSink, BoundsReporting {
    public let optimizer: Optimizer
    public let checker: Checker
    private var softs: [SoftLiteral] = []
    /// The checker's variable for each of the optimiser's (cardinality encodings may add
    /// auxiliary variables on one side only, so the numberings drift apart).
    private var checkerVariable: [Int: Variable] = [:]
    /// How many optima the checker had to improve (a measure of the optimiser's mistakes).
    public private(set) var corrections = 0
    /// Told of the optimiser's bounds (when it reports them) and of each cost the checker improves.
    public var boundsObserver: (@Sendable (_ lowerBound: Int, _ upperBound: Int?) -> Void)? {
        didSet { (optimizer as? any BoundsReporting)?.boundsObserver = boundsObserver }
    }

    public init(optimizer: Optimizer, checker: Checker) {
        self.optimizer = optimizer
        self.checker = checker
    }

    public var name: String { optimizer.name }
    public var variableCount: Int { optimizer.variableCount }

    public var interruptFlag: InterruptFlag? {
        get { optimizer.interruptFlag }
        set {
            optimizer.interruptFlag = newValue
            checker.interruptFlag = newValue
        }
    }

    public func newVariable() -> Variable {
        let v = optimizer.newVariable()
        checkerVariable[v.index] = checker.newVariable()
        return v
    }

    /// The checker's literal for one of ours; variables never handed out are created on demand.
    private func checked(_ l: Literal) -> Literal {
        if checkerVariable[l.variable.index] == nil { checkerVariable[l.variable.index] = checker.newVariable() }
        return Literal(checkerVariable[l.variable.index]!, negated: l.isNegated)
    }

    public func addClause(_ literals: [Literal]) {
        optimizer.addClause(literals)
        checker.addClause(literals.map(checked))
    }

    public func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        optimizer.addAtLeast(k, of: literals, when: condition)
        checker.addAtLeast(k, of: literals.map(checked), when: condition.map(checked))
    }

    public func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        optimizer.addAtMost(k, of: literals, when: condition)
        checker.addAtMost(k, of: literals.map(checked), when: condition.map(checked))
    }

    public func addSoft(_ soft: SoftLiteral) {
        optimizer.addSoft(soft)
        softs.append(soft)
    }

    func cost(of model: [Bool]) -> Int {
        softs.reduce(0) { $0 + ($1.literal.isTrue(in: model) ? 0 : $1.weight) }
    }

    public func optimize(limits: SolveLimits) -> OptimizationResult {
        var result = optimizer.optimize(limits: limits)
        guard case .optimal = result.status, var best = result.model, var cost = result.cost else {
            // The optimiser's own lower bounds are what it got wrong: none is passed on uncertified.
            if case .unknown = result.status { result.lowerBound = 0 }
            return result
        }
        let falsified = softs.flatMap { Array(repeating: checked(!$0.literal), count: $0.weight) }
        while cost > 0 {
            // A fresh guard literal per bound: the bound holds only while it is assumed.
            let guardLiteral = checker.newVariable().positive
            checker.addAtMost(cost - 1, of: falsified, when: guardLiteral)
            let answer = checker.solve(assumptions: [guardLiteral], limits: limits)
            // Read the model (in our numbering) before retiring the bound: adding a clause discards it.
            var model = best
            if answer == .satisfiable {
                for (ours, theirs) in checkerVariable where ours < model.count { model[ours] = checker.modelValue(theirs) }
            }
            checker.addClause([!guardLiteral])
            switch answer {
            case .unsatisfiable:
                result.lowerBound = cost
                result.model = best
                result.cost = cost
                return result
            case .satisfiable:
                let improved = self.cost(of: model)
                precondition(improved < cost, "the checker's model breaks the bound it was given")
                corrections += 1
                best = model
                cost = improved
                // The optimiser's optimum was just refuted: no lower bound is known.
                result.lowerBound = 0
                boundsObserver?(0, cost)
            case .unknown(let reason):
                return OptimizationResult(status: .unknown(reason), cost: cost, model: best, lowerBound: 0)
            }
        }
        result.model = best
        result.cost = 0
        result.lowerBound = 0
        return result
    }
}
