import SolverCore

/// A deliberately plain incremental SAT solver for tests: chronological-backtracking DPLL with
/// unit propagation over occurrence lists, no learning, no heuristics beyond "lowest unassigned
/// variable, false first".
///
/// Cores are always correct: if an assumption is refuted while the assumptions are being set,
/// the core is the prefix of assumptions set so far; if the whole search under the assumptions
/// fails, it is all of them. With `minimizeCores`, a deletion pass then removes every assumption
/// whose removal keeps the rest unsatisfiable (so the core is subset-minimal). With
/// `wholeCores`, the core is always every assumption (the weakest correct answer), unless the
/// clauses alone are unsatisfiable.
public final class DPLLTestSolver: IncrementalSATSolver {
    public let name = "test-dpll"
    public private(set) var variableCount = 0
    public private(set) var failedAssumptions: [Literal] = []
    public var interruptFlag: InterruptFlag?
    public private(set) var statistics = SolverStatistics()
    /// Whether cores are made subset-minimal by a deletion pass.
    public var minimizeCores: Bool
    /// Whether every core is all of the assumptions (unless the clauses alone are unsatisfiable).
    public var wholeCores: Bool

    private var clauses: [[Literal]] = []
    private var units: [Literal] = []
    private var occurrences: [[Int]] = []   // by literal code
    private var hasEmptyClause = false
    private var model: [Bool] = []
    private var hasModel = false

    // Search state.
    private var value: [Int8] = []          // by variable: 0 unassigned, 1 true, -1 false
    private var trail: [Literal] = []
    private var head = 0

    /// A solver with no variables; see the type's description for the two core options.
    public init(minimizeCores: Bool = true, wholeCores: Bool = false) {
        self.minimizeCores = minimizeCores
        self.wholeCores = wholeCores
    }

    public func newVariable() -> Variable {
        let v = Variable(variableCount)
        variableCount += 1
        occurrences.append([])
        occurrences.append([])
        return v
    }

    public func addClause(_ literals: [Literal]) {
        for l in literals { precondition(l.variable.index < variableCount, "clause mentions an unknown variable") }
        let clause = Array(Set(literals)).sorted()
        if clause.contains(where: { clause.contains(!$0) }) { return }   // tautology
        if clause.isEmpty { hasEmptyClause = true; return }
        if clause.count == 1 { units.append(clause[0]) }
        for l in clause { occurrences[l.code].append(clauses.count) }
        clauses.append(clause)
    }

    /// The number of clauses kept (tautologies and the empty clause are not kept).
    public var clauseCount: Int { clauses.count }

    public func modelValue(_ variable: Variable) -> Bool {
        precondition(hasModel, "no model: the last solve was not satisfiable")
        return model[variable.index]
    }

    public func solve(assumptions: [Literal], limits: SolveLimits) -> SolveResult {
        statistics.solveCalls += 1
        hasModel = false
        let result = search(assumptions, limits)
        if result == .unsatisfiable && wholeCores && !failedAssumptions.isEmpty {
            failedAssumptions = assumptions
        } else if result == .unsatisfiable && minimizeCores {
            var core = failedAssumptions
            var i = 0
            while i < core.count {
                var rest = core
                rest.remove(at: i)
                if search(rest, .none) == .unsatisfiable {
                    core = failedAssumptions     // a subset of `rest`
                } else {
                    i += 1
                }
            }
            hasModel = false
            failedAssumptions = core
        }
        return result
    }

    // MARK: - DPLL

    private func truth(_ l: Literal) -> Int8 {
        let v = value[l.variable.index]
        return l.isNegated ? -v : v
    }

    private func assign(_ l: Literal) {
        value[l.variable.index] = l.isNegated ? -1 : 1
        trail.append(l)
    }

    private func undo(to size: Int) {
        while trail.count > size { value[trail.removeLast().variable.index] = 0 }
        head = min(head, size)
    }

    /// Unit propagation; false on a conflict.
    private func propagate() -> Bool {
        while head < trail.count {
            let falsified = !trail[head]
            head += 1
            for c in occurrences[falsified.code] {
                var unassigned: Literal?
                var open = 0
                var satisfied = false
                for l in clauses[c] {
                    let t = truth(l)
                    if t == 1 { satisfied = true; break }
                    if t == 0 { open += 1; unassigned = l; if open > 1 { break } }
                }
                if satisfied || open > 1 { continue }
                guard let unit = unassigned else { return false }
                assign(unit)
            }
        }
        return true
    }

    private func stop(_ limits: SolveLimits) -> UnknownReason? {
        if interruptFlag?.isRaised == true { return .interrupted }
        if limits.isExpired { return .timeLimit }
        return nil
    }

    private func search(_ assumptions: [Literal], _ limits: SolveLimits) -> SolveResult {
        if let reason = stop(limits) { return .unknown(reason) }
        value = Array(repeating: 0, count: variableCount)
        trail = []
        head = 0
        failedAssumptions = []
        if hasEmptyClause { return .unsatisfiable }
        for unit in units {
            let t = truth(unit)
            if t == -1 { return .unsatisfiable }
            if t == 0 { assign(unit) }
        }
        if !propagate() { return .unsatisfiable }
        for (i, a) in assumptions.enumerated() {
            let t = truth(a)
            if t == 1 { continue }
            if t == 0 {
                assign(a)
                if propagate() { continue }
            }
            failedAssumptions = Array(assumptions[...i])
            return .unsatisfiable
        }
        var decisions: [(trailSize: Int, literal: Literal, flipped: Bool)] = []
        var conflicts = 0
        var next = 0
        while true {
            while next < variableCount && value[next] != 0 { next += 1 }
            if next == variableCount {
                model = value.map { $0 == 1 }
                hasModel = true
                return .satisfiable
            }
            let decision = Variable(next).negative
            decisions.append((trail.count, decision, false))
            assign(decision)
            while !propagate() {
                conflicts += 1
                statistics.conflicts = (statistics.conflicts ?? 0) + 1
                if let limit = limits.conflictLimit, conflicts > limit { return .unknown(.conflictLimit) }
                if conflicts & 63 == 0, let reason = stop(limits) { return .unknown(reason) }
                while let top = decisions.last, top.flipped { decisions.removeLast() }
                guard let top = decisions.popLast() else {
                    failedAssumptions = assumptions
                    return .unsatisfiable
                }
                undo(to: top.trailSize)
                next = 0
                decisions.append((top.trailSize, !top.literal, true))
                assign(!top.literal)
            }
        }
    }
}
