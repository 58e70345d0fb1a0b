import Foundation
import Testing
import SolverTestSupport
import FBASModel
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
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func splittingSetsMatchTheOracle(_ backend: SolverBackend) throws {
        for (i, f) in Self.networks(seed: 202).enumerated() where f.count <= 7 {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.minimumSplittingSet(f, options: AnalysisOptions(backend: backend))
            #expect(r.status == .ok)
            #expect(r.size == oracle.minimumSplitting(), "network \(i)")
            if i % 4 == 0 {
                let g = Grouping.organizationLevel(of: f, organizations: nil)
                let rg = try Analyses.minimumSplittingSet(f, grouping: g, options: AnalysisOptions(backend: backend))
                #expect(rg.size == oracle.minimumSplitting(grouping: g), "network \(i), grouped")
            }
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func blockingSetsMatchTheOracle(_ backend: SolverBackend) throws {
        for (i, f) in Self.networks(seed: 303).enumerated() {
            let oracle = Oracle(fbas: f)
            let r = try Analyses.minimumBlockingSet(f, options: AnalysisOptions(backend: backend))
            #expect(r.size == oracle.minimumBlocking(), "network \(i)")
            let down = Analyses.notValidating(f)
            let rf = try Analyses.minimumBlockingSet(f, down: down, options: AnalysisOptions(backend: backend))
            #expect(rf.size == oracle.minimumBlocking(down: down), "network \(i), filtered")
            let g = Grouping.organizationLevel(of: f, organizations: nil)
            let rg = try Analyses.minimumBlockingSet(f, grouping: g, options: AnalysisOptions(backend: backend))
            #expect(rg.size == oracle.minimumBlocking(grouping: g), "network \(i), grouped")
            let rgf = try Analyses.minimumBlockingSet(f, grouping: g, down: down, options: AnalysisOptions(backend: backend))
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
