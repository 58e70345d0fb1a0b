import SolverCore

/// Clauses as bit masks over an assignment packed into an integer (bit `i` is variable `i`),
/// so that enumerating every assignment stays fast in debug builds.
public struct PackedClauses: Sendable {
    private var positive: [Int] = []
    private var negative: [Int] = []

    /// Packs `clauses`, whose variables must all be below 63.
    public init(_ clauses: [[Literal]]) {
        for clause in clauses {
            var p = 0, n = 0
            for l in clause {
                precondition(l.variable.index < 63, "packed clauses are for tiny formulas")
                if l.isNegated { n |= 1 << l.variable.index } else { p |= 1 << l.variable.index }
            }
            positive.append(p)
            negative.append(n)
        }
    }

    /// Whether the packed `assignment` satisfies every clause.
    public func isSatisfied(by assignment: Int) -> Bool {
        for i in positive.indices where (assignment & positive[i]) | (~assignment & negative[i]) == 0 { return false }
        return true
    }
}

/// `count` booleans unpacked from the low bits of `bits` (bit `i` is element `i`).
public func unpack(_ bits: Int, count: Int) -> [Bool] {
    (0..<count).map { bits >> $0 & 1 == 1 }
}

/// Decides `formula` together with the unit clauses `units` by trying every assignment in
/// increasing binary order.
/// - Returns: the first model found, or nil when there is none.
public func bruteForceModel(_ formula: CNF, assuming units: [Literal] = []) -> [Bool]? {
    precondition(formula.variableCount <= 20, "brute force is for small formulas")
    let clauses = PackedClauses(formula.clauses + units.map { [$0] })
    for assignment in 0..<(1 << formula.variableCount) where clauses.isSatisfied(by: assignment) {
        return unpack(assignment, count: formula.variableCount)
    }
    return nil
}

/// The number of models of `formula`, by enumeration.
public func bruteForceModelCount(_ formula: CNF) -> Int {
    precondition(formula.variableCount <= 20, "brute force is for small formulas")
    let clauses = PackedClauses(formula.clauses)
    return (0..<(1 << formula.variableCount)).count { clauses.isSatisfied(by: $0) }
}

/// The least `cost` over every assignment of `variables` variables, where `cost` answers nil for
/// an infeasible assignment; nil when no assignment is feasible.
public func bruteForceMinimum(variables: Int, cost: ([Bool]) -> Int?) -> Int? {
    precondition(variables <= 20, "brute force is for small instances")
    var best: Int?
    for bits in 0..<(1 << variables) {
        if let c = cost(unpack(bits, count: variables)), best.map({ c < $0 }) ?? true { best = c }
    }
    return best
}

/// The assignments of `variables` for which `holds` is true, as masks (bit `i` is
/// `variables[i]`). `holds` sees an assignment indexed by variable, covering every variable up to
/// the largest of `variables`; the others are false.
public func bruteForceProjections(onto variables: [Variable], where holds: ([Bool]) -> Bool) -> Set<Int> {
    let top = variables.map(\.index).max().map { $0 + 1 } ?? 0
    var result = Set<Int>()
    for mask in 0..<(1 << variables.count) {
        var assignment = Array(repeating: false, count: top)
        for (i, v) in variables.enumerated() { assignment[v.index] = mask >> i & 1 == 1 }
        if holds(assignment) { result.insert(mask) }
    }
    return result
}

/// The number of true occurrences among `literals` under `assignment` (a repeated literal counts
/// each time).
public func trueCount(_ literals: [Literal], in assignment: [Bool]) -> Int {
    literals.reduce(0) { $0 + ($1.isTrue(in: assignment) ? 1 : 0) }
}
