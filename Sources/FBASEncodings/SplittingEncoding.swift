import FBASModel
import SolverCore

/// The variables of a splitting-set query: two quorums and the set whose members may lie.
public struct SplittingVariables: Sendable {
    public var a: QuorumVariables
    public var b: QuorumVariables
    /// One literal per selectable unit (validator, or group when grouping): "in the splitting set".
    /// Units with no member in the universe are fixed out of the set.
    public var inSet: [Literal]
    /// The `inSet` literals of units with a member in the universe: the only ones a least set
    /// can use, so the only ones worth minimising over.
    public var costLiterals: [Literal]
    /// Per validator, the literal that frees it from its quorum set ("lies"): its unit's
    /// `inSet` literal, or with liars within groups a literal of its own that implies it.
    public var exempt: [Literal?]
}

/// Encodes the two-quorum questions: disjoint quorums (quorum intersection fails) and
/// splitting sets (semantics, section 3).
public enum SplittingEncoding {
    /// Two quorums that share no validator. Satisfiable exactly when quorum intersection fails.
    ///
    /// - Parameters:
    ///   - fbas: the network whose quorum intersection is in question.
    ///   - sink: receives both quorums' variables and constraints and the disjointness clauses.
    ///   - universe: validators allowed in either quorum (nil: all).
    ///   - breakingSymmetry: order the rows (in A, in B) of interchangeable validators
    ///     (``SymmetryBreaking``); it changes which pair is found, never whether one exists.
    ///   - deferringAbove: see ``QuorumEncoding/encode(_:into:universe:exempt:deferringAbove:limits:)``;
    ///     the deferred constraints of both quorums are in their ``QuorumVariables/deferred``.
    ///   - limits: see ``QuorumEncoding/encode(_:into:universe:exempt:deferringAbove:limits:)``.
    public static func disjointQuorums(_ fbas: FBAS, into sink: some CardinalityConstraintSink, universe: BitSet? = nil,
                                       breakingSymmetry: Bool = true, deferringAbove: Int? = nil, limits: SolveLimits? = nil)
        -> (a: QuorumVariables, b: QuorumVariables)
    {
        let a = QuorumEncoding.encode(fbas, into: sink, universe: universe, deferringAbove: deferringAbove, limits: limits)
        let b = QuorumEncoding.encode(fbas, into: sink, universe: universe, deferringAbove: deferringAbove, limits: limits)
        for v in 0..<fbas.count {
            if let x = a.member[v], let y = b.member[v] { sink.addClause([!x, !y]) }
        }
        addOverlapBounds(fbas, a: a, b: b, inBoth: { _ in nil }, into: sink, limits: limits)
        if breakingSymmetry {
            let row = { (v: Int) in [a.member[v]!, b.member[v]!] }
            SymmetryBreaking.breakSymmetries(fbas.symmetries(among: universe), row: row, into: sink)
        }
        return (a, b)
    }

    /// Quorums A and B whose overlap lies inside a set F whose members are exempt from their
    /// quorum sets. With `grouping`, F is a set of groups: a validator is in F when its group is.
    /// The caller minimises the number of true ``SplittingVariables/inSet`` literals.
    ///
    /// - Parameters:
    ///   - fbas: the network to split.
    ///   - sink: receives the variables of F, A and B and all constraints.
    ///   - grouping: count F in groups (organisations, say) instead of validators (nil:
    ///     validators).
    ///   - universe: validators allowed in A and B (nil: all).
    ///   - liarsWithinGroups: with `grouping`, the liars are any subset of the chosen
    ///     groups' validators (each has a literal of its own implying its group's), not all of
    ///     them: fbas_analyzer's merge of splitting sets by group.
    ///   - breakingSymmetry: order the rows (in F, in A, in B) of interchangeable
    ///     validators of one group (``SymmetryBreaking``); the least size of F is unchanged.
    ///   - limits: see ``QuorumEncoding/encode(_:into:universe:exempt:deferringAbove:limits:)``.
    public static func splitting(_ fbas: FBAS, into sink: some CardinalityConstraintSink,
                                 grouping: Grouping? = nil, universe: BitSet? = nil, liarsWithinGroups: Bool = false,
                                 breakingSymmetry: Bool = true, limits: SolveLimits? = nil) -> SplittingVariables {
        let units = grouping?.groups.count ?? fbas.count
        let inSet = (0..<units).map { _ in sink.newVariable().positive }
        let exempt: [Literal?] = (0..<fbas.count).map { v in
            guard liarsWithinGroups, let g = grouping?.groupOf[v] else { return inSet[grouping?.groupOf[v] ?? v] }
            let liar = sink.newVariable().positive
            sink.addClause([!liar, inSet[g]])
            return liar
        }
        // A liar outside the universe is in neither quorum and helps no split. Left free, its
        // literal would still count: the bound a linear search adds over the cost literals
        // grew with the whole network (tiered-5000's 90-validator core: 12.6 million clauses
        // and 2.2 GB in CaDiCaL, for 5,000 literals of which 90 can matter).
        var usable = Array(repeating: universe == nil, count: units)
        if let universe { for v in universe { usable[grouping?.groupOf[v] ?? v] = true } }
        for u in 0..<units where !usable[u] { sink.addClause([!inSet[u]]) }
        let costLiterals = (0..<units).filter { usable[$0] }.map { inSet[$0] }
        let a = QuorumEncoding.encode(fbas, into: sink, universe: universe, exempt: exempt, limits: limits)
        let b = QuorumEncoding.encode(fbas, into: sink, universe: universe, exempt: exempt, limits: limits)
        for v in 0..<fbas.count {
            if let x = a.member[v], let y = b.member[v], let f = exempt[v] { sink.addClause([!x, !y, f]) }
        }
        addOverlapBounds(fbas, a: a, b: b, inBoth: { exempt[$0] }, into: sink, limits: limits)
        if breakingSymmetry {
            let row = { (v: Int) in [exempt[v]!, a.member[v]!, b.member[v]!] }
            SymmetryBreaking.breakSymmetries(fbas.symmetries(among: universe, labels: grouping?.groupOf, labelsAreGroups: true), row: row, into: sink)
        }
        return SplittingVariables(a: a, b: b, inSet: inSet, costLiterals: costLiterals, exempt: exempt)
    }

