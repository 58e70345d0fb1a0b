import FBASEncodings
import FBASModel
import SolverCore
import SolverILP

/// The least-quorum question (a quorum with the fewest members in `weighed`) as one encoding
/// that either search can be given: a MaxSAT solver or the integer program.
struct LeastQuorumQuestion: Sendable {
    let fbas: FBAS
    let weighed: BitSet
    /// Some minimal quorum is optimal (a quorum's minimal sub-quorum weighs no more), and every
    /// minimal quorum lies among the top-tier candidates: the search stays there, where the top
    /// tier's organisations are interchangeable even if the rest of the network is not.
    let candidates: BitSet
    /// The candidates' organisational form, when they have it: the question is then counted per
    /// organisation (``OrganisationalQuorumEncoding``), which members each gives settled by weight.
    let form: OrganisationalForm?

    init(_ fbas: FBAS, weighing weighed: BitSet, universe: BitSet) {
        self.fbas = fbas
        self.weighed = weighed
        candidates = Analyses.topTierCandidates(fbas, universe: universe)
        form = fbas.organisationalForm(among: candidates).flatMap { f in f.classes.allSatisfy { $0.threshold >= 1 } ? f : nil }
    }

    /// How many things the search chooses among: organisations, or validators.
    var choices: Int { form?.classes.count ?? candidates.count }

    /// Adds the question to `solver` and returns how a model names its quorum; nil when the
    /// deadline passed while encoding.
    func encode(into solver: some MaxSATSolver & CardinalityConstraintSink, limits: SolveLimits) -> (@Sendable ([Bool]) -> [Int])? {
        let weighed = self.weighed
        if let form {
            let q = OrganisationalQuorumEncoding.leastQuorum(fbas, form: form, weight: { weighed.contains($0) ? 1 : 0 }, into: solver, limits: limits)
            // Cut short, the encoding is incomplete: nothing may be solved on it.
            if limits.isExpired { return nil }
            for (c, w) in q.weight.enumerated() where w > 0 { solver.addSoft(SoftLiteral(!q.met[c], weight: w)) }
            return { model in q.members { $0.isTrue(in: model) } }
        }
        let q = QuorumEncoding.encode(fbas, into: solver, universe: candidates, limits: limits)
        if limits.isExpired { return nil }
        for v in weighed { if let m = q.member[v] { solver.addSoft(!m) } }
        let labels = (0..<fbas.count).map { weighed.contains($0) ? 1 : 0 }
        SymmetryBreaking.breakSymmetries(fbas.symmetries(among: candidates, labels: labels), row: { [q.member[$0]!] }, into: solver)
        return { model in q.members { $0.isTrue(in: model) } }
    }

    /// The core-guided MaxSAT search on the options' back end.
    func solveByMaxSAT(_ options: AnalysisOptions) -> LeastQuorumOutcome {
        let solver = options.makeMaxSATSolver()
        solver.interruptFlag = options.interrupt
        guard let members = encode(into: solver, limits: options.limits) else { return .expiredWhileEncoding }
        options.observeBounds(of: solver, as: "least quorum")
        return LeastQuorumOutcome(result: solver.optimize(limits: options.limits), members: members)
    }

    /// The same encoding as a 0-1 integer program, solved by CBC.
    func solveByIntegerProgramming(_ ip: IntegerProgramming, options: AnalysisOptions) -> LeastQuorumOutcome {
        let solver = CBCSolver(executable: ip.executable)
        solver.interruptFlag = options.interrupt
        guard let members = encode(into: solver, limits: options.limits) else { return .expiredWhileEncoding }
        return LeastQuorumOutcome(result: solver.optimize(limits: options.limits), members: members)
    }
}

/// What one least-quorum search returned, with the reading of its model.
struct LeastQuorumOutcome: Sendable {
    var result: OptimizationResult
    var members: @Sendable ([Bool]) -> [Int]
    var expiredWhileEncoding = false

    static let expiredWhileEncoding = LeastQuorumOutcome(result: OptimizationResult(status: .unknown(.timeLimit), cost: nil, model: nil, lowerBound: 0),
                                                         members: { _ in [] }, expiredWhileEncoding: true)

    /// What the MaxSAT search `a` and the integer program `b` proved together: an optimum if
    /// either found one; else the cheaper model with the higher of their lower bounds, an
    /// optimum too when that bound meets the model's cost. The integer program contributes
    /// nothing when it failed (cbc missing or gave up) or never finished encoding; a MaxSAT
    /// failure stands (it is reported as the solver failure it is) unless the integer program
    /// found the optimum.
    static func better(of a: LeastQuorumOutcome, _ b: LeastQuorumOutcome?) -> LeastQuorumOutcome {
        guard let b, !b.expiredWhileEncoding, !b.failed else { return a }
        if case .optimal = a.result.status { return a }
        if case .optimal = b.result.status { return b }
        if a.failed { return a }
        if a.expiredWhileEncoding { return b }
        if case .unsatisfiable = a.result.status { return a }
        var merged = (b.result.cost ?? Int.max) < (a.result.cost ?? Int.max) ? b : a
        merged.result.lowerBound = max(a.result.lowerBound, b.result.lowerBound)
        if let cost = merged.result.cost, merged.result.lowerBound >= cost {
            merged.result.status = .optimal
            merged.result.lowerBound = cost
        }
        return merged
    }

    var failed: Bool {
        if case .unknown(.backEnd) = result.status { return true }
        return false
    }
}
