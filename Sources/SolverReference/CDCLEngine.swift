import SolverCore

/// An entry of a watch list: `clause` watches the list's literal.
///
/// The watcher caches where the clause's literals lie in the arena, so that propagation reads
/// the literals directly instead of first loading the clause's header (a second cache miss
/// per visited clause). Fields are 32-bit to fit four watchers in a cache line.
struct Watcher {
    private var blockerCode: Int32
    private var clauseIndex: Int32
    private var startOffset: Int32
    private var endOffset: Int32

    init(clause: ClauseID, header: ClauseHeader, blocker: Literal) {
        blockerCode = Int32(blocker.code)
        clauseIndex = Int32(clause.index)
        startOffset = Int32(header.start)
        endOffset = Int32(header.start + header.count)
    }

    /// Another literal of the clause. When it is true the clause is satisfied and the watcher
    /// can be skipped without touching the clause's literals.
    var blocker: Literal {
        get { Literal(code: Int(blockerCode)) }
        set { blockerCode = Int32(newValue.code) }
    }

    var clause: ClauseID { ClauseID(index: Int(clauseIndex)) }
    /// The clause's literals are `literals[start..<end]` in the clause database.
    var start: Int { Int(startOffset) }
    var end: Int { Int(endOffset) }

    /// Follows the clause after the database compacted its literals.
    mutating func relocate(to header: ClauseHeader) {
        startOffset = Int32(header.start)
        endOffset = Int32(header.start + header.count)
    }
}

/// How a stretch of search between two restarts ended.
enum SearchOutcome {
    case restart
    case finished(SolveResult)
}

/// The conflict-driven clause-learning search behind ``ReferenceSolver``, kept as a value
/// type so that every access to its arrays is checked for exclusivity at compile time.
///
/// The design follows MiniSat closely, because MiniSat's invariants are well understood:
/// - Every stored clause watches its literals at positions 0 and 1. A clause that is the
///   reason of an assignment holds the implied literal at position 0.
/// - Decision level 0 holds facts that follow from the clauses alone. Assumptions are decided
///   at levels 1...n, one per level, so that they never leak into level 0 or into learnt clauses.
/// - Between calls the engine sits at level 0 with propagation complete.
struct CDCLEngine {
    // MARK: Clauses

    private var clauses = ClauseDatabase()
    /// When set, every learnt clause, deletion and the final empty clause are logged (DRUP).
    var proof: ProofLog?
    private var learntClauses: [ClauseID] = []
    /// Indexed by literal code: the clauses watching that literal, visited when it becomes false.
    private var watchers: [[Watcher]] = []
    /// False once the clauses alone are proven unsatisfiable; nothing can undo that.
    private(set) var isConsistent = true

    // MARK: Assignment

    private var valuation = Valuation()
    private var levels: [Int] = []
    private var reasons: [ClauseID] = []
    /// The polarity each variable last had, reused when it is next decided (phase saving).
    private var savedPhases: [Bool] = []
    private var trail: [Literal] = []
    /// `levelStarts[d - 1]` is where decision level `d` begins on the trail.
    private var levelStarts: [Int] = []
    private var propagationHead = 0

    // MARK: Heuristics

    private var order = VariableOrder()
    private var clauseActivityIncrement = 1.0
    private let clauseActivityDecay = 0.999
    /// Conflicts in the first stretch of a Luby restart sequence.
    private let restartUnit = 100
    /// Learnt clauses are halved after 2000 conflicts, then at intervals growing by 300
    /// (Glucose's schedule): the database grows slowly, so useful clauses get time to prove it.
    private var reductionInterval = 2000
    private var nextReduction = 2000
    private var trailSizeAtLastSimplification = -1

    // MARK: Scratch space, kept to avoid an allocation per conflict

    private var seen: [Bool] = []
    private var levelMarks: [Int] = []
    private var levelMarkStamp = 0
    private var redundancyStack: [Literal] = []
    private var seenToClear: [Literal] = []

    // MARK: Results and counters

    private(set) var model: [Bool] = []
    private(set) var failedAssumptions: [Literal] = []
    private(set) var conflicts = 0
    private(set) var decisions = 0
    private(set) var propagations = 0

    var variableCount: Int { levels.count }
    /// Hot loops read this once: in unoptimised builds a computed property copies the engine.
    private var decisionLevel: Int { levelStarts.count }

    // MARK: - Building the formula

    mutating func newVariable() -> Variable {
        let variable = Variable(variableCount)
        valuation.addVariable()
        watchers.append(contentsOf: [[], []])
        levels.append(0)
        reasons.append(.none)
        savedPhases.append(false)
        seen.append(false)
        order.addVariable()
        return variable
    }

