import FBASChecker
import FBASEncodings
import FBASModel
import SeededRandom
import SolverCore

extension Analyses {
    /// A least set (of validators, or of groups) whose failure, together with `down`, leaves no
    /// quorum among the rest.
    ///
    /// Two searches give the same optimum (``BlockingMethod``):
    /// - **implicit hitting sets**: a set blocks exactly when it meets every quorum, so hit the
    ///   quorums found so far optimally (MaxSAT), then look for a quorum the candidate misses —
    ///   a polynomial fixpoint, no solver — shrink it to a minimal quorum, and repeat. Each
    ///   optimum is a lower bound; the first candidate that leaves no quorum is optimal. Fast
    ///   when few quorums pin the answer down; hopeless when the quorums are many and alike.
    /// - **contraction**: one MaxSAT query over `BlockingEncoding`, the cascade of failures
    ///   unrolled for as many rounds as there are distinct quorum sets. Linear search finds
    ///   ever smaller blocking sets and proves the last one least.
    ///
    /// The automatic choice races both on two threads when the contraction encoding is small
    /// (`contractionBudget`) and takes the first proved answer; a hitting-set lower bound
    /// that meets a contraction upper bound also ends the race. Without
    /// ``AnalysisOptions/race`` it runs the contraction alone when small, hitting sets otherwise.
    ///
    /// On a timeout the result holds the best lower bound and, when one was found, a checked
    /// blocking set (an upper bound) as `size`/`set`.
    public static func minimumBlockingSet(_ fbas: FBAS, grouping: Grouping? = nil, down: [Int] = [],
                                          options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> BlockingSetResult {
        let downSet = fbas.set(down)
        if options.isExpired {
            return BlockingSetResult(status: .timeout, size: nil, set: nil, validators: nil, down: Array(downSet), lowerBound: 0,
                                     unknownQsetValidators: relevantUnknownQsetValidators(fbas))
        }
        // Every minimal quorum lies among the top-tier candidates, so a least blocking set does
        // too, and the question is the same on the network cut down to them (the rest never in
        // a quorum). Its symmetries are those of that smaller network: on Stellar-like networks
        // the top-tier organisations are interchangeable there, though not in the whole network
        // where other validators trust different subsets of them. Groups with validators down
        // are not swapped (their down members would have to swap as well), so grouped queries
        // with a down set break no symmetry.
        let candidates = topTierCandidates(fbas, universe: Reduction.quorums(fbas).universe)
        let symmetries: Symmetries
        if let grouping {
            symmetries = downSet.isEmpty ? fbas.symmetries(among: candidates, labels: grouping.groupOf, labelsAreGroups: true) : Symmetries()
        } else {
            symmetries = fbas.symmetries(among: candidates, labels: (0..<fbas.count).map { downSet.contains($0) ? 1 : 0 })
        }
        let search = BlockingSearch(fbas: fbas, grouping: grouping, down: downSet, candidates: candidates, symmetries: symmetries)
        // Counted without a solver (BlockingLowerBound): a blocking set of this size is optimal.
        let counted = grouping == nil ? BlockingLowerBound.validators(fbas, universe: candidates, down: downSet) : 0
        let race = BoundsRace()
        race.offer(lower: counted)
        // Found without a solver (greedyBlockingSet): an upper bound the searches stop at once
        // their lower bound meets it, and the answer when it meets the count.
        let greedy = grouping == nil ? greedyBlockingSet(fbas, candidates: candidates, down: downSet, target: counted,
                                                                  expired: { options.isExpired }) : nil
        if let greedy { race.offer(upper: greedy.count) }

        // What runs: one search, or (`.automatic` here) both raced.
        var plan = options.blockingMethod
        if plan == .automatic {
            if BlockingEncoding.size(fbas, universe: candidates, down: downSet) > contractionBudget { plan = .hittingSets }
            else if !options.race { plan = .contraction }
        }
        if plan == .contraction, BlockingEncoding.size(fbas, universe: candidates, down: downSet) > options.clauseBudget {
            return BlockingSetResult(status: .tooLarge, size: nil, set: nil, validators: nil, down: Array(downSet), lowerBound: counted,
                                     unknownQsetValidators: relevantUnknownQsetValidators(fbas))
        }
        var outcome: BlockingOutcome
        if let greedy, greedy.count <= counted {
            outcome = BlockingOutcome(optimum: greedy, lowerBound: greedy.count)
        } else {
            switch plan {
            case .hittingSets: outcome = try race.runAlone(options: options) { o throws(AnalysisError) in try search.byHittingSets(options: o, race: race) }.get()
            case .contraction: outcome = try race.runAlone(options: options) { o throws(AnalysisError) in try search.byContraction(options: o, race: race) }.get()
            case .automatic: outcome = try search.race(options: options, race: race)
            }
        }
        if outcome.optimum == nil, let greedy, greedy.count < (outcome.best?.count ?? Int.max) { outcome.best = greedy }
        outcome.lowerBound = max(outcome.lowerBound, outcome.optimum == nil ? counted : 0)
        if outcome.optimum == nil, let best = outcome.best, best.count <= outcome.lowerBound {
            outcome = BlockingOutcome(optimum: best, lowerBound: best.count)
        }

        var result = BlockingSetResult(status: outcome.optimum == nil ? .timeout : .ok, size: nil, set: nil, validators: nil,
                                       down: Array(downSet), lowerBound: outcome.lowerBound,
                                       unknownQsetValidators: relevantUnknownQsetValidators(fbas))
        guard let units = outcome.optimum ?? outcome.best else { return result }
        // The counted bound ends searches early; a set below it means the count is wrong.
        if units.count < counted { throw .solverFailure("a blocking set of \(units.count) below the counted bound \(counted)") }
        // A chosen group may hold validators already down; the set is what fails beyond them.
        let members = validators(of: units, grouping: grouping).filter { !downSet.contains($0) }
        try verify(fbas) { c throws(WitnessError) in try c.checkBlocking(fbas.keys(members), down: fbas.keys(down)) }
        result.size = units.count
        result.set = units
        result.validators = members
        if outcome.optimum != nil { result.lowerBound = units.count }
        // The last word on progress: two racing searches report in no particular order.
        options.report("minimum blocking set", lowerBound: result.lowerBound, upperBound: result.size)
        return result
    }

    /// The largest contraction encoding (``BlockingEncoding/size(_:universe:down:)``, about
    /// clauses) the automatic choice still races against implicit hitting sets. Sizes: the
    /// 72-validator almost-symmetric network 23 000, flat-99 136 000, flat-198 1.8 million
    /// (376 MB, solved in 6.8 s); flat-297 8.3 million, 1.35 GB and no answer either way, so
    /// it is left to the hitting sets.
    static let contractionBudget = 5_000_000

    /// Minimal quorums added per hitting-set round (see ``minimumBlockingSet``). Measured on the
    /// 2024 Stellar snapshot (release, CryptoMiniSat): 1 → 9.2 s, 4 → 1.0 s, 16 → 0.63 s,
    /// 64 → 0.78 s, 256 → 1.5 s.
    static let quorumsPerRound = 16

    /// The validators with `isValidating == false`: the default "already down" set of the
    /// filtered blocking set.
    public static func notValidating(_ fbas: FBAS) -> [Int] {
        (0..<fbas.count).filter { fbas.validators[$0].metadata["isValidating"]?.bool == false }
    }
}

/// What one blocking-set search established: the optimum, or else its bounds.
struct BlockingOutcome: Sendable {
    /// Chosen units of a least blocking set, when proved least.
    var optimum: [Int]?
    /// A proven lower bound.
    var lowerBound: Int
    /// The smallest blocking set found when no optimum was proved (unchecked yet).
    var best: [Int]?
}

/// One blocking-set question, searched either way.
struct BlockingSearch: Sendable {
    let fbas: FBAS
    let grouping: Grouping?
    let down: BitSet
    let candidates: BitSet
    let symmetries: Symmetries

