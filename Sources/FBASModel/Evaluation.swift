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
        isSatisfied(qset: q, where: set.contains)
    }

    /// Whether the validators `isMember` accepts satisfy resolved quorum set `q`; for sets too
    /// small to be worth a bit set of the whole network (one validator among 200,000).
    public func isSatisfied(qset q: Int, where isMember: (Int) -> Bool) -> Bool {
        var known: [Int: Bool] = [:]
        return isSatisfied(qset: q, where: isMember, memo: &known)
    }

    /// Sets with inner sets are remembered, so that an inner set shared along many paths
    /// (python-fbas) is evaluated once.
    private func isSatisfied(qset q: Int, where isMember: (Int) -> Bool, memo: inout [Int: Bool]) -> Bool {
        if let known = memo[q] { return known }
        let s = qsets[q]
        var hits = 0
        for v in s.validators where isMember(v) {
            hits += 1
            if hits >= s.threshold { return true }
        }
        for inner in s.innerQSets where hits < s.threshold && isSatisfied(qset: inner, where: isMember, memo: &memo) {
            hits += 1
        }
        if !s.innerQSets.isEmpty { memo[q] = hits >= s.threshold }
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
        QuorumPropagator(self, within: set).quorum
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
        try! minimalQuorum(within: set, order: order, stoppingWhen: { false })
    }

    /// ``minimalQuorum(within:order:)``, giving up when `stop` says so (it is asked every few
    /// dozen members): one try per member, each as costly as what it propagates, adds up to
    /// seconds on networks of thousands.
    public func minimalQuorum(within set: BitSet, order: [Int]? = nil,
                              stoppingWhen stop: () -> Bool) throws(Stopped) -> BitSet? {
        var p = QuorumPropagator(self, within: set)
        guard p.knownMembers > 0 else { return nil }
        for (i, v) in (order ?? Array(p.members)).enumerated() where p.members.contains(v) {
            if i % 32 == 31, stop() { throw Stopped() }
            _ = p.tryRemoving(v) { $0.knownMembers > 0 }
        }
        return p.members
    }
}

/// A search over the network given up because its caller's time ran out (or it was interrupted).
public struct Stopped: Error, Sendable, Equatable {
    public init() {}
}

extension FBAS {
    /// Greedily shrinks quorum `q` while it stays a quorum containing `keep`: each other member
    /// is dropped when a quorum containing `keep` remains without it. The result is a quorum
    /// containing `keep` from which no single other member can be removed (it need not be
    /// minimal: a quorum without `keep` may lie inside it). Nil when `q` holds no quorum with `keep`.
    public func shrinkQuorum(_ q: BitSet, keeping keep: Int) -> BitSet? {
        try! shrinkQuorum(q, keeping: keep, stoppingWhen: { false })
    }

    /// ``shrinkQuorum(_:keeping:)``, giving up when `stop` says so (asked every few dozen members).
    public func shrinkQuorum(_ q: BitSet, keeping keep: Int, stoppingWhen stop: () -> Bool) throws(Stopped) -> BitSet? {
        var p = QuorumPropagator(self, within: q)
        guard p.knownMembers > 0, p.members.contains(keep) else { return nil }
        for (i, u) in Array(p.members).enumerated() where u != keep && p.members.contains(u) {
            if i % 32 == 31, stop() { throw Stopped() }
            _ = p.tryRemoving(u) { $0.knownMembers > 0 && $0.members.contains(keep) }
        }
        return p.members
    }
}
