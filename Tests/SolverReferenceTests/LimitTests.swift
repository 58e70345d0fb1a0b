import SolverCore
import SolverReference
import SolverTestSupport
import Testing

/// PHP(11, 10) behind a switch: with `hard` assumed it is a pigeonhole formula far beyond a
/// short limit; without it the formula is trivially satisfiable. So a test can stop a hard
/// search and then check that the same solver still answers correctly.
private struct SwitchedPigeonhole {
    let formula: CNF
    let hard: Literal
    let holes = 10

    init() {
        let plain = pigeonhole(pigeons: holes + 1, holes: holes)
        var formula = CNF(variableCount: plain.variableCount + 1)
        hard = Variable(plain.variableCount).positive
        for clause in plain.clauses {
            // Guard only the "every pigeon sits somewhere" clauses: they are what makes it unsatisfiable.
            formula.addClause(clause.count == holes ? clause + [!hard] : clause)
        }
        self.formula = formula
    }

    func sits(_ pigeon: Int, _ hole: Int) -> Literal { Variable(pigeon * holes + hole).positive }

    /// Asserts that `solver` still answers easy questions correctly after a stopped search.
    /// Assumptions order the clash first, so that its core needs no search.
    func expectStillCorrect(_ solver: ReferenceSolver) {
        // Not a plain solve(): phase saving would retry `hard` first and face the hard formula.
        #expect(solver.solve(assumptions: [!hard]) == .satisfiable)
        #expect(formula.isSatisfied(by: solver.model()))
        let clash = [sits(0, 0), sits(1, 0), hard]
        #expect(solver.solve(assumptions: clash) == .unsatisfiable)
        let core = solver.failedAssumptions
        #expect(Set(core).isSubset(of: clash))
        #expect(core.contains(sits(0, 0)) && core.contains(sits(1, 0)))
        #expect(isUnsatisfiable(formula, with: core))
    }
}

@Suite(.serialized) struct LimitTests {
    @Test func deadlineStopsAHardSearch() {
        let instance = SwitchedPigeonhole()
        let solver = solverHolding(instance.formula)
        let (result, elapsed) = timed { solver.solve(assumptions: [instance.hard], limits: .seconds(0.2)) }
        #expect(result == .unknown(.timeLimit))
        #expect(elapsed >= 0.2, "took \(elapsed) s")
        instance.expectStillCorrect(solver)
    }

    @Test func expiredDeadlineStopsBeforeSearching() {
        let instance = SwitchedPigeonhole()
        let solver = solverHolding(instance.formula)
        let past = SolveLimits(deadline: .now - .seconds(1))
        #expect(solver.solve(assumptions: [instance.hard], limits: past) == .unknown(.timeLimit))
        #expect(solver.statistics.conflicts == 0)
        instance.expectStillCorrect(solver)
    }

    @Test func conflictLimitStopsAfterThatManyConflictsInEachCall() {
        let instance = SwitchedPigeonhole()
        let solver = solverHolding(instance.formula)
        let limits = SolveLimits(conflictLimit: 100)
        #expect(solver.solve(assumptions: [instance.hard], limits: limits) == .unknown(.conflictLimit))
        #expect(solver.statistics.conflicts == 100)
        #expect(solver.solve(assumptions: [instance.hard], limits: limits) == .unknown(.conflictLimit))
        #expect(solver.statistics.conflicts == 200)
        instance.expectStillCorrect(solver)
    }

    @Test func interruptFromAnotherThreadStopsTheSearch() {
        let instance = SwitchedPigeonhole()
        let solver = solverHolding(instance.formula)
        let flag = InterruptFlag()
        solver.interruptFlag = flag
        // A thread of its own: Dispatch's worker pool may be busy running other tests.
        raise(flag, afterMilliseconds: 100)
        // The 30 s deadline would answer timeLimit: interrupted shows the flag stopped it.
        let result = solver.solve(assumptions: [instance.hard], limits: .seconds(30))
        #expect(result == .unknown(.interrupted))
        // A raised flag stops every solve until it is lowered.
        #expect(solver.solve(assumptions: [!instance.hard]) == .unknown(.interrupted))
        flag.reset()
        instance.expectStillCorrect(solver)
    }

    @Test func limitsDoNotHideAPermanentRefutation() {
        let solver = ReferenceSolver()
        solver.addClause([])
        let flag = InterruptFlag()
        flag.raise()
        solver.interruptFlag = flag
        #expect(solver.solve(limits: SolveLimits(deadline: .now - .seconds(1), conflictLimit: 0)) == .unsatisfiable)
    }

    @Test func conflictLimitCountsOnlyConflictsSoConflictFreeSearchStillAnswers() {
        // A chain x0 ∨ x1, x1 ∨ x2, …: setting any variable false forces its neighbours true,
        // so no clause can ever become false and the search meets no conflict.
        let solver = ReferenceSolver()
        let v = solver.newVariables(50)
        for i in 0..<49 { solver.addClause([v[i].positive, v[i + 1].positive]) }
        #expect(solver.solve(limits: SolveLimits(conflictLimit: 0)) == .satisfiable)
        #expect(solver.statistics.conflicts == 0)
        #expect((0..<49).allSatisfy { solver.modelValue(v[$0]) || solver.modelValue(v[$0 + 1]) })
    }
}
