import SolverCore
import Testing

// Checks every IncrementalSATSolver back end must pass, written once over a factory: the
// back ends' own test targets and the conformance suite call them.

/// Hundreds of random 3-CNF instances near the satisfiability threshold: the answer must
/// match brute force, and every model must satisfy every clause.
public func checkRandomThreeCNF(instances: Int, seed: UInt64, _ make: () -> some IncrementalSATSolver) {
    var rng = SplitMix64(seed: seed)
    var satisfiable = 0
    for i in 0..<instances {
        let n = 3 + i % 12  // 3 ... 14 variables
        let formula = randomThreeCNF(variables: n, using: &rng)
        let solver = make()
        solver.addFormula(formula)
        let expected = bruteForceModel(formula) != nil
        let result = solver.solve()
        #expect(result == (expected ? .satisfiable : .unsatisfiable), "instance \(i): \(DIMACS.write(formula))")
        if result == .satisfiable {
            satisfiable += 1
            #expect(formula.isSatisfied(by: solver.model()), "instance \(i): model falsifies a clause")
        }
    }
    // Near ratio 4.26 both answers must be common, or the test would test little.
    #expect(satisfiable > instances / 5 && satisfiable < instances * 4 / 5)
}

/// PHP(holes + 1, holes) is unsatisfiable from the clauses alone, so with an empty core.
public func checkPigeonholeUnsatisfiable(holes: Int, _ make: () -> some IncrementalSATSolver) {
    let solver = make()
    addPigeonhole(pigeons: holes + 1, holes: holes, to: solver)
    #expect(solver.solve() == .unsatisfiable)
    #expect(solver.failedAssumptions.isEmpty)
}

/// No clauses: satisfiable, with or without assumptions. After the empty clause: unsatisfiable
/// for good, whatever is assumed, with an empty core.
public func checkEmptyFormulaAndEmptyClause(_ make: () -> some IncrementalSATSolver) {
    let solver = make()
    #expect(solver.solve() == .satisfiable)
    let x = solver.newVariable()
    #expect(solver.solve(assumptions: [x.positive]) == .satisfiable)
    solver.addClause([])
    #expect(solver.solve() == .unsatisfiable)
    #expect(solver.solve(assumptions: [x.positive]) == .unsatisfiable)
    #expect(solver.failedAssumptions.isEmpty)
}

/// Clauses added after a solve take part in the next one; assumptions hold for one call only.
public func checkIncrementalUse(_ make: () -> some IncrementalSATSolver) {
    let solver = make()
    let x = solver.newVariables(3)
    solver.addClause([x[0].positive, x[1].positive])
    #expect(solver.solve() == .satisfiable)
    #expect(solver.solve(assumptions: [x[0].negative]) == .satisfiable)
    #expect(solver.modelValue(x[1]) == true)
    #expect(solver.solve(assumptions: [x[0].negative, x[1].negative]) == .unsatisfiable)
    #expect(Set(solver.failedAssumptions) == [x[0].negative, x[1].negative])
    // The assumptions are gone again.
    #expect(solver.solve() == .satisfiable)
    // Contradictory and repeated assumptions.
    #expect(solver.solve(assumptions: [x[2].positive, x[2].positive, x[2].negative]) == .unsatisfiable)
    #expect(Set(solver.failedAssumptions) == [x[2].positive, x[2].negative])
    #expect(solver.failedAssumptions.count == 2, "each failed assumption once")

    solver.addClause([x[0].negative])
    #expect(solver.solve() == .satisfiable)
    #expect(solver.modelValue(x[0]) == false)
    #expect(solver.modelValue(x[1]) == true)
    #expect(solver.solve(assumptions: [x[1].negative]) == .unsatisfiable)
    #expect(solver.failedAssumptions == [x[1].negative])
    #expect(solver.solve(assumptions: [x[2].positive]) == .satisfiable)
    #expect(solver.modelValue(x[2].positive))
    #expect(solver.solve(assumptions: [x[2].negative]) == .satisfiable)
    #expect(solver.modelValue(x[2].negative))

    // Variables created after a solve can be used at once.
    let y = solver.newVariable()
    solver.addClause([y.negative, x[1].negative])
    #expect(solver.solve(assumptions: [y.positive]) == .unsatisfiable)
    #expect(solver.failedAssumptions == [y.positive])

    solver.addClause([x[1].negative])
    #expect(solver.solve() == .unsatisfiable)
    #expect(solver.failedAssumptions.isEmpty)
    #expect(solver.solve(assumptions: [x[2].positive]) == .unsatisfiable)
    #expect(solver.failedAssumptions.isEmpty, "the clauses alone are unsatisfiable")
}

