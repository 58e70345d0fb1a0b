import Foundation
import Synchronization
import Testing
import SolverTestSupport
@testable import FBASEncodings
import FBASModel
@testable import FBASAnalyses

/// Splitting sets through a closed core (``Analyses/splittingThroughCore``) against the
/// brute-force oracle, on networks built around a core the way Stellar's top tier is.
@Suite struct SplittingThroughCoreTests {
    static func networks(seed: UInt64, validators: ClosedRange<Int>) -> [FBAS] {
        var rng = SolverTestSupport.SplitMix64(seed: seed)
        return (0..<DifferentialTests.count).map { i in
            RandomNetworks.makeCored(validators: Int.random(in: validators, using: &rng), using: &rng,
                                     policy: i % 4 == 3 ? .dead : .free)
        }
    }

    @Test(arguments: SolverBackend.allCases)
    func splittingSetsThroughACoreMatchTheOracle(_ backend: SolverBackend) throws {
        var cored = 0
        for (i, f) in Self.networks(seed: 303, validators: 3...8).enumerated() {
            if f.closedCore(among: Reduction.splitting(f).universe) != nil { cored += 1 }
            let oracle = Oracle(fbas: f)
            let r = try Analyses.minimumSplittingSet(f, options: AnalysisOptions(backend: backend))
            #expect(r.status == .ok)
            #expect(r.size == oracle.minimumSplitting(), "network \(i)")
            #expect(r.lowerBound == r.size ?? 0, "network \(i)")
            if i % 3 == 0 {
                let g = Grouping.organizationLevel(of: f, organizations: nil)
                let rg = try Analyses.minimumSplittingSet(f, grouping: g, options: AnalysisOptions(backend: backend))
                #expect(rg.size == oracle.minimumSplitting(grouping: g), "network \(i), grouped")
            }
        }
        // Most of these networks have a core to split through, or the test says little.
        #expect(cored * 2 >= DifferentialTests.count)
    }

    /// The counted capture bound never exceeds the least capture, exists exactly when a
    /// capture does, and is often exact.
    @Test func capturesAreBoundedFromBelowByTheirCount() throws {
        var exact = 0, compared = 0
        for (i, f) in Self.networks(seed: 404, validators: 3...9).enumerated() {
            let universe = Reduction.splitting(f).universe
            guard let core = f.closedCore(among: universe) else { continue }
            let bound = CaptureLowerBound.liars(f, universe: universe, core: core)
            let least = Oracle(fbas: f).leastCapture(core: core)
            #expect((bound == nil) == (least == nil), "network \(i)")
            if let bound, let least {
                #expect(bound <= least, "network \(i)")
                compared += 1
                if bound == least { exact += 1 }
            }
        }
        #expect(compared > 0 && exact * 2 >= compared)
    }

    /// A cluster outside the core whose members vouch for each other: each needs three of the
    /// four and any one of two core validators it names, each core validator named by two. The
    /// cluster's members bound each other's captures by 1 (one core liar each); counted as a
    /// cover, three members need two core liars, which is the least capture.
    @Test func aClusterIsBoundedByHowFewLiarsCoverIt() throws {
        let core = (0..<4).map { "C\($0)" }
        let cluster = (0..<4).map { "S\($0)" }
        let choices = [["C0", "C1"], ["C2", "C3"], ["C0", "C2"], ["C1", "C3"]]
        var vs = core.map { Validator(publicKey: $0, quorumSet: QuorumSet(threshold: 3, validators: core)) }
        for (s, named) in zip(cluster, choices) {
            vs.append(Validator(publicKey: s, quorumSet: QuorumSet(threshold: 2, innerQuorumSets: [
                QuorumSet(threshold: 3, validators: cluster), QuorumSet(threshold: 1, validators: named),
            ])))
        }
        let f = FBAS(validators: vs)
        let universe = Reduction.splitting(f).universe
        let coreSet = try #require(f.closedCore(among: universe))
        #expect(coreSet == f.set(core.map { f.index(of: $0)! }))
        #expect(CaptureLowerBound.liars(f, universe: universe, core: coreSet) == 2)
        #expect(Oracle(fbas: f).leastCapture(core: coreSet) == 2)
    }

    /// Clusters outside a core, each member needing most of its cluster and a few core
    /// validators: the counted capture bound stays at or below the least capture, exists
    /// exactly when one does, and the count over the cluster raises it above the members' own
    /// bounds on some of them (a cluster member that needs few of its peers keeps the least
    /// capture small on most).
    @Test func clusterBoundsNeverExceedTheLeastCapture() throws {
        var rng = SolverTestSupport.SplitMix64(seed: 0xC1_05)
        var compared = 0, raised = 0
        for i in 0..<DifferentialTests.count * 2 {
            let f = RandomNetworks.makeClustered(using: &rng, policy: i % 4 == 3 ? .dead : .free)
            let universe = Reduction.splitting(f).universe
            guard let core = f.closedCore(among: universe) else { continue }
            let bound = CaptureLowerBound.liars(f, universe: universe, core: core)
            let least = Oracle(fbas: f).leastCapture(core: core)
            #expect((bound == nil) == (least == nil), "network \(i)")
            guard let bound, let least else { continue }
            compared += 1
            #expect(bound <= least, "network \(i): bound \(bound), least capture \(least)")
            if bound > CaptureLowerBound.liars(f, universe: universe, core: core, countingComponents: false)! { raised += 1 }
        }
        #expect(compared >= DifferentialTests.count)
        // (300 networks: 18 raised.)
        #expect(raised * 25 >= compared, "raised \(raised) of \(compared)")
    }

