import CZ3
import SolverCore

/// A `MaxSATSolver` backed by Z3's optimiser (`Z3_mk_optimize`, MaxRes for soft
/// constraints), with native cardinality constraints in the hard part.
///
/// Nothing Z3 reports about the objective is taken on trust: every model is checked against
/// the hard clauses and cardinality constraints (kept here for that purpose) and its cost is
/// recomputed from the soft literals. Z3's lower bound is used only as a bound, clamped to
/// `0 ... cost`.
///
/// The optimiser runs with `opt.enable_sat=false`: Z3 4.8.12's SAT-core MaxRes (the default)
/// returned *non-optimal* costs reported as optimal on quorum encodings with cardinality
/// constraints (found by our differential tests: a minimum quorum of 5 where 4 exists and
/// Z3 itself finds 4 once that quorum is forced). The same class of bug is reported upstream
/// (Z3Prover/z3 issues 2476, 1934, 5594). With the SMT core the differential tests agree.
///
/// Limits: a deadline becomes the optimiser's `timeout` parameter (wall-clock milliseconds);
/// conflict limits are not supported by the optimiser and are ignored.
/// Not thread-safe: use one instance from one thread at a time (only ``interruptFlag`` may be
/// raised from elsewhere).
public final class Z3MaxSATSolver: MaxSATSolver, CardinalityConstraintSink {
    public let name = "z3"
    public var interruptFlag: InterruptFlag?
    /// Optimisation calls and the wall-clock seconds spent in them (Z3 exposes no counters
    /// here that mean the same as a SAT solver's).
    public private(set) var statistics = SolverStatistics()

    private struct Cardinality {
        var atLeast: Bool
        var k: Int
        var literals: [Literal]
        var condition: Literal?
    }

    private let formula: Z3Formula
    private let optimizer: Z3_optimize
    private let stopper: NativeStop
    private var hardClauses: [[Literal]] = []
    private var hardCardinalities: [Cardinality] = []
    private var softs: [SoftLiteral] = []
    /// Index of the single objective all soft literals share (they are asserted under one id,
    /// so Z3 sums their weights into one objective).
    private var objective: UInt32?
    private var appliedTimeout = Z3Formula.unlimited

    /// Creates an empty optimiser with a Z3 context of its own.
    public init() {
        let context = Z3Context()
        formula = Z3Formula(context: context)
        optimizer = Z3_mk_optimize(context.raw)!
        Z3_optimize_inc_ref(context.raw, optimizer)
        let params = Z3_mk_params(context.raw)!
        Z3_params_inc_ref(context.raw, params)
        Z3_params_set_bool(context.raw, params, Z3_mk_string_symbol(context.raw, "enable_sat"), false)
        Z3_optimize_set_params(context.raw, optimizer, params)
        Z3_params_dec_ref(context.raw, params)
        stopper = NativeStop { context.interrupt() }
    }

    deinit {
        Z3_optimize_dec_ref(formula.ctx, optimizer)
    }

    public var variableCount: Int { formula.variableCount }

    public func newVariable() -> Variable { formula.newVariable() }

    public func addClause(_ literals: [Literal]) {
        hardClauses.append(literals)
        assertTerm(formula.clause(literals))
    }

