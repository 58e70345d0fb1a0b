import Testing
import SolverCore
import SolverTestSupport
import FBASEncodings
import FBASModel
@testable import FBASAnalyses

/// The contraction encoding accepts a failing set exactly when it blocks: every subset of
/// every small random network, against the oracle's fixpoint.
@Suite struct BlockingEncodingTests {
    static func networks(seed: UInt64, count: Int) -> [FBAS] {
        var rng = SolverTestSupport.SplitMix64(seed: seed)
        return (0..<count).map { i in
            let n = Int.random(in: 1...7, using: &rng), policy: UnknownQsetPolicy = i % 3 == 2 ? .dead : .free
            return i % 2 == 1 ? RandomNetworks.makeOrganisational(validators: n, using: &rng, policy: policy)
                              : RandomNetworks.make(validators: n, using: &rng, policy: policy)
        }
    }

    @Test(arguments: [false, true])
    func theEncodingAcceptsExactlyTheBlockingSets(cutToTopTierCandidates: Bool) throws {
        var blocking = 0, notBlocking = 0
        for (i, f) in Self.networks(seed: 909, count: 60).enumerated() {
            let oracle = Oracle(fbas: f)
            let universe = cutToTopTierCandidates ? Analyses.topTierCandidates(f, universe: Reduction.quorums(f).universe) : f.allValidators
            let down = f.set(Analyses.notValidating(f))
            let solver = SolverBackend.cryptominisat.makeSATSolver()
            let fails = (0..<f.count).map { _ in solver.newVariable().positive }
            BlockingEncoding.encode(f, into: solver, universe: universe, fails: fails, down: down)
            for b in oracle.subsets(of: f.count) {
                let failing = f.set(b).union(down)
                let expected = !oracle.containsQuorum(failing.complement)
                let assumptions = (0..<f.count).map { b.contains($0) ? fails[$0] : !fails[$0] }
                let accepted = solver.solve(assumptions: assumptions) == .satisfiable
                #expect(accepted == expected, "network \(i), failing \(b) with \(Array(down)) down")
                if expected { blocking += 1 } else { notBlocking += 1 }
            }
        }
        #expect(blocking > 0 && notBlocking > 0)
    }

    /// The bound on rounds is tight: a chain where each failure brings down the next needs
    /// one round per distinct quorum set.
    @Test func aCascadeNeedsOneRoundPerDistinctQuorumSet() throws {
        // v_i trusts v_i and v_{i+1} (both needed); the last trusts itself. Failing the last
        // brings the chain down one validator per round.
        let n = 5
        let validators = (0..<n).map { i in
            Validator(publicKey: "v\(i)", quorumSet: QuorumSet(threshold: i == n - 1 ? 1 : 2,
                                                               validators: i == n - 1 ? ["v\(i)"] : ["v\(i)", "v\(i + 1)"]))
        }
        let f = FBAS(validators: validators)
        #expect(BlockingEncoding.rounds(f, universe: f.allValidators, down: BitSet(capacity: n)) == n)
        let solver = SolverBackend.cryptominisat.makeSATSolver()
        let fails = (0..<n).map { _ in solver.newVariable().positive }
        BlockingEncoding.encode(f, into: solver, universe: f.allValidators, fails: fails, down: BitSet(capacity: n))
        let lastFails = (0..<n).map { $0 == n - 1 ? fails[$0] : !fails[$0] }
        #expect(solver.solve(assumptions: lastFails) == .satisfiable)
        let firstFails = (0..<n).map { $0 == 0 ? fails[$0] : !fails[$0] }
        #expect(solver.solve(assumptions: firstFails) == .unsatisfiable)
    }
}

@Suite struct BoundsRaceTests {
    @Test func theRaceStopsWhenTheBoundsMeet() {
        let race = BoundsRace()
        race.offer(lower: 3)
        #expect(!race.stop.isRaised)
        race.offer(upper: 5)
        #expect(!race.stop.isRaised)
        race.offer(lower: 4)
        #expect(!race.stop.isRaised)
        race.offer(upper: 4)
        #expect(race.stop.isRaised)
        #expect(race.lower == 4)
    }

