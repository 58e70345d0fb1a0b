import SolverCore
import SolverCryptoMiniSat
import SolverTestSupport
import Testing

@Suite("CryptoMiniSat back end")
struct CryptoMiniSatSolverTests {
    @Test func nameIsStable() {
        #expect(CryptoMiniSatSolver().name == "cryptominisat")
    }

    @Test func randomThreeCNFMatchesBruteForce() {
        checkRandomThreeCNF(instances: 360, seed: 0xC0FFEE) { CryptoMiniSatSolver() }
    }

    @Test(arguments: 3...6)
    func pigeonholeIsUnsatisfiable(holes: Int) {
        checkPigeonholeUnsatisfiable(holes: holes) { CryptoMiniSatSolver() }
    }

    @Test func incrementalClausesAndAssumptions() {
        checkIncrementalUse { CryptoMiniSatSolver() }
    }

    @Test func failedAssumptionsAreAnUnsatisfiableSubset() {
        checkFailedAssumptions(instances: 120, seed: 42) { CryptoMiniSatSolver() }
    }

    @Test func deadlineStopsAHardInstance() {
        checkDeadline { CryptoMiniSatSolver() }
    }

    @Test func interruptFromAnotherThread() {
        checkInterrupt { CryptoMiniSatSolver() }
    }

    @Test func conflictLimitStopsASolve() {
        checkConflictLimit { CryptoMiniSatSolver() }
    }

    @Test func emptyFormulaAndEmptyClause() {
        checkEmptyFormulaAndEmptyClause { CryptoMiniSatSolver() }
    }

    @Test func statisticsCountSolvesAndConflicts() {
        let solver = CryptoMiniSatSolver()
        addPigeonhole(pigeons: 6, holes: 5, to: solver)
        #expect(solver.statistics.solveCalls == 0)
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.solve() == .unsatisfiable)
        let statistics = solver.statistics
        #expect(statistics.solveCalls == 2)
        #expect(statistics.solveSeconds > 0)
        #expect((statistics.conflicts ?? 0) > 0)
        #expect(statistics.decisions != nil && statistics.propagations != nil)
    }
}
