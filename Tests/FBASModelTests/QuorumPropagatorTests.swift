import Testing
import SolverTestSupport
@testable import FBASModel

/// The propagation behind every fixpoint against the plain definition: drop, round after round,
/// every member whose quorum set the rest does not satisfy (the algorithm it replaced).
@Suite struct QuorumPropagatorTests {
    /// Random networks of up to 9 validators with nested sets, undefined references, unknown
    /// and threshold-0 sets, under both policies.
    static func networks(_ count: Int, seed: UInt64) -> [FBAS] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let n = Int.random(in: 1...9, using: &rng)
            let keys = (0..<n).map { "V\($0)" }
            func qset(_ depth: Int) -> QuorumSet {
                var members = keys.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
                if Int.random(in: 0..<6, using: &rng) == 0 { members.append("X\(depth)") }
                let inner = depth < 2 && Bool.random(using: &rng) ? [qset(depth + 1)] : []
                return QuorumSet(threshold: Int.random(in: 0...(members.count + inner.count), using: &rng), validators: members, innerQuorumSets: inner)
            }
            let vs = keys.map { k in Validator(publicKey: k, quorumSet: Int.random(in: 0..<6, using: &rng) == 0 ? nil : qset(0)) }
            return FBAS(validators: vs, policy: i % 2 == 0 ? .free : .dead)
        }
    }

    /// The definition, round by round.
    static func naiveMaximalQuorum(_ f: FBAS, within set: BitSet) -> BitSet {
        var current = set
        if f.policy == .dead { for v in set where f.qsetOf[v] == nil { current.remove(v) } }
        while true {
            let drop = current.filter { v in f.qsetOf[v].map { !f.isSatisfied(qset: $0, where: current.contains) } ?? false }
            if drop.isEmpty { break }
            for v in drop { current.remove(v) }
        }
        return current.contains(where: { f.qsetOf[$0] != nil }) ? current : BitSet(capacity: f.count)
    }

    @Test func theGreatestQuorumMatchesTheDefinitionOnEverySubset() {
        var checked = 0, nonEmpty = 0
        for f in Self.networks(200, seed: 4242) {
            for mask in 0..<(1 << f.count) {
                let set = f.set((0..<f.count).filter { mask >> $0 & 1 == 1 })
                let expected = Self.naiveMaximalQuorum(f, within: set)
                #expect(f.maximalQuorum(within: set) == expected)
                checked += 1
                if !expected.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > checked / 20, "the networks must hold quorums, or this tests little")
    }

    @Test func greedyShrinkingGivesMinimalQuorumsAndKeepsTheValidatorAskedFor() {
        var shrunk = 0
        for f in Self.networks(300, seed: 777) {
            let all = f.allValidators
            guard let q = f.minimalQuorum(within: all) else {
                #expect(Self.naiveMaximalQuorum(f, within: all).isEmpty)
                continue
            }
            #expect(f.isQuorum(q))
            for v in q {
                var without = q
                without.remove(v)
                #expect(Self.naiveMaximalQuorum(f, within: without).isEmpty, "removing \(v) must leave no quorum")
            }
            for keep in Self.naiveMaximalQuorum(f, within: all) {
                guard let s = f.shrinkQuorum(all, keeping: keep) else { Issue.record("a quorum holds \(keep)"); continue }
                #expect(s.contains(keep) && f.isQuorum(s))
                shrunk += 1
            }
        }
        #expect(shrunk > 0)
    }

    @Test func aStopRequestEndsTheShrinkingWithStopped() throws {
        // A chain of 100 validators each needing the next: every member is tried, and the
        // request is looked at every 32 tries.
        let keys = (0..<100).map { "V\($0)" }
        let vs = keys.indices.map { i in Validator(publicKey: keys[i], quorumSet: QuorumSet(threshold: 1, validators: [keys[(i + 1) % 100]])) }
        let f = FBAS(validators: vs)
        #expect(throws: Stopped.self) { try f.minimalQuorum(within: f.allValidators, stoppingWhen: { true }) }
        #expect(throws: Stopped.self) { try f.shrinkQuorum(f.allValidators, keeping: 0, stoppingWhen: { true }) }
        #expect(try f.minimalQuorum(within: f.allValidators, stoppingWhen: { false })?.count == 100)
    }
}
