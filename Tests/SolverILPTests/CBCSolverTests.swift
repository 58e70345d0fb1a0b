import Dispatch
import Glibc
import SolverCore
@testable import SolverILP
import SolverTestSupport
import Testing

/// A random instance with conditional cardinality constraints of both kinds, repeated and
/// negated literals among them: the shapes the FBAS encodings give the integer program.
private func randomInstance(_ rng: inout SplitMix64, maxVariables: Int) -> MaxSATInstance {
    var instance = MaxSATInstance.random(&rng, weighted: Bool.random(using: &rng), maxVariables: maxVariables)
    let n = instance.variables
    for _ in 0..<Int.random(in: 0...3, using: &rng) {
        let literals = (0..<Int.random(in: 1...(n + 1), using: &rng)).map { _ in
            Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng))
        }
        let condition = Bool.random(using: &rng) ? Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng)) : nil
        instance.cardinalities.append(.init(atLeast: Bool.random(using: &rng), k: Int.random(in: -1...(literals.count + 1), using: &rng),
                                            literals: literals, condition: condition))
    }
    return instance
}

@Suite struct LinearModelTests {
    /// The translation is exact: on every assignment of 400 random instances, the linear model
    /// is feasible exactly when the clauses and cardinality constraints hold, and its objective
    /// is the weight of the falsified soft literals.
    @Test func theLinearModelAgreesWithTheConstraintsOnEveryAssignment() throws {
        var rng = SplitMix64(seed: 4242)
        var feasibleSeen = 0, infeasibleSeen = 0
        for i in 0..<400 {
            let instance = randomInstance(&rng, maxVariables: 7)
            let solver = CBCSolver(executable: "/bin/true")
            instance.load(into: solver)
            let model = solver.model
            // Soft clauses longer than one literal were loaded as a fresh variable r (soft) with
            // the hard clause r → C, in order after the instance's variables.
            let relaxed = instance.soft.filter { $0.clause.count > 1 }
            for bits in 0..<(1 << solver.variableCount) {
                let assignment = unpack(bits, count: solver.variableCount)
                let r = Array(assignment.dropFirst(instance.variables))
                let feasible = instance.isFeasible(assignment)
                    && relaxed.indices.allSatisfy { j in !r[j] || relaxed[j].clause.contains { $0.isTrue(in: assignment) } }
                #expect(model.isFeasible(assignment) == feasible, "#\(i) \(instance) \(assignment)")
                guard feasible else { infeasibleSeen += 1; continue }
                feasibleSeen += 1
                var cost = 0, j = 0
                for (clause, weight) in instance.soft {
                    if clause.count == 1 {
                        if !clause[0].isTrue(in: assignment) { cost += weight }
                    } else {
                        if !r[j] { cost += weight }
                        j += 1
                    }
                }
                #expect(model.value(of: assignment) == cost, "#\(i)")
            }
        }
        #expect(feasibleSeen > 10_000 && infeasibleSeen > 10_000)
    }

    /// An empty clause or an impossible count needs no solver: the model is infeasible.
    @Test func aConstraintWithNoVariableLeftIsDecidedAtOnce() {
        var model = LinearModel()
        model.addRow(counting: [], lower: 1, upper: nil)
        #expect(model.trivialInfeasibility)
        var other = LinearModel()
        other.variableCount = 1
        let x = Variable(0).positive
        other.addRow(counting: [(x, 1), (!x, 1)], lower: 1, upper: 1)   // x + (1 − x) = 1: always
        #expect(!other.trivialInfeasibility && other.rows.isEmpty)
        other.addRow(counting: [(x, 1), (!x, 1)], lower: 2, upper: nil)
        #expect(other.trivialInfeasibility)
    }

