import SolverCore
import SolverTestSupport
import Testing

/// Every back end against brute force on small instances and against the other back ends on
/// larger ones, with fixed seeds.
///
/// Each test runs once per back end. A cross-back-end comparison solves each of its instances
/// with every back end, in the test case of the back end that owns the instance
/// (``BackEnd/owns(_:)``), so the cases share the work and together cover every instance.
@Suite("Solver conformance")
struct ConformanceTests {
    // MARK: Random 3-CNF

    /// Random 3-CNF at ratio 4.26 on 3 … 14 variables: answers match brute force, and every
    /// model satisfies every clause.
    @Test(arguments: BackEnd.allCases)
    func smallRandomThreeCNFMatchesBruteForce(backEnd: BackEnd) {
        checkRandomThreeCNF(instances: 200, seed: 0xC0DE_0001) { backEnd.makeSolver() }
    }

    /// Random 3-CNF at ratio 4.26 on 40 … 80 variables: every back end gives the same answer,
    /// and every model satisfies every clause.
    @Test(arguments: BackEnd.allCases)
    func largerRandomThreeCNFAgreesAcrossBackEnds(backEnd: BackEnd) {
        var rng = SplitMix64(seed: 0xC0DE_0002)
        var answered = (satisfiable: 0, unsatisfiable: 0)
        for i in 0..<210 {
            let formula = randomThreeCNF(variables: 40 + i % 41, using: &rng)
            guard backEnd.owns(i) else { continue }
            var answers: [BackEnd: SolveResult] = [:]
            for other in BackEnd.allCases {
                let solver = other.makeSolver()
                solver.addFormula(formula)
                let result = solver.solve()
                answers[other] = result
                if result == .satisfiable {
                    #expect(formula.isSatisfied(by: solver.model()), "instance \(i): \(other)'s model falsifies a clause")
                }
            }
            #expect(answers.values.allSatisfy { $0 == answers[backEnd] }, "instance \(i): \(answers)")
            switch answers[backEnd] {
            case .satisfiable: answered.satisfiable += 1
            case .unsatisfiable: answered.unsatisfiable += 1
            default: Issue.record("instance \(i): \(answers)")
            }
        }
        // Near the threshold both answers must be common, or the comparison proves little.
        #expect(answered.satisfiable >= 14 && answered.unsatisfiable >= 14, "\(answered)")
    }

    // MARK: Pigeonholes

    @Test(arguments: BackEnd.allCases, 3...6)
    func pigeonholeIsUnsatisfiable(backEnd: BackEnd, holes: Int) {
        checkPigeonholeUnsatisfiable(holes: holes) { backEnd.makeSolver() }
    }

    // MARK: Incremental use

    @Test(arguments: BackEnd.allCases)
    func incrementalClausesAndAssumptions(backEnd: BackEnd) {
        checkEmptyFormulaAndEmptyClause { backEnd.makeSolver() }
        checkIncrementalUse { backEnd.makeSolver() }
    }

    /// Small formulas under random assumptions, against brute force; cores re-checked on a
    /// fresh solver.
    @Test(arguments: BackEnd.allCases)
    func coresAreUnsatisfiableSubsetsOfTheAssumptions(backEnd: BackEnd) {
        checkFailedAssumptions(instances: 60, seed: 0xC0DE_0003) { backEnd.makeSolver() }
    }

    /// A formula on 30 … 50 variables grows in eight batches of clauses; after each batch every
    /// back end answers the same five questions under random assumptions, and the answers agree.
    /// Models satisfy the clauses so far and the assumptions; cores are subsets of the
    /// assumptions and are unsatisfiable with the clauses so far on a fresh solver of the same
    /// back end.
    @Test(arguments: BackEnd.allCases)
    func incrementalAnswersUnderAssumptionsAgreeAcrossBackEnds(backEnd: BackEnd) {
        var rng = SplitMix64(seed: 0xC0DE_0004)
        var answered = (satisfiable: 0, unsatisfiable: 0, nonEmptyCores: 0)
        for script in 0..<12 {
            let n = Int.random(in: 30...50, using: &rng)
            let formula = randomThreeCNF(variables: n, ratio: 5.0, using: &rng)
            let batch = (formula.clauses.count + 7) / 8
            let batches = stride(from: 0, to: formula.clauses.count, by: batch).map { start in
                (clauses: formula.clauses[start..<min(start + batch, formula.clauses.count)],
                 questions: (0..<5).map { _ in
                     (0..<Int.random(in: 3...12, using: &rng)).map { _ in
                         Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng))
                     }
                 })
            }
            guard backEnd.owns(script) else { continue }

