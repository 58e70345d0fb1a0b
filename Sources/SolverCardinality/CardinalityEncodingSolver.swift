import SolverCore

/// Gives any CNF back end cardinality constraints: every `IncrementalSATSolver` call is
/// forwarded to `base`, and ``addAtLeast(_:of:when:)`` / ``addAtMost(_:of:when:)`` are encoded
/// into clauses of `base` with ``encoding``.
///
/// Back ends with native cardinality support (Z3) conform to `CardinalityConstraintSink`
/// themselves; this wrapper lets code written against that protocol run on the others too.
public final class CardinalityEncodingSolver<Base: IncrementalSATSolver>: IncrementalSATSolver, CardinalityConstraintSink {
    /// The wrapped back end; it holds every clause, including the encodings' auxiliary ones.
    public let base: Base
    /// How cardinality constraints are turned into clauses.
    public var encoding: CardinalityEncoding

    /// Wraps `base` (which may already hold clauses), encoding cardinality constraints with `encoding`.
    public init(base: Base, encoding: CardinalityEncoding = .totalizer) {
        self.base = base
        self.encoding = encoding
    }

    /// The base's name: the encoding is not a different solver in reports.
    public var name: String { base.name }
    public var variableCount: Int { base.variableCount }
    public func newVariable() -> Variable { base.newVariable() }
    public func addClause(_ literals: [Literal]) { base.addClause(literals) }

    public func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        base.solve(assumptions: assumptions, limits: limits)
    }

    public func modelValue(_ variable: Variable) -> Bool { base.modelValue(variable) }
    public var failedAssumptions: [Literal] { base.failedAssumptions }

    public var interruptFlag: InterruptFlag? {
        get { base.interruptFlag }
        set { base.interruptFlag = newValue }
    }

    public var statistics: SolverStatistics { base.statistics }

    public func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        base.encodeAtLeast(k, of: literals, when: condition, using: encoding)
    }

    public func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        base.encodeAtMost(k, of: literals, when: condition, using: encoding)
    }
}
