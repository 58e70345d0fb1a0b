import FBASChecker
import FBASEncodings
import FBASModel
import SolverCore
import SolverMaxSAT

/// What splitting through a closed core settled: the answer, or only a lower bound for the
/// search over the whole network.
enum CoreSplitting {
    case answer(SplittingSetResult)
    case lowerBound(Int)
}

extension Analyses {
    /// Least splitting sets through a closed core C (``FBAS/closedCore(among:)``): every
    /// validator a known member of C names is in C. Take a splitting set F with quorums A, B.
    ///
    /// - If A and B each hold an honest (outside F) known member of C, then A ∩ C and B ∩ C are
    ///   quorums of the network cut to C (their honest members' quorum sets name only C) that
    ///   share only members of F: F ∩ C splits the core. Conversely, a splitting set of the
    ///   core, with its quorums, splits the whole network.
    /// - Otherwise one of them, say A, has all its honest known members outside C, so every
    ///   known member of A inside C is in F: F contains the liars of a *capture*, a quorum whose
    ///   honest known members all lie outside C. That is a one-quorum question.
    ///
    /// So the least splitting set is at least min(core, capture), and is the core's when the
    /// core's is no larger. A least capture (A, L) is a least splitting set as soon as some
    /// quorum B, with the members of L exempt, meets A only inside L.
    ///
    /// On Stellar-like networks the core is the top tier: two questions over 90 and over all
    /// validators with one quorum each replace one over pairs of quorums among all of them,
    /// whose refutations (no split by fewer liars through any validator outside the top tier)
    /// took core-guided search most of a minute at 2,000 validators.
    static func splittingThroughCore(_ fbas: FBAS, grouping: Grouping?, reduction: Reduction, core: BitSet,
                                     options: AnalysisOptions) throws(AnalysisError) -> CoreSplitting {
        // The core's search reports no progress of its own: its bounds are the core's, not the
        // network's.
        options.report("minimum splitting set", detail: "splitting the closed core of \(core.count) validators")
        var quiet = options
        quiet.progress = nil
        // When the core's counted bound is above the least capture, a capture realised as a
        // split is the answer without the core's search (which on asymmetric tiers is the hard
        // part): the core's own sets are larger still. Tiered-2000 with an asymmetric tier: the
        // core is bounded by 8 in 0.3 s, a capture of 6 found at once, where the core's search
        // ran out of time.
        // The capture gets three quarters of the time left, so that the core's search (and its
        // checked greedy set, should that run out of time too) still has the rest. (Sybil-2000:
        // the capture takes about 14 s of a 20 s limit; with half the time it ran out.)
        // Whether a capture comes first depends only on whether the core's bound is above the
        // counted capture, so the core's bound is first proven only that far.
        // Counted once for every capture search below (nil: no capture exists).
        let counted = CaptureLowerBound.liars(fbas, universe: reduction.universe, core: core)
        let captureCount = grouping == nil ? counted : nil
        let cap = captureCount.map { $0 + 1 }
        var coreBound = try splittingCountedBound(fbas, grouping: grouping, universe: core, options: quiet, cap: cap)
        var share = options
        if let left = options.limits.secondsRemaining { share.deadline = .now + .milliseconds(Int64(left * 750)) }
        // A capture realised as a split: a quorum B meets its quorum only inside its liars.
        func realised(_ liars: [Int], _ quorum: [Int], options o: AnalysisOptions) throws(AnalysisError) -> SplittingSetResult? {
            let members = validators(of: liars, grouping: grouping)
            guard let other = try quorumMeeting(quorum, onlyIn: members, fbas: fbas, universe: reduction.universe, options: o) else { return nil }
            try verify(fbas) { c throws(WitnessError) in try c.checkSplitting(fbas.keys(members), fbas.keys(quorum), fbas.keys(other)) }
            return SplittingSetResult(status: .ok, size: liars.count, set: liars, validators: members, quorumA: quorum, quorumB: other,
                                      lowerBound: liars.count, unknownQsetValidators: relevantUnknownQsetValidators(fbas))
        }
        // (leastCapture finds none when its counted start is not below the bound.)
        var first = Capture.none
        if grouping == nil {
            first = try leastCapture(fbas, grouping: grouping, universe: reduction.universe, core: core, counted: counted,
                                     below: coreBound, options: share)
            if case .found(let liars, let quorum) = first, let answer = try realised(liars, quorum, options: share) { return .answer(answer) }
        }
        // The core's search needs its whole bound, which the cap may have cut short. When no
        // capture lay below the capped bound, a larger bound leaves room for larger captures
        // first, from where the first search stopped.
        if let cap, coreBound >= cap {
            let searched = coreBound
            coreBound = try splittingCountedBound(fbas, grouping: grouping, universe: core, options: quiet)
            if grouping == nil, case .none = first, coreBound > searched,
               case .found(let liars, let quorum) = try leastCapture(fbas, grouping: grouping, universe: reduction.universe, core: core,
                                                                     counted: counted, from: searched, below: coreBound, options: share),
               let answer = try realised(liars, quorum, options: share) {
                return .answer(answer)
            }
        }
        let inCore = try splittingSearch(fbas, grouping: grouping, reduction: reduction, universe: core, proven: coreBound, options: quiet)
        // Out of time: the core's checked splitting set, if any, is the best upper bound (it
        // splits the whole network), and the lesser of the two lower bounds holds.
        func timedOut(lower: Int) -> CoreSplitting {
            var result = inCore
            result.status = .timeout
            result.lowerBound = lower
            return .answer(result)
        }
        guard inCore.status == .ok else {
            return timedOut(lower: min(inCore.lowerBound, grouping == nil ? captureCount ?? inCore.lowerBound : 0))
        }
        // Only captures cheaper than the core's splitting set can do better.
        if inCore.size == 0 { return .answer(inCore) }
        let capture = try leastCapture(fbas, grouping: grouping, universe: reduction.universe, core: core, counted: counted,
                                       below: inCore.size, options: options)
        switch capture {
        case .none:
            // No capture below the core's optimum: the core's splitting set is least (or, when
            // the core cannot be split either, no splitting set exists).
            return .answer(inCore)
        case .stopped(let lower):
            return timedOut(lower: min(lower, inCore.size ?? lower))
        case .found(let liars, let quorum):
            guard let answer = try realised(liars, quorum, options: options) else {
                return options.isExpired ? timedOut(lower: liars.count) : .lowerBound(liars.count)
            }
            return .answer(answer)
        }
    }

