import FBASCertificates
import FBASChecker
import FBASModel
import SolverTestSupport
import Testing

/// Quorum sets that share inner sets (python-fbas names sets by id) are kept shared, not
/// written out: every consumer must then mean by a shared set exactly what it would mean by
/// the tree it stands for. Each random network here is built twice, once with shared inner
/// sets and once with every set copied apart, and the two must agree everywhere.
@Suite struct SharedInnerSetTests {
    /// A network whose validators' quorum sets are drawn from one pool of layered sets, so that
    /// sets share inner sets with each other and within themselves.
    static func sharedNetwork(validators n: Int, using rng: inout SolverTestSupport.SplitMix64, policy: UnknownQsetPolicy) -> [Validator] {
        let keys = (0..<n).map { "V\($0)" }
        var pool: [QuorumSet] = []
        for layer in 0..<3 {
            let lower = pool
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let members = keys.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
                var inner: [QuorumSet] = []
                if layer > 0 { for q in lower where Int.random(in: 0..<2, using: &rng) == 0 { inner.append(q) } }
                // Now and then the same inner set twice, which makes the set invalid (semantics 1).
                if let q = inner.first, Int.random(in: 0..<15, using: &rng) == 0 { inner.append(q) }
                let entries = members.count + inner.count
                guard entries > 0 else { continue }
                let t = Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 1...entries, using: &rng) : entries / 2 + 1
                pool.append(QuorumSet(threshold: t, validators: members, innerQuorumSets: inner))
            }
        }
        return keys.map { k in
            let qset = pool.isEmpty || Int.random(in: 0..<8, using: &rng) == 0 ? nil : pool.randomElement(using: &rng)!
            return Validator(publicKey: k, quorumSet: qset)
        }
    }

    /// The same set with every inner set copied, so that nothing is shared.
    static func copiedApart(_ q: QuorumSet) -> QuorumSet {
        QuorumSet(threshold: q.threshold, validators: q.validators, innerQuorumSets: q.innerQuorumSets.map(copiedApart))
    }

    static func everySubset(of f: FBAS) -> [BitSet] {
        (0..<(1 << f.count)).map { mask in f.set((0..<f.count).filter { mask >> $0 & 1 == 1 }) }
    }

    @Test(arguments: [(UnknownQsetPolicy.free, UInt64(1)), (.dead, 2)])
    func aSharedSetMeansWhatItsTreeMeansToTheModelTheCheckerAndTheCertifyingEncoder(_ policy: UnknownQsetPolicy, _ seed: UInt64) {
        var rng = SolverTestSupport.SplitMix64(seed: 4200 + seed)
        var sawSharing = 0
        for _ in 0..<300 {
            let records = Self.sharedNetwork(validators: Int.random(in: 1...6, using: &rng), using: &rng, policy: policy)
            if records.contains(where: { $0.quorumSet?.sharesInnerSets == true }) { sawSharing += 1 }
            let shared = FBAS(validators: records, policy: policy)
            let apart = FBAS(validators: records.map { var r = $0; r.quorumSet = r.quorumSet.map(Self.copiedApart); return r }, policy: policy)

            #expect(shared.qsets == apart.qsets)
            #expect(shared.qsetOf == apart.qsetOf)
            #expect(Set(shared.diagnostics.map(\.description)) == Set(apart.diagnostics.map(\.description)))

            let sharedChecker = WitnessChecker(shared), apartChecker = WitnessChecker(apart)
            for s in Self.everySubset(of: shared) {
                let keys = Set(s.map { shared.validators[$0].publicKey })
                #expect(sharedChecker.isQuorum(keys) == shared.isQuorum(s))
                #expect(sharedChecker.isQuorum(keys) == apartChecker.isQuorum(keys))
                #expect(sharedChecker.containsQuorum(keys) == !shared.maximalQuorum(within: s).isEmpty)
                #expect(sharedChecker.containsQuorum(keys) == apartChecker.containsQuorum(keys))
            }

            let oracle = Oracle(fbas: shared)
            let encoder = PlainEncodingOracleTests()
            switch oracle.intersects {
            case nil: #expect(!encoder.satisfiable(.quorumExists, shared))
            case true?: #expect(!encoder.satisfiable(.disjointQuorums, shared))
            case false?: #expect(encoder.satisfiable(.disjointQuorums, shared))
            }
            #expect(PlainEncoding(.disjointQuorums, of: shared).variables <= PlainEncoding(.disjointQuorums, of: apart).variables)
        }
        #expect(sawSharing > 50, "the generator shares inner sets")
    }

    /// Thirty levels of two sets sharing one child (nested sixty deep, within the supported
    /// 64): 2^32 entries written out, ninety-one sets as stored. Everything that walks quorum
    /// sets walks the stored ones.
    @Test func aSetWhoseExpansionIsAstronomicalIsResolvedCheckedAndPrintedAtItsStoredSize() throws {
        var below = QuorumSet(threshold: 1, validators: ["V"])
        for _ in 0..<30 {
            let a = QuorumSet(threshold: 1, validators: ["Xa"], innerQuorumSets: [below])
            let b = QuorumSet(threshold: 1, validators: ["Xb"], innerQuorumSets: [below])
            below = QuorumSet(threshold: 1, validators: ["V"], innerQuorumSets: [a, b])
        }
        #expect(below.expandedEntryCount > 1 << 32)
        #expect(below.sharesInnerSets)
        #expect(below.nestingDepth == 60)
        let records = ["V", "Xa", "Xb"].map { Validator(publicKey: $0, quorumSet: below) }
        let f = FBAS(validators: records, policy: .free)
        #expect(f.qsets.count == 91)
        #expect(f.qsetOf.allSatisfy { $0 != nil })
        #expect(f.diagnostics.contains { $0.kind == .nestedDuplicate && $0.validator == "V" })
        let checker = WitnessChecker(f)
        #expect(checker.isQuorum(["Xa"]) && checker.isQuorum(["Xb"]))
        #expect(throws: Never.self) { try checker.checkDisjointQuorums(["Xa"], ["Xb"]) }
        #expect(!checker.containsQuorum([]))
        #expect(below.readable().count < 20_000, "shared sets are printed once, by name")
        #expect(below.allValidators == ["V", "Xa", "Xb"])
        #expect(below == Self.rebuilt(below), "equality of separately built shared sets compares each pair once")
    }

    /// A second copy with the same sharing but its own storage.
    static func rebuilt(_ q: QuorumSet) -> QuorumSet {
        q.fold { set, inner in QuorumSet(threshold: set.threshold, validators: set.validators, innerQuorumSets: inner) }
    }

    @Test func aSharedSetReadsWithEachSharedInnerSetNamedOnce() {
        let org = QuorumSet(threshold: 2, validators: ["A", "B", "C"])
        let q = QuorumSet(threshold: 2, innerQuorumSets: [QuorumSet(threshold: 1, validators: ["D"], innerQuorumSets: [org]),
                                                          QuorumSet(threshold: 1, validators: ["E"], innerQuorumSets: [org])])
        #expect(q.readable() == "2 of {1 of {D, S1}, 1 of {E, S1}} where S1 = 2 of {A, B, C}")
        #expect(Self.copiedApart(q).readable() == "2 of {1 of {D, 2 of {A, B, C}}, 1 of {E, 2 of {A, B, C}}}")
    }
}