    public func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        hardCardinalities.append(Cardinality(atLeast: true, k: k, literals: literals, condition: condition))
        assertTerm(formula.cardinality(atLeast: true, k, of: literals, when: condition))
    }

    public func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        hardCardinalities.append(Cardinality(atLeast: false, k: k, literals: literals, condition: condition))
        assertTerm(formula.cardinality(atLeast: false, k, of: literals, when: condition))
    }

    private func assertTerm(_ term: Z3_ast?) {
        guard let term else { return }
        Z3_optimize_assert(formula.ctx, optimizer, term)
        formula.checkError()
        formula.release(term)
    }

    public func addSoft(_ soft: SoftLiteral) {
        softs.append(soft)
        let index = "\(soft.weight)".withCString { weight in
            Z3_optimize_assert_soft(formula.ctx, optimizer, formula.term(soft.literal), weight, Z3_mk_string_symbol(formula.ctx, "soft"))
        }
        formula.checkError()
        objective = index
    }

    public func optimize(limits: SolveLimits) -> OptimizationResult {
        let started = ContinuousClock.now
        statistics.solveCalls += 1
        defer { statistics.solveSeconds += started.duration(to: .now).inSeconds }

        func unknown(_ reason: UnknownReason) -> OptimizationResult {
            OptimizationResult(status: .unknown(reason), cost: nil, model: nil, lowerBound: 0)
        }
        // After a stop, Z3 may have failed a later call with "canceled": still a stop.
        if let error = formula.error { return unknown(interruptFlag?.isRaised == true ? .interrupted : .backEnd(error)) }
        if interruptFlag?.isRaised == true { return unknown(.interrupted) }
        if limits.isExpired { return unknown(.timeLimit) }
        let timeout = Z3Formula.timeoutMilliseconds(limits)
        if timeout != appliedTimeout {
            formula.withParameters([("timeout", timeout)]) { Z3_optimize_set_params(formula.ctx, optimizer, $0) }
            appliedTimeout = timeout
        }

        let generation = stopper.begin()
        var observer: Int?
        if let flag = interruptFlag {
            let stopper = self.stopper
            observer = flag.addObserver { stopper.requestStop(generation) }
        }
        let answer = Z3_optimize_check(formula.ctx, optimizer, 0, nil)
        let error = formula.context.lastError
        stopper.end()
        if let observer { interruptFlag?.removeObserver(observer) }
        // Stopped during the call, Z3's optimiser can still answer "sat" with an unfinished
        // model (seen when a race interrupted it), or report the error "canceled": only an
        // undisturbed answer counts.
        let disturbed = interruptFlag?.isRaised == true || limits.isExpired
        if let error { return unknown(disturbed ? (interruptFlag?.isRaised == true ? .interrupted : .timeLimit) : .backEnd(error)) }

        switch answer {
        case Z3_L_TRUE where disturbed:
            let best = checkedModel()
            return OptimizationResult(status: .unknown(interruptFlag?.isRaised == true ? .interrupted : .timeLimit),
                                      cost: best?.cost, model: best?.model, lowerBound: 0)
        case Z3_L_TRUE:
            guard let best = checkedModel() else {
                return unknown(.backEnd("Z3 reported an optimum whose model violates the hard constraints"))
            }
            return OptimizationResult(status: .optimal, cost: best.cost, model: best.model, lowerBound: best.cost)
        case Z3_L_FALSE:
            return OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: 0)
        default:
            let reason = Z3_optimize_get_reason_unknown(formula.ctx, optimizer).map { String(cString: $0) } ?? ""
            let status = OptimizationStatus.unknown(Z3Formula.unknownReason(reason, flag: interruptFlag, limits: limits))
            // Z3's upper bound is no sign that a model exists (before the first model it is
            // the total soft weight, and `Z3_optimize_get_model` then returns an assignment
            // that violates hard constraints), so the model itself is checked instead: any
            // assignment that satisfies the hard part bounds the optimum by its cost.
            let best = checkedModel()
            let lower = min(max(0, lowerBound() ?? 0), best?.cost ?? Int.max)
            return OptimizationResult(status: status, cost: best?.cost, model: best?.model, lowerBound: lower)
        }
    }

    /// Z3's current model, if it satisfies every hard constraint, with its recomputed cost.
    private func checkedModel() -> (model: [Bool], cost: Int)? {
        guard let m = Z3_optimize_get_model(formula.ctx, optimizer), formula.context.lastError == nil else { return nil }
        Z3_model_inc_ref(formula.ctx, m)
        defer { Z3_model_dec_ref(formula.ctx, m) }
        let model = (0..<variableCount).map { formula.value(of: Variable($0), in: m) }
        guard satisfiesHardConstraints(model) else { return nil }
        let cost = softs.reduce(0) { $0 + ($1.literal.isTrue(in: model) ? 0 : $1.weight) }
        return (model, cost)
    }

    private func satisfiesHardConstraints(_ model: [Bool]) -> Bool {
        for clause in hardClauses where !clause.contains(where: { $0.isTrue(in: model) }) { return false }
        for c in hardCardinalities {
            if let condition = c.condition, !condition.isTrue(in: model) { continue }
            let count = c.literals.reduce(0) { $0 + ($1.isTrue(in: model) ? 1 : 0) }
            if c.atLeast ? count < c.k : count > c.k { return false }
        }
        return true
    }

    /// Z3's lower bound on the objective when it is a finite number, else nil. Bounds may
    /// be rationals or involve infinities and epsilons; a rational one is rounded up, since
    /// costs are integers.
    private func lowerBound() -> Int? {
        guard let objective else { return 0 }
        // Referenced by hand: a missing bound is no error in the formula.
        guard let ast = Z3_optimize_get_lower(formula.ctx, optimizer, objective) else { return nil }
        Z3_inc_ref(formula.ctx, ast)
        defer { Z3_dec_ref(formula.ctx, ast) }
        guard Z3_is_numeral_ast(formula.ctx, ast), let text = Z3_get_numeral_string(formula.ctx, ast) else { return nil }
        let parts = String(cString: text).split(separator: "/")
        guard let numerator = Int(parts[0]) else { return nil }
        guard parts.count == 2, let denominator = Int(parts[1]), denominator > 0 else { return numerator }
        return numerator / denominator + (numerator > 0 && numerator % denominator != 0 ? 1 : 0)
    }
}
