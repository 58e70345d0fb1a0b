import SolverCaDiCaL
import SolverCore
import SolverTestSupport
import Testing

@Suite("CaDiCaL back end")
struct CaDiCaLSolverTests {
    @Test func nameIsStable() {
        #expect(CaDiCaLSolver().name == "cadical")
    }

    @Test func randomThreeCNFMatchesBruteForce() {
        checkRandomThreeCNF(instances: 360, seed: 0xC0FFEE) { CaDiCaLSolver() }
    }

    @Test(arguments: 3...6)
    func pigeonholeIsUnsatisfiable(holes: Int) {
        checkPigeonholeUnsatisfiable(holes: holes) { CaDiCaLSolver() }
    }

    @Test func incrementalClausesAndAssumptions() {
        checkIncrementalUse { CaDiCaLSolver() }
    }

    @Test func failedAssumptionsAreAnUnsatisfiableSubset() {
        checkFailedAssumptions(instances: 120, seed: 43) { CaDiCaLSolver() }
    }

    @Test func deadlineStopsAHardInstance() {
        checkDeadline { CaDiCaLSolver() }
    }

    @Test func interruptFromAnotherThread() {
        checkInterrupt { CaDiCaLSolver() }
    }

    @Test func conflictLimitStopsASolve() {
        checkConflictLimit { CaDiCaLSolver() }
    }

    @Test func emptyFormulaAndEmptyClause() {
        checkEmptyFormulaAndEmptyClause { CaDiCaLSolver() }
    }

    /// A variable created but never used in a clause is unknown to CaDiCaL; the model still
    /// gives it a value, and using it later works.
    @Test func variablesNoClauseMentionsReadAsFalseAndStayUsable() {
        let solver = CaDiCaLSolver()
        let a = solver.newVariable(), unused = solver.newVariable()
        solver.addClause([a.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(a))
        #expect(!solver.modelValue(unused))
        solver.addClause([unused.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(unused))
    }

    /// CaDiCaL's counters are not in its C API: absent, never a made-up zero.
    @Test func statisticsCountSolvesAndLeaveConflictsAbsent() {
        let solver = CaDiCaLSolver()
        addPigeonhole(pigeons: 6, holes: 5, to: solver)
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.statistics.solveCalls == 2)
        #expect(solver.statistics.solveSeconds > 0)
        #expect(solver.statistics.conflicts == nil)
    }
}