    /// Creates variables up to `variable`, so that clauses and assumptions may name
    /// variables the caller numbered itself.
    mutating func ensureVariable(_ variable: Variable) {
        while variableCount <= variable.index { _ = newVariable() }
    }

    /// Adds a clause at level 0, simplified against the level-0 facts.
    mutating func addClause(_ input: [Literal]) {
        precondition(decisionLevel == 0, "clauses are added between solves")
        for literal in input { ensureVariable(literal.variable) }
        guard isConsistent else { return }

        // Sorting puts x right before ¬x and duplicates side by side.
        var literals: [Literal] = []
        for literal in input.sorted() {
            if valuation.isTrue(literal) || literals.last == !literal { return }  // satisfied forever, or a tautology
            if valuation.isFalse(literal) || literals.last == literal { continue }  // false forever, or a duplicate
            literals.append(literal)
        }

        // A clause shortened by level-0 facts is stored (and later deleted) in its short form: log
        // that form, so that a strict external checker (one that honours every deletion) finds
        // the clause it deletes, and so that the proof never relies on a deleted fact's reason.
        if let proof, literals.count < Set(input).count, !literals.isEmpty { proof.add(literals) }
        switch literals.count {
        case 0:
            isConsistent = false
            proof?.add([])
        case 1:
            assign(literals[0], reason: .none)
            if propagate() != nil {
                isConsistent = false
                proof?.add([])
            }
        default:
            attach(clauses.add(literals, isLearnt: false, lbd: 0))
        }
    }

    // MARK: - Solving

    mutating func solve(assumptions: [Literal], limits: SolveLimits, interrupt: InterruptFlag?) -> SolveResult {
        model = []
        failedAssumptions = []
        for literal in assumptions { ensureVariable(literal.variable) }
        guard isConsistent else { return .unsatisfiable }
        defer { backtrack(to: 0) }

        var budget = SearchBudget(limits: limits, interrupt: interrupt)
        var restarts = 0
        while true {
            let allowed = restartUnit * Self.luby(restarts)
            if case .finished(let result) = search(conflictsAllowed: allowed, assumptions: assumptions, budget: &budget) {
                return result
            }
            restarts += 1
        }
    }

    /// Searches until an answer, a limit, or `conflictsAllowed` conflicts (then restarts).
    private mutating func search(conflictsAllowed: Int, assumptions: [Literal], budget: inout SearchBudget) -> SearchOutcome {
        var conflictsHere = 0
        while true {
            if let conflict = propagate() {
                conflicts += 1
                conflictsHere += 1
                if decisionLevel == 0 {
                    isConsistent = false
                    proof?.add([])
                    return .finished(.unsatisfiable)
                }
                learn(from: conflict)
                if let reason = budget.stopReasonAfterConflict() { return .finished(.unknown(reason)) }
                continue
            }

            if conflictsHere >= conflictsAllowed {
                backtrack(to: 0)
                return .restart
            }
            if let reason = budget.stopReason() { return .finished(.unknown(reason)) }
            if decisionLevel == 0 { removeSatisfiedClauses() }
            if conflicts >= nextReduction { reduceLearntClauses() }

            var decision: Literal?
            while decision == nil && decisionLevel < assumptions.count {
                let assumption = assumptions[decisionLevel]
                if valuation.isTrue(assumption) {
                    // Already implied: an empty level keeps level d + 1 paired with assumption d.
                    openDecisionLevel()
                } else if valuation.isFalse(assumption) {
                    failedAssumptions = assumptionsRefuting(assumption)
                    return .finished(.unsatisfiable)
                } else {
                    decision = assumption
                }
            }
            if decision == nil {
                guard let variable = nextBranchVariable() else {
                    model = (0..<variableCount).map { valuation.isTrue(Variable($0).positive) }
                    return .finished(.satisfiable)
                }
                decision = Literal(Variable(variable), negated: !savedPhases[variable])
            }
            decisions += 1
            openDecisionLevel()
            assign(decision!, reason: .none)
        }
    }

    /// The Luby sequence 1, 1, 2, 1, 1, 2, 4, 1, …: restart intervals that are provably within a
    /// log factor of the best fixed schedule, whatever the instance.
    static func luby(_ index: Int) -> Int {
        // Find the smallest complete subsequence (length 2^k − 1) that contains `index`.
        var size = 1
        var exponent = 0
        while size < index + 1 {
            exponent += 1
            size = 2 * size + 1
        }
        var position = index
        while size - 1 != position {
            size = (size - 1) >> 1
            exponent -= 1
            position %= size
        }
        return 1 << exponent
    }

