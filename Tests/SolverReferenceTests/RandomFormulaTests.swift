import SolverCore
import SolverReference
import Testing

@Suite struct RandomFormulaTests {
    @Test func smallRandomFormulasAgreeWithBruteForce() {
        var rng = SplitMix64(seed: 0x5EED_0001)
        var satisfiable = 0, unsatisfiable = 0
        for instance in 0..<300 {
            let variables = Int.random(in: 3...14, using: &rng)
            let ratio = Double.random(in: 3.8...6.0, using: &rng)  // small formulas' threshold lies above 4.26
            let formula = random3CNF(variables: variables, clauses: Int((ratio * Double(variables)).rounded()), using: &rng)
            let expected = bruteForceModel(formula)
            let solver = solverHolding(formula)
            let result = solver.solve()
            #expect(result == (expected == nil ? .unsatisfiable : .satisfiable), "instance \(instance)")
            if result == .satisfiable {
                satisfiable += 1
                #expect(formula.isSatisfied(by: solver.model()), "instance \(instance)")
            } else {
                unsatisfiable += 1
                #expect(solver.failedAssumptions.isEmpty, "instance \(instance)")
            }
        }
        // Around the threshold both answers must be common, or the comparison proves little.
        #expect(satisfiable > 75 && unsatisfiable > 75, "\(satisfiable) SAT, \(unsatisfiable) UNSAT")
    }

    @Test func smallRandomFormulasUnderAssumptionsAgreeWithBruteForce() {
        var rng = SplitMix64(seed: 0x5EED_0002)
        var cores = 0
        for instance in 0..<300 {
            let variables = Int.random(in: 4...12, using: &rng)
            let formula = random3CNF(variables: variables, clauses: 3 * variables, using: &rng)
            let assumptions = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                Literal(Variable(Int.random(in: 0..<variables, using: &rng)), negated: Bool.random(using: &rng))
            }
            let expected = bruteForceModel(formula, units: assumptions)
            let solver = solverHolding(formula)
            let result = solver.solve(assumptions: assumptions)
            #expect(result == (expected == nil ? .unsatisfiable : .satisfiable), "instance \(instance)")
            if result == .satisfiable {
                let model = solver.model()
                #expect(formula.isSatisfied(by: model), "instance \(instance)")
                #expect(assumptions.allSatisfy { $0.isTrue(in: model) }, "instance \(instance)")
            } else if result == .unsatisfiable {
                let core = solver.failedAssumptions
                if bruteForceModel(formula) != nil { cores += 1 }
                #expect(Set(core).isSubset(of: assumptions), "instance \(instance)")
                #expect(bruteForceModel(formula, units: core) == nil, "instance \(instance)")
                #expect(isUnsatisfiable(formula, with: core), "instance \(instance)")
            }
        }
        #expect(cores > 30, "only \(cores) unsatisfiable cores were exercised")
    }

    @Test func incrementallyGrownFormulasAgreeWithBruteForce() {
        var rng = SplitMix64(seed: 0x5EED_0003)
        for instance in 0..<15 {
            let variables = Int.random(in: 8...14, using: &rng)
            let formula = random3CNF(variables: variables, clauses: 6 * variables, using: &rng)
            let solver = ReferenceSolver()
            var prefix = CNF(variableCount: variables)
            _ = solver.newVariables(variables)
            for (index, clause) in formula.clauses.enumerated() {
                solver.addClause(clause)
                prefix.addClause(clause)
                guard index % 4 == 3 else { continue }
                let assumption = Literal(Variable(Int.random(in: 0..<variables, using: &rng)), negated: Bool.random(using: &rng))
                for assumptions in [[], [assumption]] {
                    let expected = bruteForceModel(prefix, units: assumptions)
                    let result = solver.solve(assumptions: assumptions)
                    #expect(result == (expected == nil ? .unsatisfiable : .satisfiable), "instance \(instance), clause \(index)")
                    if result == .satisfiable {
                        #expect(prefix.isSatisfied(by: solver.model()), "instance \(instance), clause \(index)")
                    } else {
                        #expect(Set(solver.failedAssumptions).isSubset(of: assumptions))
                        #expect(bruteForceModel(prefix, units: solver.failedAssumptions) == nil)
                    }
                }
            }
        }
    }

    @Test(arguments: [150, 200, 250])
    func largerRandomFormulasGiveModelsThatSatisfyEveryClause(variables: Int) {
        var rng = SplitMix64(seed: 0x5EED_0004 &+ UInt64(variables))
        var models = 0
        for _ in 0..<3 {
            // Below the threshold (ratio 3.8) so that most instances are satisfiable and easy
            // enough for a debug build.
            let formula = random3CNF(variables: variables, clauses: variables * 38 / 10, using: &rng)
            let solver = solverHolding(formula)
            if solver.solve() == .satisfiable {
                models += 1
                #expect(solver.model().count == variables)
                #expect(formula.firstFalsifiedClause(by: solver.model()) == nil)
            }
        }
        #expect(models >= 2)
    }
}
