import SolverCore
import SolverZ3
import SolverTestSupport
import Testing

extension MaxSATInstance {
    /// A random instance for the Z3 optimiser: hard 3-clauses at a low ratio (mostly
    /// satisfiable), soft literals, and optionally hard cardinality constraints of both kinds,
    /// some conditional.
    static func randomForZ3(using rng: inout SplitMix64, weighted: Bool, cardinality: Bool) -> MaxSATInstance {
        let n = Int.random(in: 3...10, using: &rng)
        func literal() -> Literal { Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng)) }
        var instance = MaxSATInstance(variables: n)
        instance.hard = randomThreeCNF(variables: n, ratio: 1.5, using: &rng).clauses
        if cardinality {
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let literals = (0..<Int.random(in: 1...n, using: &rng)).map { _ in literal() }
                let condition: Literal? = Bool.random(using: &rng) ? literal() : nil
                let atLeast = Bool.random(using: &rng)
                let k = Int.random(in: -1...(literals.count + 1), using: &rng)
                instance.cardinalities.append(Cardinality(atLeast: atLeast, k: k, literals: literals, condition: condition))
            }
        }
        for _ in 0..<Int.random(in: n...(2 * n), using: &rng) {
            let soft = literal()
            instance.soft.append(([soft], weighted ? Int.random(in: 1...9, using: &rng) : 1))
        }
        return instance
    }
}

@Suite("Z3 MaxSAT back end")
struct Z3MaxSATSolverTests {
    func checkRandom(instances: Int, seed: UInt64, weighted: Bool, cardinality: Bool) {
        var rng = SplitMix64(seed: seed)
        var unsatisfiable = 0
        for i in 0..<instances {
            let instance = MaxSATInstance.randomForZ3(using: &rng, weighted: weighted, cardinality: cardinality)
            let solver = Z3MaxSATSolver()
            instance.load(into: solver)
            let result = solver.optimize()
            guard let optimum = instance.bruteForceOptimum else {
                unsatisfiable += 1
                #expect(result.status == .unsatisfiable, "instance \(i)")
                #expect(result.model == nil && result.cost == nil)
                continue
            }
            #expect(result.status == .optimal, "instance \(i)")
            #expect(result.cost == optimum, "instance \(i)")
            #expect(result.lowerBound == optimum)
            if let model = result.model {
                #expect(model.count == instance.variables)
                #expect(instance.isFeasible(model))
                #expect(instance.cost(of: model) == optimum)
            } else {
                Issue.record("instance \(i): optimal without a model")
            }
        }
        #expect(unsatisfiable < instances / 2)
    }

    @Test func randomUnweightedMatchesBruteForce() {
        checkRandom(instances: 80, seed: 7, weighted: false, cardinality: false)
    }

    @Test func randomWeightedMatchesBruteForce() {
        checkRandom(instances: 80, seed: 8, weighted: true, cardinality: false)
    }

    @Test func randomWithHardCardinalityMatchesBruteForce() {
        checkRandom(instances: 80, seed: 9, weighted: true, cardinality: true)
    }

    @Test func unsatisfiableHardPart() {
        let solver = Z3MaxSATSolver()
        let x = solver.newVariable()
        solver.addClause([x.positive])
        solver.addClause([x.negative])
        solver.addSoft(x.positive)
        let result = solver.optimize()
        #expect(result == OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: 0))
    }

    @Test func noSoftLiteralsCostNothing() {
        let solver = Z3MaxSATSolver()
        let x = solver.newVariables(2)
        solver.addClause([x[0].positive, x[1].positive])
        let result = solver.optimize()
        #expect(result.status == .optimal && result.cost == 0 && result.lowerBound == 0)
        #expect(result.model.map { $0[0] || $0[1] } == true)
    }

    @Test func optimizeAgainAfterAddingConstraints() {
        let solver = Z3MaxSATSolver()
        let x = solver.newVariables(3)
        for v in x { solver.addSoft(v.positive, weight: 2) }
        #expect(solver.optimize().cost == 0)
        solver.addAtMost(1, of: x.map(\.positive), when: nil)
        let result = solver.optimize()
        #expect(result.status == .optimal && result.cost == 4)
        solver.addSoft(x[0].negative, weight: 5)
        let cheaper = solver.optimize()
        #expect(cheaper.status == .optimal && cheaper.cost == 4)
        #expect(cheaper.model?[0] == false)
    }

    /// Twelve pigeons that each want (softly) a seat among eleven holes (``addSoftPigeonhole(to:pigeons:holes:)``).
    func hardInstance() -> Z3MaxSATSolver {
        let solver = Z3MaxSATSolver()
        addSoftPigeonhole(to: solver)
        return solver
    }

    @Test func tinyTimeLimitOnHardInstance() {
        let solver = hardInstance()
        let result = solver.optimize(limits: .seconds(0.3))
        #expect(result.status == .unknown(.timeLimit))
        #expect(result.lowerBound >= 0)
        if let cost = result.cost {
            #expect(result.lowerBound <= cost && cost >= 1)
            #expect(result.model != nil)
        } else {
            #expect(result.model == nil)
        }
    }

    /// A larger weighted instance stopped early: whatever comes back must be consistent —
    /// a model satisfies the hard clauses, its cost is recomputed, and the lower bound does
    /// not exceed it.
    @Test func earlyStopReturnsAConsistentBestModel() {
        var rng = SplitMix64(seed: 1)
        let formula = randomThreeCNF(variables: 120, ratio: 3.0, using: &rng)
        var softs: [SoftLiteral] = []
        for _ in 0..<200 {
            softs.append(SoftLiteral(Literal(Variable(Int.random(in: 0..<120, using: &rng)), negated: Bool.random(using: &rng)),
                                     weight: Int.random(in: 1...20, using: &rng)))
        }
        let solver = Z3MaxSATSolver()
        solver.addFormula(formula)
        for soft in softs { solver.addSoft(soft) }
        let result = solver.optimize(limits: .seconds(0.1))
        if case .unknown(let reason) = result.status { #expect(reason == .timeLimit) }
        guard let model = result.model, let cost = result.cost else {
            #expect(result.status != .optimal && result.cost == nil && result.lowerBound == 0)
            return
        }
        #expect(formula.isSatisfied(by: model))
        #expect(cost == softs.reduce(0) { $0 + ($1.literal.isTrue(in: model) ? 0 : $1.weight) })
        #expect(result.lowerBound <= cost)
        if result.status == .optimal { #expect(result.lowerBound == cost) }
    }

    @Test func interruptFromAnotherThread() {
        let solver = hardInstance()
        let flag = InterruptFlag()
        solver.interruptFlag = flag
        raise(flag, afterMilliseconds: 100)
        let result = solver.optimize()
        #expect(result.status == .unknown(.interrupted))
        flag.reset()
        #expect(solver.optimize(limits: .seconds(0.2)).status == .unknown(.timeLimit))
    }
}