    var unitCount: Int { grouping?.groups.count ?? fbas.count }
    func unit(_ v: Int) -> Int { grouping?.groupOf[v] ?? v }

    /// Both searches on two threads; the first proof wins, and a lower bound from the hitting
    /// sets that meets an upper bound from the contraction proves that upper bound least.
    func race(options: AnalysisOptions, race: BoundsRace) throws(AnalysisError) -> BlockingOutcome {
        let (hitting, contraction) = race.run(options: options,
                                              here: { o throws(AnalysisError) in try byHittingSets(options: o, race: race) },
                                              there: { o throws(AnalysisError) in try self.byContraction(options: o, race: race) })
        // A proof from either side stands even if the other, cut short, failed.
        for side in [hitting, contraction] {
            if case .success(let o) = side, let optimum = o.optimum { return BlockingOutcome(optimum: optimum, lowerBound: optimum.count) }
        }
        let h = try hitting.get(), c = try contraction.get()
        let lower = max(h.lowerBound, c.lowerBound, race.lower)
        let best = [h.best, c.best].compactMap { $0 }.min { $0.count < $1.count }
        if let best, best.count <= lower { return BlockingOutcome(optimum: best, lowerBound: best.count) }
        return BlockingOutcome(optimum: nil, lowerBound: lower, best: best)
    }

