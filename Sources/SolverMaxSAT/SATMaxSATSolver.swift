import SolverCore
import SolverCardinality

/// The MaxSAT algorithm a ``SATMaxSATSolver`` runs over its SAT back end.
public enum MaxSATAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// Core-guided OLL (Morgado, Dodaro & Marques-Silva 2014, "Core-guided MaxSAT with soft
    /// cardinality constraints", CP 2014) as refined by RC2 (Ignatiev, Morgado & Marques-Silva
    /// 2019, "RC2: an efficient MaxSAT solver", JSAT 11): raises a proven lower bound from
    /// unsatisfiable cores, relaxing each core with an incremental totalizer. Strong when the
    /// optimum is small relative to the number of soft literals, which is the FBAS case.
    case coreGuided = "core-guided"
    /// Linear SAT-UNSAT search: find a model, then demand a strictly cheaper one through a
    /// cardinality (or, with weights, generalized totalizer) bound on the falsified soft
    /// literals until none exists. Improves an upper bound; proves no lower bound until the end.
    case linearSearch = "linear-search"
}

/// Tuning of the ``MaxSATAlgorithm/coreGuided`` algorithm. Every setting keeps the result exact;
/// they only trade SAT calls for smaller cores or fewer iterations.
public struct CoreGuidedOptions: Sendable, Hashable {
    /// Stratification (RC2Stratified; Ansótegui, Bonet, Gabàs & Levy 2013): assume only the soft
    /// literals of the heaviest remaining weight first, and add lighter ones once the heavier
    /// ones are satisfiable, so that early cores are made of heavy literals and raise the lower
    /// bound by large steps. No effect on unweighted instances.
    public var stratification: Bool
    /// Core exhaustion (RC2's `exhaust_core`; "cover optimization" of Ansótegui et al. 2013):
    /// right after relaxing a core, raise its new sum's bound while the hard clauses alone still
    /// refute it, each step a proven increase of the lower bound.
    public var coreExhaustion: Bool
    /// How many times to re-solve with only a core's literals assumed, keeping the (possibly
    /// smaller) core the back end returns, until its size stops shrinking (RC2's `trim_core`).
    public var coreTrimmingRounds: Int
    /// Deletion-based core minimisation (RC2's `minimize_core`): drop each core literal whose
    /// removal keeps the rest unsatisfiable, with at most ``minimizationConflictBudget`` conflicts
    /// per SAT call; a call that runs out keeps the literal.
    public var coreMinimization: Bool
    /// The conflict limit of each SAT call made by core minimisation.
    public var minimizationConflictBudget: Int

    /// The defaults follow RC2's usual configuration for small optima: stratification and core
    /// exhaustion on, trimming and minimisation (which cost extra SAT calls per core) off.
    public init(stratification: Bool = true, coreExhaustion: Bool = true, coreTrimmingRounds: Int = 0,
                coreMinimization: Bool = false, minimizationConflictBudget: Int = 1000) {
        self.stratification = stratification
        self.coreExhaustion = coreExhaustion
        self.coreTrimmingRounds = coreTrimmingRounds
        self.coreMinimization = coreMinimization
        self.minimizationConflictBudget = minimizationConflictBudget
    }
}

