import Testing
import SolverCore
import SolverCardinality
import SolverTestSupport
@testable import SolverMaxSAT

/// The configurations exercised: each algorithm, core-guided with its options on and off, and
/// back ends returning minimal or unminimised cores.
struct Configuration: Sendable, CustomStringConvertible {
    var algorithm: MaxSATAlgorithm
    var options = CoreGuidedOptions()
    var minimalCores = true
    var wholeCores = false
    var description: String

    static let all: [Configuration] = [
        Configuration(algorithm: .coreGuided, description: "core-guided (defaults)"),
        Configuration(algorithm: .coreGuided, minimalCores: false, description: "core-guided, unminimised back-end cores"),
        Configuration(algorithm: .coreGuided, minimalCores: false, wholeCores: true,
                      description: "core-guided, back end answering every assumption as the core"),
        Configuration(algorithm: .coreGuided,
                      options: CoreGuidedOptions(stratification: false, coreExhaustion: false),
                      minimalCores: false, description: "plain OLL, unminimised back-end cores"),
        Configuration(algorithm: .coreGuided,
                      options: CoreGuidedOptions(coreTrimmingRounds: 3, coreMinimization: true, minimizationConflictBudget: 5),
                      minimalCores: false, description: "core-guided with trimming and minimisation"),
        Configuration(algorithm: .linearSearch, minimalCores: false, description: "linear search"),
    ]

    func makeSolver() -> SATMaxSATSolver<DPLLTestSolver> {
        SATMaxSATSolver(base: DPLLTestSolver(minimizeCores: minimalCores, wholeCores: wholeCores),
                        algorithm: algorithm, coreGuidedOptions: options)
    }
}

/// Checks `result` against brute force: the status, the cost, the model (hard clauses hold and
/// the recomputed cost is the optimum, by the instance and by the solver) and the bounds.
func expectOptimal(_ result: OptimizationResult, _ instance: MaxSATInstance, _ solver: SATMaxSATSolver<some IncrementalSATSolver>,
                   modelLength: Int, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let optimum = instance.bruteForceOptimum
    guard let model = expectOptimum(result, of: instance, is: optimum, context, sourceLocation: sourceLocation) else { return }
    #expect(model.count == modelLength, "\(context)", sourceLocation: sourceLocation)
    #expect(solver.cost(of: model) == optimum, "\(context)", sourceLocation: sourceLocation)
}