    /// The core's own search reports no bounds: they are the core's, and the network's least
    /// splitting set can be smaller (here 1, through S, against 2 in the core).
    @Test func progressNeverClaimsMoreThanTheAnswer() throws {
        let core = (0..<4).map { "V\($0)" }
        var vs = core.map { Validator(publicKey: $0, quorumSet: QuorumSet(threshold: 3, validators: core)) }
        vs.append(Validator(publicKey: "S", quorumSet: QuorumSet(threshold: 1, validators: ["V0"])))
        let f = FBAS(validators: vs)
        let lowerBounds = Mutex<[Int]>([])
        var options = AnalysisOptions()
        options.progress = { event in if let l = event.lowerBound { lowerBounds.withLock { $0.append(l) } } }
        let r = try Analyses.minimumSplittingSet(f, options: options)
        #expect(r.size == 1)
        #expect(r.size == Oracle(fbas: f).minimumSplitting())
        let reported = lowerBounds.withLock { $0 }
        #expect(!reported.isEmpty)
        #expect(reported.allSatisfy { $0 <= 1 })
    }

    /// A core made of organisations is counted per organisation even when validators outside
    /// it keep the whole network from having that form.
    @Test(arguments: SolverBackend.allCases)
    func aCoreOfOrganisationsIsCountedDespiteValidatorsOutsideIt(_ backend: SolverBackend) throws {
        let orgs = ["a", "b", "c"].map { o in (0..<3).map { "\(o)\($0)" } }
        let inner = orgs.map { QuorumSet(threshold: 2, validators: $0) }
        var vs = orgs.flatMap { $0 }.map { Validator(publicKey: $0, quorumSet: QuorumSet(threshold: 2, innerQuorumSets: inner)) }
        vs.append(Validator(publicKey: "S", quorumSet: QuorumSet(threshold: 1, innerQuorumSets: [inner[0]])))
        let f = FBAS(validators: vs)
        let universe = Reduction.splitting(f).universe
        let core = try #require(f.closedCore(among: universe))
        #expect(f.organisationalForm() == nil)
        #expect(f.organisationalForm(among: core) != nil)
        let r = try Analyses.minimumSplittingSet(f, options: AnalysisOptions(backend: backend))
        #expect(r.size == Oracle(fbas: f).minimumSplitting())
    }

    /// Deadlines that fall anywhere in the search (0–3 ms): a run that says `ok` is right, and a
    /// timed-out one claims only what holds (its lower bound at most the optimum, its set, if
    /// any, a checked splitting set so at least the optimum).
    @Test func timeoutsClaimOnlyWhatHolds() throws {
        for (i, f) in Self.networks(seed: 707, validators: 3...8).enumerated() {
            let least = Oracle(fbas: f).minimumSplitting()
            let r = try Analyses.minimumSplittingSet(f, options: .timeout(Double(i % 4) / 1000))
            if r.status == .ok {
                #expect(r.size == least, "network \(i)")
            } else {
                if let least { #expect(r.lowerBound <= least, "network \(i)") }
                if let size = r.size, let least { #expect(size >= least, "network \(i)") }
            }
        }
    }

    /// Every validator a known core member names is in the core, the core leaves some known
    /// validator out, and a network whose known validators all trust each other has none.
    @Test func theClosedCoreHoldsEveryoneItsMembersName() throws {
        var found = 0
        for f in Self.networks(seed: 505, validators: 2...9) + DifferentialTests.networks(seed: 505) {
            let universe = Reduction.splitting(f).universe
            guard let core = f.closedCore(among: universe) else { continue }
            found += 1
            for v in core where f.hasKnownQSet(v) {
                #expect(f.namedValidators(v).filter { universe.contains($0) }.allSatisfy { core.contains($0) })
            }
            #expect(universe.contains { f.hasKnownQSet($0) && !core.contains($0) })
        }
        #expect(found > 0)
        let ring = (0..<4).map { i in
            Validator(publicKey: "R\(i)", quorumSet: QuorumSet(threshold: 1, validators: ["R\((i + 1) % 4)"]))
        }
        let f = FBAS(validators: ring)
        #expect(f.closedCore(among: f.allValidators) == nil)
    }
}

/// Splitting sets counted per organisation (``OrganisationalSplittingEncoding``) against the
/// brute-force oracle, on networks made only of organisations.
@Suite struct OrganisationalSplittingTests {
    @Test(arguments: SolverBackend.allCases)
    func splittingSetsCountedPerOrganisationMatchTheOracle(_ backend: SolverBackend) throws {
        var rng = SolverTestSupport.SplitMix64(seed: 606)
        var counted = 0
        for i in 0..<DifferentialTests.count {
            let f = RandomNetworks.makeOrganisational(validators: Int.random(in: 2...9, using: &rng), using: &rng,
                                                      policy: i % 2 == 0 ? .free : .dead, pure: true)
            if f.organisationalForm() != nil { counted += 1 }
            var options = AnalysisOptions(backend: backend)
            options.race = i % 3 != 0
            let r = try Analyses.minimumSplittingSet(f, options: options)
            #expect(r.status == .ok)
            #expect(r.size == Oracle(fbas: f).minimumSplitting(), "network \(i)")
        }
        #expect(counted * 4 >= DifferentialTests.count * 3)
    }
}
