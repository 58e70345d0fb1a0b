import Testing
import SolverCore
import SolverTestSupport
@testable import SolverCardinality

enum Bound: String, CaseIterable, Sendable { case atLeast, atMost }
enum Condition: CaseIterable, Sendable { case none, positive, negative }

@Suite struct CardinalityEncodingTests {
    /// For n ≤ 6 and every k from -1 to n + 1: the solutions, projected onto the inputs and the
    /// condition variable, are exactly those that satisfy `when → Σ ≥ k` (resp. `≤ k`).
    @Test(arguments: CardinalityEncoding.allCases, Bound.allCases)
    func projectedSolutionsEqualBruteForce(encoding: CardinalityEncoding, bound: Bound) {
        var rng = SplitMix64(seed: 42)
        for n in 0...6 {
            for k in -1...(n + 1) {
                for condition in Condition.allCases {
                    let solver = DPLLTestSolver(minimizeCores: false)
                    let xs = solver.newVariables(n)
                    let w = solver.newVariable()
                    let literals = xs.map { Literal($0, negated: Bool.random(using: &rng)) }
                    let when: Literal? = condition == .none ? nil : Literal(w, negated: condition == .negative)
                    switch bound {
                    case .atLeast: solver.encodeAtLeast(k, of: literals, when: when, using: encoding)
                    case .atMost: solver.encodeAtMost(k, of: literals, when: when, using: encoding)
                    }
                    let expected = bruteForceProjections(onto: xs + [w]) { a in
                        guard when?.isTrue(in: a) ?? true else { return true }
                        return bound == .atLeast ? trueCount(literals, in: a) >= k : trueCount(literals, in: a) <= k
                    }
                    #expect(projections(solver, onto: xs + [w]) == expected,
                            "n=\(n) k=\(k) \(condition) literals=\(literals)")
                }
            }
        }
    }

    /// Repeated and complementary literals count once per occurrence: `[x, x]` counts x twice and
    /// `x, ¬x` contribute exactly one.
    @Test(arguments: CardinalityEncoding.allCases, Bound.allCases)
    func duplicateAndComplementaryLiteralsCountPerOccurrence(encoding: CardinalityEncoding, bound: Bound) {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<40 {
            let solver = DPLLTestSolver(minimizeCores: false)
            let xs = solver.newVariables(3)
            let n = Int.random(in: 2...6, using: &rng)
            let literals = (0..<n).map { _ in Literal(xs.randomElement(using: &rng)!, negated: Bool.random(using: &rng)) }
            let k = Int.random(in: -1...(n + 1), using: &rng)
            switch bound {
            case .atLeast: solver.encodeAtLeast(k, of: literals, using: encoding)
            case .atMost: solver.encodeAtMost(k, of: literals, using: encoding)
            }
            let expected = bruteForceProjections(onto: xs) { a in
                bound == .atLeast ? trueCount(literals, in: a) >= k : trueCount(literals, in: a) <= k
            }
            #expect(projections(solver, onto: xs, by: .blocking) == expected, "k=\(k) literals=\(literals)")
        }
    }

    /// The sequential counter called directly (not through the dispatcher's shortcuts for
    /// trivial bounds) is exact for every bound, with and without a condition.
    @Test func sequentialCounterAloneIsExactForEveryBound() {
        var rng = SplitMix64(seed: 11)
        for n in 0...6 {
            for k in -1...(n + 1) {
                for condition in Condition.allCases {
                    for bound in Bound.allCases {
                        let solver = DPLLTestSolver(minimizeCores: false)
                        let xs = solver.newVariables(n)
                        let w = solver.newVariable()
                        let literals = xs.map { Literal($0, negated: Bool.random(using: &rng)) }
                        let when: Literal? = condition == .none ? nil : Literal(w, negated: condition == .negative)
                        if bound == .atLeast {
                            SequentialCounter.encodeAtLeast(k, of: literals, when: when, in: solver)
                        } else {
                            SequentialCounter.encodeAtMost(k, of: literals, when: when, in: solver)
                        }
                        let expected = bruteForceProjections(onto: xs + [w]) { a in
                            guard when?.isTrue(in: a) ?? true else { return true }
                            return bound == .atLeast ? trueCount(literals, in: a) >= k : trueCount(literals, in: a) <= k
                        }
                        #expect(projections(solver, onto: xs + [w]) == expected, "n=\(n) k=\(k) \(bound) \(condition)")
                    }
                }
            }
        }
    }

    /// `encodeExactly` is the conjunction of both bounds.
    @Test func exactlyKeepsOnlyTheRequestedCount() {
        for n in 0...5 {
            for k in -1...(n + 1) {
                let solver = DPLLTestSolver(minimizeCores: false)
                let xs = solver.newVariables(n)
                let literals = xs.map(\.positive)
                solver.encodeExactly(k, of: literals)
                #expect(projections(solver, onto: xs, by: .blocking) == bruteForceProjections(onto: xs) { trueCount(literals, in: $0) == k }, "n=\(n) k=\(k)")
            }
        }
    }
}

