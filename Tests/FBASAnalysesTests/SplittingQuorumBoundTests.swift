import Testing
import SolverTestSupport
import FBASModel
@testable import FBASAnalyses

/// The splitting bound from quorum sizes (`Analyses.quorumSizeBound`) is a proof, not a
/// heuristic: a bound above the optimum would make the upward search call a larger set least.
@Suite struct SplittingQuorumBoundTests {
    /// Never above the brute-force optimum, on random networks of organisations; and positive
    /// often enough for that to say something.
    @Test func neverExceedsTheOptimum() throws {
        var rng = SolverTestSupport.SplitMix64(seed: 0xB0_0D)
        var positive = 0, tight = 0, compared = 0
        for i in 0..<1000 {
            let f = RandomNetworks.makeOrganisational(validators: Int.random(in: 3...8, using: &rng), using: &rng, pure: true)
            guard let form = f.organisationalForm() else { continue }
            guard let optimum = Oracle(fbas: f).minimumSplitting() else { continue }
            let bound = try Analyses.quorumSizeBound(f, form: form, options: AnalysisOptions(backend: .reference))
            compared += 1
            #expect(bound <= optimum, "network \(i): bound \(bound) above the optimum \(optimum)")
            if bound > 0 { positive += 1 }
            if bound == optimum, bound > 0 { tight += 1 }

        }
        #expect(compared >= 500)
        #expect(positive >= 100, "only \(positive) of \(compared) bounds are positive")
        #expect(tight >= 25, "\(positive) positive, \(tight) tight of \(compared)")
    }

    /// By size (``Analyses/uniformQuorumSizeBound(_:form:options:cap:)``), the bound is the
    /// MaxSAT's exactly, on random networks of organisations of one size and threshold, and is
    /// not offered for the others; with a cap, it is the lesser of the bound and the cap.
    @Test func theBoundBySizeIsTheMaxSATBound() throws {
        var rng = SolverTestSupport.SplitMix64(seed: 0x5123)
        var uniform = 0, positive = 0
        for i in 0..<1200 {
            let f = RandomNetworks.makeOrganisational(validators: Int.random(in: 3...9, using: &rng), using: &rng, pure: true)
            guard let form = f.organisationalForm() else { continue }
            let options = AnalysisOptions(backend: .cadical)
            let bySize = Analyses.uniformQuorumSizeBound(f, form: form, options: options)
            // What a met and an exempt class weigh in the bound: one pair for all, or no bound by size.
            let weights = Set(form.classes.map { k in [max(0, 2 * k.threshold - k.members.count), k.threshold - max(0, 2 * k.threshold - k.members.count)] })
            guard weights.count == 1 else {
                #expect(bySize == nil, "network \(i)")
                continue
            }
            uniform += 1
            let bound = try Analyses.quorumSizeBound(f, form: form, options: options)
            #expect(bySize == bound, "network \(i)")
            if bound > 0 { positive += 1 }
            // Capped, it stops at the cap: the lesser of the two, never more.
            for cap in [0, 1, 2, bound, bound + 1] {
                #expect(Analyses.uniformQuorumSizeBound(f, form: form, options: options, cap: cap) == min(bound, cap), "network \(i), cap \(cap)")
            }
        }
        #expect(uniform >= 80 && positive >= 40, "\(uniform) uniform, \(positive) positive")
    }

    /// On the 24-organisation network of the peer suite the bound is the optimum (the pairwise
    /// count gives 10), so the search ends with one satisfiable call.
    @Test(.enabled(if: SharedData.isAvailable)) func isTheOptimumOnTheTwentyFourOrganisations() throws {
        let f = try SharedData.network("random/almost_symmetric_network_24_orgs.json")
        let form = try #require(f.organisationalForm())
        #expect(try Analyses.quorumSizeBound(f, form: form, options: AnalysisOptions()) == 12)
        #expect(try Analyses.minimumSplittingSet(f, options: .timeout(60)).size == 12)
    }
}