    enum Capture: Sendable {
        /// No capture with fewer liars than asked.
        case none
        /// A least capture: its liars (units: validators, or groups) and its quorum.
        case found(liars: [Int], quorum: [Int])
        /// Out of time, with the proven lower bound.
        case stopped(lower: Int)

        var isStopped: Bool {
            if case .stopped = self { return true }
            return false
        }
    }

    /// A least capture of `core` with fewer than `bound` liars (any number when nil): a quorum A
    /// whose known members inside the core all lie (are in L; under `dead`, so do its members
    /// with unknown quorum sets), with an honest known member, and the fewest liars L. Searched
    /// upwards from ``CaptureLowerBound``, which on Stellar-like networks is the optimum
    /// (tiered-1000: one satisfiable call, against 12 s of core-guided search from 0), or from
    /// `known` liars when no capture is known to have fewer. `counted` is
    /// ``CaptureLowerBound/liars(_:universe:core:)`` of the same core (nil: no capture exists).
    static func leastCapture(_ fbas: FBAS, grouping: Grouping?, universe: BitSet, core: BitSet, counted: Int?, from known: Int = 0,
                             below bound: Int?, options: AnalysisOptions) throws(AnalysisError) -> Capture {
        // The count is in validators, and one group may hold several of them: in groups the
        // search starts from 0.
        guard let counted else { return .none }
        let start = max(known, grouping == nil ? counted : 0)
        if let bound, start >= bound { return .none }
        // The search is usually one satisfiable call at the counted bound, a model search where
        // the back ends differ most (tiered-2000: CryptoMiniSat 0.19 s, CaDiCaL 1.45 s), so with
        // a partner back end both run it and the first answer stands.
        guard options.race, options.distinctPartner != nil else {
            return try captureSearch(fbas, grouping: grouping, universe: universe, core: core, start: start, below: bound, options: options)
        }
        let race = BoundsRace()
        let search = { @Sendable (o: AnalysisOptions) throws(AnalysisError) -> Capture in
            try captureSearch(fbas, grouping: grouping, universe: universe, core: core, start: start, below: bound, options: o)
        }
        let (mine, theirs) = race.run(options: options, here: search, there: search)
        for side in [mine, theirs] {
            if case .success(let c) = side, !c.isStopped { return c }
        }
        let lowers = [mine, theirs].compactMap { side -> Int? in
            if case .success(.stopped(let lower)) = side { return lower }
            return nil
        }
        guard let lower = lowers.max() else { return try mine.get() }
        return .stopped(lower: lower)
    }

    /// One upward search for a least capture from `start` liars (see ``leastCapture``).
    static func captureSearch(_ fbas: FBAS, grouping: Grouping?, universe: BitSet, core: BitSet, start: Int, below bound: Int?,
                              options: AnalysisOptions) throws(AnalysisError) -> Capture {
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        let units = grouping?.groups.count ?? fbas.count
        let inSet = (0..<units).map { _ in solver.newVariable().positive }
        let exempt: [Literal?] = (0..<fbas.count).map { v in inSet[grouping?.groupOf[v] ?? v] }
        let a = QuorumEncoding.encode(fbas, into: solver, universe: universe, exempt: exempt, limits: options.limits)
        if options.isExpired { return .stopped(lower: start) }
        for v in core where fbas.hasKnownQSet(v) {
            if let m = a.member[v] { solver.addClause([!m, exempt[v]!]) }
        }
        switch UpwardSearch.minimize(solver, counting: inSet, from: start, below: bound, limits: options.limits) {
        case .unsatisfiable:
            return .none
        case .optimal(_, let model):
            return .found(liars: inSet.indices.filter { inSet[$0].isTrue(in: model) }, quorum: a.members { $0.isTrue(in: model) })
        case .unknown(let reason, let lower):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return .stopped(lower: lower)
        }
    }

    /// A quorum B, with the members of `liars` exempt from their quorum sets, holding an honest
    /// known member and meeting `quorum` only inside `liars`; nil when there is none.
    static func quorumMeeting(_ quorum: [Int], onlyIn liars: [Int], fbas: FBAS, universe: BitSet,
                              options: AnalysisOptions) throws(AnalysisError) -> [Int]? {
        let lying = fbas.set(liars)
        var allowed = universe
        for v in quorum where !lying.contains(v) { allowed.remove(v) }
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        let yes = solver.newVariable().positive
        solver.addClause([yes])
        let exempt: [Literal?] = (0..<fbas.count).map { lying.contains($0) ? yes : nil }
        let b = QuorumEncoding.encode(fbas, into: solver, universe: allowed, exempt: exempt, limits: options.limits)
        if options.isExpired { return nil }
        switch solver.solve(assumptions: [], limits: options.limits) {
        case .satisfiable: return b.members { solver.modelValue($0) }
        case .unsatisfiable: return nil
        case .unknown(let reason):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return nil
        }
    }
}
