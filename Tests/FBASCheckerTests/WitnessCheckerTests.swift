import Testing
import SolverTestSupport
import FBASModel
@testable import FBASChecker

/// Two 2-of-3 triangles {A,B,C} and {D,E,F} that never reference each other: quorum
/// intersection fails, and any validator of either blocks... nothing on its own.
func twoIslands() -> FBAS {
    let left = QuorumSet(threshold: 2, validators: ["A", "B", "C"])
    let right = QuorumSet(threshold: 2, validators: ["D", "E", "F"])
    return FBAS(validators: ["A", "B", "C"].map { Validator(publicKey: $0, quorumSet: left) }
        + ["D", "E", "F"].map { Validator(publicKey: $0, quorumSet: right) })
}

@Suite struct WitnessCheckerTests {
    @Test func acceptsDisjointQuorumsAndRejectsOverlappingOnes() throws {
        let c = WitnessChecker(twoIslands())
        try c.checkDisjointQuorums(["A", "B"], ["D", "E"])
        #expect(throws: WitnessError.self) { try c.checkDisjointQuorums(["A", "B"], ["B", "C"]) }
        #expect(throws: WitnessError.self) { try c.checkDisjointQuorums(["A"], ["D", "E"]) }
    }

    @Test func blockingNeedsToHitEveryQuorum() throws {
        let c = WitnessChecker(twoIslands())
        try c.checkBlocking(["A", "B", "D", "E"])
        #expect(throws: WitnessError.self) { try c.checkBlocking(["A", "B", "D"]) }
        try c.checkBlocking(["D", "E"], down: ["A", "B"])
        #expect(throws: WitnessError.self) { try c.checkBlocking(["A", "D", "E"], down: ["A", "B"]) }
    }

    @Test func splittingAllowsOverlapOnlyInsideTheSet() throws {
        let q = QuorumSet(threshold: 2, validators: ["A", "B", "C"])
        let c = WitnessChecker(FBAS(validators: ["A", "B", "C"].map { Validator(publicKey: $0, quorumSet: q) }))
        try c.checkSplitting(["B"], ["A", "B"], ["B", "C"])
        #expect(throws: WitnessError.self) { try c.checkSplitting([], ["A", "B"], ["B", "C"]) }
        #expect(throws: WitnessError.self) { try c.checkSplitting(["B"], ["B"], ["B", "C"]) }
    }

    @Test func minimalQuorumsLoseTheQuorumWhenAnyMemberLeaves() throws {
        let c = WitnessChecker(twoIslands())
        try c.checkMinimalQuorum(["A", "B"])
        #expect(throws: WitnessError.self) { try c.checkMinimalQuorum(["A", "B", "C"]) }
        #expect(throws: WitnessError.self) { try c.checkMinimalQuorum(["A", "B", "D", "E"]) }
    }

    @Test func unknownQsetValidatorsFollowThePolicy() throws {
        let vs = [Validator(publicKey: "A", quorumSet: QuorumSet(threshold: 1, validators: ["Z"]))]
        let free = WitnessChecker(FBAS(validators: vs, policy: .free))
        #expect(free.isQuorum(["A", "Z"]))
        #expect(!free.isQuorum(["Z"]))
        let dead = WitnessChecker(FBAS(validators: vs, policy: .dead))
        #expect(!dead.isQuorum(["A", "Z"]))
        try dead.checkNoQuorum()
        #expect(throws: WitnessError.self) { try free.checkNoQuorum() }
    }

    @Test func agreesWithTheModelOnRandomNetworks() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let n = Int.random(in: 1...6, using: &rng)
            let keys = (0..<n).map { "V\($0)" }
            let vs = keys.map { k -> Validator in
                if Int.random(in: 0..<5, using: &rng) == 0 { return Validator(publicKey: k, quorumSet: nil) }
                var members = keys.filter { _ in Bool.random(using: &rng) }
                if Bool.random(using: &rng) { members.append("X") }  // an undefined reference
                let inner = QuorumSet(threshold: 1, validators: keys.filter { _ in Bool.random(using: &rng) })
                let useInner = Bool.random(using: &rng) && !inner.validators.isEmpty
                let entries = members.count + (useInner ? 1 : 0)
                return Validator(publicKey: k, quorumSet: QuorumSet(threshold: Int.random(in: 0...entries, using: &rng),
                                                                     validators: members, innerQuorumSets: useInner ? [inner] : []))
            }
            for policy in UnknownQsetPolicy.allCases {
                let f = FBAS(validators: vs, policy: policy)
                let c = WitnessChecker(f)
                for mask in 0..<(1 << f.count) {
                    let ids = (0..<f.count).filter { mask >> $0 & 1 == 1 }
                    let keys = Set(ids.map { f.validators[$0].publicKey })
                    #expect(c.isQuorum(keys) == f.isQuorum(f.set(ids)))
                    #expect(c.containsQuorum(keys) == !f.maximalQuorum(within: f.set(ids)).isEmpty)
                    // Both ways of computing it, whichever the set's size picks.
                    let start = policy == .dead ? keys.filter { c.declared[$0] != nil } : keys
                    #expect(c.containsQuorumThroughItsSets(start) == c.containsQuorumByCounting(start))
                }
            }
        }
    }
}