/// Checks a possibly unfinished result: whatever it claims must be true.
func expectSound(_ result: OptimizationResult, _ instance: MaxSATInstance, _ solver: SATMaxSATSolver<some IncrementalSATSolver>,
                 modelLength: Int, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard case .unknown = result.status else {
        expectOptimal(result, instance, solver, modelLength: modelLength, context, sourceLocation: sourceLocation)
        return
    }
    let optimum = instance.bruteForceOptimum
    #expect(result.lowerBound >= 0, "\(context)", sourceLocation: sourceLocation)
    if let optimum { #expect(result.lowerBound <= optimum, "\(context)", sourceLocation: sourceLocation) }
    #expect((result.model == nil) == (result.cost == nil), "\(context)", sourceLocation: sourceLocation)
    if let model = result.model, let cost = result.cost {
        #expect(model.count == modelLength, "\(context)", sourceLocation: sourceLocation)
        #expect(cost == solver.cost(of: model), "\(context)", sourceLocation: sourceLocation)
        #expect(instance.cost(of: model) != nil, "model breaks a hard clause: \(context)", sourceLocation: sourceLocation)
        #expect(cost >= (optimum ?? .max), "\(context)", sourceLocation: sourceLocation)
        #expect(result.lowerBound <= cost, "\(context)", sourceLocation: sourceLocation)
    }
}

@Suite struct MaxSATRandomInstanceTests {
    /// Hundreds of random instances (≤ 10 variables) per configuration: the result is the brute-force optimum.
    @Test(arguments: Configuration.all, [false, true])
    func optimumMatchesBruteForce(configuration: Configuration, weighted: Bool) {
        var rng = SplitMix64(seed: weighted ? 1001 : 2002)
        var optima: [Int?] = []
        for i in 0..<150 {
            let instance = MaxSATInstance.random(&rng, weighted: weighted)
            let solver = configuration.makeSolver()
            instance.load(into: solver)
            let length = solver.variableCount
            expectOptimal(solver.optimize(), instance, solver, modelLength: length, "#\(i) \(instance)")
            optima.append(instance.bruteForceOptimum)
        }
        // The generator must produce a useful mix: unsatisfiable instances, and many with a
        // positive optimum (several of them large).
        #expect(optima.filter { $0 == nil }.count >= 5)
        #expect(optima.filter { ($0 ?? 0) > 0 }.count >= 75)
        #expect(optima.filter { ($0 ?? 0) >= (weighted ? 10 : 3) }.count >= 10)
    }

    /// Optimising again after adding hard clauses and soft literals solves the extended problem:
    /// nothing the first optimisation added constrains the second.
    @Test(arguments: Configuration.all)
    func optimizingAgainAfterAddingClausesAndSoftsSolvesTheExtendedProblem(configuration: Configuration) {
        var rng = SplitMix64(seed: 77)
        for i in 0..<40 {
            var instance = MaxSATInstance.random(&rng, weighted: Bool.random(using: &rng), maxVariables: 8)
            let solver = configuration.makeSolver()
            instance.load(into: solver)
            let firstLength = solver.variableCount
            expectOptimal(solver.optimize(), instance, solver, modelLength: firstLength, "#\(i) first \(instance)")

            var more = MaxSATInstance.random(&rng, weighted: true, maxVariables: instance.variables)
            more.hard.removeAll { $0.count < 3 }   // keep the extension mostly satisfiable
            more.variables = 0                     // the variables exist already
            more.load(into: solver)
            instance.hard += more.hard
            instance.cardinalities += more.cardinalities
            instance.soft += more.soft
            let length = solver.variableCount
            expectOptimal(solver.optimize(), instance, solver, modelLength: length, "#\(i) second \(instance)")
        }
    }
}

/// A back end that behaves like `DPLLTestSolver` for its first `calls` solves and then stops:
/// it either answers `.unknown(.timeLimit)` or raises the interrupt flag, as a deadline or a
/// user would part-way through an optimisation.
final class StoppingSolver: IncrementalSATSolver {
    enum Stop { case deadline, interrupt }
    let inner: DPLLTestSolver
    var callsLeft: Int
    let stop: Stop

    init(calls: Int, stop: Stop, wholeCores: Bool) {
        inner = DPLLTestSolver(minimizeCores: !wholeCores, wholeCores: wholeCores)
        callsLeft = calls
        self.stop = stop
    }

    var name: String { "stopping" }
    var variableCount: Int { inner.variableCount }
    func newVariable() -> Variable { inner.newVariable() }
    func addClause(_ literals: [Literal]) { inner.addClause(literals) }
    func modelValue(_ variable: Variable) -> Bool { inner.modelValue(variable) }
    var failedAssumptions: [Literal] { inner.failedAssumptions }
    var interruptFlag: InterruptFlag? {
        get { inner.interruptFlag }
        set { inner.interruptFlag = newValue }
    }
    var statistics: SolverStatistics { inner.statistics }

    func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        if callsLeft == 0 {
            switch stop {
            case .deadline: return .unknown(.timeLimit)
            case .interrupt: interruptFlag?.raise()
            }
        }
        callsLeft -= 1
        return inner.solve(assumptions: assumptions, limits: limits)
    }
}

/// A back end whose cores are unhelpful: empty although the hard clauses are satisfiable, or
/// padded with literals that were not assumed.
final class UnhelpfulCoreSolver: IncrementalSATSolver {
    enum Mode { case empty, padded }
    let inner = DPLLTestSolver(minimizeCores: true)
    let mode: Mode
    init(mode: Mode) { self.mode = mode }

    var name: String { "unhelpful" }
    var variableCount: Int { inner.variableCount }
    func newVariable() -> Variable { inner.newVariable() }
    func addClause(_ literals: [Literal]) { inner.addClause(literals) }
    func modelValue(_ variable: Variable) -> Bool { inner.modelValue(variable) }
    var interruptFlag: InterruptFlag? {
        get { inner.interruptFlag }
        set { inner.interruptFlag = newValue }
    }
    var statistics: SolverStatistics { inner.statistics }
    func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        inner.solve(assumptions: assumptions, limits: limits)
    }
    var failedAssumptions: [Literal] {
        switch mode {
        case .empty: return []
        case .padded: return inner.failedAssumptions + [Variable(0).positive, Variable(0).negative]
        }
    }
}

