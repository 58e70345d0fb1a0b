/// A propositional variable, numbered densely from 0 in the order a solver created it.
///
/// Dense numbering lets every back end index arrays by variable without hashing.
public struct Variable: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Zero-based index of the variable inside the solver or formula that created it.
    public let index: Int

    public init(_ index: Int) {
        precondition(index >= 0, "variable index must be non-negative")
        self.index = index
    }

    /// The positive literal of this variable.
    public var positive: Literal { Literal(self, negated: false) }
    /// The negative literal of this variable.
    public var negative: Literal { Literal(self, negated: true) }

    /// DIMACS number (1-based).
    public var dimacs: Int { index + 1 }

    public static func < (a: Variable, b: Variable) -> Bool { a.index < b.index }
    public var description: String { "x\(dimacs)" }
}

/// A variable or its negation, packed MiniSat-style as `2 * index + sign` so that
/// literals index arrays (watch lists, assignments) directly.
public struct Literal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `2 * variable.index + (negated ? 1 : 0)`.
    public let code: Int

    public init(_ variable: Variable, negated: Bool = false) {
        code = variable.index << 1 | (negated ? 1 : 0)
    }

    /// Rebuilds a literal from its packed code.
    public init(code: Int) {
        precondition(code >= 0, "literal code must be non-negative")
        self.code = code
    }

    /// Builds a literal from a non-zero DIMACS integer (`3` is x3, `-3` is ¬x3).
    public init(dimacs: Int) {
        precondition(dimacs != 0, "0 is the DIMACS clause terminator, not a literal")
        self.init(Variable(abs(dimacs) - 1), negated: dimacs < 0)
    }

    public var variable: Variable { Variable(code >> 1) }
    public var isNegated: Bool { code & 1 == 1 }
    /// The DIMACS integer of this literal.
    public var dimacs: Int { isNegated ? -variable.dimacs : variable.dimacs }

    public static prefix func ! (l: Literal) -> Literal { Literal(code: l.code ^ 1) }
    public static func < (a: Literal, b: Literal) -> Bool { a.code < b.code }
    public var description: String { isNegated ? "¬\(variable)" : "\(variable)" }

    /// Whether this literal is true under `assignment` (indexed by variable).
    public func isTrue(in assignment: [Bool]) -> Bool {
        assignment[variable.index] != isNegated
    }
}