    @Test func theLPFormatNamesEveryVariableBinaryAndEveryRow() {
        var model = LinearModel()
        model.variableCount = 3
        model.addRow(counting: [(Variable(0).positive, 1), (Variable(2).negative, 1)], lower: 1, upper: nil)
        model.addAtMost(1, of: [Variable(0).positive, Variable(1).positive, Variable(2).positive], when: Variable(1).negative)
        model.addSoft(Variable(1).positive, weight: 3)
        let text = model.lpFormat
        #expect(text.contains(" c0: + 1 x0 - 1 x2 >= 0"))
        #expect(text.contains(" c1: + 1 x0 - 1 x1 + 1 x2 <= 1"))
        #expect(text.contains("obj: - 3 x1"))
        #expect(model.objectiveOffset == 3)
        #expect(text.contains("Binary\n x0\n x1\n x2\nEnd"))
    }
}

@Suite struct CBCOutputTests {
    @Test func anOptimumIsReadWithItsNonzeroColumns() {
        let r = CBCReport(solution: "Optimal - objective value 2.00000000\n      1 x1                     1                       0\n**    3 x3  1  0\n",
                                 log: "Cbc0010I After 0 nodes, 1 on tree, 2 best solution, best possible 1.999999 (0.01 seconds)",
                                 variableCount: 4, killed: false)
        #expect(r.status == .optimal)
        #expect(r.solution == [false, true, false, true])
        #expect(r.bestPossible == 1.999999)
    }

    @Test func aStopWithoutAnIntegerSolutionHasNoModelButKeepsItsBound() {
        let r = CBCReport(solution: "Stopped on time (no integer solution - continuous used) - objective value 1.37200497\n      0 x0   0.0152445   0\n",
                                 log: "Cbc0005I Partial search - best objective 1e+50 (best possible 1.372005), took 0 iterations",
                                 variableCount: 2, killed: false)
        #expect(r.status == .stopped)
        #expect(r.solution == nil)
        #expect(r.bestPossible == 1.372005)
    }

    /// CBC writes 1e+50 for "no bound yet"; an infinite or absurd figure is no bound either
    /// (converting it to an integer would trap).
    @Test func onlyFiniteBoundsAreKept() {
        for text in ["1e+50", "inf", "-inf", "nan", "-1.79769e+308", "1e20"] {
            let r = CBCReport(solution: nil, log: "Cbc0010I After 0 nodes, best possible \(text) (0.1 seconds)\n", variableCount: 1, killed: true)
            #expect(r.bestPossible == nil, "\(text)")
        }
        let negative = CBCReport(solution: nil, log: "Cbc0010I After 0 nodes, best possible -3.5 (0.1 seconds)\n", variableCount: 1, killed: true)
        #expect(negative.bestPossible == -3.5)
    }

    /// Killed in the middle of a line, CBC leaves a number cut short, which can read larger
    /// than the one it was writing ("2.5e-16" cut to "2.5e-1"): that line counts for nothing.
    @Test func aLineCutShortByTheKillIsIgnored() {
        let log = "Cbc0010I After 0 nodes, best possible 2.0 (0.1 seconds)\nCbc0010I After 9 nodes, best possible 2.5e-1"
        #expect(CBCReport(solution: nil, log: log, variableCount: 1, killed: true).bestPossible == 2.0)
        #expect(CBCReport(solution: nil, log: log + "6 (0.2 seconds)\n", variableCount: 1, killed: true).bestPossible == 2.0)
        let cut = CBCReport(solution: "Stopped on time - objective value 1.0\n      0 x0  1  0\n      1 x1  0.", log: "", variableCount: 2, killed: true)
        #expect(cut.solution == [true, false])
    }

    @Test func aKilledRunIsStoppedWhateverItsFilesSay() {
        let r = CBCReport(solution: nil, log: "", variableCount: 2, killed: true)
        #expect(r.status == .stopped && r.solution == nil && r.bestPossible == nil)
        let infeasible = CBCReport(solution: "Infeasible - objective value 3.00000000\n", log: "", variableCount: 2, killed: false)
        #expect(infeasible.status == .infeasible)
    }
}

