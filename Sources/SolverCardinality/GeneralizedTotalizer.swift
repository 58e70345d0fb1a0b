import SolverCore

/// A literal with a positive integer weight, an input of a ``GeneralizedTotalizer``.
public struct WeightedLiteral: Hashable, Sendable {
    public var literal: Literal
    /// The amount the literal adds to the sum when true; positive.
    public var weight: Int

    /// A weighted literal; `weight` must be positive.
    public init(_ literal: Literal, weight: Int) {
        precondition(weight > 0, "weights must be positive")
        self.literal = literal
        self.weight = weight
    }
}

/// The generalized totalizer (Joshi, Martins & Manquinho 2015, "Generalized totalizer encoding
/// for pseudo-Boolean constraints", CP 2015): a totalizer whose nodes hold one output per
/// *distinct attainable weighted sum* instead of one per count.
///
/// Output `(value: v, literal: o)` is forced true (inputs → outputs only, which is what an upper
/// bound needs) whenever the true inputs below the root weigh exactly `v`, or at least ``cap``
/// when `v == cap`: sums are clamped at `cap` so the encoding stays `O(n·cap)` variables. Hence
/// "weighted sum ≤ k" for any `k < cap` is the conjunction of ``atMostAssumptions(_:)``. Linear
/// MaxSAT search builds one with `cap` = the cost of its first model and then tightens the bound
/// by assumptions alone.
public final class GeneralizedTotalizer {
    /// Root outputs, by increasing value.
    public private(set) var outputs: [(value: Int, literal: Literal)] = []
    /// Sums at or above this value share one output.
    public let cap: Int

    /// Encodes the weighted sum of `inputs` into `sink`, clamping sums at `cap` (≥ 1).
    public init(inputs: [WeightedLiteral], cap: Int, in sink: some ClauseSink) {
        precondition(cap >= 1, "the cap must be positive")
        self.cap = cap
        guard !inputs.isEmpty else { return }
        let root = build(inputs[...], sink)
        outputs = root.keys.sorted().map { ($0, root[$0]!) }
    }

    /// Literals whose conjunction enforces "weighted sum of true inputs ≤ k", for `0 ≤ k < cap`:
    /// the negations of every output above `k`.
    public func atMostAssumptions(_ k: Int) -> [Literal] {
        precondition(k >= 0 && k < cap, "bounds at or above the cap are not represented")
        return outputs.filter { $0.value > k }.map { !$0.literal }
    }

    private func build(_ inputs: ArraySlice<WeightedLiteral>, _ sink: some ClauseSink) -> [Int: Literal] {
        if inputs.count == 1, let only = inputs.first {
            return [min(only.weight, cap): only.literal]
        }
        let mid = inputs.startIndex + inputs.count / 2
        let a = build(inputs[..<mid], sink), b = build(inputs[mid...], sink)
        var node: [Int: Literal] = [:]
        func output(_ value: Int) -> Literal {
            if let o = node[value] { return o }
            let o = sink.newVariable().positive
            node[value] = o
            return o
        }
        // A child value of 0 (no true input below it) is the implicit constant-true output, so
        // each child's outputs also pass up on their own.
        let left: [(Int, Literal?)] = [(0, nil)] + a.keys.sorted().map { ($0, Optional(a[$0]!)) }
        let right: [(Int, Literal?)] = [(0, nil)] + b.keys.sorted().map { ($0, Optional(b[$0]!)) }
        for (va, la) in left {
            for (vb, lb) in right where va + vb > 0 {
                var clause: [Literal] = []
                if let la { clause.append(!la) }
                if let lb { clause.append(!lb) }
                clause.append(output(min(va + vb, cap)))
                sink.addClause(clause)
            }
        }
        return node
    }
}
