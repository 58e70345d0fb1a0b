import FBASModel
import SolverCore

/// Encodes "the validators that fail leave no quorum" as a bounded unrolling of the
/// greatest-fixpoint contraction (semantics, section 3: "the cascade of v-blocking reaches
/// everyone").
///
/// Starting from the validators that stay up, `U_0`, each round keeps the members whose quorum
/// set the previous round still satisfies: `U_{k+1} = {v ∈ U_k : qset(v) satisfied by U_k}`. The
/// limit is the greatest quorum inside `U_0`, so the failing set blocks exactly when the limit
/// holds no validator with a known quorum set.
///
/// **Why ``rounds(_:universe:down:)`` rounds suffice.** Validators with the same quorum set are
/// judged on the same `U_k`, so a round that removes anyone removes every remaining validator of
/// at least one quorum set, and that set's validators never come back. With `D` distinct quorum
/// sets among the validators that can stay up, the contraction is stationary after at most `D`
/// rounds. Organisations of validators sharing a quorum set make `D` small: 1 on flat and
/// tiered networks cut to their top tier, 12 on the 72-validator almost-symmetric network.
///
/// Only one direction of each round is encoded, and it is the one that matters: "if the quorum
/// set is satisfied by the survivors, the validator survives" (an at-most constraint guarded by
/// the negated satisfaction literal). A model may keep more validators alive than the real
/// contraction does, never fewer, so requiring every known validator dead after `D` rounds is
/// satisfiable exactly when the failing set really blocks.
public enum BlockingEncoding {
    /// The number of rounds after which the contraction of any subset of `universe` minus
    /// `down` is stationary: its distinct known quorum sets.
    public static func rounds(_ fbas: FBAS, universe: BitSet, down: BitSet) -> Int {
        var distinct = Set<Int>()
        for v in universe where !down.contains(v) {
            if let q = fbas.qsetOf[v] { distinct.insert(q) }
        }
        return distinct.count
    }

    /// An estimate of the clauses the encoding costs: per round, a counter over the entries of
    /// every quorum set reachable from the universe, of about entries × min(t, entries − t + 1)
    /// clauses (the totalizer counts the smaller side). Lets a caller choose this encoding only
    /// where it stays small.
    public static func size(_ fbas: FBAS, universe: BitSet, down: BitSet) -> Int {
        let reachable = reachableQSets(fbas, universe: universe)
        let perRound = reachable.reduce(0) { $0 + fbas.qsets[$1].thresholdClauses }
        return perRound * rounds(fbas, universe: universe, down: down)
    }

    /// Adds "the validators `v` with `fails[v]` true, together with `down`, block": after
    /// ``rounds(_:universe:down:)`` rounds of contraction inside `universe`, no validator with
    /// a known quorum set survives.
    ///
    /// - Parameters:
    ///   - fbas: the network whose quorum sets the contraction evaluates, round after round.
    ///   - sink: receives the per-round variables, clauses and threshold constraints.
    ///   - universe: the validators the contraction runs over. It must contain every minimal
    ///     quorum, so that "no quorum inside `universe`" means "no quorum at all" (the
    ///     top-tier candidates do); validators outside count as failed.
    ///   - fails: per validator of `universe` not in `down`, the literal "this one fails".
    ///   - down: validators already failed.
    ///   - limits: once these expire, the remaining rounds are left out; the formula is then
    ///     a relaxation the caller must not trust (check the limits after encoding).
    public static func encode(_ fbas: FBAS, into sink: some CardinalityConstraintSink, universe: BitSet,
                              fails: [Literal?], down: BitSet, limits: SolveLimits? = nil) {
        let reachable = reachableQSets(fbas, universe: universe)
        let total = rounds(fbas, universe: universe, down: down)
        guard total > 0 else { return }
        // nil stands for "certainly not alive" (failed, down, outside, or unknown under `dead`).
        var alive: [Literal?] = Array(repeating: nil, count: fbas.count)
        for v in universe where !down.contains(v) && fbas.mayBeInQuorum(v) {
            guard let f = fails[v] else { preconditionFailure("no failure literal for validator \(v)") }
            alive[v] = !f
        }
        let alwaysTrue = sink.newVariable().positive
        sink.addClause([alwaysTrue])
        for round in 0..<total {
            if limits?.isExpired ?? false { return }
            // satisfied[q]: forced true whenever the survivors of this round satisfy q.
            var satisfied: [Int: Literal?] = [:]
            for (n, q) in reachable.enumerated() {
                // A round of a flat network with a hundred organisations takes a second to encode.
                if n % 16 == 15, limits?.isExpired ?? false { return }
                let qset = fbas.qsets[q]
                let entries = qset.validators.compactMap { alive[$0] } + qset.innerQSets.sorted().compactMap { satisfied[$0] ?? nil }
                if qset.threshold <= 0 {
                    satisfied[q] = alwaysTrue
                } else if entries.count < qset.threshold {
                    satisfied[q] = .some(nil)
                } else {
                    let s = sink.newVariable().positive
                    sink.addAtMost(qset.threshold - 1, of: entries, when: !s)
                    satisfied[q] = s
                }
            }
            let last = round == total - 1
            var next = alive
            for v in 0..<fbas.count {
                guard let a = alive[v] else { continue }
                guard let q = fbas.qsetOf[v] else {
                    // Unknown quorum sets under `free` never lose their validator, but alone
                    // they make no quorum: nothing to require of them.
                    continue
                }
                guard let s = satisfied[q] ?? nil else {
                    next[v] = nil
                    continue
                }
                if last {
                    sink.addClause([!a, !s])
                } else {
                    let n = sink.newVariable().positive
                    sink.addClause([!a, !s, n])
                    // Redundant (the real contraction only shrinks) but it lets a dead validator
                    // stay dead by propagation: 11.5 → 8.1 s on the almost-symmetric 24_orgs
                    // network. Making each round exact in both directions doubled the time.
                    sink.addClause([!n, a])
                    next[v] = n
                }
            }
            alive = next
        }
    }

    /// Quorum sets reachable from the quorum sets of `universe`, inner ones first (the order
    /// of ``FBAS/qsets``, where an inner set precedes the sets that contain it).
    static func reachableQSets(_ fbas: FBAS, universe: BitSet) -> [Int] {
        let used = fbas.qsetsUsed(by: universe)
        return used.indices.filter { used[$0] }
    }
}
