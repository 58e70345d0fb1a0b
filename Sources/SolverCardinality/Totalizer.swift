import SolverCore

/// Which implications a ``Totalizer`` encodes between its inputs and its unary outputs.
///
/// Only the direction a constraint relies on needs clauses (Bailleux & Boufkhad 2003,
/// "Efficient CNF encoding of Boolean cardinality constraints", CP 2003): an at-most bound
/// forbids an output, so the outputs must be forced *up* by the inputs; an at-least bound
/// requires an output, so an output must force enough inputs *down*. Encoding one direction
/// halves the clauses and leaves the unused direction free for the solver.
public struct TotalizerDirections: OptionSet, Sendable, Hashable {
    /// Bit 0: upward; bit 1: downward.
    public let rawValue: UInt8
    /// A set of directions from its bits (see ``rawValue``).
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Inputs → outputs: if at least `i + 1` inputs are true then `outputs[i]` is true.
    /// What at-most constraints (and the relaxations of MaxSAT) need.
    public static let upward = TotalizerDirections(rawValue: 1)
    /// Outputs → inputs: if `outputs[i]` is true then at least `i + 1` inputs are true.
    /// What at-least constraints need.
    public static let downward = TotalizerDirections(rawValue: 2)
    /// Both: the outputs are then exactly the unary count of the true inputs.
    public static let both: TotalizerDirections = [.upward, .downward]
}

/// A totalizer (Bailleux & Boufkhad 2003): a balanced binary tree whose nodes count, in unary,
/// the true literals below them, so that root output `i` means "at least `i + 1` inputs are true".
///
/// The encoding is *iterative* (Martins, Joshi, Manquinho & Lynce 2014, "Incremental
/// cardinality constraints for MaxSAT", CP 2014): every node builds its outputs only up to
/// ``bound``, and ``extend(to:in:)`` adds the missing outputs and exactly the clauses that
/// mention them, without touching what is already in the solver. OLL raises a bound each time a
/// core contains the totalizer's bound literal; linear search builds the bound it first needs and
/// then tightens it by assuming smaller outputs false, which needs no new clauses at all.
///
/// Clauses go to the `ClauseSink` passed to each call; pass the same sink every time. (The
/// totalizer keeps no reference to it, so a solver may own totalizers over itself without a
/// retain cycle.) Every occurrence of a literal in `inputs` counts: a duplicate counts twice and
/// a literal together with its negation contributes exactly one.
public final class Totalizer {
    private struct Node {
        /// Children indices into `nodes`, or -1 for a leaf.
        var left: Int
        var right: Int
        /// Number of inputs below this node.
        var size: Int
        /// `outputs[i]` stands for "at least `i + 1` inputs below are true".
        /// A leaf's only output is its input literal.
        var outputs: [Literal]
    }

    /// The counted literals, in the order given.
    public let inputs: [Literal]
    /// The implications encoded.
    public let directions: TotalizerDirections
    /// How many root outputs exist: the largest bound requested so far, clamped to `0...inputs.count`.
    public private(set) var bound: Int

    private var nodes: [Node] = []
    private var root = -1

    /// Builds a totalizer over `inputs` with root outputs up to `bound`.
    ///
    /// - Parameters:
    ///   - inputs: the literals whose true ones are counted; every occurrence counts (see above).
    ///   - bound: number of root outputs to build (clamped to `0...inputs.count`). To express
    ///     "at most k" a totalizer needs `k + 1` outputs; to express "at least k", `k`.
    ///   - directions: which implications to encode (see ``TotalizerDirections``).
    ///   - sink: receives the fresh variables and the clauses.
    public init(inputs: [Literal], bound: Int, directions: TotalizerDirections = .upward, in sink: some ClauseSink) {
        precondition(!directions.isEmpty, "a totalizer needs at least one direction")
        self.inputs = inputs
        self.directions = directions
        self.bound = 0
        if !inputs.isEmpty { root = build(inputs.startIndex, inputs.endIndex) }
        extend(to: bound, in: sink)
    }

    /// The root outputs built so far: `outputs[i]` stands for "at least `i + 1` inputs are true".
    public var outputs: [Literal] {
        root < 0 ? [] : Array(nodes[root].outputs.prefix(bound))
    }

