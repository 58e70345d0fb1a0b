/// A quorum set as written in an input file: a threshold over validator ids and nested sets.
///
/// This is the raw, unresolved form readers produce and writers consume. Analyses use
/// ``FBAS/QSet``, its resolved and deduplicated counterpart.
public struct QuorumSet: Hashable, Sendable {
    public var threshold: Int
    public var validators: [String]
    public var innerQuorumSets: [QuorumSet]

    public init(threshold: Int, validators: [String] = [], innerQuorumSets: [QuorumSet] = []) {
        self.threshold = threshold
        self.validators = validators
        self.innerQuorumSets = innerQuorumSets
    }

    /// Number of entries the threshold counts: validators plus inner sets.
    public var entryCount: Int { validators.count + innerQuorumSets.count }

    /// Levels of inner sets below this one (0 when it has none). Iterative, so that a
    /// pathological chain cannot exhaust the stack.
    public var nestingDepth: Int {
        var deepest = 0
        var stack: [(QuorumSet, Int)] = [(self, 0)]
        while let (q, d) = stack.popLast() {
            deepest = max(deepest, d)
            for inner in q.innerQuorumSets { stack.append((inner, d + 1)) }
        }
        return deepest
    }
}