    private mutating func nextBranchVariable() -> Int? {
        while let variable = order.removeMax() {
            if !valuation.isAssigned(Variable(variable)) { return variable }
        }
        return nil
    }

    // MARK: - Assignment

    private mutating func assign(_ literal: Literal, reason: ClauseID) {
        valuation.makeTrue(literal)
        levels[literal.variable.index] = levelStarts.count  // the current decision level
        reasons[literal.variable.index] = reason
        trail.append(literal)
    }

    private mutating func openDecisionLevel() {
        levelStarts.append(trail.count)
    }

    /// Undoes every assignment above `level`, remembering their polarities for later decisions.
    private mutating func backtrack(to level: Int) {
        guard decisionLevel > level else { return }
        let start = levelStarts[level]
        for literal in trail[start...] {
            let variable = literal.variable.index
            valuation.unassign(literal.variable)
            reasons[variable] = .none
            savedPhases[variable] = !literal.isNegated
            order.insert(variable)
        }
        trail.removeSubrange(start...)
        levelStarts.removeSubrange(level...)
        propagationHead = trail.count
    }

    // MARK: - Propagation

    private mutating func attach(_ clause: ClauseID) {
        let first = clauses[clause, 0], second = clauses[clause, 1]
        watchers[first.code].append(Watcher(clause: clause, header: clauses[clause], blocker: second))
        watchers[second.code].append(Watcher(clause: clause, header: clauses[clause], blocker: first))
    }

    /// Unit propagation with two watched literals. Returns a clause all of whose literals are
    /// false, or nil once every assignment on the trail has been propagated.
    private mutating func propagate() -> ClauseID? {
        while propagationHead < trail.count {
            let falsified = !trail[propagationHead]
            propagationHead += 1
            propagations += 1

            // Take the list out so that appending to other lists cannot copy it. Nothing is
            // appended to this list meanwhile: a new watch is never a false literal.
            var watching: [Watcher] = []
            swap(&watching, &watchers[falsified.code])
            var conflict: ClauseID?
            var kept = 0
            var next = 0
            while next < watching.count {
                let watcher = watching[next]
                next += 1
                if valuation.isTrue(watcher.blocker) {
                    watching[kept] = watcher
                    kept += 1
                    continue
                }

                let start = watcher.start
                if clauses.literals[start] == falsified { clauses.literals.swapAt(start, start + 1) }
                let other = clauses.literals[start]
                var updated = watcher
                updated.blocker = other
                if other != watcher.blocker && valuation.isTrue(other) {
                    watching[kept] = updated
                    kept += 1
                    continue
                }

                // Look for a literal that is not false to watch instead.
                var replaced = false
                for position in start + 2 ..< watcher.end {
                    let candidate = clauses.literals[position]
                    if !valuation.isFalse(candidate) {
                        clauses.literals[start + 1] = candidate
                        clauses.literals[position] = falsified
                        watchers[candidate.code].append(updated)
                        replaced = true
                        break
                    }
                }
                if replaced { continue }

                // Every literal but `other` is false: the clause is unit or falsified.
                watching[kept] = updated
                kept += 1
                if valuation.isFalse(other) {
                    conflict = watcher.clause
                    while next < watching.count {
                        watching[kept] = watching[next]
                        kept += 1
                        next += 1
                    }
                } else {
                    assign(other, reason: watcher.clause)
                }
            }
            watching.removeLast(watching.count - kept)
            swap(&watching, &watchers[falsified.code])
            if let conflict {
                propagationHead = trail.count
                return conflict
            }
        }
        return nil
    }

    // MARK: - Conflict analysis

    /// Learns the first-UIP clause of `conflict`, backjumps, and asserts the clause.
    private mutating func learn(from conflict: ClauseID) {
        let (learnt, backjumpLevel) = analyze(conflict)
        proof?.add(learnt)
        let lbd = literalBlockDistance(learnt)  // before backjumping unassigns the literals
        backtrack(to: backjumpLevel)
        if learnt.count == 1 {
            assign(learnt[0], reason: .none)
        } else {
            let clause = clauses.add(learnt, isLearnt: true, lbd: lbd)
            attach(clause)
            learntClauses.append(clause)
            bumpActivity(of: clause)
            assign(learnt[0], reason: clause)
        }
        order.decay()
        clauseActivityIncrement /= clauseActivityDecay
    }