@Suite struct TotalizerTests {
    /// Built with bound 1, extended to 3 and then to n, the totalizer answers every at-most and
    /// at-least bound by a single assumption exactly as brute force does; bounds below the
    /// current one add no clauses.
    @Test func extendingThenTighteningByAssumptionsMatchesBruteForce() {
        var rng = SplitMix64(seed: 3)
        for n in 1...6 {
            let solver = DPLLTestSolver(minimizeCores: false)
            let xs = solver.newVariables(n)
            let literals = xs.map { Literal($0, negated: Bool.random(using: &rng)) }
            let totalizer = Totalizer(inputs: literals, bound: 1, directions: .both, in: solver)
            #expect(totalizer.bound == 1 && totalizer.outputs.count == 1)

            func check(_ k: Int) {
                if let atMost = totalizer.atMost(k, in: solver) {
                    #expect(projections(solver, onto: xs, assuming: [atMost]) == bruteForceProjections(onto: xs) { trueCount(literals, in: $0) <= k }, "n=\(n) at most \(k)")
                } else {
                    #expect(k >= n)
                }
                if k <= n, let atLeast = totalizer.atLeast(k, in: solver) {
                    #expect(projections(solver, onto: xs, assuming: [atLeast]) == bruteForceProjections(onto: xs) { trueCount(literals, in: $0) >= k }, "n=\(n) at least \(k)")
                } else {
                    #expect(k <= 0 || k > n)
                }
            }

            check(0)
            for bound in [3, n] {
                totalizer.extend(to: bound, in: solver)
                #expect(totalizer.bound == min(bound, n))
                // Tightening: every smaller bound is one assumption away, with no new clauses.
                let clauses = solver.clauseCount
                let variables = solver.variableCount
                for k in stride(from: totalizer.bound - 1, through: 0, by: -1) {
                    _ = totalizer.atMost(k, in: solver)
                    _ = totalizer.atLeast(k, in: solver)
                }
                #expect(solver.clauseCount == clauses && solver.variableCount == variables)
                for k in stride(from: totalizer.bound, through: 0, by: -1) { check(k) }
            }
            check(n + 1)
        }
    }

    /// Extending step by step yields exactly the clauses of building at the final bound at once:
    /// nothing is rebuilt or duplicated.
    @Test(arguments: [TotalizerDirections.upward, .downward, .both])
    func stepwiseExtensionAddsTheSameClausesAsBuildingAtOnce(directions: TotalizerDirections) {
        for n in 1...9 {
            let direct = DPLLTestSolver(minimizeCores: false)
            let stepwise = DPLLTestSolver(minimizeCores: false)
            let a = direct.newVariables(n).map(\.positive)
            let b = stepwise.newVariables(n).map(\.positive)
            _ = Totalizer(inputs: a, bound: n, directions: directions, in: direct)
            let t = Totalizer(inputs: b, bound: 0, directions: directions, in: stepwise)
            for bound in 1...n { t.extend(to: bound, in: stepwise) }
            #expect(direct.clauseCount == stepwise.clauseCount, "n=\(n)")
            #expect(direct.variableCount == stepwise.variableCount, "n=\(n)")
        }
    }

    /// With both directions, every output equals "at least i + 1 inputs are true" under every
    /// input assignment.
    @Test func bothDirectionsMakeOutputsTheExactUnaryCount() {
        for n in 1...6 {
            let solver = DPLLTestSolver(minimizeCores: false)
            let xs = solver.newVariables(n)
            let totalizer = Totalizer(inputs: xs.map(\.positive), bound: n, directions: .both, in: solver)
            for mask in 0..<(1 << n) {
                let assumptions = xs.enumerated().map { Literal($1, negated: mask >> $0 & 1 == 0) }
                #expect(solver.solve(assumptions: assumptions) == .satisfiable)
                let ones = mask.nonzeroBitCount
                for (i, output) in totalizer.outputs.enumerated() {
                    #expect(solver.modelValue(output) == (ones >= i + 1), "n=\(n) mask=\(mask) output \(i)")
                }
            }
        }
    }

    /// Upward-only outputs must be true when the count reaches them; downward-only outputs must
    /// be false when it does not.
    @Test func singleDirectionForcesOnlyItsSide() {
        // From n = 2: a one-input totalizer's output is the input itself, exact both ways.
        for n in 2...5 {
            for directions in [TotalizerDirections.upward, .downward] {
                let solver = DPLLTestSolver(minimizeCores: false)
                let xs = solver.newVariables(n)
                let totalizer = Totalizer(inputs: xs.map(\.positive), bound: n, directions: directions, in: solver)
                for mask in 0..<(1 << n) {
                    let inputs = xs.enumerated().map { Literal($1, negated: mask >> $0 & 1 == 0) }
                    let ones = mask.nonzeroBitCount
                    for (i, output) in totalizer.outputs.enumerated() {
                        let reached = ones >= i + 1
                        let canBeTrue = solver.solve(assumptions: inputs + [output]) == .satisfiable
                        let canBeFalse = solver.solve(assumptions: inputs + [!output]) == .satisfiable
                        if directions == .upward {
                            #expect(canBeTrue && canBeFalse == !reached)
                        } else {
                            #expect(canBeFalse && canBeTrue == reached)
                        }
                    }
                }
            }
        }
    }

