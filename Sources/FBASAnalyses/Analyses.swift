import FBASChecker
import FBASEncodings
import FBASModel
import SeededRandom
import SolverCardinality
import SolverCore
import SolverMaxSAT

/// The core analyses of the semantics (section 3). Each returns a typed result whose witness
/// has passed the independent `WitnessChecker`; a rejected witness throws
/// ``AnalysisError/witnessRejected(_:)`` instead of returning.
public enum Analyses {
    // MARK: Quorum intersection

    /// Does every two quorums intersect? `noQuorum` is decided without a solver (the greatest
    /// fixpoint of the whole network is empty); otherwise one SAT query for two disjoint quorums.
    public static func checkIntersection(_ fbas: FBAS, options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> IntersectionResult {
        let unknown = relevantUnknownQsetValidators(fbas)
        // Out of time before starting: every analysis says so at once rather than doing its
        // solver-free preparation (seconds on 200,000 validators) first.
        if options.isExpired {
            return IntersectionResult(status: .timeout, outcome: nil, quorumA: nil, quorumB: nil, unknownQsetValidators: unknown)
        }
        // The union of all quorums: one propagation. Shrinking it to a minimal quorum, the
        // witness shown for `intersects`, waits until the answer is known.
        let union = fbas.maximalQuorum(within: fbas.allValidators)
        guard !union.isEmpty else {
            try verify(fbas) { c throws(WitnessError) in try c.checkNoQuorum() }
            return IntersectionResult(status: .ok, outcome: .noQuorum, quorumA: nil, quorumB: nil, unknownQsetValidators: unknown)
        }
        let reduction = Reduction.quorums(fbas)
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        // Two disjoint quorums hold two disjoint minimal quorums, and minimal quorums lie among
        // the top-tier candidates: the query needs no one else.
        let (a, b) = SplittingEncoding.disjointQuorums(fbas, into: solver, universe: topTierCandidates(fbas, universe: reduction.universe),
                                                       deferringAbove: options.deferThresholdsAbove, limits: options.limits)
        if options.isExpired {
            return IntersectionResult(status: .timeout, outcome: nil, quorumA: nil, quorumB: nil, unknownQsetValidators: unknown, reduction: reduction)
        }
        // Large thresholds start out of the formula: a refutation without them stands, and a
        // pair of "quorums" that breaks one brings that one in (a lazy, counterexample-guided
        // encoding; most refutations of networks with hundreds of organisations never need it).
        var pending = a.deferred + b.deferred
        var added = 0
        var outcome = solver.solve(assumptions: [], limits: options.limits)
        while case .satisfiable = outcome {
            let value = { (l: Literal) in solver.modelValue(l) }
            let split = pending.partition { $0.isViolated(by: value) }
            if split == pending.endIndex { break }
            // A deferred threshold can be enormous (30,000 entries, half of them needed).
            added += pending[split...].reduce(0) { $0 + QuorumEncoding.thresholdClauses(entries: $1.entries.count, threshold: $1.threshold) }
            if added > options.clauseBudget {
                return IntersectionResult(status: .tooLarge, outcome: nil, quorumA: nil, quorumB: nil, unknownQsetValidators: unknown, reduction: reduction)
            }
            for c in pending[split...] { solver.addAtLeast(c.threshold, of: c.entries, when: c.condition) }
            pending.removeSubrange(split...)
            outcome = solver.solve(assumptions: [], limits: options.limits)
        }
        switch outcome {
        case .satisfiable:
            let qa = a.members { solver.modelValue($0) }, qb = b.members { solver.modelValue($0) }
            try verify(fbas) { c throws(WitnessError) in try c.checkDisjointQuorums(fbas.keys(qa), fbas.keys(qb)) }
            return IntersectionResult(status: .ok, outcome: .split, quorumA: qa, quorumB: qb, unknownQsetValidators: unknown, reduction: reduction)
        case .unsatisfiable:
            // A minimal quorum reads best; out of time, the union of all quorums is a quorum too.
            let q = Array(((try? fbas.minimalQuorum(within: union, stoppingWhen: { options.isExpired })) ?? nil) ?? union)
            try verify(fbas) { c throws(WitnessError) in try c.checkQuorum(fbas.keys(q)) }
            return IntersectionResult(status: .ok, outcome: .intersects, quorumA: q, quorumB: nil, unknownQsetValidators: unknown, reduction: reduction)
        case .unknown(let reason):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return IntersectionResult(status: .timeout, outcome: nil, quorumA: nil, quorumB: nil, unknownQsetValidators: unknown, reduction: reduction)
        }
    }

    // MARK: Splitting sets

    /// A least set (of validators, or of groups) that can split the network: a MaxSAT query
    /// minimising the splitting-set literals over
    /// `SplittingEncoding.splitting(_:into:grouping:universe:liarsWithinGroups:breakingSymmetry:limits:)`.
    /// `size` is nil when no set of liars can split it (for example a single validator).
    ///
    /// When the encoding is small enough to hold twice (`splittingRaceBudget`) and
    /// ``AnalysisOptions/race`` is on, a search that raises lower bounds (core-guided, or
    /// upwards from the counted bound of `SplittingLowerBound` when it proves one) races
    /// linear search (which lowers upper bounds) on two threads: the first proof wins, and the
    /// race also ends when the two bounds meet. On networks made of organisations only
    /// (`OrganisationalForm`) the lower-bounding search counts per organisation.
    ///
    /// A network with a closed core (`FBAS.closedCore(among:)`, a top tier that names only
    /// itself) is first split through it (`splittingThroughCore(_:grouping:reduction:core:options:)`):
    /// the core's least splitting set against a least capture, two smaller questions that
    /// usually settle the answer; otherwise they give the search above a proven lower bound.
    public static func minimumSplittingSet(_ fbas: FBAS, grouping: Grouping? = nil, knownIntersection: IntersectionResult? = nil,
                                           options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> SplittingSetResult {
        // No shortcut for networks without a quorum: members of F are exempt from their quorum
        // sets (and, under `dead`, from having one), so liars can still make two sets of
        // honest validators each believe they form a quorum.
        let reduction = Reduction.splitting(fbas)
        if options.isExpired {
            return SplittingSetResult(status: .timeout, size: nil, set: nil, validators: nil, quorumA: nil, quorumB: nil,
                                      lowerBound: 0, unknownQsetValidators: relevantUnknownQsetValidators(fbas), reduction: reduction)
        }
        if SplittingEncoding.size(fbas) > options.clauseBudget {
            return SplittingSetResult(status: .tooLarge, size: nil, set: nil, validators: nil, quorumA: nil, quorumB: nil,
                                      lowerBound: 0, unknownQsetValidators: relevantUnknownQsetValidators(fbas), reduction: reduction)
        }
        // An already split network needs no liar: two disjoint quorums are a splitting set of
        // size 0. Looked for first, briefly (at most a second): the optimisation can spend its
        // whole limit without settling size 0 where the intersection check finds the two quorums
        // in a tenth of a second (issue 18). Whatever the answer, the search below is unchanged.
        // (A caller that has checked intersection already passes its answer.)
        var quick = options
        quick.deadline = min(options.deadline ?? .now + .seconds(1), .now + .seconds(1))
        quick.progress = nil
        let split: IntersectionResult
        if let knownIntersection { split = knownIntersection } else { split = try checkIntersection(fbas, options: quick) }
        if split.outcome == .split, let a = split.quorumA, let b = split.quorumB {
            try verify(fbas) { c throws(WitnessError) in try c.checkSplitting([], fbas.keys(a), fbas.keys(b)) }
            options.report("minimum splitting set", lowerBound: 0, upperBound: 0)
            return SplittingSetResult(status: .ok, size: 0, set: [], validators: [], quorumA: a, quorumB: b, lowerBound: 0,
                                      unknownQsetValidators: relevantUnknownQsetValidators(fbas), reduction: reduction)
        }
        options.report("minimum splitting set", detail: "optimising")
        var proven = 0
        if let core = fbas.closedCore(among: reduction.universe) {
            switch try splittingThroughCore(fbas, grouping: grouping, reduction: reduction, core: core, options: options) {
            case .answer(var result):
                result.reduction = reduction
                options.report("minimum splitting set", lowerBound: result.lowerBound, upperBound: result.size)
                return result
            case .lowerBound(let bound):
                proven = bound
            }
        }
        let counted = try splittingCountedBound(fbas, grouping: grouping, universe: reduction.universe, options: options)
        return try splittingSearch(fbas, grouping: grouping, reduction: reduction, universe: reduction.universe,
                                   proven: max(proven, counted), options: options)
    }

    /// The lower bound on splitting sets within `universe` found without a search: the pairwise
    /// count (``SplittingLowerBound``) and, for networks of organisations, the bound from quorum
    /// sizes, searched within a share of the time (by size when the organisations weigh the
    /// same, ``uniformQuorumSizeBound(_:form:options:cap:)``; else ``quorumSizeBound(_:form:options:)``).
    /// With a `cap`, the bound may stop growing once it reaches the cap (it is then at least
    /// the cap, not necessarily the whole bound).
    static func splittingCountedBound(_ fbas: FBAS, grouping: Grouping?, universe: BitSet,
                                      options: AnalysisOptions, cap: Int? = nil) throws(AnalysisError) -> Int {
        guard grouping == nil else { return 0 }
        var counted = SplittingLowerBound.validators(fbas, universe: universe)
        if let cap, counted >= cap { return counted }
        if let form = fbas.organisationalForm(among: universe) {
            var share = options
            share.progress = nil
            share.deadline = .now + quorumBoundShare(of: options.limits.secondsRemaining)
            if let uniform = uniformQuorumSizeBound(fbas, form: form, options: share, cap: cap) {
                counted = max(counted, uniform)
            } else {
                counted = max(counted, try quorumSizeBound(fbas, form: form, options: share))
            }
        }
        return counted
    }

    /// The search of ``minimumSplittingSet(_:grouping:options:)`` over the validators of
    /// `universe`, starting from a lower bound already `proven` for it (callers include
    /// ``splittingCountedBound(_:grouping:universe:options:)``): a model of that size is optimal.
    static func splittingSearch(_ fbas: FBAS, grouping: Grouping?, reduction: Reduction, universe: BitSet, proven counted: Int,
                                options: AnalysisOptions) throws(AnalysisError) -> SplittingSetResult {
        let unknown = relevantUnknownQsetValidators(fbas)
        var result = SplittingSetResult(status: .ok, size: nil, set: nil, validators: nil, quorumA: nil, quorumB: nil,
                                        lowerBound: 0, unknownQsetValidators: unknown)
        result.reduction = reduction
        // A splitting set found without a solver no larger than the bound is the answer, and no
        // search runs. (Not once the time is up: on flat-1000 the greedy one takes half a second.)
        let heuristic = grouping == nil && !options.isExpired ? heuristicSplit(fbas, universe: universe, stopAt: counted, options: options) : nil
        // Built before the search, whose answer may come past the deadline (see `verify`), and
        // the heuristic set checked at once, though it may not be the answer.
        let checker = WitnessChecker(fbas)
        if let g = heuristic {
            try verify(checker) { c throws(WitnessError) in try c.checkSplitting(fbas.keys(g.set), fbas.keys(g.a), fbas.keys(g.b)) }
        }
        // The heuristic set (checked above) as the result's witness.
        func adopt(_ g: (set: [Int], a: [Int], b: [Int])) {
            result.size = g.set.count
            result.set = g.set
            result.validators = g.set
            result.quorumA = g.a
            result.quorumB = g.b
        }
        if let g = heuristic, g.set.count <= counted {
            // The counted bound ends searches early; a set below it means the count is wrong.
            if g.set.count < counted { throw .solverFailure("a splitting set of \(g.set.count) below the counted bound \(counted)") }
            adopt(g)
            result.lowerBound = g.set.count
            options.report("minimum splitting set", lowerBound: result.lowerBound, upperBound: result.size)
            return result
        }
        // With a counted bound, refuting upwards from it replaces core-guided search, which would
        // first refute everything below it one core at a time (16_orgs factor 2: 3.3 → 1.9 s).
        let fromBelow = counted > 0
        let attempt: SplittingAttempt
        // Small queries race, and count organisations on the lower-bounding side. Large ones run
        // one search over validators: counting took flat-1000 13 s past its deadline (validators:
        // 4.5 s), in the solver, and neither finishes there.
        let small = SplittingEncoding.size(fbas) <= splittingRaceBudget
        // A search that proves the heuristic set's size ends, raced or alone: that set is optimal.
        let race = BoundsRace()
        race.offer(lower: counted)
        if let g = heuristic { race.offer(upper: g.set.count) }
        if options.race, small {
            let (core, linear) = race.run(options: options,
                here: { o throws(AnalysisError) in
                    fromBelow ? try splittingFromBelow(fbas, grouping: grouping, universe: universe, start: counted, counting: true, options: o, race: race)
                              : try splittingAttempt(fbas, grouping: grouping, universe: universe, algorithm: .coreGuided, counting: true, options: o, race: race) },
                there: { o throws(AnalysisError) in try splittingAttempt(fbas, grouping: grouping, universe: universe, algorithm: .linearSearch, counting: false, options: o, race: race) })
            // A proof from either side stands even if the other, cut short, failed.
            if case .success(let a) = core, a.outcome.status == .optimal || a.outcome.status == .unsatisfiable {
                attempt = a
            } else if case .success(let a) = linear, a.outcome.status == .optimal || a.outcome.status == .unsatisfiable {
                attempt = a
            } else {
                attempt = try SplittingAttempt.combine(try core.get(), try linear.get(), lower: race.lower)
            }
        } else if fromBelow {
            // Alone, the lower-bounding side of the race (tiered-1000 on z3: 60 s core-guided
            // from 0 in the top tier, where the counted bound 12 is the optimum).
            attempt = try race.runAlone(options: options) { o throws(AnalysisError) in
                try splittingFromBelow(fbas, grouping: grouping, universe: universe, start: counted, counting: small, options: o, race: race)
            }.get()
        } else {
            attempt = try splittingAttempt(fbas, grouping: grouping, universe: universe, algorithm: .coreGuided, counting: small,
                                           options: options, race: nil)
        }
        if attempt.expiredWhileEncoding {
            result.status = .timeout
            result.lowerBound = counted
            if let g = heuristic { adopt(g) }
            return result
        }
        let outcome = attempt.outcome, query = attempt.query
        // No splitting set at all: nothing to bound (core-guided search may have raised its bound
        // on the way to finding the hard part unsatisfiable).
        result.lowerBound = outcome.status == .unsatisfiable ? 0 : max(outcome.lowerBound, counted)
        if case .unsatisfiable = outcome.status { return result }
        if case .unknown = outcome.status {
            result.status = .timeout
            // On a timeout, a checked heuristic splitting set is the best known upper bound when
            // the solver has none as good. (Given to the solver as a bound, it did not help:
            // refuting anything smaller is the slow part, on tiered-500 as on the suite.) A race
            // stopped by a lower bound meeting its size has proved it optimal.
            if let g = heuristic, outcome.model.map({ m in query.cost.filter { $0.isTrue(in: m) }.count > g.set.count }) ?? true {
                if g.set.count < result.lowerBound {
                    throw .solverFailure("a splitting set of \(g.set.count) below the proven bound \(result.lowerBound)")
                }
                adopt(g)
                if g.set.count == result.lowerBound { result.status = .ok }
                return result
            }
        }
        guard let model = outcome.model else { return result }
        let value = { (l: Literal) in l.isTrue(in: model) }
        let (units, qa, qb) = query.witness(value)
        // The counted bound ends searches early; a set below it means the count is wrong.
        if units.count < counted { throw .solverFailure("a splitting set of \(units.count) below the counted bound \(counted)") }
        let members = validators(of: units, grouping: grouping)
        try verify(checker) { c throws(WitnessError) in try c.checkSplitting(fbas.keys(members), fbas.keys(qa), fbas.keys(qb)) }
        result.size = units.count
        result.set = units
        result.validators = members
        result.quorumA = qa
        result.quorumB = qb
        if result.status == .ok { result.lowerBound = units.count }
        // The last word on progress: two racing searches report in no particular order.
        options.report("minimum splitting set", lowerBound: result.lowerBound, upperBound: result.size)
        return result
    }

    /// The largest splitting query, in ``SplittingEncoding/size(_:)``'s clauses, that is encoded
    /// twice to race two searches. Tiered-2000 has about 320 000 and flat-297 480 000, and
    /// race; flat-1000 has 19 million, and with two copies reached 3.4 GB (one: 1.8 GB).
    /// Counting quorum-set entries instead (the budget before) let flat-1000 race: its 175
    /// distinct quorum sets have only 58 000 entries, but thresholds of 223 out of 334 each.
    static let splittingRaceBudget = 5_000_000

    /// The time the bound from quorum sizes may take before the search starts: a quarter of
    /// what is left, at most 10 s (its proven part counts even when cut short). Flat-99's bound
    /// takes CaDiCaL 4.5 s and CryptoMiniSat 16 s; at 198 validators neither proves anything in
    /// a minute, so more time would only be lost.
    static func quorumBoundShare(of remaining: Double?) -> Duration {
        .milliseconds(Int64(min(10, (remaining ?? 40) / 4) * 1000))
    }

    /// UNSAT–SAT search upwards from a proven lower bound: "at most k liars" for k = start,
    /// start + 1, …; each refutation raises the bound, and the first model is optimal. Good when
    /// a counted bound (``SplittingLowerBound``) is close to the optimum, which saves the
    /// core-guided search the refutations below it.
    static func splittingFromBelow(_ fbas: FBAS, grouping: Grouping?, universe: BitSet, start: Int, counting: Bool,
                                   options: AnalysisOptions, race: BoundsRace?) throws(AnalysisError) -> SplittingAttempt {
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        let query = SplittingQuery.encode(fbas, into: solver, grouping: grouping, universe: universe, limits: options.limits, counting: counting)
        func stopped(_ lower: Int, expired: Bool = false) -> SplittingAttempt { .stopped(query, lowerBound: lower, expiredWhileEncoding: expired) }
        if options.isExpired { return stopped(0, expired: true) }
        let outcome = UpwardSearch.minimize(solver, counting: query.cost, from: start, limits: options.limits) { k in
            race?.offer(lower: k)
            options.report("minimum splitting set", lowerBound: race?.lower ?? k, upperBound: race?.upper)
        }
        switch outcome {
        case .optimal(let cost, let model):
            race?.offer(upper: cost)
            return SplittingAttempt(outcome: OptimizationResult(status: .optimal, cost: cost, model: model, lowerBound: cost),
                                    query: query, expiredWhileEncoding: false)
        case .unsatisfiable:
            return SplittingAttempt(outcome: OptimizationResult(status: .unsatisfiable, cost: nil, model: nil, lowerBound: 0),
                                    query: query, expiredWhileEncoding: false)
        case .unknown(let reason, let lower):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return stopped(lower)
        }
    }

    /// One MaxSAT search for a least splitting set.
    static func splittingAttempt(_ fbas: FBAS, grouping: Grouping?, universe: BitSet, algorithm: MaxSATAlgorithm, counting: Bool,
                                 options: AnalysisOptions, race: BoundsRace?) throws(AnalysisError) -> SplittingAttempt {
        let solver = options.makeMaxSATSolver(algorithm: algorithm)
        solver.interruptFlag = options.interrupt
        let query = SplittingQuery.encode(fbas, into: solver, grouping: grouping, universe: universe, limits: options.limits,
                                          counting: counting)
        if options.isExpired { return .stopped(query, lowerBound: 0, expiredWhileEncoding: true) }
        for l in query.cost { solver.addSoft(!l) }
        options.observeBounds(of: solver, as: "minimum splitting set", race: race)
        let outcome = solver.optimize(limits: options.limits)
        if case .unknown(.backEnd(let message)) = outcome.status { throw .solverFailure(message) }
        return SplittingAttempt(outcome: outcome, query: query, expiredWhileEncoding: false)
    }

    // MARK: History-critical sets and minimum quorums

    /// Validators whose `historyArchiveHasError` is explicitly false: the ones with working archives.
    public static func workingArchives(_ fbas: FBAS) -> [Int] {
        (0..<fbas.count).filter { fbas.validators[$0].metadata["historyArchiveHasError"]?.bool == false }
    }

    /// A least set C of validators with working archives such that C with validators without
    /// working archives forms a quorum: a quorum minimising its working-archive members.
    public static func historyCriticalSet(_ fbas: FBAS, options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> HistoryCriticalResult {
        let working = fbas.set(workingArchives(fbas))
        // Built before the search, whose answer may come past the deadline (see `verify`).
        let checker = WitnessChecker(fbas)
        let (status, quorum, lower, reduction) = try leastQuorum(fbas, weighing: working, options: options)
        var result = HistoryCriticalResult(status: status, size: nil, set: nil, quorum: nil, lowerBound: lower,
                                           unknownQsetValidators: relevantUnknownQsetValidators(fbas), reduction: reduction)
        guard let quorum else { return result }
        let critical = quorum.filter { working.contains($0) }
        try verify(checker) { c throws(WitnessError) in
            try c.checkHistoryCritical(fbas.keys(critical), quorum: fbas.keys(quorum), working: fbas.keys(working))
        }
        result.size = critical.count
        result.set = critical
        result.quorum = quorum
        return result
    }

    /// A quorum of least cardinality.
    public static func minimumQuorum(_ fbas: FBAS, options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> MinimumQuorumResult {
        // Built before the search, whose answer may come past the deadline (see `verify`).
        let checker = WitnessChecker(fbas)
        let (status, quorum, lower, reduction) = try leastQuorum(fbas, weighing: fbas.allValidators, options: options)
        var result = MinimumQuorumResult(status: status, size: nil, quorum: nil, lowerBound: lower,
                                         unknownQsetValidators: relevantUnknownQsetValidators(fbas), reduction: reduction)
        guard let quorum else { return result }
        try verify(checker) { c throws(WitnessError) in try c.checkQuorum(fbas.keys(quorum)) }
        result.size = quorum.count
        result.quorum = quorum
        return result
    }

    /// A quorum with the fewest members in `weighed` (MaxSAT, raced by an integer program when
    /// the question is large; ``AnalysisOptions/integerProgramming``), or nil when none exists.
    static func leastQuorum(_ fbas: FBAS, weighing weighed: BitSet, options: AnalysisOptions) throws(AnalysisError)
        -> (AnalysisStatus, [Int]?, Int, Reduction?)
    {
        if options.isExpired { return (.timeout, nil, 0, nil) }
        guard !fbas.maximalQuorum(within: fbas.allValidators).isEmpty else { return (.ok, nil, 0, nil) }
        let reduction = Reduction.quorums(fbas)
        let question = LeastQuorumQuestion(fbas, weighing: weighed, universe: reduction.universe)
        if question.form == nil, QuorumEncoding.size(fbas, universe: question.candidates) > options.clauseBudget {
            return (.tooLarge, nil, 0, reduction)
        }
        let integer = options.integerProgramming.flatMap { question.choices >= $0.fromChoices ? $0 : nil }
        let outcome: LeastQuorumOutcome
        switch integer {
        case let ip? where ip.alone:
            outcome = question.solveByIntegerProgramming(ip, options: options)
        case let ip? where options.race:
            let race = BoundsRace()
            let (mine, theirs) = race.run(options: options, here: { (own) throws(AnalysisError) in
                question.solveByMaxSAT(own)
            }, there: { own in
                let answer = question.solveByIntegerProgramming(ip, options: own)
                // Only an optimum ends the race: anything less (a failure of cbc, a timeout)
                // leaves the MaxSAT search running until it ends on its own.
                if case .optimal = answer.result.status {} else { race.waitUntilStopped() }
                return answer
            })
            outcome = LeastQuorumOutcome.better(of: try mine.get(), (try? theirs.get()))
        default:
            outcome = question.solveByMaxSAT(options)
        }
        if outcome.expiredWhileEncoding { return (.timeout, nil, 0, reduction) }
        let result = outcome.result
        switch result.status {
        case .optimal:
            guard let model = result.model else { throw .solverFailure("optimum without a model") }
            let quorum = outcome.members(model)
            return (.ok, quorum, quorum.filter { weighed.contains($0) }.count, reduction)
        case .unsatisfiable:
            throw .solverFailure("no quorum found by the solver although the fixpoint found one")
        case .unknown(let reason):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return (.timeout, result.model.map(outcome.members), result.lowerBound, reduction)
        }
    }

    static func validators(of units: [Int], grouping: Grouping?) -> [Int] {
        guard let grouping else { return units }
        return units.flatMap { grouping.groups[$0].members }.sorted()
    }
}

/// One encoded splitting-set question: the literals whose true count is the set's size, and
/// how to read the set (in units: validators, or groups) and its two quorums from a model.
struct SplittingQuery: Sendable {
    var cost: [Literal]
    var witness: @Sendable ((Literal) -> Bool) -> (units: [Int], a: [Int], b: [Int])

    /// Over validators (``SplittingEncoding``), or, with `counting`, counted per organisation
    /// (``OrganisationalSplittingEncoding``) when the network restricted to `universe` has that
    /// form and no grouping is asked for.
    ///
    /// The race runs one of each: the lower-bounding search counts organisations and linear
    /// search chooses validators. Neither encoding wins everywhere (on the 13- and 16-organisation
    /// networks of `random/` the validators' linear search answers in 0.6 s where counting takes
    /// 1.1–1.6 s; on `16_orgs_delete_prob_factor_1` counting takes 2 s and validators 30 s), so
    /// each network gets whichever answers first.
    static func encode(_ fbas: FBAS, into solver: some CardinalityConstraintSink, grouping: Grouping?, universe: BitSet,
                       limits: SolveLimits, counting: Bool) -> SplittingQuery {
        if counting, grouping == nil, let form = fbas.organisationalForm(among: universe) {
            let vars = OrganisationalSplittingEncoding.splitting(fbas, form: form, into: solver, limits: limits)
            return SplittingQuery(cost: vars.costLiterals, witness: { value in
                let w = vars.witness(in: value)
                return (w.set, w.a, w.b)
            })
        }
        let vars = SplittingEncoding.splitting(fbas, into: solver, grouping: grouping, universe: universe, limits: limits)
        return SplittingQuery(cost: vars.costLiterals, witness: { value in
            (vars.inSet.indices.filter { value(vars.inSet[$0]) }, vars.a.members(in: value), vars.b.members(in: value))
        })
    }
}

/// What one splitting-set search returned, with the query to read its model.
struct SplittingAttempt: Sendable {
    var outcome: OptimizationResult
    var query: SplittingQuery
    /// The deadline passed while the query was still being encoded: nothing to trust.
    var expiredWhileEncoding: Bool

    /// A search stopped before any answer, with the lower bound it had proved.
    static func stopped(_ query: SplittingQuery, lowerBound: Int, expiredWhileEncoding: Bool) -> SplittingAttempt {
        SplittingAttempt(outcome: OptimizationResult(status: .unknown(.interrupted), cost: nil, model: nil, lowerBound: lowerBound),
                         query: query, expiredWhileEncoding: expiredWhileEncoding)
    }

    /// The better of two raced attempts: a proof if either has one, else the cheaper model,
    /// optimal if it meets the best lower bound either proved.
    static func combine(_ x: SplittingAttempt, _ y: SplittingAttempt, lower: Int) throws(AnalysisError) -> SplittingAttempt {
        for a in [x, y] where a.outcome.status == .optimal || a.outcome.status == .unsatisfiable { return a }
        let bound = max(lower, x.outcome.lowerBound, y.outcome.lowerBound)
        let withModels = [x, y].filter { $0.outcome.cost != nil }
        guard var best = withModels.min(by: { $0.outcome.cost! < $1.outcome.cost! }) else {
            var a = x.expiredWhileEncoding ? y : x
            a.outcome.lowerBound = bound
            return a
        }
        best.expiredWhileEncoding = false
        if best.outcome.cost! <= bound {
            best.outcome.status = .optimal
            best.outcome.lowerBound = best.outcome.cost!
        } else {
            best.outcome.lowerBound = bound
        }
        return best
    }
}
