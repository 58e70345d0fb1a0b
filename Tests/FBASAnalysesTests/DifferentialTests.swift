import Foundation
import Testing
import SolverTestSupport
import FBASChecker
import FBASEncodings
import FBASModel
import SolverCore
import SolverILP
@testable import FBASAnalyses

/// Every analysis on every back end equals the brute-force oracle on random small networks.
/// `FBAS_DIFFERENTIAL_COUNT` raises the number of networks per back end (default 150).
@Suite struct DifferentialTests {
    static let count = Int(ProcessInfo.processInfo.environment["FBAS_DIFFERENTIAL_COUNT"] ?? "") ?? 150

    /// Networks of 1 to 8 validators under both policies, replayable from the seed: two in
    /// three of arbitrary shape, one in three made of organisations (symmetric structure).
    static func networks(seed: UInt64) -> [FBAS] {
        var rng = SolverTestSupport.SplitMix64(seed: seed)
        return (0..<count).map { i in
            let n = Int.random(in: 1...8, using: &rng), policy: UnknownQsetPolicy = i % 4 == 3 ? .dead : .free
            return i % 3 == 2 ? RandomNetworks.makeOrganisational(validators: n, using: &rng, policy: policy)
                              : RandomNetworks.make(validators: n, using: &rng, policy: policy)
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func intersectionMatchesTheOracle(_ backend: SolverBackend) throws {
        for (i, f) in Self.networks(seed: 101).enumerated() {
            let r = try Analyses.checkIntersection(f, options: AnalysisOptions(backend: backend))
            let expected: IntersectionOutcome = switch Oracle(fbas: f).intersects {
            case nil: .noQuorum
            case true?: .intersects
            case false?: .split
            }
            #expect(r.outcome == expected, "network \(i)")
            // Every threshold deferred, brought in only when a model breaks it: same answers.
            var lazy = AnalysisOptions(backend: backend)
            lazy.deferThresholdsAbove = 0
            #expect(try Analyses.checkIntersection(f, options: lazy).outcome == expected, "network \(i), deferred")
        }
    }

    /// Raced (core-guided against linear search on two threads) and alone (core-guided).
    @Test(arguments: SolverBackend.allCases, [true, false])
    func splittingSetsMatchTheOracle(_ backend: SolverBackend, raced: Bool) throws {
        var options = AnalysisOptions(backend: backend)
        options.race = raced
        for (i, f) in Self.networks(seed: 202).enumerated() where f.count <= 7 {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.minimumSplittingSet(f, options: options)
            #expect(r.status == .ok)
            #expect(r.size == oracle.minimumSplitting(), "network \(i)")
            if i % 4 == 0 {
                let g = Grouping.organizationLevel(of: f, organizations: nil)
                let rg = try Analyses.minimumSplittingSet(f, grouping: g, options: options)
                #expect(rg.size == oracle.minimumSplitting(grouping: g), "network \(i), grouped")
            }
        }
    }

    /// Liars within the chosen groups (the explorers' merge of splitting sets), against the
    /// oracle, on groupings that put several validators in one group; and never more groups
    /// than when every member of a chosen group lies.
    @Test(arguments: SolverBackend.allCases)
    func splittingWithinGroupsMatchesTheOracle(_ backend: SolverBackend) throws {
        var rng = SolverTestSupport.SplitMix64(seed: 919)
        var differs = 0
        for (i, f) in Self.networks(seed: 505).enumerated() where f.count <= 7 {
            let names: [String?] = (0..<f.count).map { _ in Int.random(in: 0..<4, using: &rng) == 0 ? nil : "g\(Int.random(in: 0..<3, using: &rng))" }
            let g = Grouping(level: "test", names: names, diagnostics: [])
            let oracle = Oracle(fbas: f)
            let r = try Analyses.minimumSplittingSetWithinGroups(f, grouping: g, options: AnalysisOptions(backend: backend))
            #expect(r.status == .ok)
            let expected = oracle.minimumSplittingWithinGroups(g)
            #expect(r.size == expected, "network \(i)")
            let whole = oracle.minimumSplitting(grouping: g)
            if let expected { #expect(whole.map { $0 >= expected } ?? true, "network \(i)") }
            if expected != whole { differs += 1 }
        }
        #expect(differs > 0, "some network must tell the two notions apart, or this tests nothing new")
    }

    /// The counted lower bound never exceeds the least splitting set, and proves something
    /// on some networks (else it would test nothing).
    @Test func countedSplittingBoundsAreLowerBounds() throws {
        var positive = 0
        for (i, f) in Self.networks(seed: 202).enumerated() where f.count <= 7 {
            let bound = SplittingLowerBound.validators(f, universe: Reduction.splitting(f).universe)
            if bound > 0 { positive += 1 }
            if let least = Oracle(fbas: f).minimumSplitting() { #expect(bound <= least, "network \(i)") }
        }
        #expect(positive > 0)
    }

    /// The counted blocking bound never exceeds the least blocking set (with and without
    /// validators down), and proves something on some networks.
    @Test func countedBlockingBoundsAreLowerBounds() throws {
        var positive = 0
        for (i, f) in Self.networks(seed: 303).enumerated() {
            let oracle = Oracle(fbas: f)
            let universe = Analyses.topTierCandidates(f, universe: Reduction.quorums(f).universe)
            for down in [[], Analyses.notValidating(f)] {
                let bound = BlockingLowerBound.validators(f, universe: universe, down: f.set(down))
                if bound > 0 { positive += 1 }
                #expect(bound <= oracle.minimumBlocking(down: down), "network \(i), down \(down)")
            }
        }
        #expect(positive > 0)
    }

    /// The greedy blocking set (an upper bound that ends the searches when it meets their
    /// lower bound) is a real blocking set, with and without validators down, never below the
    /// optimum, and the optimum itself on most networks.
    @Test func greedyBlockingSetsAreCheckedUpperBounds() throws {
        var found = 0, optimal = 0
        for (i, f) in Self.networks(seed: 304).enumerated() {
            let oracle = Oracle(fbas: f)
            let universe = Analyses.topTierCandidates(f, universe: Reduction.quorums(f).universe)
            for down in [[], Analyses.notValidating(f)] {
                // With the counted bound as its target, the seeded restarts run too where the
                // first runs stay above it.
                let target = BlockingLowerBound.validators(f, universe: universe, down: f.set(down))
                guard let g = Analyses.greedyBlockingSet(f, candidates: universe, down: f.set(down), target: target) else { continue }
                found += 1
                #expect(Set(g).isDisjoint(with: down), "network \(i)")
                try WitnessChecker(f).checkBlocking(f.keys(g), down: f.keys(down))
                let least = oracle.minimumBlocking(down: down)
                #expect(g.count >= least, "network \(i), down \(down)")
                if g.count == least { optimal += 1 }
            }
        }
        #expect(found > 100 && optimal > found / 2)
    }

    /// The greedy splitting set reported on timeouts is a real splitting set, never below the
    /// optimum.
    @Test func greedySplittingSetsAreCheckedUpperBounds() throws {
        var found = 0
        for (i, f) in Self.networks(seed: 303).enumerated() where f.count <= 7 {
            guard let g = Analyses.greedySplit(f, universe: Reduction.splitting(f).universe) else { continue }
            found += 1
            try WitnessChecker(f).checkSplitting(f.keys(g.set), f.keys(g.a), f.keys(g.b))
            if let least = Oracle(fbas: f).minimumSplitting() { #expect(g.set.count >= least, "network \(i)") }
            else { Issue.record("network \(i): the oracle finds no splitting set but the greedy one passed the checker") }
        }
        #expect(found > 0)
    }

    @Test(arguments: SolverBackend.allCases, BlockingMethod.allCases)
    func blockingSetsMatchTheOracle(_ backend: SolverBackend, _ method: BlockingMethod) throws {
        for (i, f) in Self.networks(seed: 303).enumerated() {
            let oracle = Oracle(fbas: f)
            var options = AnalysisOptions(backend: backend)
            options.blockingMethod = method
            let r = try Analyses.minimumBlockingSet(f, options: options)
            #expect(r.size == oracle.minimumBlocking(), "network \(i)")
            let down = Analyses.notValidating(f)
            let rf = try Analyses.minimumBlockingSet(f, down: down, options: options)
            #expect(rf.size == oracle.minimumBlocking(down: down), "network \(i), filtered")
            let g = Grouping.organizationLevel(of: f, organizations: nil)
            let rg = try Analyses.minimumBlockingSet(f, grouping: g, options: options)
            #expect(rg.size == oracle.minimumBlocking(grouping: g), "network \(i), grouped")
            let rgf = try Analyses.minimumBlockingSet(f, grouping: g, down: down, options: options)
            #expect(rgf.size == oracle.minimumBlocking(grouping: g, down: down), "network \(i), grouped and filtered")
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func historyCriticalSetsAndMinimumQuorumsMatchTheOracle(_ backend: SolverBackend) throws {
        for (i, f) in Self.networks(seed: 404).enumerated() {
            let oracle = Oracle(fbas: f)
            let h = try Analyses.historyCriticalSet(f, options: AnalysisOptions(backend: backend))
            #expect(h.size == oracle.leastQuorum(weighing: f.set(Analyses.workingArchives(f))), "network \(i)")
            let m = try Analyses.minimumQuorum(f, options: AnalysisOptions(backend: backend))
            #expect(m.size == oracle.leastQuorum(weighing: f.allValidators), "network \(i)")
        }
    }
}

/// The least-quorum searches by integer programming (CBC), alone and racing MaxSAT, on every
/// network however small (the default leaves small questions to MaxSAT alone).
@Suite struct IntegerProgrammingLeastQuorumTests {
    static func options(alone: Bool) throws -> AnalysisOptions {
        var o = AnalysisOptions()
        let cbc = try #require(CBCSolver.locateExecutable(), "cbc is not installed (apt-get install coinor-cbc)")
        o.integerProgramming = IntegerProgramming(executable: cbc, fromChoices: 0, alone: alone)
        return o
    }

    @Test(arguments: [true, false])
    func historyCriticalSetsAndMinimumQuorumsMatchTheOracle(alone: Bool) throws {
        let options = try Self.options(alone: alone)
        for (i, f) in DifferentialTests.networks(seed: 405).enumerated() {
            let oracle = Oracle(fbas: f)
            let h = try Analyses.historyCriticalSet(f, options: options)
            #expect(h.size == oracle.leastQuorum(weighing: f.set(Analyses.workingArchives(f))), "network \(i)")
            let m = try Analyses.minimumQuorum(f, options: options)
            #expect(m.size == oracle.leastQuorum(weighing: f.allValidators), "network \(i)")
        }
    }

    @Test func leastQuorumsOfOrganisationsMatchTheOracle() throws {
        try OrganisationalLeastQuorumTests.check(options: Self.options(alone: true))
    }

    /// An integer program that fails (here `/bin/false` as cbc) leaves the race to MaxSAT.
    @Test func aFailingIntegerProgramLeavesTheAnswerToMaxSAT() throws {
        var options = AnalysisOptions()
        options.integerProgramming = IntegerProgramming(executable: "/bin/false", fromChoices: 0)
        for (i, f) in DifferentialTests.networks(seed: 406).prefix(40).enumerated() {
            let m = try Analyses.minimumQuorum(f, options: options)
            #expect(m.status == .ok && m.size == Oracle(fbas: f).leastQuorum(weighing: f.allValidators), "network \(i)")
        }
    }

    /// An integer program still running when MaxSAT answers is killed: a stand-in that sleeps
    /// for ten minutes does not hold the answer up.
    @Test func anIntegerProgramStillRunningIsKilledWhenMaxSATAnswers() throws {
        var options = AnalysisOptions()
        options.integerProgramming = IntegerProgramming(executable: sleepingStandIn().executable, fromChoices: 0)
        for (i, f) in DifferentialTests.networks(seed: 407).prefix(10).enumerated() {
            let m = try Analyses.minimumQuorum(f, options: options)
            #expect(m.status == .ok && m.size == Oracle(fbas: f).leastQuorum(weighing: f.allValidators), "network \(i)")
        }
    }

    static func outcome(_ status: OptimizationStatus, cost: Int?, lower: Int) -> LeastQuorumOutcome {
        LeastQuorumOutcome(result: OptimizationResult(status: status, cost: cost, model: cost.map { _ in [] }, lowerBound: lower),
                           members: { _ in [] })
    }

    /// Two stopped searches prove together what neither did alone: one's bound meeting the
    /// other's model is an optimum; otherwise the cheaper model and the higher bound.
    @Test func twoStoppedSearchesCombineTheirBounds() {
        let met = LeastQuorumOutcome.better(of: Self.outcome(.unknown(.timeLimit), cost: 9, lower: 7),
                                            Self.outcome(.unknown(.timeLimit), cost: 8, lower: 8))
        #expect(met.result.status == .optimal && met.result.cost == 8 && met.result.lowerBound == 8)
        let open = LeastQuorumOutcome.better(of: Self.outcome(.unknown(.timeLimit), cost: 9, lower: 7),
                                             Self.outcome(.unknown(.interrupted), cost: nil, lower: 6))
        #expect(open.result.status == .unknown(.timeLimit) && open.result.cost == 9 && open.result.lowerBound == 7)
    }

    /// A failed integer program counts for nothing; a failed MaxSAT search stands unless the
    /// integer program found the optimum.
    @Test func failuresAreNotHiddenAndDoNotCount() {
        let failed = Self.outcome(.unknown(.backEnd("gone")), cost: nil, lower: 0)
        let stopped = Self.outcome(.unknown(.timeLimit), cost: 9, lower: 7)
        #expect(LeastQuorumOutcome.better(of: stopped, failed).result == stopped.result)
        #expect(LeastQuorumOutcome.better(of: failed, stopped).result == failed.result)
        let optimal = Self.outcome(.optimal, cost: 8, lower: 8)
        #expect(LeastQuorumOutcome.better(of: failed, optimal).result == optimal.result)
    }
}

/// Least quorums counted per organisation (``OrganisationalQuorumEncoding``) on networks of
/// organisations whose members weigh differently (archives working or not), so that which
/// members a class gives matters.
@Suite struct OrganisationalLeastQuorumTests {
    @Test(arguments: SolverBackend.allCases)
    func leastQuorumsOfOrganisationsMatchTheOracle(_ backend: SolverBackend) throws {
        try Self.check(options: AnalysisOptions(backend: backend))
    }

    static func check(options: AnalysisOptions) throws {
        var rng = SolverTestSupport.SplitMix64(seed: 1818)
        var counted = 0
        for i in 0..<250 {
            let plain = RandomNetworks.makeOrganisational(validators: Int.random(in: 2...9, using: &rng), using: &rng, pure: i % 2 == 0)
            let records = plain.records.map { v -> Validator in
                var r = v
                r.metadata.members.append(("historyArchiveHasError", .bool(Bool.random(using: &rng))))
                return r
            }
            let f = FBAS(validators: records, policy: plain.policy)
            if f.organisationalForm() != nil { counted += 1 }
            let oracle = Oracle(fbas: f)
            let h = try Analyses.historyCriticalSet(f, options: options)
            #expect(h.size == oracle.leastQuorum(weighing: f.set(Analyses.workingArchives(f))), "network \(i)")
            let m = try Analyses.minimumQuorum(f, options: options)
            #expect(m.size == oracle.leastQuorum(weighing: f.allValidators), "network \(i)")
        }
        #expect(counted > 80, "most networks are counted per organisation")
    }
}

@Suite struct TopTierDifferentialTests {
    @Test(arguments: SolverBackend.allCases)
    func topTierIsTheUnionOfMinimalQuorumsOfTheOracle(_ backend: SolverBackend) throws {
        for (i, f) in DifferentialTests.networks(seed: 505).enumerated() {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.topTier(f, options: AnalysisOptions(backend: backend))
            #expect(r.status == .ok)
            let expectedOutcome: IntersectionOutcome = switch oracle.intersects {
            case nil: .noQuorum
            case true?: .intersects
            case false?: .split
            }
            #expect(r.intersection == expectedOutcome, "network \(i)")
            guard expectedOutcome == .intersects else {
                #expect(r.topTier == nil)
                continue
            }
            #expect(r.topTier.map { Set($0) } == oracle.topTier, "network \(i)")
            #expect(r.symmetric == (Set(oracle.topTier.map { f.qsetOf[$0] }).count == 1), "network \(i)")
            for q in r.minimalQuorums { #expect(oracle.minimalQuorums.contains(f.set(q)), "network \(i)") }
        }
    }
}

/// Minimal quorums — one, one not inside a given set, and all of them — equal the oracle's on
/// random networks, on every back end, and every answer passes the independent checker.
@Suite struct MinimalQuorumDifferentialTests {
    /// The sets a minimal quorum is asked to leave: a random half, everyone but one validator
    /// (so the answer must contain that one), and each of the first two minimal quorums (so
    /// the answer must be another).
    static func excludedSets(_ f: FBAS, _ oracle: Oracle, using rng: inout SolverTestSupport.SplitMix64) -> [BitSet] {
        var sets = [f.set((0..<f.count).filter { _ in Bool.random(using: &rng) })]
        if f.count > 0 {
            var allButOne = f.allValidators
            allButOne.remove(Int.random(in: 0..<f.count, using: &rng))
            sets.append(allButOne)
        }
        sets += oracle.minimalQuorums.prefix(2)
        return sets
    }

    @Test func aMinimalQuorumWithoutConditionIsOneOfTheOracle() throws {
        for (i, f) in DifferentialTests.networks(seed: 606).enumerated() {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.minimalQuorum(f)
            #expect(r.status == .ok)
            #expect((r.quorum == nil) == oracle.minimalQuorums.isEmpty, "network \(i)")
            if let q = r.quorum { #expect(oracle.minimalQuorums.contains(f.set(q)), "network \(i)") }
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func aMinimalQuorumNotWithinASetExistsExactlyWhenTheOracleHasOne(_ backend: SolverBackend) throws {
        var rng = SolverTestSupport.SplitMix64(seed: 707)
        var refinements = 0, asked = 0
        for (i, f) in DifferentialTests.networks(seed: 707).enumerated() {
            let oracle = Oracle(fbas: f)
            let checker = WitnessChecker(f)
            for s in Self.excludedSets(f, oracle, using: &rng) {
                let r = try Analyses.minimalQuorum(f, notWithin: Array(s), options: AnalysisOptions(backend: backend))
                asked += 1
                refinements += r.refinements
                #expect(r.status == .ok)
                #expect(r.notWithin == Array(s))
                let expected = oracle.minimalQuorums.contains { !$0.isSubset(of: s) }
                #expect((r.quorum != nil) == expected, "network \(i), not within \(s)")
                guard let q = r.quorum else { continue }
                #expect(oracle.minimalQuorums.contains(f.set(q)), "network \(i), not within \(s)")
                #expect(!f.set(q).isSubset(of: s), "network \(i), not within \(s)")
                #expect(throws: Never.self) { try checker.checkMinimalQuorum(Set(q.map { f.validators[$0].publicKey })) }
            }
        }
        // The refinement loop itself must have been exercised, not only the solver-free paths.
        if DifferentialTests.count >= 100 { #expect(refinements > 0, "\(asked) questions, no refinement") }
    }

    @Test(arguments: SolverBackend.allCases)
    func enumerationListsExactlyTheMinimalQuorumsOfTheOracle(_ backend: SolverBackend) throws {
        for (i, f) in DifferentialTests.networks(seed: 808).enumerated() {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.allMinimalQuorums(f, options: AnalysisOptions(backend: backend))
            #expect(r.status == .ok)
            #expect(r.complete)
            #expect(r.capReached == nil)
            #expect(r.quorums.count == Set(r.quorums).count, "network \(i): a minimal quorum listed twice")
            #expect(Set(r.quorums.map { f.set($0) }) == Set(oracle.minimalQuorums), "network \(i)")
            guard oracle.minimalQuorums.count >= 2 else { continue }
            let capped = try Analyses.allMinimalQuorums(f, limit: 1, options: AnalysisOptions(backend: backend))
            #expect(!capped.complete && capped.capReached == 1 && capped.quorums.count == 1, "network \(i)")
            let exact = try Analyses.allMinimalQuorums(f, limit: oracle.minimalQuorums.count, options: AnalysisOptions(backend: backend))
            #expect(exact.complete && exact.capReached == nil, "network \(i): a limit equal to the count is not reached")
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func topTierWithAllMinimalQuorumsListsThoseOfTheOracleOrTheSplit(_ backend: SolverBackend) throws {
        for (i, f) in DifferentialTests.networks(seed: 909).enumerated() {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.topTier(f, allMinimalQuorums: true, options: AnalysisOptions(backend: backend))
            #expect(r.status == .ok)
            switch oracle.intersects {
            case true?:
                #expect(r.complete == true, "network \(i)")
                #expect(Set(r.minimalQuorums.map { f.set($0) }) == Set(oracle.minimalQuorums), "network \(i)")
                #expect(r.topTier.map { Set($0) } == oracle.topTier, "network \(i)")
            case false?:
                let split = try #require(r.splitQuorums, "network \(i)")
                #expect(split.count == 2 && f.isQuorum(f.set(split[0])) && f.isQuorum(f.set(split[1]))
                        && f.set(split[0]).isDisjoint(with: f.set(split[1])), "network \(i)")
                #expect(r.topTier == nil && r.complete == nil)
            case nil:
                #expect(r.intersection == .noQuorum && r.topTier == nil)
            }
        }
    }
}