    @Test func emptyInputsHaveNoOutputsAndTrivialBounds() {
        let solver = DPLLTestSolver()
        let totalizer = Totalizer(inputs: [], bound: 5, directions: .both, in: solver)
        #expect(totalizer.bound == 0 && totalizer.outputs.isEmpty)
        #expect(totalizer.atMost(0, in: solver) == nil)
        #expect(totalizer.atLeast(0, in: solver) == nil)
        #expect(solver.variableCount == 0)
    }
}

@Suite struct GeneralizedTotalizerTests {
    /// For random weights 1…9 and caps, assuming ``GeneralizedTotalizer/atMostAssumptions(_:)``
    /// keeps exactly the assignments of weighted sum ≤ k, for every k below the cap.
    @Test func weightedAtMostMatchesBruteForce() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<30 {
            let n = Int.random(in: 1...6, using: &rng)
            let solver = DPLLTestSolver(minimizeCores: false)
            let xs = solver.newVariables(n)
            let inputs = xs.map { WeightedLiteral(Literal($0, negated: Bool.random(using: &rng)), weight: Int.random(in: 1...9, using: &rng)) }
            let total = inputs.reduce(0) { $0 + $1.weight }
            let cap = Int.random(in: 1...(total + 1), using: &rng)
            let gte = GeneralizedTotalizer(inputs: inputs, cap: cap, in: solver)
            #expect(gte.outputs.allSatisfy { $0.value >= 1 && $0.value <= cap })
            // The extreme bounds and a sample in between (every k would be slow in a debug build).
            let ks = Set([0, cap - 1] + (0..<4).map { _ in Int.random(in: 0..<cap, using: &rng) })
            for k in ks.sorted() {
                let expected = bruteForceProjections(onto: xs) { a in
                    inputs.reduce(0) { $0 + ($1.literal.isTrue(in: a) ? $1.weight : 0) } <= k
                }
                #expect(projections(solver, onto: xs, assuming: gte.atMostAssumptions(k)) == expected, "k=\(k) cap=\(cap) \(inputs)")
            }
        }
    }
}

@Suite struct CardinalityEncodingSolverTests {
    /// Constraints added through the protocol are encoded into the base and are exact.
    @Test(arguments: CardinalityEncoding.allCases)
    func constraintsThroughTheProtocolAreExact(encoding: CardinalityEncoding) {
        func addConstraints(_ sink: some CardinalityConstraintSink, _ xs: [Variable], _ when: Literal) {
            sink.addAtLeast(2, of: xs.map(\.positive), when: nil)
            sink.addAtMost(3, of: xs.map(\.positive), when: when)
        }
        let base = DPLLTestSolver(minimizeCores: false)
        let solver = CardinalityEncodingSolver(base: base, encoding: encoding)
        let xs = solver.newVariables(5)
        let w = solver.newVariable()
        addConstraints(solver, xs, w.positive)
        let expected = bruteForceProjections(onto: xs + [w]) { a in
            let c = trueCount(xs.map(\.positive), in: a)
            return c >= 2 && (!a[w.index] || c <= 3)
        }
        #expect(projections(base, onto: xs + [w]) == expected)
        #expect(solver.variableCount == base.variableCount)
    }

    @Test func forwardsNameSolvingCoresAndInterrupts() {
        let base = DPLLTestSolver(minimizeCores: true)
        let solver = CardinalityEncodingSolver(base: base)
        #expect(solver.name == base.name)
        let x = solver.newVariable(), y = solver.newVariable()
        solver.addClause([x.negative, y.negative])
        #expect(solver.solve(assumptions: [x.positive]) == .satisfiable)
        #expect(solver.modelValue(x) && !solver.modelValue(y))
        #expect(solver.solve(assumptions: [x.positive, y.positive]) == .unsatisfiable)
        #expect(Set(solver.failedAssumptions) == [x.positive, y.positive])
        #expect(solver.statistics.solveCalls == base.statistics.solveCalls)

        let flag = InterruptFlag()
        solver.interruptFlag = flag
        #expect(base.interruptFlag === flag)
        flag.raise()
        #expect(solver.solve() == .unknown(.interrupted))
        #expect(solver.solve(limits: SolveLimits(deadline: .now - .seconds(1))) == .unknown(.interrupted))
        flag.reset()
        #expect(solver.solve(limits: SolveLimits(deadline: .now - .seconds(1))) == .unknown(.timeLimit))
    }
}