    /// Resolves the conflict clause with reasons of current-level literals, latest first, until
    /// one current-level literal remains (the first unique implication point).
    ///
    /// Returns the learnt clause, with the negated UIP at position 0 and a literal of the
    /// highest remaining level at position 1 (the two literals it will watch), and the level
    /// to backjump to, where the clause becomes unit.
    private mutating func analyze(_ conflict: ClauseID) -> (learnt: [Literal], backjumpLevel: Int) {
        var learnt: [Literal] = [Literal(code: 0)]  // position 0 is filled with the UIP at the end
        var pendingAtCurrentLevel = 0
        var clause = conflict
        var resolvedOn: Literal?
        var trailIndex = trail.count - 1
        let conflictLevel = decisionLevel

        repeat {
            if clauses[clause].isLearnt { bumpActivity(of: clause) }
            // A reason's position 0 holds the literal being resolved on; skip it.
            for position in (resolvedOn == nil ? 0 : 1) ..< clauses[clause].count {
                let literal = clauses[clause, position]
                let variable = literal.variable.index
                guard !seen[variable] && levels[variable] > 0 else { continue }
                seen[variable] = true
                order.bump(variable)
                if levels[variable] == conflictLevel {
                    pendingAtCurrentLevel += 1
                } else {
                    learnt.append(literal)
                }
            }
            while !seen[trail[trailIndex].variable.index] { trailIndex -= 1 }
            let literal = trail[trailIndex]
            trailIndex -= 1
            seen[literal.variable.index] = false
            pendingAtCurrentLevel -= 1
            resolvedOn = literal
            clause = reasons[literal.variable.index]
        } while pendingAtCurrentLevel > 0
        learnt[0] = !resolvedOn!

        learnt = minimized(learnt)

        guard learnt.count > 1 else { return (learnt, 0) }
        var highest = 1
        for position in 2..<learnt.count where levels[learnt[position].variable.index] > levels[learnt[highest].variable.index] {
            highest = position
        }
        learnt.swapAt(1, highest)
        return (learnt, levels[learnt[1].variable.index])
    }

    /// Drops literals whose falsity already follows from the other literals through reasons
    /// (MiniSat's recursive minimisation). Expects `seen` set for `learnt[1...]`; clears it.
    private mutating func minimized(_ learnt: [Literal]) -> [Literal] {
        seenToClear.removeAll(keepingCapacity: true)
        seenToClear.append(contentsOf: learnt)
        // Each literal's level hashed to one bit: a literal from a level no clause literal has
        // cannot be implied by them, which prunes most of the search cheaply.
        var levelsPresent = 0
        for literal in learnt.dropFirst() { levelsPresent |= Self.abstractLevel(levels[literal.variable.index]) }
        var result = [learnt[0]]
        for literal in learnt.dropFirst() {
            if reasons[literal.variable.index] == .none || !isImpliedByMarked(literal, levelsPresent: levelsPresent) {
                result.append(literal)
            }
        }
        for literal in seenToClear { seen[literal.variable.index] = false }
        return result
    }

    private static func abstractLevel(_ level: Int) -> Int {
        1 << (level & 63)
    }

    /// Whether `literal`'s falsity follows, through reasons, from level-0 facts and literals
    /// marked `seen`. Literals proven implied stay marked (so later checks reuse the proof).
    private mutating func isImpliedByMarked(_ literal: Literal, levelsPresent: Int) -> Bool {
        redundancyStack.removeAll(keepingCapacity: true)
        redundancyStack.append(literal)
        let firstNewMark = seenToClear.count
        while let current = redundancyStack.popLast() {
            let reason = reasons[current.variable.index]
            for position in 1..<clauses[reason].count {
                let antecedent = clauses[reason, position]
                let variable = antecedent.variable.index
                guard !seen[variable] && levels[variable] > 0 else { continue }
                if reasons[variable] != .none && Self.abstractLevel(levels[variable]) & levelsPresent != 0 {
                    seen[variable] = true
                    redundancyStack.append(antecedent)
                    seenToClear.append(antecedent)
                } else {
                    for marked in seenToClear[firstNewMark...] { seen[marked.variable.index] = false }
                    seenToClear.removeSubrange(firstNewMark...)
                    return false
                }
            }
        }
        return true
    }

    /// Number of distinct decision levels in `literals` (Glucose's LBD).
    private mutating func literalBlockDistance(_ literals: [Literal]) -> Int {
        while levelMarks.count <= decisionLevel { levelMarks.append(0) }
        levelMarkStamp += 1
        var distance = 0
        for literal in literals {
            let level = levels[literal.variable.index]
            if levelMarks[level] != levelMarkStamp {
                levelMarks[level] = levelMarkStamp
                distance += 1
            }
        }
        return distance
    }

