/// A formula in conjunctive normal form, as a value: the unit of export to DIMACS and of
/// replay into any ``ClauseSink``.
public struct CNF: Equatable, Sendable {
    public var variableCount: Int
    public var clauses: [[Literal]]

    public init(variableCount: Int = 0, clauses: [[Literal]] = []) {
        self.variableCount = variableCount
        self.clauses = clauses
    }

    /// Creates a fresh variable.
    public mutating func newVariable() -> Variable {
        variableCount += 1
        return Variable(variableCount - 1)
    }

    /// Adds a clause, growing `variableCount` to cover its variables.
    public mutating func addClause(_ literals: [Literal]) {
        for l in literals where l.variable.index >= variableCount { variableCount = l.variable.index + 1 }
        clauses.append(literals)
    }

    /// Whether `assignment` (indexed by variable) satisfies every clause.
    public func isSatisfied(by assignment: [Bool]) -> Bool {
        firstFalsifiedClause(by: assignment) == nil
    }

    /// Index of the first clause `assignment` falsifies, or nil if it satisfies them all.
    public func firstFalsifiedClause(by assignment: [Bool]) -> Int? {
        clauses.firstIndex { clause in !clause.contains { $0.isTrue(in: assignment) } }
    }
}

/// A weighted partial MaxSAT instance: hard clauses and weighted soft clauses.
public struct WCNF: Equatable, Sendable {
    public var variableCount: Int
    public var hard: [[Literal]]
    public var soft: [(clause: [Literal], weight: Int)]

    public init(variableCount: Int = 0, hard: [[Literal]] = [], soft: [(clause: [Literal], weight: Int)] = []) {
        self.variableCount = variableCount
        self.hard = hard
        self.soft = soft
    }

    public mutating func newVariable() -> Variable {
        variableCount += 1
        return Variable(variableCount - 1)
    }

    public mutating func addHard(_ literals: [Literal]) {
        grow(literals)
        hard.append(literals)
    }

    public mutating func addSoft(_ literals: [Literal], weight: Int = 1) {
        precondition(weight > 0, "soft weights must be positive")
        grow(literals)
        soft.append((literals, weight))
    }

    private mutating func grow(_ literals: [Literal]) {
        for l in literals where l.variable.index >= variableCount { variableCount = l.variable.index + 1 }
    }

    /// Total weight of the soft clauses `assignment` falsifies, or nil if it falsifies a hard clause.
    public func cost(of assignment: [Bool]) -> Int? {
        func sat(_ c: [Literal]) -> Bool { c.contains { $0.isTrue(in: assignment) } }
        guard hard.allSatisfy(sat) else { return nil }
        return soft.reduce(0) { $0 + (sat($1.clause) ? 0 : $1.weight) }
    }

    public static func == (a: WCNF, b: WCNF) -> Bool {
        a.variableCount == b.variableCount && a.hard == b.hard
            && a.soft.count == b.soft.count
            && zip(a.soft, b.soft).allSatisfy { $0.clause == $1.clause && $0.weight == $1.weight }
    }
}