@Suite struct MaxSATBackEndRobustnessTests {
    /// Core-guided search stays exact when the back end's cores are empty or padded: an empty
    /// core is checked before "unsatisfiable" is claimed, and literals that were not assumed are
    /// ignored.
    @Test(arguments: [UnhelpfulCoreSolver.Mode.empty, .padded])
    func unhelpfulCoresDoNotChangeTheAnswer(mode: UnhelpfulCoreSolver.Mode) {
        var rng = SplitMix64(seed: 55)
        for i in 0..<40 {
            let instance = MaxSATInstance.random(&rng, weighted: Bool.random(using: &rng), maxVariables: 8)
            let solver = SATMaxSATSolver(base: UnhelpfulCoreSolver(mode: mode), algorithm: .coreGuided)
            instance.load(into: solver)
            let length = solver.variableCount
            expectOptimal(solver.optimize(), instance, solver, modelLength: length, "#\(i) \(instance)")
        }
    }
}

@Suite struct MaxSATLimitTests {
    /// A deadline already in the past stops both algorithms before any SAT call.
    @Test(arguments: MaxSATAlgorithm.allCases)
    func pastDeadlineGivesUnknownTimeLimit(algorithm: MaxSATAlgorithm) {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<10 {
            let instance = MaxSATInstance.random(&rng, weighted: true)
            let base = DPLLTestSolver()
            let solver = SATMaxSATSolver(base: base, algorithm: algorithm)
            instance.load(into: solver)
            let result = solver.optimize(limits: SolveLimits(deadline: .now - .seconds(1)))
            #expect(result.status == .unknown(.timeLimit))
            #expect(result.model == nil && result.cost == nil && result.lowerBound == 0)
            #expect(base.statistics.solveCalls == 0)
        }
    }

    /// A raised interrupt flag stops both algorithms with `.interrupted`.
    @Test(arguments: MaxSATAlgorithm.allCases)
    func raisedInterruptFlagGivesUnknownInterrupted(algorithm: MaxSATAlgorithm) {
        let solver = SATMaxSATSolver(base: DPLLTestSolver(), algorithm: algorithm)
        let x = solver.newVariable()
        solver.addSoft(x.positive)
        let flag = InterruptFlag()
        solver.interruptFlag = flag
        #expect(solver.base.interruptFlag === flag)
        flag.raise()
        #expect(solver.optimize().status == .unknown(.interrupted))
        flag.reset()
        #expect(solver.optimize().status == .optimal)
    }

    /// Stopped after every possible number of SAT calls, by a deadline or an interrupt, each
    /// algorithm reports only true things: a model that satisfies the hard clauses with its
    /// recomputed cost, `lowerBound ≤ optimum ≤ cost`; and with enough calls, the optimum.
    @Test(arguments: MaxSATAlgorithm.allCases, [StoppingSolver.Stop.deadline, .interrupt])
    func stoppingAfterAnyNumberOfCallsReportsSoundBounds(algorithm: MaxSATAlgorithm, stop: StoppingSolver.Stop) {
        var rng = SplitMix64(seed: 31)
        var sawModelWithoutProof = false
        for i in 0..<40 {
            let instance = MaxSATInstance.random(&rng, weighted: Bool.random(using: &rng), maxVariables: 8)
            var calls = 0
            while true {
                // Whole cores make core-guided search take many small steps (and exhaust cores).
                let base = StoppingSolver(calls: calls, stop: stop, wholeCores: i % 2 == 1)
                base.interruptFlag = InterruptFlag()
                let solver = SATMaxSATSolver(base: base, algorithm: algorithm)
                instance.load(into: solver)
                let length = solver.variableCount
                let result = solver.optimize()
                expectSound(result, instance, solver, modelLength: length, "#\(i) after \(calls) calls: \(instance)")
                guard case .unknown(let reason) = result.status else { break }
                #expect(reason == (stop == .deadline ? .timeLimit : .interrupted))
                if result.model != nil { sawModelWithoutProof = true }
                calls += 1
                if calls > 200 { Issue.record("no answer after 200 calls: \(instance)"); break }
            }
        }
        #expect(sawModelWithoutProof, "no stop ever fell between a model and its proof")
    }
}

@Suite struct MaxSATEdgeCaseTests {
    @Test(arguments: MaxSATAlgorithm.allCases)
    func emptySoftSetIsOptimalAtZeroWithAModelOfTheHardClauses(algorithm: MaxSATAlgorithm) {
        let solver = SATMaxSATSolver(base: DPLLTestSolver(), algorithm: algorithm)
        let x = solver.newVariable(), y = solver.newVariable()
        solver.addClause([x.positive, y.positive])
        solver.addClause([x.negative])
        let result = solver.optimize()
        #expect(result.status == .optimal && result.cost == 0 && result.lowerBound == 0)
        #expect(result.model == [false, true])

        let empty = SATMaxSATSolver(base: DPLLTestSolver(), algorithm: algorithm)
        let nothing = empty.optimize()
        #expect(nothing.status == .optimal && nothing.cost == 0 && nothing.model == [])
    }

