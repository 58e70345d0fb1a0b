import Testing
import SolverTestSupport
import FBASModel
import FBASChecker
@testable import FBASAnalyses

/// The local search over organisations (``SplittingLocalSearch``) is an upper bound: every set
/// it returns must split the network, and it is worth its time only if it reaches the optimum.
@Suite struct SplittingLocalSearchTests {
    /// On random networks of organisations, every set found passes the witness checker and is
    /// never below the brute-force optimum; and it is the optimum on most of them.
    @Test func everySetFoundSplitsTheNetworkAndMostAreLeast() throws {
        var rng = SolverTestSupport.SplitMix64(seed: 0x10CA1)
        var found = 0, least = 0
        for i in 0..<600 {
            let f = RandomNetworks.makeOrganisational(validators: Int.random(in: 3...9, using: &rng), using: &rng, pure: true)
            guard let form = f.organisationalForm() else { continue }
            let optimum = Oracle(fbas: f).minimumSplitting()
            guard let g = SplittingLocalSearch.smallestSplit(f, form: form, stopAt: 0, patience: 50) else { continue }
            found += 1
            #expect(throws: Never.self, "network \(i)") {
                try WitnessChecker(f).checkSplitting(f.keys(g.set), f.keys(g.a), f.keys(g.b))
            }
            guard let optimum else {
                Issue.record("network \(i): a splitting set of \(g.set.count) where the oracle has none")
                continue
            }
            #expect(g.set.count >= optimum, "network \(i)")
            if g.set.count == optimum { least += 1 }
        }
        #expect(found >= 300 && least * 10 >= found * 9, "\(least) least of \(found) found")
    }

    /// Over a closed core (the universe the splitting search hands it when the network has a
    /// core, like Stellar's top tier), its sets split the whole network: quorums of the core are
    /// quorums of the network.
    @Test func setsFoundWithinACoreSplitTheWholeNetwork() throws {
        var rng = SolverTestSupport.SplitMix64(seed: 0xC0_5E)
        var found = 0
        for i in 0..<100 {
            // A flat core of organisations, and satellites outside it that name some of them.
            let core = Self.flat(organisations: Int.random(in: 3...6, using: &rng), seed: UInt64(i))
            let orgs = Dictionary(grouping: core.validators, by: { $0.publicKey.split(separator: "-")[0] })
                .values.map { QuorumSet(threshold: 2, validators: $0.map(\.publicKey).sorted()) }
            let satellites = (0..<Int.random(in: 1...3, using: &rng)).map { k in
                let named = orgs.filter { _ in Int.random(in: 0..<3, using: &rng) != 0 }
                return Validator(publicKey: "S\(k)", quorumSet: QuorumSet(threshold: max(1, named.count * 2 / 3), innerQuorumSets: named))
            }
            let f = FBAS(validators: core.validators + satellites)
            guard let inside = f.closedCore(among: Reduction.splitting(f).universe), inside.count < f.count,
                  let form = f.organisationalForm(among: inside),
                  let g = SplittingLocalSearch.smallestSplit(f, form: form, stopAt: 0, patience: 50) else { continue }
            found += 1
            #expect(g.a.allSatisfy { inside.contains($0) } && g.b.allSatisfy { inside.contains($0) }, "network \(i)")
            #expect(throws: Never.self, "network \(i)") {
                try WitnessChecker(f).checkSplitting(f.keys(g.set), f.keys(g.a), f.keys(g.b))
            }
        }
        #expect(found >= 50, "only \(found) cores in organisational form")
    }

    /// On flat networks (organisations of three, 2 of 3 inside, each listing most of the others
    /// with a threshold of two thirds) the optimum is two least quorums covering every
    /// organisation; the search reaches it, which is what ends the analysis early.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func itReachesTheOptimumOnFlatNetworks(seed: UInt64) throws {
        let f = Self.flat(organisations: 15, seed: seed)
        let form = try #require(f.organisationalForm())
        let optimum = try #require(try Analyses.minimumSplittingSet(f, options: AnalysisOptions(backend: .cadical)).size)
        let g = try #require(SplittingLocalSearch.smallestSplit(f, form: form, stopAt: optimum))
        #expect(g.set.count == optimum)
        try WitnessChecker(f).checkSplitting(f.keys(g.set), f.keys(g.a), f.keys(g.b))
    }

    /// The search stops at `stopAt` and at its patience alone, not at a clock: the same network
    /// and seed give the same set on every run and machine.
    @Test func theSameSeedFindsTheSameSet() throws {
        let f = Self.flat(organisations: 20, seed: 7)
        let form = try #require(f.organisationalForm())
        let first = SplittingLocalSearch.smallestSplit(f, form: form, stopAt: 0, patience: 100)
        let again = SplittingLocalSearch.smallestSplit(f, form: form, stopAt: 0, patience: 100)
        #expect(first?.set == again?.set && first?.a == again?.a && first?.b == again?.b)
        #expect(first != nil)
    }

    /// A flat network as `fbas-gen flat` makes them: each organisation keeps itself and drops
    /// each other one with probability 1/N.
    static func flat(organisations n: Int, seed: UInt64) -> FBAS {
        var rng = SolverTestSupport.SplitMix64(seed: seed)
        let orgs = (0..<n).map { o in (0..<3).map { "O\(o)-\($0)" } }
        let inner = orgs.map { QuorumSet(threshold: 2, validators: $0) }
        var validators: [Validator] = []
        for (o, members) in orgs.enumerated() {
            let listed = (0..<n).filter { $0 == o || Int.random(in: 0..<n, using: &rng) != 0 }
            let q = QuorumSet(threshold: (2 * listed.count + 2) / 3, innerQuorumSets: listed.map { inner[$0] })
            validators += members.map { Validator(publicKey: $0, quorumSet: q) }
        }
        return FBAS(validators: validators)
    }
}
