import SolverCore
@testable import SolverReference
import SolverTestSupport
import Testing

@Suite struct IncrementalUseTests {
    @Test func blockingEachModelInTurnEnumeratesEveryModel() {
        var rng = SplitMix64(seed: 0x5EED_0010)
        for _ in 0..<5 {
            let formula = randomCNF(variables: 9, clauses: 20, using: &rng)
            let solver = solverHolding(formula)
            var found = Set<[Bool]>()
            while solver.solve() == .satisfiable {
                let model = solver.model()
                #expect(formula.isSatisfied(by: model))
                #expect(!found.contains(model), "a blocked model came back")
                found.insert(model)
                solver.addClause((0..<model.count).map { Literal(Variable($0), negated: model[$0]) })
            }
            #expect(found.count == bruteForceModelCount(formula))
            #expect(found.count > 1)
        }
    }

    @Test func clausesAndVariablesAddedAfterASolveTakeEffect() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable()
        solver.addClause([a.positive, b.positive])
        #expect(solver.solve() == .satisfiable)
        solver.addClause([a.negative])
        #expect(solver.solve() == .satisfiable)
        #expect(!solver.modelValue(a) && solver.modelValue(b))
        let c = solver.newVariable()
        solver.addClause([b.negative, c.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(c))
        solver.addClause([c.negative])
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.failedAssumptions.isEmpty)
    }

    @Test func assumptionsHoldForOneCallOnly() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable()
        solver.addClause([a.positive, b.positive])
        #expect(solver.solve(assumptions: [a.negative]) == .satisfiable)
        #expect(solver.modelValue(b))
        #expect(solver.solve(assumptions: [a.negative, b.negative]) == .unsatisfiable)
        #expect(Set(solver.failedAssumptions) == [a.negative, b.negative])
        #expect(solver.solve(assumptions: [b.negative]) == .satisfiable)
        #expect(solver.modelValue(a))
        #expect(solver.solve() == .satisfiable)
    }

    @Test func coreLeavesOutIrrelevantAssumptions() {
        let solver = ReferenceSolver()
        let v = solver.newVariables(4)
        solver.addClause([v[0].negative, v[1].positive])  // v0 → v1
        solver.addClause([v[1].negative, v[2].positive])  // v1 → v2
        #expect(solver.solve(assumptions: [v[3].positive, v[0].positive, v[2].negative]) == .unsatisfiable)
        #expect(Set(solver.failedAssumptions) == [v[0].positive, v[2].negative])
    }

    @Test func assumingALiteralAndItsNegationGivesBothAsCore() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable()
        solver.addClause([a.positive, b.positive])
        #expect(solver.solve(assumptions: [a.positive, b.positive, a.negative]) == .unsatisfiable)
        #expect(Set(solver.failedAssumptions) == [a.positive, a.negative])
        #expect(solver.solve(assumptions: [a.positive, a.positive]) == .satisfiable)
    }

    @Test func assumptionFalseAtLevelZeroIsItsOwnCore() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable(), c = solver.newVariable()
        solver.addClause([a.negative])
        solver.addClause([a.positive, b.negative])  // so b is false at level 0 too
        #expect(solver.solve(assumptions: [c.positive, b.positive]) == .unsatisfiable)
        #expect(solver.failedAssumptions == [b.positive])
        #expect(solver.solve(assumptions: [c.positive]) == .satisfiable)
    }

    @Test func coreIsEmptyWhenTheClausesAloneAreUnsatisfiable() {
        let solver = solverHolding(pigeonhole(pigeons: 4, holes: 3))
        let extra = solver.newVariable()
        #expect(solver.solve(assumptions: [extra.positive]) == .unsatisfiable)
        #expect(solver.failedAssumptions.isEmpty)
    }

    @Test func emptyClauseMakesTheSolverUnsatisfiableForGood() {
        let solver = ReferenceSolver()
        let a = solver.newVariable()
        solver.addClause([a.positive])
        #expect(solver.solve() == .satisfiable)
        solver.addClause([])
        #expect(solver.solve() == .unsatisfiable)
        solver.addClause([a.positive])
        #expect(solver.solve(assumptions: [a.positive]) == .unsatisfiable)
        #expect(solver.failedAssumptions.isEmpty)
    }

    @Test func contradictoryUnitClausesMakeTheSolverUnsatisfiableForGood() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable()
        solver.addClause([a.positive, b.positive])
        solver.addClause([b.negative])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(a))
        solver.addClause([a.negative])
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.solve(assumptions: [b.negative]) == .unsatisfiable)
        #expect(solver.failedAssumptions.isEmpty)
    }

    @Test func duplicateLiteralsAndTautologiesDoNotChangeTheFormula() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable()
        solver.addClause([a.positive, a.positive, b.negative, a.positive])  // a ∨ ¬b
        solver.addClause([a.positive, b.positive, a.negative])  // always true
        solver.addClause([b.positive, b.negative])  // always true
        #expect(solver.solve(assumptions: [a.negative, b.negative]) == .satisfiable)
        #expect(solver.solve(assumptions: [a.negative, b.positive]) == .unsatisfiable)
        #expect(Set(solver.failedAssumptions) == [a.negative, b.positive])
        #expect(solver.solve(assumptions: [a.positive, b.positive]) == .satisfiable)
    }

    @Test func unitClausesFixTheirLiterals() {
        let solver = ReferenceSolver()
        let a = solver.newVariable(), b = solver.newVariable()
        solver.addClause([b.negative])
        solver.addClause([a.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(a) && !solver.modelValue(b))
        #expect(solver.solve(assumptions: [a.negative]) == .unsatisfiable)
        #expect(solver.failedAssumptions == [a.negative])
    }

    @Test func modelCoversVariablesThatAppearInNoClause() {
        let solver = ReferenceSolver()
        let v = solver.newVariables(5)
        solver.addClause([v[2].positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.model().count == 5)
        #expect(solver.modelValue(v[2]))
        for unused in [v[0], v[1], v[3], v[4]] {
            #expect(solver.solve(assumptions: [unused.positive]) == .satisfiable)
            #expect(solver.modelValue(unused))
            #expect(solver.solve(assumptions: [unused.negative]) == .satisfiable)
            #expect(!solver.modelValue(unused))
        }
    }

    @Test func clausesAndAssumptionsMayNameVariablesNotYetCreated() {
        let solver = ReferenceSolver()
        solver.addClause([Literal(dimacs: 3), Literal(dimacs: -5)])
        #expect(solver.variableCount == 5)
        #expect(solver.solve(assumptions: [Literal(dimacs: 7)]) == .satisfiable)
        #expect(solver.variableCount == 7)
        #expect(solver.model().count == 7)
        #expect(solver.modelValue(Literal(dimacs: 7)))
        #expect(solver.newVariable() == Variable(7))
    }

    @Test func coresOfSelectorGuardedRandomFormulasAreUnsatisfiableSubsets() {
        var rng = SplitMix64(seed: 0x5EED_0011)
        var cores = 0
        for instance in 0..<30 {
            let plain = randomThreeCNF(variables: Int.random(in: 20...40, using: &rng), using: &rng)
            let (formula, selectors) = guardedBySelectors(plain)
            let solver = solverHolding(formula)
            // The guarded formula is satisfiable on its own; only assumptions can refute it.
            #expect(solver.solve() == .satisfiable)
            let result = solver.solve(assumptions: selectors)
            #expect(result == solverHolding(plain).solve(), "instance \(instance)")
            guard result == .unsatisfiable else { continue }
            cores += 1
            let core = solver.failedAssumptions
            #expect(!core.isEmpty)
            #expect(Set(core).isSubset(of: selectors))
            #expect(isUnsatisfiable(formula, with: core), "instance \(instance)")
            // The core's clauses alone are unsatisfiable too.
            let coreClauses = CNF(variableCount: plain.variableCount, clauses: core.map { plain.clauses[$0.variable.index - plain.variableCount] })
            #expect(solverHolding(coreClauses).solve() == .unsatisfiable)
        }
        #expect(cores >= 5, "only \(cores) instances were unsatisfiable")
    }

    @Test func pigeonholeCoreNamesOnlyTheAssumedPigeonsAndIsUnsatisfiable() {
        // Holes 0..<4; assumptions put pigeons in named holes through their selectors.
        let (formula, selectors) = guardedBySelectors(pigeonhole(pigeons: 5, holes: 4))
        let solver = solverHolding(formula)
        #expect(solver.solve(assumptions: selectors) == .unsatisfiable)
        let core = solver.failedAssumptions
        #expect(Set(core).isSubset(of: selectors))
        #expect(isUnsatisfiable(formula, with: core))
        // Dropping one pigeon's clause makes it satisfiable: that selector is in every core.
        #expect(solver.solve(assumptions: Array(selectors.dropFirst())) == .satisfiable)
        #expect(core.contains(selectors[0]))
    }

    @Test func learntClausesMakeARepeatedSolveCheaper() {
        let (formula, selectors) = guardedBySelectors(pigeonhole(pigeons: 7, holes: 6))
        let solver = solverHolding(formula)
        let before = solver.statistics.conflicts ?? 0
        #expect(solver.solve(assumptions: selectors) == .unsatisfiable)
        let first = (solver.statistics.conflicts ?? 0) - before
        #expect(solver.solve(assumptions: selectors) == .unsatisfiable)
        let second = (solver.statistics.conflicts ?? 0) - before - first
        #expect(first > 0)
        #expect(second < first / 2, "first solve \(first) conflicts, second \(second)")
    }

    @Test func statisticsCountCallsAndSearchWork() {
        let solver = solverHolding(pigeonhole(pigeons: 5, holes: 4))
        #expect(solver.statistics.solveCalls == 0)
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.solve() == .unsatisfiable)
        let statistics = solver.statistics
        #expect(statistics.solveCalls == 2)
        #expect((statistics.conflicts ?? 0) > 0)
        #expect((statistics.decisions ?? 0) > 0)
        #expect((statistics.propagations ?? 0) > (statistics.decisions ?? 0))
        #expect(statistics.solveSeconds > 0)
        #expect(solver.name == "reference")
    }

    @Test func lubySequenceMatchesThePublishedOne() {
        #expect((0..<15).map(CDCLEngine.luby) == [1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8])
    }
}