    /// The assumptions that, with the clauses, force `assumption` false (MiniSat's
    /// `analyzeFinal`), `assumption` included. Walks the implication graph back from it to
    /// the decisions it rests on; below the assumption levels every decision is an assumption.
    private mutating func assumptionsRefuting(_ assumption: Literal) -> [Literal] {
        var core = [assumption]
        guard decisionLevel > 0 else { return core }
        seen[assumption.variable.index] = true
        for index in stride(from: trail.count - 1, through: levelStarts[0], by: -1) {
            let literal = trail[index]
            let variable = literal.variable.index
            guard seen[variable] else { continue }
            let reason = reasons[variable]
            if reason == .none {
                core.append(literal)
            } else {
                for position in 1..<clauses[reason].count {
                    let antecedent = clauses[reason, position].variable.index
                    if levels[antecedent] > 0 { seen[antecedent] = true }
                }
            }
            seen[variable] = false
        }
        // Set even when the assumption is false at level 0, which the walk never reaches.
        seen[assumption.variable.index] = false
        return core
    }

    // MARK: - Clause database maintenance

    private mutating func bumpActivity(of clause: ClauseID) {
        let activity = clauses[clause].activity + clauseActivityIncrement
        clauses.setActivity(activity, of: clause)
        if activity > 1e20 {
            for learnt in learntClauses { clauses.setActivity(clauses[learnt].activity * 1e-20, of: learnt) }
            clauseActivityIncrement *= 1e-20
        }
    }

    /// Whether `clause` is the reason of a current assignment, which analysis may still read.
    private func isLocked(_ clause: ClauseID) -> Bool {
        let first = clauses[clause, 0]
        return reasons[first.variable.index] == clause && valuation.isTrue(first)
    }

    /// Deletes the less useful half of the learnt clauses: highest LBD first, ties broken by
    /// low activity. Clauses of LBD ≤ 2 and reasons of current assignments are always kept.
    private mutating func reduceLearntClauses() {
        reductionInterval += 300
        nextReduction = conflicts + reductionInterval
        let ranked = learntClauses.sorted { a, b in
            let first = clauses[a], second = clauses[b]
            return first.lbd != second.lbd ? first.lbd < second.lbd : first.activity > second.activity
        }
        var kept: [ClauseID] = []
        for (rank, clause) in ranked.enumerated() {
            if rank < ranked.count / 2 || clauses[clause].lbd <= 2 || isLocked(clause) {
                kept.append(clause)
            } else {
                proof?.delete(Array(clauses.literals(of: clause)))
                clauses.markDeleted(clause)
            }
        }
        learntClauses = kept
        purgeDeletedClauses()
    }

    /// At level 0, deletes every clause satisfied by a level-0 fact: such clauses can never
    /// propagate or conflict again. Runs only when new facts appeared since the last time.
    private mutating func removeSatisfiedClauses() {
        precondition(decisionLevel == 0)
        guard trail.count != trailSizeAtLastSimplification else { return }
        trailSizeAtLastSimplification = trail.count
        // Analysis never looks behind a level-0 fact, so its reason may be deleted; the fact itself
        // is logged as a unit first, so the proof keeps it for checkers that honour deletions.
        for literal in trail {
            if reasons[literal.variable.index] != .none { proof?.add([literal]) }
            reasons[literal.variable.index] = .none
        }
        for index in clauses.headers.indices where !clauses.headers[index].isDeleted {
            let clause = ClauseID(index: index)
            if clauses.literals(of: clause).contains(where: valuation.isTrue) {
                proof?.delete(Array(clauses.literals(of: clause)))
                clauses.markDeleted(clause)
            }
        }
        learntClauses.removeAll { clauses[$0].isDeleted }
        purgeDeletedClauses()
    }

    /// Drops watchers of clauses marked deleted, then lets the database recycle them.
    private mutating func purgeDeletedClauses() {
        do {
            let headers = clauses.headers
            for code in watchers.indices {
                watchers[code].removeAll { headers[$0.clause.index].isDeleted }
            }
        }
        guard clauses.reclaimMarked() else { return }
        let headers = clauses.headers
        for code in watchers.indices {
            for index in watchers[code].indices {
                let clause = watchers[code][index].clause
                watchers[code][index].relocate(to: headers[clause.index])
            }
        }
    }
}