    /// Implicit hitting sets over minimal quorums (see ``Analyses/minimumBlockingSet(_:grouping:down:options:)``).
    func byHittingSets(options: AnalysisOptions, race: BoundsRace?) throws(AnalysisError) -> BlockingOutcome {
        let available = fbas.allValidators.subtracting(down)
        func unitsOf(_ q: BitSet) -> [Int] {
            guard let grouping else { return Array(q) }
            return Array(Set(q.map { grouping.groupOf[$0] })).sorted()
        }
        var quorums: [[Int]] = []
        var seen = Set<[Int]>()
        var shuffler = SplitMix64(seed: 0x5eed)
        var candidate: [Int] = []
        var lowerBound = 0
        // Canonical candidates only (SymmetryBreaking): the least hitting set of the quorums
        // found so far among canonical sets is still at most the optimum, because the
        // canonical image of a least blocking set blocks too.
        var rounds = 0
        while true {
            let rest = available.subtracting(fbas.set(Analyses.validators(of: candidate, grouping: grouping)))
            // Several different minimal quorums the candidate misses, shrunk in different
            // orders: each round then raises the lower bound further for one MaxSAT call.
            var added = 0
            for round in 0..<Analyses.quorumsPerRound {
                var order = Array(fbas.maximalQuorum(within: rest))
                if order.isEmpty { break }
                if round > 0 { order.shuffle(using: &shuffler) }
                let shrunk: BitSet?
                do { shrunk = try fbas.minimalQuorum(within: rest, order: order, stoppingWhen: { options.isExpired }) } catch {
                    return BlockingOutcome(optimum: nil, lowerBound: lowerBound)
                }
                guard let q = shrunk else { break }
                let units = unitsOf(q)
                if seen.insert(units).inserted {
                    quorums.append(units)
                    added += 1
                }
                // Its image using the last members of each class of interchangeable validators,
                // the ones canonical candidates take last, is a minimal quorum too (the swap is
                // an automorphism) and the one the next candidates would miss.
                if grouping == nil, !symmetries.classes.isEmpty {
                    let image = symmetries.classImage(of: q, last: true)
                    if seen.insert(image).inserted {
                        quorums.append(image)
                        added += 1
                    }
                }
            }
            if added == 0 { return BlockingOutcome(optimum: candidate, lowerBound: candidate.count) }
            rounds += 1
            if options.isExpired { return BlockingOutcome(optimum: nil, lowerBound: lowerBound) }
            // A fresh solver each round: re-optimising one core-guided solver after adding
            // clauses was 60x slower on the Stellar snapshot (its core relaxations pile up).
            let solver = options.makeMaxSATSolver()
            solver.interruptFlag = options.interrupt
            let chosen = solver.newVariables(unitCount).map(\.positive)
            for l in chosen { solver.addSoft(!l) }
            for quorum in quorums { solver.addClause(quorum.map { chosen[$0] }) }
            SymmetryBreaking.breakSymmetries(symmetries, row: { [chosen[unit($0)]] }, into: solver)
            let outcome = solver.optimize(limits: options.limits)
            switch outcome.status {
            case .optimal:
                guard let model = outcome.model else { throw .solverFailure("optimum without a model") }
                candidate = chosen.indices.filter { chosen[$0].isTrue(in: model) }
                lowerBound = candidate.count
                race?.offer(lower: lowerBound)
                options.report("minimum blocking set", round: rounds, lowerBound: lowerBound,
                               detail: "\(quorums.count) quorums to hit")
            case .unsatisfiable:
                throw .solverFailure("a hitting-set instance with only positive clauses was reported unsatisfiable")
            case .unknown(let reason):
                if case .backEnd(let message) = reason { throw .solverFailure(message) }
                return BlockingOutcome(optimum: nil, lowerBound: max(lowerBound, outcome.lowerBound))
            }
        }
    }

    /// One MaxSAT query over ``BlockingEncoding``, by linear search: each model is a blocking
    /// set smaller than the last, and the final refutation proves the last one least.
    func byContraction(options: AnalysisOptions, race: BoundsRace?) throws(AnalysisError) -> BlockingOutcome {
        let solver = options.makeMaxSATSolver(algorithm: .linearSearch)
        solver.interruptFlag = options.interrupt
        let chosen = solver.newVariables(unitCount).map(\.positive)
        var fails: [Literal?] = Array(repeating: nil, count: fbas.count)
        // Units with no validator left to fail in the universe cannot help.
        var useful = Array(repeating: false, count: unitCount)
        for v in candidates where !down.contains(v) {
            fails[v] = chosen[unit(v)]
            useful[unit(v)] = true
        }
        for (u, l) in chosen.enumerated() {
            if useful[u] { solver.addSoft(!l) } else { solver.addClause([!l]) }
        }
        options.report("minimum blocking set",
                       detail: "encoding \(BlockingEncoding.rounds(fbas, universe: candidates, down: down)) rounds of contraction")
        BlockingEncoding.encode(fbas, into: solver, universe: candidates, fails: fails, down: down, limits: options.limits)
        SymmetryBreaking.breakSymmetries(symmetries, row: { [chosen[unit($0)]] }, into: solver)
        if options.isExpired { return BlockingOutcome(optimum: nil, lowerBound: 0) }
        options.observeBounds(of: solver, as: "minimum blocking set", race: race)
        let outcome = solver.optimize(limits: options.limits)
        let found = outcome.model.map { m in chosen.indices.filter { chosen[$0].isTrue(in: m) } }
        switch outcome.status {
        case .optimal:
            guard let found else { throw .solverFailure("optimum without a model") }
            return BlockingOutcome(optimum: found, lowerBound: found.count)
        case .unsatisfiable:
            throw .solverFailure("failing every validator blocks, yet the contraction encoding was reported unsatisfiable")
        case .unknown(let reason):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            return BlockingOutcome(optimum: nil, lowerBound: outcome.lowerBound, best: found)
        }
    }
}
