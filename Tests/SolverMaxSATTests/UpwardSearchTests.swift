import Testing
import SolverCore
import SolverCardinality
import SolverTestSupport
@testable import SolverMaxSAT

/// ``UpwardSearch`` against brute force on random unweighted instances: from 0 it finds the
/// optimum, from the optimum itself in one step, and below the optimum it finds nothing.
@Suite struct UpwardSearchTests {
    /// The instance's hard part in a fresh solver, and the literals whose true count is its cost.
    static func load(_ instance: MaxSATInstance) -> (CardinalityEncodingSolver<DPLLTestSolver>, [Literal]) {
        let solver = CardinalityEncodingSolver(base: DPLLTestSolver())
        while solver.variableCount < instance.variables { _ = solver.newVariable() }
        for clause in instance.hard { solver.addClause(clause) }
        for c in instance.cardinalities {
            if c.atLeast { solver.addAtLeast(c.k, of: c.literals, when: c.condition) }
            else { solver.addAtMost(c.k, of: c.literals, when: c.condition) }
        }
        var counted: [Literal] = []
        for (clause, _) in instance.soft {
            if clause.count == 1 {
                counted.append(!clause[0])
            } else {
                let r = solver.newVariable().positive
                solver.addClause([!r] + clause)
                counted.append(!r)
            }
        }
        return (solver, counted)
    }

    @Test func searchingUpwardsFindsTheBruteForceOptimum() {
        var rng = SplitMix64(seed: 808)
        var optimal = 0
        for i in 0..<300 {
            let instance = MaxSATInstance.random(&rng, weighted: false, maxVariables: 8)
            let optimum = instance.bruteForceOptimum
            let (solver, counted) = Self.load(instance)
            let proved = Mutable()
            let outcome = UpwardSearch.minimize(solver, counting: counted, from: 0, limits: .none) { proved.values.append($0) }
            guard let optimum else {
                #expect(outcome == .unsatisfiable, "instance \(i): \(instance)")
                continue
            }
            guard case .optimal(let cost, let model) = outcome else {
                Issue.record("instance \(i): \(outcome) for optimum \(optimum): \(instance)")
                continue
            }
            optimal += 1
            #expect(cost == optimum, "instance \(i)")
            #expect(instance.cost(of: model) == optimum, "instance \(i)")
            // Each bound proved on the way is one more than the last, up to the optimum.
            #expect(proved.values == Array(stride(from: 1, through: optimum, by: 1)), "instance \(i)")

            let (again, countedAgain) = Self.load(instance)
            #expect(UpwardSearch.minimize(again, counting: countedAgain, from: optimum, limits: .none).isOptimal(cost: optimum),
                    "instance \(i), from the optimum")
            let (below, countedBelow) = Self.load(instance)
            #expect(UpwardSearch.minimize(below, counting: countedBelow, from: 0, below: optimum, limits: .none) == .unsatisfiable,
                    "instance \(i), below the optimum")
        }
        #expect(optimal > 100)
    }

    /// A start above the optimum is a wrong "proven" bound: the search says so instead of
    /// returning a model cheaper than the bound it was given.
    @Test func aStartAboveTheOptimumIsReportedNotTrusted() {
        let solver = CardinalityEncodingSolver(base: DPLLTestSolver())
        let x = solver.newVariable().positive, y = solver.newVariable().positive
        solver.addClause([x])
        solver.addClause([!y])
        let outcome = UpwardSearch.minimize(solver, counting: [x, y], from: 2, limits: .none)
        guard case .unknown(.backEnd, let lower) = outcome else {
            Issue.record("expected a back-end report, got \(outcome)")
            return
        }
        #expect(lower == 2)
    }
}

private final class Mutable { var values: [Int] = [] }

extension UpwardSearch.Outcome {
    func isOptimal(cost expected: Int) -> Bool {
        if case .optimal(let cost, _) = self { return cost == expected }
        return false
    }
}