            let solvers = BackEnd.allCases.map { ($0, $0.makeSolver()) }
            for (_, solver) in solvers { _ = solver.newVariables(n) }
            var sofar = CNF(variableCount: n)
            for (clauses, questions) in batches {
                for clause in clauses {
                    sofar.addClause(clause)
                    for (_, solver) in solvers { solver.addClause(clause) }
                }
                for (q, assumptions) in questions.enumerated() {
                    let context = "script \(script), \(sofar.clauses.count) clauses, question \(q), assuming \(assumptions)"
                    var answers: [BackEnd: SolveResult] = [:]
                    for (other, solver) in solvers {
                        let result = solver.solve(assumptions: assumptions)
                        answers[other] = result
                        switch result {
                        case .satisfiable:
                            let model = solver.model()
                            #expect(sofar.isSatisfied(by: model), "\(context): \(other)'s model falsifies a clause")
                            #expect(assumptions.allSatisfy { $0.isTrue(in: model) }, "\(context): \(other)'s model breaks an assumption")
                        case .unsatisfiable:
                            let core = solver.failedAssumptions
                            #expect(Set(core).isSubset(of: assumptions), "\(context): \(other)'s core \(core)")
                            let fresh = other.makeSolver()
                            fresh.addFormula(sofar)
                            #expect(fresh.solve(assumptions: core) == .unsatisfiable, "\(context): \(other)'s core \(core) is satisfiable")
                            if other == backEnd && !core.isEmpty { answered.nonEmptyCores += 1 }
                        case .unknown(let reason):
                            Issue.record("\(context): \(other) answered unknown (\(reason))")
                        }
                    }
                    #expect(answers.values.allSatisfy { $0 == answers[backEnd] }, "\(context): \(answers)")
                    if answers[backEnd] == .satisfiable { answered.satisfiable += 1 } else { answered.unsatisfiable += 1 }
                }
            }
        }
        #expect(answered.satisfiable >= 15 && answered.nonEmptyCores >= 15, "\(answered)")
    }

    // MARK: Cardinality constraints

    /// For n ≤ 6, every k in -1 … n+1, at-least and at-most, and inputs of mixed signs, with the
    /// constraint unconditional or under a positive or negative condition literal (in turn):
    /// the solutions projected onto the inputs and the condition variable are as many as, and
    /// exactly, those brute force finds. Z3 takes the constraints natively, the other back ends
    /// through ``CardinalityEncodingSolver`` with each encoding.
    @Test(arguments: BackEnd.allCases)
    func cardinalityProjectionsMatchBruteForce(backEnd: BackEnd) {
        var rng = SplitMix64(seed: 0xC0DE_0005)
        let conditions: [Bool?] = [nil, false, true]   // none, w, ¬w
        for (label, make) in backEnd.cardinalitySolvers {
            var turn = 0
            for n in 0...6 {
                for k in -1...(n + 1) {
                    for atLeast in [true, false] {
                        let solver = make()
                        let xs = solver.newVariables(n)
                        let w = solver.newVariable()
                        let literals = xs.map { Literal($0, negated: Bool.random(using: &rng)) }
                        let when = conditions[turn % conditions.count].map { Literal(w, negated: $0) }
                        turn += 1
                        if atLeast { solver.addAtLeast(k, of: literals, when: when) }
                        else { solver.addAtMost(k, of: literals, when: when) }
                        let expected = bruteForceProjections(onto: xs + [w]) { a in
                            guard when?.isTrue(in: a) ?? true else { return true }
                            let count = trueCount(literals, in: a)
                            return atLeast ? count >= k : count <= k
                        }
                        let found = projections(solver, onto: xs + [w], by: .blocking)
                        let context = "\(label): \(when.map { "\($0) → " } ?? "")\(literals) \(atLeast ? "≥" : "≤") \(k)"
                        #expect(found.count == expected.count, "\(context)")
                        #expect(found == expected, "\(context)")
                    }
                }
            }
        }
    }

    // MARK: MaxSAT

    /// Random instances on at most 10 variables (hard clauses, at-most-k constraints, soft
    /// clauses): every MaxSAT solver of the back end (``SATMaxSATSolver`` with each algorithm,
    /// or Z3's optimiser) finds the brute-force optimum, with a model whose recomputed cost is
    /// that optimum.
    @Test(arguments: BackEnd.allCases, [false, true])
    func smallMaxSATMatchesBruteForce(backEnd: BackEnd, weighted: Bool) {
        var rng = SplitMix64(seed: weighted ? 0xC0DE_0006 : 0xC0DE_0007)
        let solvers = backEnd.maxSATSolvers
        var unsatisfiable = 0
        for i in 0..<60 {
            let instance = MaxSATInstance.random(&rng, weighted: weighted)
            let optimum = instance.bruteForceOptimum
            if optimum == nil { unsatisfiable += 1 }
            for (label, make) in solvers {
                let solver = make()
                instance.load(into: solver)
                let result = solver.optimize()
                expectOptimum(result, of: instance, is: optimum, "\(label) #\(i) \(instance)")
            }
        }
        // The generator must produce both kinds.
        #expect(unsatisfiable >= 2 && unsatisfiable <= 30, "\(unsatisfiable) unsatisfiable")
    }

    /// Random instances on 30 … 60 variables: every MaxSAT solver of every back end reports the
    /// same optimum (or that the hard constraints are unsatisfiable), each with a model of that
    /// recomputed cost.
    @Test(arguments: BackEnd.allCases, [false, true])
    func largerMaxSATAgreesAcrossBackEnds(backEnd: BackEnd, weighted: Bool) {
        var rng = SplitMix64(seed: weighted ? 0xC0DE_0008 : 0xC0DE_0009)
        let solvers = BackEnd.allCases.flatMap(\.maxSATSolvers)
        var positive = 0, owned = 0
        for i in 0..<24 {
            let instance = MaxSATInstance.randomLarge(&rng, weighted: weighted)
            guard backEnd.owns(i) else { continue }
            owned += 1
            // Each solver's optimum, nil for "the hard constraints are unsatisfiable".
            var optima: [String: Int?] = [:]
            for (label, make) in solvers {
                let solver = make()
                instance.load(into: solver)
                let result = solver.optimize()
                let context = "\(label) #\(i) \(instance)"
                switch result.status {
                case .optimal:
                    guard let cost = result.cost else {
                        Issue.record("\(context): optimal without a cost")
                        continue
                    }
                    optima[label] = cost
                    expectOptimum(result, of: instance, is: cost, context)
                case .unsatisfiable:
                    optima[label] = .some(nil)
                    expectOptimum(result, of: instance, is: nil, context)
                case .unknown(let reason):
                    Issue.record("\(context): unknown (\(reason))")
                }
            }
            #expect(optima.count == solvers.count && Set(optima.values).count == 1, "#\(i): \(optima)")
            if let optimum = optima.values.first ?? nil, optimum > 0 { positive += 1 }
        }
        // Most instances must have something to optimise, or agreeing on 0 would prove little.
        #expect(positive * 4 >= owned * 3, "only \(positive) of \(owned) instances have a positive optimum")
    }

    // MARK: Limits

    /// PHP(12, 11) under a 0.3 s deadline answers `unknown(.timeLimit)`.
    @Test(arguments: BackEnd.allCases)
    func deadlineStopsAHardSATInstance(backEnd: BackEnd) {
        checkDeadline { backEnd.makeSolver() }
    }

    /// Twelve soft-seated pigeons in eleven holes under a 0.3 s deadline: every MaxSAT solver of
    /// the back end answers `unknown(.timeLimit)`, and what it does report is sound.
    @Test(arguments: BackEnd.allCases)
    func deadlineStopsAHardMaxSATInstance(backEnd: BackEnd) {
        for (label, make) in backEnd.maxSATSolvers {
            let solver = make()
            let seated = addSoftPigeonhole(to: solver)
            let result = solver.optimize(limits: .seconds(0.3))
            #expect(result.status == .unknown(.timeLimit), "\(label)")
            #expect(result.lowerBound >= 0 && result.lowerBound <= 1, "\(label): lower bound \(result.lowerBound)")
            #expect((result.model == nil) == (result.cost == nil), "\(label)")
            if let model = result.model, let cost = result.cost {
                #expect(cost >= 1 && result.lowerBound <= cost, "\(label): cost \(cost)")
                #expect(cost == seated.filter { !model[$0.index] }.count, "\(label): cost \(cost) is not the model's")
            }
        }
    }
}

