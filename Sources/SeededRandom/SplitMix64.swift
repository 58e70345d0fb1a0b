/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully specified generator, so that seeded
/// searches, generated networks and randomised tests replay exactly from their seed.
///
/// The draws (`below`, `chance`, `shuffle`, ...) are written out here rather than taken from the
/// standard library because `Int.random(in:using:)` and `shuffle(using:)` do not promise the
/// same sequence across Swift releases; a network named by family, size and seed must stay the
/// same network wherever and whenever it is generated.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state; it advances by a fixed odd constant on every draw.
    public var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (rejection sampling, so no modulo bias).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(\(bound))")
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        var x = next()
        while x >= limit { x = next() }
        return Int(x % b)
    }

    /// Uniform in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// Fisher–Yates.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    /// `count` distinct elements of `items`, in a random order.
    public mutating func sample<T>(_ count: Int, from items: [T]) -> [T] {
        var pool = items
        let k = min(count, pool.count)
        for i in 0..<k { pool.swapAt(i, i + below(pool.count - i)) }
        return Array(pool.prefix(k))
    }

    /// An index drawn with probability proportional to `weights` (all non-negative, some positive).
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
