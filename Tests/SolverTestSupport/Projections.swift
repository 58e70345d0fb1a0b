import SolverCore
import Testing

/// How ``projections(_:onto:assuming:by:)`` enumerates solutions.
public enum ProjectionMethod: Sendable {
    /// Enumerate models, blocking each projection under a fresh selector (so that the formula is
    /// left as it was). One solve per projection plus one.
    case blocking
    /// For each of the 2^n projections, ask whether the formula is satisfiable with it assumed.
    /// Cheaper for a solver without learning.
    case assumptions
}

/// Every satisfying assignment of `solver` (under `assumptions`) projected onto `variables`, as
/// bit masks (bit `i` is `variables[i]`).
///
/// Both methods compute the same set by definition; with ``ProjectionMethod/blocking`` a
/// projection that comes back twice is recorded as a test failure.
public func projections(_ solver: some IncrementalSATSolver, onto variables: [Variable], assuming assumptions: [Literal] = [],
                        by method: ProjectionMethod = .assumptions) -> Set<Int> {
    var found = Set<Int>()
    switch method {
    case .assumptions:
        for mask in 0..<(1 << variables.count) {
            let fixed = variables.enumerated().map { Literal($1, negated: mask >> $0 & 1 == 0) }
            if solver.solve(assumptions: assumptions + fixed) == .satisfiable { found.insert(mask) }
        }
    case .blocking:
        let selector = solver.newVariable().positive
        while solver.solve(assumptions: assumptions + [selector]) == .satisfiable {
            var mask = 0
            var blocking: [Literal] = [!selector]
            for (i, v) in variables.enumerated() {
                let value = solver.modelValue(v)
                if value { mask |= 1 << i }
                blocking.append(Literal(v, negated: value))
            }
            #expect(found.insert(mask).inserted, "enumeration repeated a projection")
            solver.addClause(blocking)
        }
        solver.addClause([!selector])
    }
    return found
}