    @Test(arguments: MaxSATAlgorithm.allCases)
    func unsatisfiableHardClausesGiveUnsatisfiable(algorithm: MaxSATAlgorithm) {
        for withSofts in [false, true] {
            let solver = SATMaxSATSolver(base: DPLLTestSolver(), algorithm: algorithm)
            let x = solver.newVariable(), y = solver.newVariable()
            solver.addClause([x.positive, y.positive])
            solver.addClause([x.negative, y.positive])
            solver.addClause([y.negative])
            if withSofts {
                solver.addSoft(x.positive, weight: 3)
                solver.addSoft(y.negative)
            }
            let result = solver.optimize()
            #expect(result.status == .unsatisfiable)
            #expect(result.model == nil && result.cost == nil)
        }
    }

    /// The same literal soft twice costs both weights; a soft literal the hard clauses falsify
    /// is paid; a soft literal on a variable no clause mentions (and that the solver had not
    /// created) costs nothing; of a literal and its negation both soft, the lighter is paid.
    @Test(arguments: MaxSATAlgorithm.allCases)
    func repeatedHardFalseUnconstrainedAndComplementarySofts(algorithm: MaxSATAlgorithm) {
        let solver = SATMaxSATSolver(base: DPLLTestSolver(), algorithm: algorithm)
        let x = solver.newVariable(), y = solver.newVariable(), z = solver.newVariable()
        solver.addClause([x.negative])                 // x is hard-false
        solver.addSoft(x.positive, weight: 2)
        solver.addSoft(x.positive, weight: 3)          // repeated: pays 2 + 3
        solver.addSoft(y.positive, weight: 4)
        solver.addSoft(y.negative, weight: 6)          // complementary: pays the 4
        solver.addSoft(z.negative)                     // z is free: pays nothing
        let free = Variable(7)
        solver.addSoft(free.positive, weight: 9)       // not created yet: pays nothing
        #expect(solver.variableCount == 8)
        #expect(solver.softLiterals.count == 6)
        let result = solver.optimize()
        #expect(result.status == .optimal)
        #expect(result.cost == 9 && result.lowerBound == 9)
        let model = try! #require(result.model)
        #expect(!model[x.index] && !model[y.index] && !model[z.index] && model[free.index])
        #expect(solver.cost(of: model) == 9)
    }

    /// Cardinality constraints added to the MaxSAT solver are hard, whatever their encoding.
    @Test(arguments: MaxSATAlgorithm.allCases, CardinalityEncoding.allCases)
    func cardinalityConstraintsAreHard(algorithm: MaxSATAlgorithm, encoding: CardinalityEncoding) {
        let solver = SATMaxSATSolver(base: DPLLTestSolver(), algorithm: algorithm, cardinalityEncoding: encoding)
        let xs = solver.newVariables(6)
        let on = solver.newVariable()
        for x in xs { solver.addSoft(x.positive) }
        solver.addAtMost(2, of: xs.map(\.positive), when: on.positive)
        solver.addAtLeast(1, of: [on.positive], when: nil)
        solver.addAtLeast(4, of: xs.map(\.negative) + [xs[0].positive], when: nil)
        let result = solver.optimize()
        #expect(result.status == .optimal && result.cost == 4)
        let model = try! #require(result.model)
        #expect(xs.filter { model[$0.index] }.count == 2)
    }

    @Test func nameCombinesTheBackEndAndTheAlgorithm() {
        #expect(SATMaxSATSolver(base: DPLLTestSolver(), algorithm: .coreGuided).name == "test-dpll+core-guided")
        #expect(SATMaxSATSolver(base: DPLLTestSolver(), algorithm: .linearSearch).name == "test-dpll+linear-search")
    }

    /// Core-guided search reaches the optimum where linear search must walk down through worse
    /// models: n soft literals, at most one of which can hold.
    @Test(arguments: MaxSATAlgorithm.allCases)
    func atMostOneOfManySoftsCostsAllButOne(algorithm: MaxSATAlgorithm) {
        let base = DPLLTestSolver()
        let solver = SATMaxSATSolver(base: base, algorithm: algorithm)
        let xs = solver.newVariables(8)
        for (i, x) in xs.enumerated() { solver.addSoft(x.positive, weight: i + 1) }
        solver.addAtMost(1, of: xs.map(\.positive), when: nil)
        let result = solver.optimize()
        #expect(result.status == .optimal && result.cost == (1...7).reduce(0, +))
        #expect(result.model.map { $0[xs[7].index] } == true)
    }
}