/// CBC itself: Debian's `coinor-cbc`, which the setup scripts install.
@Suite struct CBCSolverTests {
    func make() throws -> CBCSolver { try #require(CBCSolver(), "cbc is not installed (apt-get install coinor-cbc)") }

    /// Optimum, lower bound and model agree with brute force on 150 random weighted instances
    /// with conditional cardinality constraints (some unsatisfiable).
    @Test func optimaAgreeWithBruteForce() throws {
        var rng = SplitMix64(seed: 9001)
        var unsatisfiable = 0, positive = 0
        for i in 0..<150 {
            let instance = randomInstance(&rng, maxVariables: 9)
            let solver = try make()
            instance.load(into: solver)
            let optimum = instance.bruteForceOptimum
            expectOptimum(solver.optimize(), of: instance, is: optimum, "#\(i) \(instance)")
            if optimum == nil { unsatisfiable += 1 } else if optimum! > 0 { positive += 1 }
        }
        #expect(unsatisfiable >= 20 && positive >= 50)
    }

    /// Where clause learning needs exponential time, the relaxation counts: the soft pigeonhole
    /// (12 pigeons, 11 holes) is closed by the LP at once.
    @Test func theSoftPigeonholeIsSolved() throws {
        let solver = try make()
        addSoftPigeonhole(to: solver)
        let r = solver.optimize(limits: .seconds(60))
        #expect(r.status == .optimal && r.cost == 1 && r.lowerBound == 1)
    }

    @Test func aRaisedFlagOrAPassedDeadlineStopsBeforeStarting() throws {
        let solver = try make()
        addSoftPigeonhole(to: solver)
        solver.interruptFlag = InterruptFlag()
        solver.interruptFlag?.raise()
        #expect(solver.optimize().status == .unknown(.interrupted))
        solver.interruptFlag = nil
        #expect(solver.optimize(limits: SolveLimits(deadline: .now - .seconds(1))).status == .unknown(.timeLimit))
    }
}

/// The process is killed when the flag is raised or well past the deadline, whatever it does:
/// a stand-in for `cbc` that announces itself and then sleeps shows it, without depending on
/// how fast CBC solves anything.
@Suite struct CBCProcessStopTests {
    @Test func raisingTheFlagKillsARunningSolve() throws {
        let (script, marker) = sleepingStandIn()
        let solver = CBCSolver(executable: script)
        addSoftPigeonhole(to: solver, pigeons: 3, holes: 2)
        let flag = InterruptFlag()
        solver.interruptFlag = flag
        DispatchQueue(label: "raiser").async {
            // Raise once the stand-in runs (bounded: 6,000 × 10 ms), so that the kill, not the
            // check before starting, is what stops the solve.
            for _ in 0..<6000 where !fileExists(marker) { usleep(10_000) }
            flag.raise()
        }
        let r = solver.optimize()
        #expect(fileExists(marker))
        #expect(r.status == .unknown(.interrupted))
        #expect(r.model == nil)
    }

    /// The stand-in ignores CBC's own time limit: the backstop kills it just past the
    /// deadline (here already past, so the process runs whatever the machine's load), which is
    /// the only way the ten-minute sleep ends within the test.
    @Test func aSolveThatOverrunsItsDeadlineIsKilled() throws {
        let (script, _) = sleepingStandIn()
        var model = LinearModel()
        model.variableCount = 1
        model.addSoft(Variable(0).positive, weight: 1)
        let report = try CBCProcess.solve(model, executable: script, deadline: .now - .seconds(1), interrupt: nil)
        #expect(report.status == .stopped)
        #expect(report.solution == nil)
    }

    @Test func anExecutableThatFailsIsABackEndFailure() throws {
        let solver = CBCSolver(executable: "/bin/false")
        addSoftPigeonhole(to: solver, pigeons: 3, holes: 2)
        guard case .unknown(.backEnd) = solver.optimize().status else {
            Issue.record("expected a back-end failure")
            return
        }
    }
}
