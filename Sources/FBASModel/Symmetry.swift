/// The symmetries of a question that the encodings break: interchangeable validators and
/// interchangeable blocks (see ``FBAS/interchangeableClasses(among:labels:)`` and
/// ``FBAS/interchangeableBlocks(among:labels:labelsAreGroups:)``).
public struct Symmetries: Sendable, Equatable {
    public let classes: [[Int]]
    public let blocks: [[[Int]]]
    /// The class of each validator, nil for those in none (indexed up to the largest member).
    private let classOf: [Int?]

    public init(classes: [[Int]] = [], blocks: [[[Int]]] = []) {
        self.classes = classes
        self.blocks = blocks
        var classOf: [Int?] = Array(repeating: nil, count: (classes.joined().max() ?? -1) + 1)
        for (c, members) in classes.enumerated() { for v in members { classOf[v] = c } }
        self.classOf = classOf
    }

    public var isEmpty: Bool { classes.isEmpty && blocks.isEmpty }

    /// `members` with those of each class replaced by as many of the class's last (or first)
    /// members: the image under a permutation within classes, so a quorum stays a quorum
    /// (and a minimal one stays minimal).
    public func classImage(of members: some Sequence<Int>, last: Bool) -> [Int] {
        var perClass: [Int: Int] = [:]
        var image: [Int] = []
        for v in members {
            if v < classOf.count, let c = classOf[v] { perClass[c, default: 0] += 1 } else { image.append(v) }
        }
        for (c, k) in perClass { image.append(contentsOf: last ? classes[c].suffix(k) : classes[c].prefix(k)) }
        return image.sorted()
    }
}

extension FBAS {
    /// Both kinds of symmetry, under the same restrictions.
    public func symmetries(among: BitSet? = nil, labels: [Int]? = nil, labelsAreGroups: Bool = false) -> Symmetries {
        Symmetries(classes: interchangeableClasses(among: among, labels: labels),
                   blocks: interchangeableBlocks(among: among, labels: labels, labelsAreGroups: labelsAreGroups))
    }

    /// Classes of interchangeable validators: swapping any two members of a class maps the
    /// network onto itself, so every question asked of the network has the same answers after
    /// the swap.
    ///
    /// Two validators are interchangeable when they have the same resolved quorum set (or both
    /// none) and occur, directly, in exactly the same resolved quorum sets the same number of
    /// times: swapping them then leaves every quorum set as it was, up to the order of its
    /// members, which a threshold does not see. This is the symmetry of the validators of one
    /// organisation that share a quorum set and are only named in their organisation's inner
    /// set, the structure that makes disjointness and splitting proofs pigeonhole-hard.
    ///
    /// - Parameters:
    ///   - among: the validators that may join a quorum in the question (nil: all); others are
    ///     never put in a class, and only the quorum sets of these validators count.
    ///   - labels: an extra label per validator that must also match (a group, an "is down"
    ///     flag, anything else the question distinguishes); nil: none.
    /// - Returns: classes of at least two validators, each increasing, ordered by first member.
    public func interchangeableClasses(among: BitSet? = nil, labels: [Int]? = nil) -> [[Int]] {
        let relevant = relevantQSets(among)
        var occurrences: [[Int]] = Array(repeating: [], count: count)
        for (q, qset) in qsets.enumerated() where relevant[q] {
            for v in qset.validators { occurrences[v].append(q) }
        }
        struct Signature: Hashable {
            var qset: Int
            var label: Int
            var occurrences: [Int]
        }
        var classes: [Signature: [Int]] = [:]
        var order: [Signature] = []
        for v in 0..<count where among?.contains(v) ?? true {
            let key = Signature(qset: qsetOf[v] ?? -1, label: labels?[v] ?? 0, occurrences: occurrences[v])
            if classes[key] == nil { order.append(key) }
            classes[key, default: []].append(v)
        }
        return order.compactMap { classes[$0]!.count > 1 ? classes[$0] : nil }
    }

