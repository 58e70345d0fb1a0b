import SolverCore
import SolverReference
import SolverTestSupport

// The generic helpers (generator, random formulas, brute force, pigeonholes) live in
// SolverTestSupport; these two only fix the solver to the reference one.

/// A fresh solver holding `formula`.
func solverHolding(_ formula: CNF) -> ReferenceSolver {
    let solver = ReferenceSolver()
    solver.addFormula(formula)
    return solver
}

/// Whether `formula` plus the unit clauses `core` is unsatisfiable, decided by a fresh solver.
func isUnsatisfiable(_ formula: CNF, with core: [Literal]) -> Bool {
    let check = solverHolding(formula)
    for literal in core { check.addClause([literal]) }
    return check.solve() == .unsatisfiable
}
