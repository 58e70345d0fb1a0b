/// A quorum set as written in an input file: a threshold over validator ids and nested sets.
///
/// This is the raw, unresolved form readers produce and writers consume. Analyses use
/// ``FBAS/QSet``, its resolved and deduplicated counterpart.
///
/// Inner sets may be shared: the python-fbas format names quorum sets by id, so one inner set can
/// sit under several parents, and twenty levels of two parents sharing a child written out in
/// place are millions of entries from a 3 KB file. A `QuorumSet` therefore keeps each set once
/// and refers to it (``identity`` tells shared sets apart), and everything that walks quorum
/// sets (``fold(_:)``, the model's resolution, the witness checker, the writers) visits a shared
/// set once. Value semantics are unchanged: setting a property makes a new set.
public struct QuorumSet: Hashable, Sendable {
    /// One set, immutable once built, with what its walkers need precomputed from its inner
    /// sets' values so that no question about it walks the whole expansion.
    final class Node: Sendable {
        let threshold: Int
        let validators: [String]
        let inner: [QuorumSet]
        /// Hash of the structure (threshold, validators, inner sets in order), from the inner
        /// sets' own, so that hashing costs the set's own entries only.
        let structuralHash: Int
        let depth: Int
        /// Entries once every inner set is written out in place, saturating at `Int.max`.
        let expandedEntries: Int

        init(threshold: Int, validators: [String], inner: [QuorumSet]) {
            self.threshold = threshold
            self.validators = validators
            self.inner = inner
            var hasher = Hasher()
            hasher.combine(threshold)
            hasher.combine(validators)
            hasher.combine(inner.count)
            for q in inner { hasher.combine(q.node.structuralHash) }
            structuralHash = hasher.finalize()
            depth = inner.isEmpty ? 0 : inner.map(\.node.depth).max()! + 1
            var total = validators.count + inner.count
            for q in inner {
                let (sum, overflow) = total.addingReportingOverflow(q.node.expandedEntries)
                total = overflow ? Int.max : sum
            }
            expandedEntries = total
        }
    }

    private var node: Node

    public init(threshold: Int, validators: [String] = [], innerQuorumSets: [QuorumSet] = []) {
        node = Node(threshold: threshold, validators: validators, inner: innerQuorumSets)
    }

    public var threshold: Int {
        get { node.threshold }
        set { node = Node(threshold: newValue, validators: node.validators, inner: node.inner) }
    }

    public var validators: [String] {
        get { node.validators }
        set { node = Node(threshold: node.threshold, validators: newValue, inner: node.inner) }
    }

    public var innerQuorumSets: [QuorumSet] {
        get { node.inner }
        set { node = Node(threshold: node.threshold, validators: node.validators, inner: newValue) }
    }

    /// Names this set as stored: two values with the same identity are the same set, shared.
    /// Walkers key their memos on it. (Equal sets built apart have different identities.)
    public var identity: ObjectIdentifier { ObjectIdentifier(node) }

    /// Number of entries the threshold counts: validators plus inner sets.
    public var entryCount: Int { validators.count + innerQuorumSets.count }

    /// Levels of inner sets below this one (0 when it has none).
    public var nestingDepth: Int { node.depth }

    /// Entries of the set once every inner set is written out in place, as the stellarbeat and
    /// stellar-core formats must (saturating at `Int.max`): the size of the tree a writer emits.
    public var expandedEntryCount: Int { node.expandedEntries }

    /// Whether some inner set is reached along two paths, which only a format naming sets by
    /// id (python-fbas) can express.
    public var sharesInnerSets: Bool {
        var seen: Set<ObjectIdentifier> = [identity]
        var stack = [self]
        while let top = stack.popLast() {
            for inner in top.innerQuorumSets {
                guard seen.insert(inner.identity).inserted else { return true }
                stack.append(inner)
            }
        }
        return false
    }

    public static func == (a: QuorumSet, b: QuorumSet) -> Bool {
        if a.node === b.node { return true }
        var proven: Set<Pair> = []
        return equal(a.node, b.node, &proven)
    }

    private struct Pair: Hashable {
        let a: ObjectIdentifier, b: ObjectIdentifier
    }

    /// Structural equality that compares each pair of shared sets once; recursion depth is the
    /// nesting depth, which readers bound.
    private static func equal(_ a: Node, _ b: Node, _ proven: inout Set<Pair>) -> Bool {
        if a === b { return true }
        guard a.structuralHash == b.structuralHash, a.threshold == b.threshold, a.depth == b.depth,
              a.inner.count == b.inner.count, a.validators == b.validators else { return false }
        // Leaves need no memo: remembering each of an organisation list's thousand leaf pairs
        // cost more than comparing them.
        if a.inner.isEmpty { return true }
        let pair = Pair(a: ObjectIdentifier(a), b: ObjectIdentifier(b))
        if proven.contains(pair) { return true }
        for (x, y) in zip(a.inner, b.inner) where !equal(x.node, y.node, &proven) { return false }
        proven.insert(pair)
        return true
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(node.structuralHash) }
}