    /// Classes of interchangeable blocks: a block is the validators of one resolved quorum set
    /// p without inner sets (an organisation's inner set, typically) that are named nowhere
    /// else and share one quorum set. Two blocks are interchangeable when their sets have the
    /// same threshold and size, their validators the same quorum set, and both sets occur as
    /// inner sets of exactly the same parents the same number of times: swapping the blocks
    /// member for member (in increasing order) then maps the network onto itself.
    ///
    /// With `labels`, a swap must also respect them: both blocks carry one label, or, when
    /// `labelsAreGroups`, each block is exactly the validators of its group (swapping whole
    /// groups keeps the number of groups of any set). Labels that only mark validators (down,
    /// weighed) never let differently marked blocks swap.
    ///
    /// A block's set must not be any validator's own quorum set: the swap exchanges the two
    /// sets inside their parents, and a validator that declares one of them would not follow.
    ///
    /// - Returns: classes of at least two blocks; each block increasing; blocks ordered by
    ///   first member.
    public func interchangeableBlocks(among: BitSet? = nil, labels: [Int]? = nil, labelsAreGroups: Bool = false) -> [[[Int]]] {
        let relevant = relevantQSets(among)
        var declared = Set<Int>()
        for v in 0..<count where among?.contains(v) ?? true { if let q = qsetOf[v] { declared.insert(q) } }
        var occurrences: [[Int]] = Array(repeating: [], count: count)
        var parents: [[Int]] = Array(repeating: [], count: qsets.count)
        for (q, qset) in qsets.enumerated() where relevant[q] {
            for v in qset.validators { occurrences[v].append(q) }
            for inner in qset.innerQSets { parents[inner].append(q) }
        }
        var labelSize: [Int: Int] = [:]
        if let labels { for l in labels { labelSize[l, default: 0] += 1 } }
        struct Signature: Hashable {
            var threshold: Int
            var size: Int
            var qset: Int
            var label: Int?
            var parents: [Int]
        }
        var classes: [Signature: [[Int]]] = [:]
        var order: [Signature] = []
        for (p, qset) in qsets.enumerated() where relevant[p] && qset.innerQSets.isEmpty && !qset.validators.isEmpty && !parents[p].isEmpty
            && !declared.contains(p) {
            let block = qset.validators.sorted()
            guard Set(block).count == block.count,
                  block.allSatisfy({ occurrences[$0] == [p] && (among?.contains($0) ?? true) }),
                  let first = block.first, block.allSatisfy({ qsetOf[$0] == qsetOf[first] })
            else { continue }
            var label: Int? = nil
            if let labels {
                guard block.allSatisfy({ labels[$0] == labels[first] }) else { continue }
                // A block that is its whole group swaps with another such block (nil label).
                label = labelsAreGroups && labelSize[labels[first]] == block.count ? nil : labels[first]
            }
            let key = Signature(threshold: qset.threshold, size: block.count, qset: qsetOf[first] ?? -1,
                                label: label, parents: parents[p])
            if classes[key] == nil { order.append(key) }
            classes[key, default: []].append(block)
        }
        return order.compactMap { classes[$0]!.count > 1 ? classes[$0] : nil }
    }

    /// The quorum sets of the validators in `among` and everything nested in them (all, when
    /// nil). Validators outside `among` never join a quorum of the question, so their quorum
    /// sets play no part and must not break a symmetry of the rest.
    func relevantQSets(_ among: BitSet?) -> [Bool] {
        guard let among else { return Array(repeating: true, count: qsets.count) }
        var relevant = Array(repeating: false, count: qsets.count)
        var stack = among.compactMap { qsetOf[$0] }
        while let q = stack.popLast() {
            if relevant[q] { continue }
            relevant[q] = true
            stack.append(contentsOf: qsets[q].innerQSets)
        }
        return relevant
    }
}
