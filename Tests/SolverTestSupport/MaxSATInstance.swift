import SolverCore
import Testing

/// A small weighted partial MaxSAT instance kept as data, so that it can be loaded into any
/// `MaxSATSolver` and its optimum found by brute force: hard clauses, hard cardinality
/// constraints (optionally conditional), and weighted soft clauses.
public struct MaxSATInstance: CustomStringConvertible, Sendable {
    /// A hard constraint `condition → (number of true literals) ≥ k` (or `≤ k`); unconditional
    /// when `condition` is nil.
    public struct Cardinality: Sendable {
        /// `≥ k` when true, `≤ k` when false.
        public var atLeast: Bool
        /// The bound; any integer (bounds outside `0 ... literals.count` are trivial).
        public var k: Int
        /// The literals counted; a repeated literal counts each time.
        public var literals: [Literal]
        /// The literal that must be true for the constraint to bind; nil: always binds.
        public var condition: Literal?

        /// A constraint `condition → Σ literals ≥ k` (`atLeast`) or `≤ k`.
        public init(atLeast: Bool, k: Int, literals: [Literal], condition: Literal? = nil) {
            self.atLeast = atLeast
            self.k = k
            self.literals = literals
            self.condition = condition
        }

        /// Whether `assignment` satisfies the constraint.
        public func holds(in assignment: [Bool]) -> Bool {
            if let condition, !condition.isTrue(in: assignment) { return true }
            let count = trueCount(literals, in: assignment)
            return atLeast ? count >= k : count <= k
        }
    }

    /// The instance's variables are `0 ..< variables`; ``load(into:)`` creates them.
    public var variables: Int
    /// Hard clauses.
    public var hard: [[Literal]]
    /// Hard cardinality constraints.
    public var cardinalities: [Cardinality]
    /// Soft clauses: an assignment pays `weight` for each one it falsifies.
    public var soft: [(clause: [Literal], weight: Int)]

    /// An instance over `variables` variables with the given constraints.
    public init(variables: Int, hard: [[Literal]] = [], cardinalities: [Cardinality] = [],
                soft: [(clause: [Literal], weight: Int)] = []) {
        self.variables = variables
        self.hard = hard
        self.cardinalities = cardinalities
        self.soft = soft
    }

    /// Whether `assignment` (at least `variables` long) satisfies every hard clause and constraint.
    public func isFeasible(_ assignment: [Bool]) -> Bool {
        for clause in hard where !clause.contains(where: { $0.isTrue(in: assignment) }) { return false }
        return cardinalities.allSatisfy { $0.holds(in: assignment) }
    }

    /// Cost of `assignment` (at least `variables` long), nil if it breaks a hard constraint.
    public func cost(of assignment: [Bool]) -> Int? {
        guard isFeasible(assignment) else { return nil }
        return soft.reduce(0) { $0 + ($1.clause.contains { $0.isTrue(in: assignment) } ? 0 : $1.weight) }
    }

    /// The least cost over all assignments of the hard constraints, or nil if there are none.
    public var bruteForceOptimum: Int? {
        bruteForceMinimum(variables: variables) { cost(of: $0) }
    }

    /// Loads the instance into `solver`, creating its variables first when the solver has fewer:
    /// soft unit clauses become soft literals, longer soft clauses `C` a soft literal `r` with the
    /// hard clause `r → C` (on a fresh variable `r`).
    ///
    /// Cardinality constraints need a solver that is also a `CardinalityConstraintSink`.
    public func load(into solver: some MaxSATSolver) {
        while solver.variableCount < variables { _ = solver.newVariable() }
        for clause in hard { solver.addClause(clause) }
        if let sink = solver as? any CardinalityConstraintSink {
            for c in cardinalities {
                if c.atLeast { sink.addAtLeast(c.k, of: c.literals, when: c.condition) }
                else { sink.addAtMost(c.k, of: c.literals, when: c.condition) }
            }
        } else {
            precondition(cardinalities.isEmpty, "cardinality constraints need a CardinalityConstraintSink")
        }
        for (clause, weight) in soft {
            if clause.count == 1 {
                solver.addSoft(clause[0], weight: weight)
            } else {
                let r = solver.newVariable().positive
                solver.addClause([!r] + clause)
                solver.addSoft(r, weight: weight)
            }
        }
    }

