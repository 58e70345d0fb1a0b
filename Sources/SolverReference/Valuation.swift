import SolverCore

/// The current partial assignment, stored per literal rather than per variable so that a
/// literal's value is a single load, which propagation does more than anything else.
///
/// Kept as its own small value so that reading a value copies (in unoptimised builds) one
/// array rather than the whole engine.
struct Valuation {
    /// Indexed by literal code: +1 true, -1 false, 0 unassigned.
    private var values: [Int8] = []

    mutating func addVariable() {
        values.append(contentsOf: [0, 0])
    }

    func isTrue(_ literal: Literal) -> Bool { values[literal.code] > 0 }
    func isFalse(_ literal: Literal) -> Bool { values[literal.code] < 0 }
    func isAssigned(_ variable: Variable) -> Bool { values[variable.positive.code] != 0 }

    /// Makes `literal` true and its negation false.
    mutating func makeTrue(_ literal: Literal) {
        values[literal.code] = 1
        values[(!literal).code] = -1
    }

    mutating func unassign(_ variable: Variable) {
        values[variable.positive.code] = 0
        values[variable.negative.code] = 0
    }
}