/// MaxSAT over any `IncrementalSATSolver`: minimises the total weight of the falsified soft
/// literals subject to the hard clauses, by ``MaxSATAlgorithm/coreGuided`` or
/// ``MaxSATAlgorithm/linearSearch``.
///
/// Hard clauses, variables and cardinality constraints go straight into `base` (cardinality
/// constraints encoded with ``cardinalityEncoding``). Each ``optimize(limits:)`` starts afresh
/// from the current hard clauses and soft literals, so clauses and soft literals may be added
/// between calls. Everything an optimisation adds to `base` is either a definition of fresh
/// variables or a clause implied by the hard clauses; bounds on the cost are only ever assumed.
/// A later call therefore sees the same problem the caller built.
///
/// Results are checked before they are returned: the model's cost is recomputed from the soft
/// literals, and `.optimal` is only reported when that cost meets a proven lower bound (or the
/// back end refuted every cheaper model).
public final class SATMaxSATSolver<Base: IncrementalSATSolver>: MaxSATSolver, CardinalityConstraintSink, BoundsReporting {
    /// The SAT back end; it holds the hard clauses and every auxiliary clause.
    public let base: Base
    /// The algorithm ``optimize(limits:)`` runs.
    public let algorithm: MaxSATAlgorithm
    /// Settings of the core-guided algorithm (ignored by linear search).
    public var coreGuidedOptions: CoreGuidedOptions
    /// Encoding of the cardinality constraints added through `CardinalityConstraintSink`.
    public var cardinalityEncoding: CardinalityEncoding
    /// The soft literals registered so far, as registered (repeats included).
    public private(set) var softLiterals: [SoftLiteral] = []
    /// Told of every improved lower bound or best cost during ``optimize(limits:)``.
    public var boundsObserver: (@Sendable (_ lowerBound: Int, _ upperBound: Int?) -> Void)?

    /// A MaxSAT solver whose hard clauses live in `base` (which may already hold some).
    public init(base: Base, algorithm: MaxSATAlgorithm = .coreGuided,
                coreGuidedOptions: CoreGuidedOptions = CoreGuidedOptions(),
                cardinalityEncoding: CardinalityEncoding = .totalizer) {
        self.base = base
        self.algorithm = algorithm
        self.coreGuidedOptions = coreGuidedOptions
        self.cardinalityEncoding = cardinalityEncoding
    }

    /// `"<base>+<algorithm>"`, e.g. `"cryptominisat+core-guided"`.
    public var name: String { "\(base.name)+\(algorithm.rawValue)" }

    public var variableCount: Int { base.variableCount }
    public func newVariable() -> Variable { base.newVariable() }
    public func addClause(_ literals: [Literal]) { base.addClause(literals) }

    /// A back end with native cardinality constraints (Z3) gets them as they are.
    public func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        if let native = base as? any CardinalityConstraintSink {
            native.addAtLeast(k, of: literals, when: condition)
        } else {
            base.encodeAtLeast(k, of: literals, when: condition, using: cardinalityEncoding)
        }
    }

    public func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        if let native = base as? any CardinalityConstraintSink {
            native.addAtMost(k, of: literals, when: condition)
        } else {
            base.encodeAtMost(k, of: literals, when: condition, using: cardinalityEncoding)
        }
    }

    /// Registers a soft literal. Registering a literal again adds the weights (the model pays
    /// both when it falsifies the literal). A variable the back end has not created yet is
    /// created, so that a soft literal may name a variable no clause mentions.
    public func addSoft(_ soft: SoftLiteral) {
        while base.variableCount <= soft.literal.variable.index { _ = base.newVariable() }
        softLiterals.append(soft)
    }

    /// The interrupt flag of the back end: raising it stops the current SAT call, and the
    /// optimisation then returns `.unknown(.interrupted)` with the best model found so far.
    public var interruptFlag: InterruptFlag? {
        get { base.interruptFlag }
        set { base.interruptFlag = newValue }
    }

    /// The total weight of the soft literals `model` falsifies.
    public func cost(of model: [Bool]) -> Int {
        softLiterals.reduce(0) { $0 + ($1.literal.isTrue(in: model) ? 0 : $1.weight) }
    }

    /// Finds a least-cost model of the hard clauses within `limits`.
    ///
    /// The deadline and the interrupt flag apply to the whole optimisation (they are checked
    /// between SAT calls and passed to each); a conflict limit applies to each SAT call.
    /// On `.unknown`, `model`/`cost` are the best model found (if any) and `lowerBound` the best
    /// proven bound. Models cover the variables that existed when the call started (the
    /// auxiliary variables of the algorithm are left out).
    public func optimize(limits: SolveLimits) -> OptimizationResult {
        let softs = mergedSofts()
        var search = OptimizationContext(solver: base, softs: softs, limits: limits)
        search.observer = boundsObserver
        switch algorithm {
        case .coreGuided:
            var oll = CoreGuidedSearch(context: search, options: coreGuidedOptions)
            return oll.run()
        case .linearSearch:
            return search.linearSearch()
        }
    }

    /// The soft literals with repeats merged (weights added), in order of first registration.
    private func mergedSofts() -> [WeightedLiteral] {
        var index: [Literal: Int] = [:]
        var merged: [WeightedLiteral] = []
        for soft in softLiterals {
            if let i = index[soft.literal] {
                merged[i].weight += soft.weight
            } else {
                index[soft.literal] = merged.count
                merged.append(WeightedLiteral(soft.literal, weight: soft.weight))
            }
        }
        return merged
    }
}