    public var description: String {
        let constraints = cardinalities.map { c in
            (c.condition.map { "\($0) → " } ?? "") + "\(c.literals)\(c.atLeast ? "≥" : "≤")\(c.k)"
        }
        return "hard: \(hard) cardinalities: \(constraints) soft: \(soft.map { "\($0.clause)×\($0.weight)" })"
    }

    /// A random instance over 1 … `maxVariables` variables: hard clauses of one to three literals
    /// (few of them units), up to two unconditional at-most-k constraints, and soft clauses that
    /// are mostly units, so that they often contradict each other or the hard clauses and optima
    /// are rarely zero; soft literals may repeat, contradict each other, or name variables in no
    /// clause. Weights are 1 … 9 when `weighted`, else 1.
    public static func random(_ rng: inout SplitMix64, weighted: Bool, maxVariables: Int = 10) -> MaxSATInstance {
        let n = Int.random(in: 1...maxVariables, using: &rng)
        var instance = MaxSATInstance(variables: n)
        func literal() -> Literal { Literal(Variable(Int.random(in: 0..<n, using: &rng)), negated: Bool.random(using: &rng)) }
        func clause(_ sizes: ClosedRange<Int>) -> [Literal] { (0..<Int.random(in: sizes, using: &rng)).map { _ in literal() } }
        for _ in 0..<Int.random(in: 0...(n + 2), using: &rng) { instance.hard.append(clause(1...3)) }
        // Unit hard clauses make most random instances trivially unsatisfiable; keep few.
        instance.hard.removeAll { $0.count == 1 && Bool.random(using: &rng) }
        // Cardinality constraints, as FBAS questions pose them, give cores that exhaustion can
        // raise by more than one.
        if n >= 3 {
            for _ in 0..<Int.random(in: 0...2, using: &rng) {
                let literals = (0..<n).shuffled(using: &rng).prefix(Int.random(in: 2...n, using: &rng))
                    .map { Literal(Variable($0), negated: Int.random(in: 0..<4, using: &rng) == 0) }
                instance.cardinalities.append(Cardinality(atLeast: false, k: Int.random(in: 0..<(literals.count - 1), using: &rng),
                                                          literals: literals))
            }
        }
        // Mostly unit soft literals, which often contradict each other or the hard clauses, so
        // that optima are rarely zero.
        for _ in 0..<Int.random(in: 2...(n + 8), using: &rng) {
            let size = [1, 1, 2, 3].randomElement(using: &rng)!
            instance.soft.append((clause(size...size), weighted ? Int.random(in: 1...9, using: &rng) : 1))
        }
        return instance
    }
}

/// Checks `result` against the known `optimum` of `instance` (nil: the hard constraints are
/// unsatisfiable): the status, the cost, the lower bound, and a model that satisfies the hard
/// constraints and covers the instance's variables, with recomputed cost `optimum`.
/// - Returns: the model, when there is one to check further.
@discardableResult
public func expectOptimum(_ result: OptimizationResult, of instance: MaxSATInstance, is optimum: Int?, _ context: String,
                          sourceLocation: SourceLocation = #_sourceLocation) -> [Bool]? {
    guard let optimum else {
        #expect(result.status == .unsatisfiable, "\(context)", sourceLocation: sourceLocation)
        #expect(result.model == nil && result.cost == nil, "\(context)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(result.status == .optimal, "\(context)", sourceLocation: sourceLocation)
    #expect(result.cost == optimum, "\(context)", sourceLocation: sourceLocation)
    #expect(result.lowerBound == optimum, "\(context)", sourceLocation: sourceLocation)
    guard let model = result.model else {
        Issue.record("no model: \(context)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(model.count >= instance.variables, "\(context)", sourceLocation: sourceLocation)
    #expect(instance.cost(of: model) == optimum, "\(context)", sourceLocation: sourceLocation)
    return model
}