    /// About how many clauses one splitting query takes: per distinct quorum set, its threshold
    /// in each quorum and its overlap bound, each a totalizer of about
    /// entries × min(t, entries − t + 1) clauses. An estimate to decide whether the query can be
    /// held twice (for a race), not an exact count.
    public static func size(_ fbas: FBAS) -> Int {
        fbas.qsets.reduce(0) { $0 + 3 * $1.thresholdClauses }
    }

    /// Implied constraints that let a CDCL solver count overlaps at the level of quorum sets
    /// instead of validators: if quorum sets p is satisfied by both A and B, at least
    /// `k = 2·threshold − entries` of its entries are satisfied by both. A validator entry
    /// satisfied by both is a member of A ∩ B, so it is in the splitting set (`inBoth`, nil when
    /// A and B must be disjoint); an inner set satisfied by both has its own `D_q`.
    ///
    /// `D_p` is forced by `sat_A(p) ∧ sat_B(p)` and implies "at least k of the entries' both-
    /// literals" (inner sets without a `D_q` lower k by one, since they may be doubly satisfied
    /// freely). Redundant, hence sound: any model extends by `D_p := sat_A(p) ∧ sat_B(p)`,
    /// because each `sat` literal already implies its threshold on the entries' literals. For
    /// organisations of 2-of-3 validators this says "an organisation satisfied on both sides
    /// holds a liar", and for their parents "k such organisations": the pigeonhole counts that
    /// resolution cannot find on its own through the validators' variables.
    ///
    /// Once `limits` expire, the remaining bounds are left out (like the quorums' thresholds,
    /// ``QuorumEncoding/encode(_:into:universe:exempt:deferringAbove:limits:)``): the caller
    /// checks the limits after encoding and solves nothing.
    static func addOverlapBounds(_ fbas: FBAS, a: QuorumVariables, b: QuorumVariables,
                                 inBoth: (Int) -> Literal?, into sink: some CardinalityConstraintSink, limits: SolveLimits? = nil) {
        var both: [Literal?] = Array(repeating: nil, count: fbas.qsets.count)
        // Quorum sets that A and B can never both satisfy: they add nothing to a parent's count.
        var never = Array(repeating: false, count: fbas.qsets.count)
        // The entries of p both sides may satisfy at once, and how many of them must be (k).
        // Per quorum set: its validators in the universe and its inner sets, as sets; nil when
        // an entry repeats (it would count more than once on one side: no bound then).
        var entrySets: [(validators: Set<Int>, inner: Set<Int>)?] = Array(repeating: nil, count: fbas.qsets.count)
        for (p, q) in fbas.qsets.enumerated() {
            let inner = Set(q.innerQSets)
            guard Set(q.validators).count == q.validators.count, inner.count == q.innerQSets.count else { continue }
            entrySets[p] = (Set(q.validators.filter { a.member[$0] != nil }), inner)
        }
        func overlap(_ p: Int, _ p2: Int) -> (k: Int, entries: [Literal]) {
            let q = fbas.qsets[p], q2 = fbas.qsets[p2]
            guard let (present, inner) = entrySets[p], let (present2, inner2) = entrySets[p2] else { return (0, []) }
            var k = q.threshold + q2.threshold - present.union(present2).count - inner.union(inner2).count
            var entries: [Literal] = []
            for v in present.intersection(present2).sorted() {
                if let l = inBoth(v) { entries.append(l) }
            }
            for i in inner.intersection(inner2).sorted() where !never[i] {
                if let d = both[i] { entries.append(d) } else { k -= 1 }
            }
            return (k, entries)
        }
        // Only quorum sets the quorums' possible members use (see QuorumEncoding).
        let used = fbas.qsetsUsed(by: fbas.set(a.member.indices.filter { a.member[$0] != nil }))
        var looked = 0
        for p in fbas.qsets.indices where used[p] {
            looked += 1
            if looked % 16 == 0, limits?.isExpired == true { return }
            let (k, entries) = overlap(p, p)
            guard k >= 1 else { continue }
            if k > entries.count {
                sink.addClause([!a.satisfied[p], !b.satisfied[p]])
                never[p] = true
                continue
            }
            let d = sink.newVariable().positive
            sink.addClause([!a.satisfied[p], !b.satisfied[p], d])
            sink.addAtLeast(k, of: entries, when: d)
            both[p] = d
        }
        // Two different quorum sets that A and B cannot satisfy at once, by the same count over
        // the entries they share (at least t + t' − |entries ∪ entries'| shared entries would
        // be satisfied by both). Only the binary clauses: for networks whose validators name
        // slightly different lists (organisations dropping others at random), they turn the
        // pigeonhole argument of disjointness into unit propagation. Only quorum sets that
        // validators name directly, and only while the pairs stay affordable.
        let tops = Array(Set(fbas.qsetOf.compactMap { $0 })).filter { used[$0] && entrySets[$0] != nil }.sorted()
        guard tops.count <= maximumOverlapPairSets, limits?.isExpired != true else { return }
        // `overlap`'s count without building lists: only k and the number of entries matter
        // here, and building sorted lists for each of flat-3000's half-million pairs took 16 of
        // its 51 s. Long entry lists (flat: a thousand organisations each) are compared as bit
        // sets, short ones (tiered leaves: a few entries, among 2,000 validators) by merging.
        let validatorCount = fbas.count, qsetCount = fbas.qsets.count
        let withBothLiteral = (0..<validatorCount).map { inBoth($0) != nil }
        let innerCounted = fbas.qsets.indices.map { !never[$0] && both[$0] != nil }
        let innerFree = fbas.qsets.indices.map { !never[$0] && both[$0] == nil }
        let validatorLists = tops.map { entrySets[$0]!.validators.sorted() }
        let innerLists = tops.map { entrySets[$0]!.inner.sorted() }
        let words = (validatorCount + 63) / 64 + (qsetCount + 63) / 64
        let dense = tops.indices.map { validatorLists[$0].count + innerLists[$0].count > words }
        let bits = tops.indices.map { i in
            dense[i] ? (BitSet(capacity: validatorCount, validatorLists[i]), BitSet(capacity: qsetCount, innerLists[i])) : nil
        }
        let masks = (both: BitSet(capacity: validatorCount, (0..<validatorCount).filter { withBothLiteral[$0] }),
                     counted: BitSet(capacity: qsetCount, fbas.qsets.indices.filter { innerCounted[$0] }),
                     free: BitSet(capacity: qsetCount, fbas.qsets.indices.filter { innerFree[$0] }))
        // Shared validators, those of them with a both-literal, shared inner sets, those counted
        // and those free.
        func shared(_ i: Int, _ j: Int) -> (validators: Int, bothValidators: Int, inner: Int, counted: Int, free: Int) {
            if let (v, q) = bits[i], let (v2, q2) = bits[j] {
                return (v.intersectionCount(v2), v.intersectionCount(v2, within: masks.both), q.intersectionCount(q2),
                        q.intersectionCount(q2, within: masks.counted), q.intersectionCount(q2, within: masks.free))
            }
            var result = (validators: 0, bothValidators: 0, inner: 0, counted: 0, free: 0)
            Self.forEachShared(validatorLists[i], validatorLists[j]) { v in
                result.validators += 1
                if withBothLiteral[v] { result.bothValidators += 1 }
            }
            Self.forEachShared(innerLists[i], innerLists[j]) { q in
                result.inner += 1
                if innerCounted[q] { result.counted += 1 }
                if innerFree[q] { result.free += 1 }
            }
            return result
        }
        for i in tops.indices {
            if i % 16 == 15, limits?.isExpired == true { return }
            let p = tops[i]
            for j in (i + 1)..<tops.count {
                let p2 = tops[j]
                let n = shared(i, j)
                let union = validatorLists[i].count + innerLists[i].count + validatorLists[j].count + innerLists[j].count - n.validators - n.inner
                let k = fbas.qsets[p].threshold + fbas.qsets[p2].threshold - union - n.free
                if k >= 1 && k > n.bothValidators + n.counted {
                    sink.addClause([!a.satisfied[p], !b.satisfied[p2]])
                    sink.addClause([!a.satisfied[p2], !b.satisfied[p]])
                }
            }
        }
    }

    /// Calls `body` with each element of two increasing lists that both hold.
    static func forEachShared(_ a: [Int], _ b: [Int], _ body: (Int) -> Void) {
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { body(a[i]); i += 1; j += 1 }
        }
    }

    /// Above this many distinct quorum sets named by validators, the pairwise overlap clauses
    /// are left out (there is one check per pair).
    static let maximumOverlapPairSets = 2000
}
