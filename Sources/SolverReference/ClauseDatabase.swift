import SolverCore

/// Names a clause inside a ``ClauseDatabase``. Identifiers stay valid while the clause lives
/// (compaction moves literals, never identifiers), so reasons and watchers can hold them.
struct ClauseID: Hashable {
    var index: Int

    /// The reason of a decision or of a fact added as a unit clause.
    static let none = ClauseID(index: -1)
}

/// Bookkeeping for one clause; its literals live in ``ClauseDatabase/literals``.
struct ClauseHeader {
    /// Offset of the first literal in the shared literal arena.
    var start: Int
    var count: Int
    var isLearnt: Bool
    var isDeleted = false
    /// Literal block distance: the number of decision levels among the literals when the
    /// clause was learnt. Low values mark clauses that keep proving useful ("glue").
    var lbd: Int
    var activity: Double = 0
}

/// All clauses of length two or more, stored in one literal arena so that propagation walks
/// contiguous memory instead of chasing one heap object per clause.
///
/// Deleting is a two-step affair: ``markDeleted(_:)`` first, then, once nothing refers to the
/// marked clauses any more (watch lists purged), ``reclaimMarked()`` recycles their slots.
/// Recycling earlier could let a stale watcher see a newer clause under the same identifier.
struct ClauseDatabase {
    private(set) var headers: [ClauseHeader] = []
    /// Literals of every clause; the solver may reorder literals *within* a clause.
    var literals: [Literal] = []
    private var freeSlots: [Int] = []
    private var markedForDeletion: [ClauseID] = []
    private var wastedLiterals = 0

    subscript(clause: ClauseID) -> ClauseHeader {
        headers[clause.index]
    }

    /// The `position`-th literal of `clause`.
    subscript(clause: ClauseID, position: Int) -> Literal {
        get { literals[headers[clause.index].start + position] }
        set { literals[headers[clause.index].start + position] = newValue }
    }

    func literals(of clause: ClauseID) -> ArraySlice<Literal> {
        let header = headers[clause.index]
        return literals[header.start..<header.start + header.count]
    }

    mutating func add(_ clauseLiterals: [Literal], isLearnt: Bool, lbd: Int) -> ClauseID {
        precondition(clauseLiterals.count >= 2, "units and the empty clause are not stored as clauses")
        let header = ClauseHeader(start: literals.count, count: clauseLiterals.count, isLearnt: isLearnt, lbd: lbd)
        literals.append(contentsOf: clauseLiterals)
        if let slot = freeSlots.popLast() {
            headers[slot] = header
            return ClauseID(index: slot)
        }
        headers.append(header)
        return ClauseID(index: headers.count - 1)
    }

    mutating func markDeleted(_ clause: ClauseID) {
        precondition(!headers[clause.index].isDeleted, "clause deleted twice")
        headers[clause.index].isDeleted = true
        markedForDeletion.append(clause)
    }

    /// Frees the slots of clauses marked deleted; call only once no watcher or reason names them.
    /// Returns whether live clauses' literals moved, so that cached offsets must be refreshed.
    mutating func reclaimMarked() -> Bool {
        for clause in markedForDeletion {
            wastedLiterals += headers[clause.index].count
            headers[clause.index].count = 0
            freeSlots.append(clause.index)
        }
        markedForDeletion.removeAll(keepingCapacity: true)
        guard wastedLiterals > literals.count / 2 else { return false }
        compactLiterals()
        return true
    }

    mutating func setActivity(_ activity: Double, of clause: ClauseID) {
        headers[clause.index].activity = activity
    }

    /// Copies the live clauses' literals into a fresh arena so that deleted clauses stop
    /// costing memory; identifiers are unchanged, only the `start` offsets move.
    private mutating func compactLiterals() {
        var compacted: [Literal] = []
        compacted.reserveCapacity(literals.count - wastedLiterals)
        for index in headers.indices where !headers[index].isDeleted {
            let header = headers[index]
            headers[index].start = compacted.count
            compacted.append(contentsOf: literals[header.start..<header.start + header.count])
        }
        literals = compacted
        wastedLiterals = 0
    }
}
