/// Quorum-set satisfaction and quorum membership, straight from the semantics (section 3).
/// No solver is involved; analyses and the witness checker build on these.
extension FBAS {
    /// For every resolved quorum set, whether `set` satisfies it, computed bottom-up in one pass
    /// (inner sets have smaller ids).
    public func satisfiedQSets(by set: BitSet) -> [Bool] {
        var satisfied = Array(repeating: false, count: qsets.count)
        for (q, s) in qsets.enumerated() {
            var hits = 0
            for v in s.validators where set.contains(v) { hits += 1 }
            if hits < s.threshold { for inner in s.innerQSets where satisfied[inner] { hits += 1 } }
            satisfied[q] = hits >= s.threshold
        }
        return satisfied
    }

    /// Whether `set` satisfies resolved quorum set `q` (recursion bounded by the nesting limit).
    public func isSatisfied(qset q: Int, by set: BitSet) -> Bool {
        let s = qsets[q]
        var hits = 0
        for v in s.validators where set.contains(v) {
            hits += 1
            if hits >= s.threshold { return true }
        }
        for inner in s.innerQSets where isSatisfied(qset: inner, by: set) {
            hits += 1
            if hits >= s.threshold { return true }
        }
        return hits >= s.threshold
    }

    /// Whether `v` may belong to a quorum at all under the policy.
    @inlinable public func mayBeInQuorum(_ v: Int) -> Bool {
        policy == .free || qsetOf[v] != nil
    }

    /// Whether `set` is a quorum: non-empty, every member with a known quorum set has it
    /// satisfied by `set`, and, under `free`, some member has a known quorum set; under `dead`
    /// no member has an unknown one.
    public func isQuorum(_ set: BitSet) -> Bool {
        let satisfied = satisfiedQSets(by: set)
        var hasKnown = false
        for v in set {
            guard let q = qsetOf[v] else {
                if policy == .dead { return false }
                continue
            }
            guard satisfied[q] else { return false }
            hasKnown = true
        }
        return hasKnown
    }

    /// The union of all quorums inside `set` (itself a quorum), or the empty set when `set`
    /// contains no quorum: the greatest fixpoint of dropping members whose quorum set the
    /// remaining members do not satisfy.
    public func maximalQuorum(within set: BitSet) -> BitSet {
        var current = set
        if policy == .dead { for v in set where qsetOf[v] == nil { current.remove(v) } }
        while true {
            let satisfied = satisfiedQSets(by: current)
            var changed = false
            for v in current {
                if let q = qsetOf[v], !satisfied[q] {
                    current.remove(v)
                    changed = true
                }
            }
            if !changed { break }
        }
        return current.contains(where: { qsetOf[$0] != nil }) ? current : BitSet(capacity: count)
    }

    /// The set of all validators.
    public var allValidators: BitSet { BitSet.full(capacity: count) }

    /// A bit set of the given validators.
    public func set<S: Sequence>(_ members: S) -> BitSet where S.Element == Int {
        BitSet(capacity: count, members)
    }
}

extension FBAS {
    /// A minimal quorum inside `set` (no proper subset is a quorum), or nil when `set` contains
    /// no quorum. Greedy: each member in turn is dropped if a quorum remains without it. The
    /// result is minimal because quorums are closed under union: once `Q \ {v}` holds no quorum,
    /// no subset of it does.
    ///
    /// - Parameters:
    ///   - set: the validators the minimal quorum is looked for in.
    ///   - order: the order in which members are tried (default: increasing id);
    ///     different orders give different minimal quorums.
    public func minimalQuorum(within set: BitSet, order: [Int]? = nil) -> BitSet? {
        var q = maximalQuorum(within: set)
        guard !q.isEmpty else { return nil }
        for v in order ?? Array(q) {
            guard q.contains(v) else { continue }
            var without = q
            without.remove(v)
            let inner = maximalQuorum(within: without)
            if !inner.isEmpty { q = inner }
        }
        return q
    }
}

extension FBAS {
    /// Greedily shrinks quorum `q` while it stays a quorum containing `keep`: each other member
    /// is dropped when a quorum containing `keep` remains without it. The result is a quorum
    /// containing `keep` from which no single other member can be removed (it need not be
    /// minimal: a quorum without `keep` may lie inside it). Nil when `q` holds no quorum with `keep`.
    public func shrinkQuorum(_ q: BitSet, keeping keep: Int) -> BitSet? {
        var current = maximalQuorum(within: q)
        guard current.contains(keep) else { return nil }
        for u in Array(current) where u != keep && current.contains(u) {
            var without = current
            without.remove(u)
            let inner = maximalQuorum(within: without)
            if inner.contains(keep) { current = inner }
        }
        return current
    }
}
