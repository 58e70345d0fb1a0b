import SolverCore

/// A 0-1 integer program: binary variables, linear rows with integer coefficients, and an
/// objective to minimise.
///
/// Clauses, cardinality constraints and soft literals translate into it exactly: a literal is
/// its variable x or 1 − x, so every constraint of the solver protocols is one linear row. The
/// translation is where an integer-programming solver earns its keep: its relaxation and cuts
/// see counts ("at least 45 of these 66 organisations") that clause learning must rediscover
/// one assignment at a time.
public struct LinearModel: Sendable, Equatable {
    /// One row: `lower ≤ Σ coefficient · x ≤ upper` (a nil side is unbounded). Terms are sorted
    /// by variable, each variable once, no zero coefficient.
    public struct Row: Sendable, Equatable {
        public struct Term: Sendable, Equatable {
            public var variable: Int
            public var coefficient: Int
        }

        public var terms: [Term]
        public var lower: Int?
        public var upper: Int?

        /// Whether the 0-1 `assignment` satisfies this row.
        public func holds(in assignment: [Bool]) -> Bool {
            let sum = terms.reduce(0) { $0 + (assignment[$1.variable] ? $1.coefficient : 0) }
            return (lower.map { sum >= $0 } ?? true) && (upper.map { sum <= $0 } ?? true)
        }
    }

    public var variableCount = 0
    public var rows: [Row] = []
    /// Objective coefficient per variable (absent: 0).
    public var objective: [Int: Int] = [:]
    /// The objective's constant: the minimised value is `objectiveOffset + Σ objective[x] · x`.
    public var objectiveOffset = 0
    /// Set when a constraint with no variable left is violated (the empty clause, "at least 3 of
    /// 2 literals"): no assignment satisfies the model, and no solver need be asked.
    public var trivialInfeasibility = false

    public init() {}

    /// Adds `lower ≤ Σ ± literals ≤ upper`, a literal counting 1 when true.
    ///
    /// Negative literals become `1 − x` (their constants move to the bounds), repeated variables
    /// merge, and a row left with no variable is checked at once instead of being kept.
    public mutating func addRow(counting literals: [(Literal, Int)], lower: Int?, upper: Int?) {
        var coefficient: [Int: Int] = [:]
        var constant = 0
        for (literal, weight) in literals {
            let v = literal.variable.index
            if literal.isNegated {
                constant += weight
                coefficient[v, default: 0] -= weight
            } else {
                coefficient[v, default: 0] += weight
            }
        }
        let terms = coefficient.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { Row.Term(variable: $0.key, coefficient: $0.value) }
        let lo = lower.map { $0 - constant }, hi = upper.map { $0 - constant }
        if terms.isEmpty {
            if let lo, lo > 0 { trivialInfeasibility = true }
            if let hi, hi < 0 { trivialInfeasibility = true }
            return
        }
        rows.append(Row(terms: terms, lower: lo, upper: hi))
    }

    /// Adds that `weight` is paid when `literal` is false.
    public mutating func addSoft(_ literal: Literal, weight: Int) {
        let v = literal.variable.index
        if literal.isNegated {
            objective[v, default: 0] += weight
        } else {
            objectiveOffset += weight
            objective[v, default: 0] -= weight
        }
    }

    /// Whether `assignment` satisfies every row.
    public func isFeasible(_ assignment: [Bool]) -> Bool {
        !trivialInfeasibility && rows.allSatisfy { $0.holds(in: assignment) }
    }

    /// The objective's value under `assignment`.
    public func value(of assignment: [Bool]) -> Int {
        objective.reduce(objectiveOffset) { $0 + (assignment[$1.key] ? $1.value : 0) }
    }
}

extension LinearModel {
    /// `condition → Σ literals ≥ k` as one row: `Σ literals − k · [condition] ≥ 0`.
    mutating func addAtLeast(_ k: Int, of literals: [Literal], when condition: Literal?) {
        guard k > 0 else { return }
        let counted = literals.map { ($0, 1) }
        guard let condition else { return addRow(counting: counted, lower: k, upper: nil) }
        addRow(counting: counted + [(condition, -k)], lower: 0, upper: nil)
    }

    /// `condition → Σ literals ≤ k` as one row: `Σ literals + (n − k) · [condition] ≤ n`.
    mutating func addAtMost(_ k: Int, of literals: [Literal], when condition: Literal?) {
        let n = literals.count
        guard k < n else { return }
        let counted = literals.map { ($0, 1) }
        guard let condition else { return addRow(counting: counted, lower: nil, upper: max(k, -1)) }
        addRow(counting: counted + [(condition, n - max(k, -1))], lower: nil, upper: n)
    }
}
