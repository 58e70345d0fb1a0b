import Testing
import SolverCore
import SolverCardinality
import SolverTestSupport
@testable import SolverMaxSAT

/// An "optimiser" that returns the first model it finds and calls it optimal: the kind of
/// mistake Z3 4.8.12's optimiser made on our encodings.
final class OverconfidentOptimizer: MaxSATSolver, CardinalityConstraintSink {
    let base = CardinalityEncodingSolver(base: DPLLTestSolver())
    var softs: [SoftLiteral] = []
    var name: String { "overconfident" }
    var interruptFlag: InterruptFlag?
    var variableCount: Int { base.variableCount }
    func newVariable() -> Variable { base.newVariable() }
    func addClause(_ literals: [Literal]) { base.addClause(literals) }
    func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) { base.addAtLeast(k, of: literals, when: condition) }
    func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) { base.addAtMost(k, of: literals, when: condition) }
    func addSoft(_ soft: SoftLiteral) { softs.append(soft) }
    func optimize(limits: SolveLimits) -> OptimizationResult {
        guard base.solve(assumptions: [], limits: limits) == .satisfiable else {
            return OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: 0)
        }
        let model = base.model()
        let cost = softs.reduce(0) { $0 + ($1.literal.isTrue(in: model) ? 0 : $1.weight) }
        return OptimizationResult(status: .optimal, cost: cost, model: model, lowerBound: cost)
    }
}

@Suite struct CertifyingMaxSATSolverTests {
    @Test(arguments: [false, true])
    func certificationTurnsAnOverconfidentOptimizerIntoACorrectOne(weighted: Bool) {
        var rng = SplitMix64(seed: weighted ? 71 : 70)
        var corrected = 0
        for _ in 0..<120 {
            let instance = MaxSATInstance.random(&rng, weighted: weighted)
            let solver = CertifyingMaxSATSolver(optimizer: OverconfidentOptimizer(),
                                                checker: CardinalityEncodingSolver(base: DPLLTestSolver()))
            instance.load(into: solver)
            let result = solver.optimize()
            guard let optimum = instance.bruteForceOptimum else {
                #expect(result.status == .unsatisfiable)
                continue
            }
            #expect(result.status == .optimal)
            #expect(result.cost == optimum)
            #expect(result.model.flatMap { instance.cost(of: $0) } == optimum)
            corrected += solver.corrections > 0 ? 1 : 0
        }
        #expect(corrected > 10, "the overconfident optimizer must have been caught often")
    }
}