    /// A search cut short reports its lower bound and, if it has one, a checked blocking set no
    /// smaller than that bound, never a guess.
    @Test(.enabled(if: SharedData.isAvailable), arguments: BlockingMethod.allCases)
    func aTimedOutSearchReportsCheckedBounds(_ method: BlockingMethod) throws {
        let f = try SharedData.network("random/almost_symmetric_network_24_orgs.json")
        var options = AnalysisOptions.timeout(1)
        options.blockingMethod = method
        let r = try Analyses.minimumBlockingSet(f, options: options)
        if r.status == .ok {
            #expect(r.size == 10)
            #expect(r.lowerBound == 10)
        } else {
            #expect(r.lowerBound <= 10)
            if let size = r.size { #expect(size >= 10) }
        }
    }
}

@Suite struct SplittingLowerBoundTests {
    /// Two quorums of the 72-validator almost-symmetric network each need 17 of at most 24
    /// organisations, so they share 10, each holding a liar.
    @Test(.enabled(if: SharedData.isAvailable))
    func theAlmostSymmetricNetworkNeedsTenLiars() throws {
        let f = try SharedData.network("random/almost_symmetric_network_24_orgs.json")
        #expect(SplittingLowerBound.validators(f, universe: Reduction.splitting(f).universe) == 10)
    }
}

@Suite struct BlockingLowerBoundTests {
    /// Every validator of the 72-validator almost-symmetric network needs 17 of at most 24
    /// organisations of three (two each): blocking the cheapest costs 5 × 2.
    @Test(.enabled(if: SharedData.isAvailable))
    func theAlmostSymmetricNetworkNeedsTenFailures() throws {
        let f = try SharedData.network("random/almost_symmetric_network_24_orgs.json")
        let universe = Analyses.topTierCandidates(f, universe: Reduction.quorums(f).universe)
        #expect(BlockingLowerBound.validators(f, universe: universe, down: BitSet(capacity: f.count)) == 10)
    }
}

/// Networks where a swap that looks like a symmetry is not one (found in review): the
/// answers must still equal the oracle's, by every method.
@Suite struct FalseSymmetryTests {
    static func qset(_ t: Int, _ vs: [String], _ inner: [QuorumSet] = []) -> QuorumSet {
        QuorumSet(threshold: t, validators: vs, innerQuorumSets: inner)
    }

    /// Two organisations are inner sets of everyone's quorum set, but z declares one of them
    /// as its own: swapping the organisations would not map z's quorum set onto itself.
    static let declaredBlock: FBAS = {
        let p1 = qset(2, ["a", "b", "c"]), p2 = qset(2, ["d", "e", "f"])
        let x = qset(2, ["z"], [p1, p2])
        return FBAS(validators: ["a", "b", "c", "d", "e", "f"].map { Validator(publicKey: $0, quorumSet: x) }
                    + [Validator(publicKey: "z", quorumSet: p2)])
    }()

    /// Two organisations, everyone needs either; one organisation is down. The down flags are
    /// labels, not groups: the two organisations must not swap.
    static let oneOrganisationDown: FBAS = {
        let x = qset(1, [], [qset(2, ["a", "b", "c"]), qset(2, ["d", "e", "f"])])
        return FBAS(validators: ["a", "b", "c", "d", "e", "f"].map { Validator(publicKey: $0, quorumSet: x) })
    }()

    @Test func aBlockDeclaredAsSomeonesQuorumSetIsNotSwapped() {
        let f = Self.declaredBlock
        #expect(f.interchangeableBlocks(among: f.allValidators).isEmpty)
    }

    @Test(arguments: SolverBackend.allCases, BlockingMethod.allCases)
    func blockingSetsStayLeast(_ backend: SolverBackend, _ method: BlockingMethod) throws {
        var options = AnalysisOptions(backend: backend)
        options.blockingMethod = method
        let f = Self.declaredBlock
        let r = try Analyses.minimumBlockingSet(f, options: options)
        #expect(r.size == Oracle(fbas: f).minimumBlocking())
        #expect(r.size == 2)
        let g = Self.oneOrganisationDown
        let down = ["a", "b", "c"].compactMap { g.index(of: $0) }
        let rd = try Analyses.minimumBlockingSet(g, down: down, options: options)
        #expect(rd.size == Oracle(fbas: g).minimumBlocking(down: down))
        #expect(rd.size == 2)
    }

    @Test(arguments: SolverBackend.allCases)
    func splittingSetsStayLeast(_ backend: SolverBackend) throws {
        let f = Self.declaredBlock
        let r = try Analyses.minimumSplittingSet(f, options: AnalysisOptions(backend: backend))
        #expect(r.size == Oracle(fbas: f).minimumSplitting())
    }
}
