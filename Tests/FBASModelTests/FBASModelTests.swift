import Testing
import SolverTestSupport
import StrictJSON
@testable import FBASModel

/// A three-validator network where any two of A, B, C form a quorum.
func triangle(policy: UnknownQsetPolicy = .free) -> FBAS {
    let q = QuorumSet(threshold: 2, validators: ["A", "B", "C"])
    return FBAS(validators: ["A", "B", "C"].map { Validator(publicKey: $0, quorumSet: q) }, policy: policy)
}

@Suite struct BitSetTests {
    @Test func setAlgebraMatchesSwiftSets() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<200 {
            let cap = Int.random(in: 0...150, using: &rng)
            let a = Set((0..<cap).filter { _ in Bool.random(using: &rng) })
            let b = Set((0..<cap).filter { _ in Bool.random(using: &rng) })
            let x = BitSet(capacity: cap, a), y = BitSet(capacity: cap, b)
            #expect(Set(x.union(y)) == a.union(b))
            #expect(Set(x.intersection(y)) == a.intersection(b))
            #expect(Set(x.subtracting(y)) == a.subtracting(b))
            #expect(Set(x.complement) == Set(0..<cap).subtracting(a))
            #expect(x.count == a.count)
            #expect(x.isSubset(of: y) == a.isSubset(of: b))
            #expect(x.isDisjoint(with: y) == a.isDisjoint(with: b))
            #expect(Array(x) == a.sorted())
        }
    }

    @Test func fullSetHasExactlyCapacityMembers() {
        for cap in [0, 1, 63, 64, 65, 130] {
            #expect(BitSet.full(capacity: cap).count == cap)
        }
    }
}

@Suite struct QuorumTests {
    @Test func twoOfThreeFormQuorumsButOneDoesNot() {
        let f = triangle()
        #expect(f.isQuorum(f.set([0, 1])))
        #expect(f.isQuorum(f.set([0, 1, 2])))
        #expect(!f.isQuorum(f.set([0])))
        #expect(!f.isQuorum(f.set([])))
        #expect(f.maximalQuorum(within: f.set([0, 2])) == f.set([0, 2]))
        #expect(f.maximalQuorum(within: f.set([1])).isEmpty)
    }

    @Test func identicalQuorumSetsAreStoredOnce() {
        let inner = QuorumSet(threshold: 1, validators: ["A", "B"])
        let q1 = QuorumSet(threshold: 1, validators: ["C"], innerQuorumSets: [inner])
        let q2 = QuorumSet(threshold: 1, validators: ["C"], innerQuorumSets: [QuorumSet(threshold: 1, validators: ["B", "A"])])
        let f = FBAS(validators: [Validator(publicKey: "A", quorumSet: q1), Validator(publicKey: "B", quorumSet: q2),
                                  Validator(publicKey: "C", quorumSet: inner)])
        #expect(f.qsets.count == 2)
        #expect(f.qsetOf[0] == f.qsetOf[1])
        #expect(f.qsetOf[2] == f.qsets[f.qsetOf[0]!].innerQSets.first)
    }

    @Test func undefinedReferencesBecomeValidatorsWithUnknownQsets() {
        let f = FBAS(validators: [Validator(publicKey: "A", quorumSet: QuorumSet(threshold: 1, validators: ["Z"]))])
        #expect(f.count == 2)
        #expect(f.isDefined == [true, false])
        #expect(f.qsetOf[1] == nil)
        #expect(f.diagnostics.map(\.kind) == [.undefinedValidatorReference])
        #expect(f.diagnostics[0].message.contains("referenced by the quorum set of A"))
        // free: {A, Z} is a quorum (Z has no requirement); {Z} alone is not (no known member).
        #expect(f.isQuorum(f.set([0, 1])))
        #expect(!f.isQuorum(f.set([1])))
        // dead: Z is never in a quorum, so A can never be satisfied.
        var dead = f
        dead.policy = .dead
        #expect(!dead.isQuorum(dead.set([0, 1])))
        #expect(dead.maximalQuorum(within: dead.allValidators).isEmpty)
    }

    @Test func invalidQuorumSetsAreReportedAndUnknown() {
        let cases: [(QuorumSet, DiagnosticKind)] = [
            (QuorumSet(threshold: 3, validators: ["A", "B"]), .invalidThreshold),
            (QuorumSet(threshold: -1, validators: ["A"]), .invalidThreshold),
            (QuorumSet(threshold: 1, validators: ["A", "A"]), .duplicateEntry),
            // The same inner set twice, its members in another order: still the same entry.
            (QuorumSet(threshold: 2, innerQuorumSets: [QuorumSet(threshold: 1, validators: ["A", "B"]),
                                                       QuorumSet(threshold: 1, validators: ["B", "A"])]), .duplicateEntry),
        ]
        for (q, kind) in cases {
            let f = FBAS(validators: [Validator(publicKey: "A", quorumSet: q), Validator(publicKey: "B", quorumSet: QuorumSet(threshold: 1, validators: ["A"]))])
            #expect(f.qsetOf[0] == nil)
            #expect(f.diagnostics.map(\.kind).contains(kind))
            #expect(f.diagnostics.allSatisfy { $0.validator == "A" })
        }
    }

    @Test func thresholdZeroIsAcceptedWithAWarningAndAlwaysSatisfied() {
        let f = FBAS(validators: [Validator(publicKey: "A", quorumSet: QuorumSet(threshold: 0, validators: ["B"])),
                                  Validator(publicKey: "B", quorumSet: QuorumSet(threshold: 1, validators: ["B"]))])
        #expect(f.diagnostics.map(\.kind) == [.thresholdZero])
        #expect(f.isQuorum(f.set([0])))
    }