    /// Raises ``bound`` to `min(newBound, inputs.count)`, adding only the new outputs and the
    /// clauses that mention them (Martins et al. 2014). A bound at or below the current one does
    /// nothing: lowering is done by assumptions, never by removing clauses.
    public func extend(to newBound: Int, in sink: some ClauseSink) {
        let target = min(newBound, inputs.count)
        guard target > bound else { return }
        extendNode(root, to: target, in: sink)
        bound = target
    }

    /// A literal that, when true, enforces "at most `k` inputs are true", extending the bound as
    /// needed; nil when the constraint always holds (`k ≥ inputs.count`).
    ///
    /// Assume it for a bound that may later be relaxed, or add it as a unit clause to make the
    /// bound permanent. Needs the ``TotalizerDirections/upward`` direction; `k` must be ≥ 0.
    public func atMost(_ k: Int, in sink: some ClauseSink) -> Literal? {
        precondition(k >= 0, "a negative at-most bound is unsatisfiable and has no literal")
        precondition(directions.contains(.upward), "at-most bounds need the upward direction")
        guard k < inputs.count else { return nil }
        extend(to: k + 1, in: sink)
        return !nodes[root].outputs[k]
    }

    /// A literal that, when true, enforces "at least `k` inputs are true", extending the bound as
    /// needed; nil when the constraint always holds (`k ≤ 0`).
    ///
    /// Needs the ``TotalizerDirections/downward`` direction; `k` must be ≤ `inputs.count`.
    public func atLeast(_ k: Int, in sink: some ClauseSink) -> Literal? {
        precondition(k <= inputs.count, "an at-least bound above the input count is unsatisfiable and has no literal")
        precondition(directions.contains(.downward), "at-least bounds need the downward direction")
        guard k > 0 else { return nil }
        extend(to: k, in: sink)
        return nodes[root].outputs[k - 1]
    }

    // MARK: - Construction

    /// Builds the tree shape for `inputs[lo..<hi]` (no clauses yet) and returns its node index.
    private func build(_ lo: Int, _ hi: Int) -> Int {
        if hi - lo == 1 {
            nodes.append(Node(left: -1, right: -1, size: 1, outputs: [inputs[lo]]))
            return nodes.count - 1
        }
        let mid = lo + (hi - lo) / 2
        let left = build(lo, mid), right = build(mid, hi)
        nodes.append(Node(left: left, right: right, size: hi - lo, outputs: []))
        return nodes.count - 1
    }

    /// Gives node `index` (and, first, its children) outputs up to `min(target, size)`.
    private func extendNode(_ index: Int, to target: Int, in sink: some ClauseSink) {
        let node = nodes[index]
        guard node.left >= 0 else { return }
        let old = node.outputs.count
        let want = min(target, node.size)
        // If this node already has `want` outputs its children have theirs too: they were
        // extended to the same bound, and a child never has more inputs than its parent.
        guard want > old else { return }
        extendNode(node.left, to: target, in: sink)
        extendNode(node.right, to: target, in: sink)
        let a = nodes[node.left].outputs, b = nodes[node.right].outputs
        let sizeA = nodes[node.left].size, sizeB = nodes[node.right].size
        var r = node.outputs
        for _ in old..<want { r.append(sink.newVariable().positive) }
        nodes[index].outputs = r

        // Only sums s in (old, want] are new; clauses for smaller sums are already in the sink.
        // Sums above the bound need no clause: the children are truncated at the same bound, so
        // a count ≥ want always reaches r[want-1] through some pair with i + j = want.
        for s in (old + 1)...want {
            if directions.contains(.upward) {
                // a ≥ i ∧ b ≥ j → r ≥ i + j (Bailleux & Boufkhad's first clause family).
                for i in max(0, s - sizeB)...min(s, sizeA) {
                    let j = s - i
                    var clause: [Literal] = []
                    if i > 0 { clause.append(!a[i - 1]) }
                    if j > 0 { clause.append(!b[j - 1]) }
                    clause.append(r[s - 1])
                    sink.addClause(clause)
                }
            }
            if directions.contains(.downward) {
                // a ≤ i ∧ b ≤ j → r ≤ i + j, i.e. ¬r[s-1] for i + j = s - 1 (their second family).
                // An index past a child's size is a constant false output and is left out.
                for i in max(0, s - 1 - sizeB)...min(s - 1, sizeA) {
                    let j = s - 1 - i
                    var clause: [Literal] = [!r[s - 1]]
                    if i < sizeA { clause.append(a[i]) }
                    if j < sizeB { clause.append(b[j]) }
                    sink.addClause(clause)
                }
            }
        }
    }
}
