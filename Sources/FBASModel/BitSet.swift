/// A fixed-capacity set of small non-negative integers (dense validator or quorum-set ids),
/// stored as 64-bit words.
///
/// Analyses test "does this set satisfy this quorum set" millions of times; word-level
/// membership and population counts keep that cheap where string sets would not be.
public struct BitSet: Hashable, Sendable, Sequence, CustomStringConvertible {
    public private(set) var capacity: Int
    @usableFromInline var words: [UInt64]

    /// An empty set able to hold `0 ..< capacity`.
    public init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
        words = Array(repeating: 0, count: (capacity + 63) >> 6)
    }

    /// A set holding `members`, each in `0 ..< capacity`.
    public init<S: Sequence>(capacity: Int, _ members: S) where S.Element == Int {
        self.init(capacity: capacity)
        for m in members { insert(m) }
    }

    /// The set `0 ..< capacity`.
    public static func full(capacity: Int) -> BitSet {
        var s = BitSet(capacity: capacity)
        for i in s.words.indices { s.words[i] = ~0 }
        s.clearTail()
        return s
    }

    @inlinable public func contains(_ i: Int) -> Bool {
        guard i >= 0, i < capacity else { return false }
        return words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    public mutating func insert(_ i: Int) {
        precondition(i >= 0 && i < capacity, "element \(i) outside 0..<\(capacity)")
        words[i >> 6] |= 1 << UInt64(i & 63)
    }

    public mutating func remove(_ i: Int) {
        guard i >= 0, i < capacity else { return }
        words[i >> 6] &= ~(1 << UInt64(i & 63))
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public func union(_ o: BitSet) -> BitSet { combine(o) { $0 | $1 } }
    public func intersection(_ o: BitSet) -> BitSet { combine(o) { $0 & $1 } }
    public func subtracting(_ o: BitSet) -> BitSet { combine(o) { $0 & ~$1 } }
    /// The complement within `0 ..< capacity`.
    public var complement: BitSet {
        var s = self
        for i in s.words.indices { s.words[i] = ~s.words[i] }
        s.clearTail()
        return s
    }

    public mutating func formUnion(_ o: BitSet) { self = union(o) }
    public mutating func formIntersection(_ o: BitSet) { self = intersection(o) }
    public mutating func subtract(_ o: BitSet) { self = subtracting(o) }

    /// |self ∩ o ∩ mask| (mask nil: |self ∩ o|), counted word by word without building a set:
    /// encodings compare every pair of a thousand quorum sets this way.
    public func intersectionCount(_ o: BitSet, within mask: BitSet? = nil) -> Int {
        precondition(capacity == o.capacity && (mask?.capacity ?? capacity) == capacity, "bit sets of different capacities")
        var n = 0
        if let mask {
            for i in words.indices { n += (words[i] & o.words[i] & mask.words[i]).nonzeroBitCount }
        } else {
            for i in words.indices { n += (words[i] & o.words[i]).nonzeroBitCount }
        }
        return n
    }

    public func isSubset(of o: BitSet) -> Bool {
        precondition(capacity == o.capacity, "bit sets of different capacities")
        return zip(words, o.words).allSatisfy { $0 & ~$1 == 0 }
    }

    public func isDisjoint(with o: BitSet) -> Bool {
        precondition(capacity == o.capacity, "bit sets of different capacities")
        return zip(words, o.words).allSatisfy { $0 & $1 == 0 }
    }

    /// Members in increasing order.
    public func makeIterator() -> Iterator { Iterator(words: words) }

    public struct Iterator: IteratorProtocol {
        let words: [UInt64]
        var wordIndex = 0
        var current: UInt64

        init(words: [UInt64]) {
            self.words = words
            current = words.first ?? 0
        }

        public mutating func next() -> Int? {
            while current == 0 {
                wordIndex += 1
                guard wordIndex < words.count else { return nil }
                current = words[wordIndex]
            }
            let bit = current.trailingZeroBitCount
            current &= current - 1
            return wordIndex << 6 | bit
        }
    }

    public var description: String { "{" + map(String.init).joined(separator: ", ") + "}" }

    private func combine(_ o: BitSet, _ f: (UInt64, UInt64) -> UInt64) -> BitSet {
        precondition(capacity == o.capacity, "bit sets of different capacities")
        var r = self
        for i in r.words.indices { r.words[i] = f(words[i], o.words[i]) }
        return r
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - capacity
        if extra > 0 { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }
}