    @Test func duplicateKeysKeepTheFirstRecord() {
        let f = FBAS(validators: [Validator(publicKey: "A", quorumSet: QuorumSet(threshold: 1, validators: ["A"])),
                                  Validator(publicKey: "A", quorumSet: nil)])
        #expect(f.count == 1)
        #expect(f.qsetOf[0] != nil)
        #expect(f.diagnostics.map(\.kind) == [.duplicatePublicKey])
    }

    @Test func nestingBeyondStellarCoreWarnsAndBeyondTheLimitIsUnknown() {
        func chain(_ depth: Int) -> QuorumSet {
            var q = QuorumSet(threshold: 1, validators: ["A"])
            for _ in 0..<depth { q = QuorumSet(threshold: 1, innerQuorumSets: [q]) }
            return q
        }
        let shallow = FBAS(validators: [Validator(publicKey: "A", quorumSet: chain(6))])
        #expect(shallow.qsetOf[0] != nil)
        #expect(shallow.diagnostics.map(\.kind) == [.nestingTooDeep])
        let deep = FBAS(validators: [Validator(publicKey: "A", quorumSet: chain(FBAS.maximumSupportedNesting + 1))])
        #expect(deep.qsetOf[0] == nil)
        #expect(deep.diagnostics.map(\.kind) == [.nestingTooDeep])
    }

    @Test func maximalQuorumIsTheUnionOfAllQuorumsInside() {
        // Brute force on random small networks: the fixpoint equals the union of all quorums.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let n = Int.random(in: 1...7, using: &rng)
            let keys = (0..<n).map { "V\($0)" }
            let vs = keys.map { k -> Validator in
                if Int.random(in: 0..<6, using: &rng) == 0 { return Validator(publicKey: k, quorumSet: nil) }
                let members = keys.filter { _ in Bool.random(using: &rng) }
                return Validator(publicKey: k, quorumSet: QuorumSet(threshold: Int.random(in: 0...members.count, using: &rng), validators: members))
            }
            for policy in UnknownQsetPolicy.allCases {
                let f = FBAS(validators: vs, policy: policy)
                var union = BitSet(capacity: n)
                for mask in 1..<(1 << n) {
                    let s = f.set((0..<n).filter { mask >> $0 & 1 == 1 })
                    if f.isQuorum(s) { union.formUnion(s) }
                }
                #expect(f.maximalQuorum(within: f.allValidators) == union)
            }
        }
    }
}

@Suite struct GroupingTests {
    @Test func attributeGroupsPutMissingValuesInUnknown() {
        let vs = [Validator(publicKey: "A", quorumSet: nil, metadata: JSONObject([("geoData", .object(JSONObject([("countryName", .string("Germany"))])))])),
                  Validator(publicKey: "B", quorumSet: nil),
                  Validator(publicKey: "C", quorumSet: nil, metadata: JSONObject([("geoData", .object(JSONObject([("countryName", .string("Germany"))])))]))]
        let g = Grouping.byAttribute("geoData.countryName", of: FBAS(validators: vs))
        #expect(g.groups.map(\.name) == ["Germany", "UNKNOWN"])
        #expect(g.groups[0].members == [0, 2])
        #expect(g.groupOf == [0, 1, 0])
    }

    @Test func unknownGroupNameIsSuffixedWhenTaken() {
        let vs = [Validator(publicKey: "A", quorumSet: nil, metadata: JSONObject([("isp", .string("UNKNOWN"))])),
                  Validator(publicKey: "B", quorumSet: nil)]
        let g = Grouping.byAttribute("isp", of: FBAS(validators: vs))
        #expect(g.groups.map(\.name) == ["UNKNOWN", "UNKNOWN-2"])
        #expect(g.unknownGroup == 1 && g.hasKnownGroups, "a group named UNKNOWN by the data is a known group")
        let nobody = Grouping.byAttribute("no.such", of: FBAS(validators: vs))
        #expect(nobody.unknownGroup == 0 && !nobody.hasKnownGroups)
    }

    @Test func organizationsFileReportsStrangersAndDoubleMembership() {
        let f = triangle()
        let orgs = [Organization(name: "X", validators: ["A", "B", "Q"]), Organization(name: "Y", validators: ["B", "C"])]
        let g = Grouping.byOrganizations(orgs, of: f)
        #expect(g.groups.map(\.name) == ["X", "Y"])
        #expect(g.groupOf == [0, 0, 1])
        #expect(g.diagnostics.map(\.kind) == [.unknownOrganizationMember, .validatorInSeveralOrganizations])
    }
}


@Suite struct MinimalQuorumTests {
    @Test func greedyShrinkGivesAMinimalQuorum() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<300 {
            let n = Int.random(in: 1...7, using: &rng)
            let keys = (0..<n).map { "V\($0)" }
            let vs = keys.map { k in
                let members = keys.filter { _ in Bool.random(using: &rng) }
                return Validator(publicKey: k, quorumSet: QuorumSet(threshold: Int.random(in: 0...members.count, using: &rng), validators: members))
            }
            let f = FBAS(validators: vs)
            guard let q = f.minimalQuorum(within: f.allValidators) else {
                #expect(f.maximalQuorum(within: f.allValidators).isEmpty)
                continue
            }
            #expect(f.isQuorum(q))
            // No proper subset is a quorum (brute force).
            let members = Array(q)
            for mask in 0..<((1 << members.count) - 1) {
                #expect(!f.isQuorum(f.set(members.indices.filter { mask >> $0 & 1 == 1 }.map { members[$0] })))
            }
        }
    }
}
