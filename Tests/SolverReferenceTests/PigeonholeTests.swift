import SolverCore
import SolverReference
import SolverTestSupport
import Testing

@Suite struct PigeonholeTests {
    @Test(arguments: 3...7)
    func morePigeonsThanHolesIsUnsatisfiable(holes: Int) {
        let solver = solverHolding(pigeonhole(pigeons: holes + 1, holes: holes))
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.failedAssumptions.isEmpty)
        // Refuted from the clauses alone, so the answer is permanent.
        #expect(solver.solve() == .unsatisfiable)
    }

    @Test(arguments: 3...7)
    func asManyHolesAsPigeonsIsSatisfiable(holes: Int) {
        let formula = pigeonhole(pigeons: holes, holes: holes)
        let solver = solverHolding(formula)
        #expect(solver.solve() == .satisfiable)
        #expect(formula.isSatisfied(by: solver.model()))
    }
}