/// Under random assumptions, satisfiable answers respect them, and failed assumptions are a
/// subset of the assumptions (as passed) that is unsatisfiable with the clauses on a fresh solver.
public func checkFailedAssumptions(instances: Int, seed: UInt64, _ make: () -> some IncrementalSATSolver) {
    var rng = SplitMix64(seed: seed)
    var unsatisfiable = 0
    for i in 0..<instances {
        let n = 6 + i % 7  // 6 ... 12 variables
        let formula = randomThreeCNF(variables: n, ratio: 3.0, using: &rng)
        let solver = make()
        solver.addFormula(formula)
        // Cores are re-checked on a solver that never saw an assumption of this instance.
        var fresh: (any IncrementalSATSolver)?
        for _ in 0..<4 {
            let assumptions = (0..<Int.random(in: 2...7, using: &rng)).map { _ in
                Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng))
            }
            let expected = bruteForceModel(formula, assuming: assumptions) != nil
            let result = solver.solve(assumptions: assumptions)
            #expect(result == (expected ? .satisfiable : .unsatisfiable))
            if result == .satisfiable {
                let model = solver.model()
                #expect(formula.isSatisfied(by: model))
                #expect(assumptions.allSatisfy { $0.isTrue(in: model) })
            } else if result == .unsatisfiable {
                unsatisfiable += 1
                let failed = solver.failedAssumptions
                #expect(failed.allSatisfy(assumptions.contains), "\(failed) is not a subset of \(assumptions)")
                #expect(Set(failed).count == failed.count)
                if fresh == nil {
                    let checker = make()
                    checker.addFormula(formula)
                    fresh = checker
                }
                #expect(fresh?.solve(assumptions: failed) == .unsatisfiable, "core \(failed) is satisfiable")
                #expect(bruteForceModel(formula, assuming: failed) == nil)
            }
        }
    }
    #expect(unsatisfiable > instances / 4)
}

/// A hard instance (PHP(12, 11), minutes of search) under a 0.3 s deadline returns
/// `unknown(.timeLimit)`, and the solver answers later calls.
public func checkDeadline(_ make: () -> some IncrementalSATSolver) {
    let solver = make()
    let active = solver.newVariable()
    addPigeonhole(pigeons: 12, holes: 11, to: solver, activation: active.positive)
    // PHP(12, 11) takes far longer than the limit, so the answer shows the deadline stopped it;
    // how soon after is measured by `fbas-bench timeouts`, not asserted under a test run's load.
    let result = solver.solve(assumptions: [active.positive], limits: .seconds(0.3))
    #expect(result == .unknown(.timeLimit))
    #expect(solver.solve(assumptions: [active.negative]) == .satisfiable)
    // An expired deadline is answered without searching.
    let expired = SolveLimits(deadline: .now - .seconds(1))
    #expect(solver.solve(assumptions: [active.negative], limits: expired) == .unknown(.timeLimit))
    // The deadline of an earlier call does not carry over.
    #expect(solver.solve(assumptions: [active.negative], limits: .seconds(60)) == .satisfiable)
}

/// Raising the flag from another thread 100 ms into a hard solve stops it with
/// `unknown(.interrupted)`; after `reset()` the solver works normally.
public func checkInterrupt(_ make: () -> some IncrementalSATSolver) {
    let solver = make()
    let flag = InterruptFlag()
    solver.interruptFlag = flag
    let active = solver.newVariable()
    addPigeonhole(pigeons: 12, holes: 11, to: solver, activation: active.positive)
    raise(flag, afterMilliseconds: 100)
    let (result, seconds) = timed { solver.solve(assumptions: [active.positive]) }
    #expect(result == .unknown(.interrupted))
    #expect(seconds >= 0.09, "took \(seconds) s")

    // While raised, solves stop at once.
    #expect(solver.solve(assumptions: [active.negative]) == .unknown(.interrupted))
    flag.reset()
    #expect(solver.solve(assumptions: [active.negative]) == .satisfiable)
    #expect(solver.solve(assumptions: [active.positive], limits: .seconds(0.2)) == .unknown(.timeLimit))
}

/// A conflict limit stops a hard solve with `unknown(.conflictLimit)`; the next solve is unlimited.
public func checkConflictLimit(_ make: () -> some IncrementalSATSolver) {
    let solver = make()
    let active = solver.newVariable()
    addPigeonhole(pigeons: 12, holes: 11, to: solver, activation: active.positive)
    let result = solver.solve(assumptions: [active.positive], limits: SolveLimits(conflictLimit: 500))
    #expect(result == .unknown(.conflictLimit))
    #expect(solver.solve(assumptions: [active.negative]) == .satisfiable)
    // PHP(7, 6) needs a few thousand conflicts: more than the old limit, little time.
    let small = make()
    addPigeonhole(pigeons: 7, holes: 6, to: small)
    #expect(small.solve(limits: SolveLimits(conflictLimit: 10)) == .unknown(.conflictLimit))
    #expect(small.solve() == .unsatisfiable)
}
