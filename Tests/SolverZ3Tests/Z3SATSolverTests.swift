import SolverCore
import SolverZ3
import SolverTestSupport
import Testing

@Suite("Z3 SAT back end")
struct Z3SATSolverTests {
    @Test func nameIsStable() {
        #expect(Z3SATSolver().name == "z3")
    }

    @Test func randomThreeCNFMatchesBruteForce() {
        checkRandomThreeCNF(instances: 360, seed: 0xC0FFEE) { Z3SATSolver() }
    }

    @Test(arguments: 3...6)
    func pigeonholeIsUnsatisfiable(holes: Int) {
        checkPigeonholeUnsatisfiable(holes: holes) { Z3SATSolver() }
    }

    @Test(arguments: 3...6)
    func pigeonholeWithCardinalityIsUnsatisfiable(holes: Int) {
        let solver = Z3SATSolver()
        addPigeonhole(pigeons: holes + 1, holes: holes, to: solver) { solver.addAtMost(1, of: $0, when: nil) }
        #expect(solver.solve() == .unsatisfiable)
        // One pigeon fewer fits.
        let fits = Z3SATSolver()
        let sits = addPigeonhole(pigeons: holes, holes: holes, to: fits) { fits.addAtMost(1, of: $0, when: nil) }
        #expect(fits.solve() == .satisfiable)
        for hole in 0..<holes {
            #expect(sits.filter { fits.modelValue($0[hole]) }.count <= 1)
        }
    }

    @Test func incrementalClausesAndAssumptions() {
        checkIncrementalUse { Z3SATSolver() }
    }

    @Test func failedAssumptionsAreAnUnsatisfiableSubset() {
        checkFailedAssumptions(instances: 120, seed: 42) { Z3SATSolver() }
    }

    @Test func deadlineStopsAHardInstance() {
        checkDeadline { Z3SATSolver() }
    }

    @Test func interruptFromAnotherThread() {
        checkInterrupt { Z3SATSolver() }
    }

    @Test func conflictLimitStopsASolve() {
        checkConflictLimit { Z3SATSolver() }
    }

    @Test func emptyFormulaAndEmptyClause() {
        checkEmptyFormulaAndEmptyClause { Z3SATSolver() }
    }

    @Test func statisticsCountSolvesAndConflicts() {
        let solver = Z3SATSolver()
        #expect(solver.statistics.conflicts == nil)
        let active = solver.newVariable()
        addPigeonhole(pigeons: 7, holes: 6, to: solver, activation: active.positive)
        #expect(solver.solve(assumptions: [active.positive], limits: SolveLimits(conflictLimit: 100)) == .unknown(.conflictLimit))
        let first = solver.statistics.conflicts ?? 0
        #expect(first >= 100)
        #expect(solver.solve(assumptions: [active.positive]) == .unsatisfiable)
        let statistics = solver.statistics
        #expect(statistics.solveCalls == 2)
        #expect(statistics.solveSeconds > 0)
        #expect((statistics.conflicts ?? 0) > first, "counters are running totals")
        #expect((statistics.decisions ?? 0) > 0 && (statistics.propagations ?? 0) > 0)
    }
}