/// State shared by both algorithms: the back end, the soft literals, the limits, the best model
/// found and the proven lower bound, and the construction of checked results.
struct OptimizationContext<Base: IncrementalSATSolver> {
    let solver: Base
    let softs: [WeightedLiteral]
    let limits: SolveLimits
    /// The caller's variables: those that existed when the optimisation started. Models are
    /// cut to them, so that every model returned has the same length whatever auxiliary
    /// variables were created after it was found.
    let variables: Int
    var best: (model: [Bool], cost: Int)? {
        didSet { if best?.cost != oldValue?.cost { observer?(lowerBound, best?.cost) } }
    }
    var lowerBound = 0 {
        didSet { if lowerBound != oldValue { observer?(lowerBound, best?.cost) } }
    }
    /// Told of each change of `lowerBound` or of the best cost.
    var observer: (@Sendable (Int, Int?) -> Void)?

    init(solver: Base, softs: [WeightedLiteral], limits: SolveLimits) {
        self.solver = solver
        self.softs = softs
        self.limits = limits
        variables = solver.variableCount
    }

    func cost(of model: [Bool]) -> Int {
        softs.reduce(0) { $0 + ($1.literal.isTrue(in: model) ? 0 : $1.weight) }
    }

    /// Why to stop before the next SAT call, if the deadline passed or the flag is raised.
    /// Checked here as well as in the back end, so that a back end answering easy calls without
    /// looking at the clock cannot keep an optimisation running past its deadline.
    func stopReason() -> UnknownReason? {
        if solver.interruptFlag?.isRaised == true { return .interrupted }
        if limits.isExpired { return .timeLimit }
        return nil
    }

    /// One SAT call under the optimisation's limits (and an optional tighter conflict budget).
    func solve(_ assumptions: [Literal], conflictBudget: Int? = nil) -> SolveResult {
        var callLimits = limits
        if let conflictBudget { callLimits.conflictLimit = min(conflictBudget, limits.conflictLimit ?? .max) }
        return solver.solve(assumptions: assumptions, limits: callLimits)
    }

    /// Records the back end's current model if it is the cheapest so far; returns its cost.
    @discardableResult
    mutating func recordModel() -> Int {
        let model = (0..<variables).map { solver.modelValue(Variable($0)) }
        let c = cost(of: model)
        if best == nil || c < best!.cost { best = (model, c) }
        return c
    }

    func unknown(_ reason: UnknownReason) -> OptimizationResult {
        OptimizationResult(status: .unknown(reason), cost: best?.cost, model: best?.model, lowerBound: lowerBound)
    }

    func unsatisfiable() -> OptimizationResult {
        OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: lowerBound)
    }

    /// `.optimal` for the best model, which the caller has proven optimal.
    func optimal() -> OptimizationResult {
        let best = best!
        return OptimizationResult(status: .optimal, cost: best.cost, model: best.model, lowerBound: best.cost)
    }

    /// A back end contradicted itself (say, a model after an empty core); report rather than guess.
    func inconsistent(_ what: String) -> OptimizationResult {
        unknown(.backEnd("inconsistent SAT answers: \(what)"))
    }
}
