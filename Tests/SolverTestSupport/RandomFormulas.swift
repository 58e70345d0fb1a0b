import SolverCore

/// A uniformly random k-CNF over `variables` variables with `clauses` clauses: each clause picks
/// `clauseLength` distinct variables and independent signs.
///
/// For a given generator state the instance is fixed, so that seeded tests see the same formulas
/// on every run.
public func randomCNF(variables: Int, clauses: Int, clauseLength: Int = 3,
                      using rng: inout some RandomNumberGenerator) -> CNF {
    precondition(clauseLength <= variables, "a clause needs \(clauseLength) distinct variables")
    var formula = CNF(variableCount: variables)
    for _ in 0..<clauses {
        var chosen: [Int] = []
        while chosen.count < clauseLength {
            let v = Int.random(in: 0..<variables, using: &rng)
            if !chosen.contains(v) { chosen.append(v) }
        }
        formula.addClause(chosen.map { Literal(Variable($0), negated: Bool.random(using: &rng)) })
    }
    return formula
}

/// A random 3-CNF over `variables` variables with `round(ratio × variables)` clauses.
///
/// The default ratio, 4.26, is the satisfiability threshold of large random 3-CNF, where about
/// half of the instances are satisfiable and they are hardest for solvers.
public func randomThreeCNF(variables: Int, ratio: Double = 4.26, using rng: inout some RandomNumberGenerator) -> CNF {
    randomCNF(variables: variables, clauses: Int((ratio * Double(variables)).rounded()), using: &rng)
}

/// `formula` with every clause guarded by a fresh selector variable: clause `i` only holds
/// when `selectors[i]` is assumed, so that cores name clauses.
///
/// Selector `i` is variable `formula.variableCount + i`.
public func guardedBySelectors(_ formula: CNF) -> (formula: CNF, selectors: [Literal]) {
    var guarded = CNF(variableCount: formula.variableCount)
    var selectors: [Literal] = []
    for clause in formula.clauses {
        let selector = guarded.newVariable().positive
        selectors.append(selector)
        guarded.addClause(clause + [!selector])
    }
    return (guarded, selectors)
}