extension MaxSATInstance {
    /// A random instance on 30 … 60 variables, beyond brute force but quick for every solver:
    /// hard 3-clauses at ratio 2 (almost always satisfiable), two at-most-k constraints over a
    /// few variables, and n/2 soft clauses (mostly units, so that some contradict each other
    /// and optima are rarely zero), weights 1 … 9 when `weighted`.
    static func randomLarge(_ rng: inout SplitMix64, weighted: Bool) -> MaxSATInstance {
        let n = Int.random(in: 30...60, using: &rng)
        var instance = MaxSATInstance(variables: n)
        instance.hard = randomThreeCNF(variables: n, ratio: 2.0, using: &rng).clauses
        for _ in 0..<2 {
            let literals = (0..<n).shuffled(using: &rng).prefix(Int.random(in: 4...8, using: &rng)).map { Variable($0).positive }
            instance.cardinalities.append(Cardinality(atLeast: false, k: Int.random(in: 1...2, using: &rng), literals: literals))
        }
        for _ in 0..<(n / 2) {
            let size = [1, 1, 1, 2].randomElement(using: &rng)!
            let clause = (0..<size).map { _ in Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng)) }
            instance.soft.append((clause, weighted ? Int.random(in: 1...9, using: &rng) : 1))
        }
        return instance
    }
}
