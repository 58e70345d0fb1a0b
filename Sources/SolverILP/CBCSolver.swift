import SolverCore

/// A MaxSAT solver that answers by 0-1 integer programming: the clauses, cardinality
/// constraints and soft literals become one linear model (``LinearModel``), solved by COIN-OR
/// CBC (`cbc`, Debian's `coinor-cbc`) in a process of its own.
///
/// Where it wins: least quorums of networks of organisations. The least quorum of the flat
/// network of 66 organisations (198 validators) takes CBC 0.5 s, closed at the root by its cuts,
/// where the core-guided MaxSAT search over CaDiCaL had not finished after 60 s; 99
/// organisations 1.4 s. Where it loses: questions whose relaxation is loose. The splitting
/// question of flat-99 has an LP bound of 0, and CBC left it open after 90 s (17 found, the
/// optimum is 15); the splitting bound's exemptible quorum had a bound of 14 against an optimum
/// of 92 at 66 organisations (papers/benchmarks.md, issue 18, fifth session).
///
/// Every solution is checked against the model's own rows before it is returned, and its cost
/// is computed here, not read from CBC. The lower bound is CBC's "best possible", rounded up
/// with a tolerance of 10⁻⁴ for its floating point (the objective has integer coefficients, so
/// the optimum is an integer).
public final class CBCSolver: MaxSATSolver, CardinalityConstraintSink {
    public let name = "cbc"
    public var interruptFlag: InterruptFlag?
    /// The executable that solves.
    public let executable: String
    public private(set) var model = LinearModel()

    /// A solver running `executable`.
    public init(executable: String) {
        self.executable = executable
    }

    /// A solver running the `cbc` on `PATH`; nil when there is none.
    public convenience init?() {
        guard let found = CBCProcess.locate() else { return nil }
        self.init(executable: found)
    }

    /// The `cbc` executable on `PATH`, or nil when there is none. `PATH` is read once per
    /// process: every `AnalysisOptions()` asks (the server builds one per request), and the
    /// answer does not change while the process runs.
    public static func locateExecutable() -> String? { onPath }

    private static let onPath = CBCProcess.locate()

    public var variableCount: Int { model.variableCount }

    public func newVariable() -> Variable {
        defer { model.variableCount += 1 }
        return Variable(model.variableCount)
    }

    public func addClause(_ literals: [Literal]) {
        model.addRow(counting: literals.map { ($0, 1) }, lower: 1, upper: nil)
    }

    public func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        model.addAtLeast(k, of: literals, when: condition)
    }

    public func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        model.addAtMost(k, of: literals, when: condition)
    }

    public func addSoft(_ soft: SoftLiteral) {
        model.addSoft(soft.literal, weight: soft.weight)
    }

    public func optimize(limits: SolveLimits) -> OptimizationResult {
        if model.trivialInfeasibility { return OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: 0) }
        if interruptFlag?.isRaised == true { return stopped(.interrupted) }
        if limits.isExpired { return stopped(.timeLimit) }
        if model.variableCount == 0 {
            let cost = model.value(of: [])
            return OptimizationResult(status: .optimal, cost: cost, model: [], lowerBound: cost)
        }
        let report: CBCReport
        do {
            report = try CBCProcess.solve(model, executable: executable, deadline: limits.deadline, interrupt: interruptFlag)
        } catch {
            return stopped(.backEnd(error.message))
        }
        let solution = report.solution.flatMap { model.isFeasible($0) ? $0 : nil }
        let cost = solution.map { model.value(of: $0) }
        // The report keeps only finite bounds of at most 10¹⁵, so this converts.
        let proved = report.bestPossible.map { Int((Double(model.objectiveOffset) + $0 - 1e-4).rounded(.up)) } ?? 0
        switch report.status {
        case .optimal:
            guard let solution, let cost else {
                return stopped(.backEnd("cbc reported an optimum that violates the model"))
            }
            return OptimizationResult(status: .optimal, cost: cost, model: solution, lowerBound: cost)
        case .infeasible:
            return OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: 0)
        case .stopped:
            let reason: UnknownReason = interruptFlag?.isRaised == true ? .interrupted : .timeLimit
            let lower = min(max(proved, 0), cost ?? Int.max)
            return OptimizationResult(status: .unknown(reason), cost: cost, model: solution, lowerBound: lower)
        case .failed(let message):
            return stopped(.backEnd("cbc: \(message)"))
        }
    }

    private func stopped(_ reason: UnknownReason) -> OptimizationResult {
        OptimizationResult(status: .unknown(reason), cost: nil, model: nil, lowerBound: 0)
    }
}
