import Foundation
import Testing
import SolverTestSupport
import FBASEncodings
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
