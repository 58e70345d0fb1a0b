/// Checks a DRUP refutation of a CNF formula, forwards: each lemma must follow from the clauses
/// so far by reverse unit propagation (assert the lemma's negation, propagate, reach a
/// conflict), and the proof must end in the empty clause (or in clauses that unit propagation
/// alone refutes). It knows nothing of solvers or of FBAS and shares no code with the solvers
/// whose proofs it checks: literals are DIMACS integers, read here.
///
/// Soundness does not depend on deletions: a deleted clause leaves the database (which only
/// makes later checks harder), facts it already implied stay, as they follow from the formula
/// too. Deletions of clauses the database does not hold are counted and ignored, as drat-trim
/// does.
public struct DRUPChecker {
    /// What a check found.
    public struct Outcome: Sendable, Equatable {
        /// The proof refutes the formula.
        public var valid: Bool
        /// Why not, when it does not.
        public var reason: String?
        public var lemmas = 0
        public var deletions = 0
        public var ignoredDeletions = 0
    }

    /// Checks `proof` (DRUP text) against `clauses` (DIMACS literals, no zeros).
    public static func check(clauses: [[Int]], proof: [UInt8]) -> Outcome {
        var outcome = Outcome(valid: false)
        var variables = 0
        for clause in clauses {
            for literal in clause {
                guard literal != 0 else {
                    outcome.reason = "the formula holds a literal 0"
                    return outcome
                }
                variables = max(variables, abs(literal))
            }
        }
        var checker = DRUPChecker()
        for clause in clauses { checker.add(clause) }
        // A lemma about a variable the formula does not have cannot help refute it; refusing
        // such literals also bounds the checker's memory by the formula's size.
        var reader = ProofReader(proof, variables: variables)
        while true {
            let step: ProofReader.Step
            do {
                guard let next = try reader.next() else { break }
                step = next
            } catch {
                outcome.reason = "the proof is malformed: \(error.message)"
                return outcome
            }
            switch step {
            case .delete(let clause):
                outcome.deletions += 1
                if !checker.delete(clause) { outcome.ignoredDeletions += 1 }
            case .add(let lemma):
                outcome.lemmas += 1
                guard checker.isRUP(lemma) else {
                    outcome.reason = "lemma \(outcome.lemmas) (\(lemma.map(String.init).joined(separator: " ")) 0) does not follow by unit propagation"
                    return outcome
                }
                if lemma.isEmpty {
                    outcome.valid = true
                    return outcome
                }
                checker.add(lemma)
            }
        }
        if checker.refuted {
            outcome.valid = true
        } else {
            outcome.reason = "the proof ends without the empty clause, and unit propagation does not refute what it derived"
        }
        return outcome
    }

    // MARK: - The clause database with two watched literals

    /// Literal codes (`2 * (variable - 1) + (negative ? 1 : 0)`) of every clause, one after
    /// another; clause `i` is `literals[start[i] ..< start[i] + length[i]]`, its two watched
    /// literals first.
    private var literals: [Int] = []
    private var start: [Int] = []
    private var length: [Int] = []
    private var active: [Bool] = []
    private var watches: [[Int]] = []
    /// Per variable: 0 unassigned, 1 true, -1 false.
    private var values: [Int8] = []
    private var trail: [Int] = []
    private var head = 0
    /// Clauses by their sorted literal codes, for deletions.
    private var byKey: [[Int]: [Int]] = [:]
    /// Unit propagation from the database alone reached a conflict.
    private(set) var refuted = false

    private static func code(_ dimacs: Int) -> Int { 2 * (abs(dimacs) - 1) + (dimacs < 0 ? 1 : 0) }

    private mutating func grow(_ code: Int) {
        let variable = code >> 1
        while values.count <= variable {
            values.append(0)
            watches.append([])
            watches.append([])
        }
    }

    /// The value of a literal code: 1 true, -1 false, 0 unassigned.
    private func value(_ code: Int) -> Int8 {
        let v = values[code >> 1]
        return code & 1 == 0 ? v : -v
    }

    private mutating func assign(_ code: Int) {
        values[code >> 1] = code & 1 == 0 ? 1 : -1
        trail.append(code)
    }

    /// Adds a clause of the formula or a checked lemma, at the top level.
    mutating func add(_ dimacs: [Int]) {
        var literals: [Int] = []
        for d in dimacs {
            let c = Self.code(d)
            grow(c)
            if !literals.contains(c) { literals.append(c) }
        }
        if literals.contains(where: { literals.contains($0 ^ 1) }) { return }  // a tautology constrains nothing
        let index = start.count
        active.append(true)
        byKey[literals.sorted(), default: []].append(index)
        start.append(self.literals.count)
        length.append(literals.count)
        // Watch two literals that are not false, if there are; otherwise the clause is unit or
        // falsified under the top-level facts.
        var order = literals
        order.sort { rank(value($0)) > rank(value($1)) }
        self.literals.append(contentsOf: order)
        guard !refuted else { return }
        switch order.count {
        case 0:
            refuted = true
        case 1:
            attachUnit(order[0])
        default:
            watches[order[0]].append(index)
            watches[order[1]].append(index)
            if value(order[0]) == -1 {
                refuted = true
            } else if value(order[1]) == -1, value(order[0]) == 0 {
                attachUnit(order[0])
            }
        }
    }

    private func rank(_ v: Int8) -> Int { v == 1 ? 2 : v == 0 ? 1 : 0 }

    private mutating func attachUnit(_ c: Int) {
        switch value(c) {
        case 1: return
        case -1: refuted = true
        default:
            assign(c)
            if propagate() != nil { refuted = true }
        }
    }

    /// Deletes one copy of a clause; false when the database holds none.
    mutating func delete(_ dimacs: [Int]) -> Bool {
        var literals: [Int] = []
        for d in dimacs {
            let c = Self.code(d)
            if !literals.contains(c) { literals.append(c) }
        }
        let key = literals.sorted()
        guard var copies = byKey[key], let index = copies.popLast() else { return false }
        byKey[key] = copies
        // Units stay: the facts they gave stay anyway.
        if length[index] > 1 { active[index] = false }
        return true
    }

    /// Whether the database with the negation of `lemma` propagates to a conflict.
    mutating func isRUP(_ dimacs: [Int]) -> Bool {
        if refuted { return true }
        let mark = trail.count
        defer {
            for c in trail[mark...] { values[c >> 1] = 0 }
            trail.removeSubrange(mark...)
            head = min(head, mark)
        }
        for d in dimacs {
            let c = Self.code(d)
            grow(c)
            switch value(c) {
            case 1: return true  // its negation contradicts a fact at once
            case -1: continue
            default: assign(c ^ 1)
            }
        }
        return propagate() != nil
    }

    /// Propagates the trail from `head`; returns a falsified clause, if any.
    private mutating func propagate() -> Int? {
        while head < trail.count {
            let falseLiteral = trail[head] ^ 1
            head += 1
            // Moved out and back, so that appending to other watch lists never copies this one.
            var list = watches[falseLiteral]
            watches[falseLiteral] = []
            var kept = 0
            var conflict: Int?
            var i = 0
            while i < list.count {
                let index = list[i]
                i += 1
                guard active[index] else { continue }  // deleted: drop the watch
                if conflict != nil {
                    list[kept] = index
                    kept += 1
                    continue
                }
                let s = start[index], n = length[index]
                if literals[s] == falseLiteral { literals.swapAt(s, s + 1) }
                let other = literals[s]
                if value(other) == 1 {
                    list[kept] = index
                    kept += 1
                    continue
                }
                var moved = false
                for k in (s + 2)..<(s + n) where value(literals[k]) != -1 {
                    literals.swapAt(s + 1, k)
                    watches[literals[s + 1]].append(index)
                    moved = true
                    break
                }
                if moved { continue }
                list[kept] = index
                kept += 1
                switch value(other) {
                case -1: conflict = index
                case 0: assign(other)
                default: break
                }
            }
            list.removeLast(list.count - kept)
            // Clauses watched on this literal may have been added to its (emptied) list meanwhile.
            list.append(contentsOf: watches[falseLiteral])
            watches[falseLiteral] = list
            if let conflict {
                head = trail.count
                return conflict
            }
        }
        return nil
    }
}

/// Reads DRUP text: lemmas `l1 l2 … 0`, deletions `d l1 l2 … 0`, comment lines `c …`.
struct ProofReader {
    enum Step { case add([Int]), delete([Int]) }
    struct Malformed: Error { var message: String }

    let bytes: [UInt8]
    /// The formula's highest variable: literals beyond it are refused.
    let variables: Int
    var position = 0

    init(_ bytes: [UInt8], variables: Int) {
        self.bytes = bytes
        self.variables = variables
    }

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func next() throws(Malformed) -> Step? {
        skipSpace()
        while position < bytes.count, bytes[position] == UInt8(ascii: "c") {
            while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            skipSpace()
        }
        guard position < bytes.count else { return nil }
        var deletion = false
        if bytes[position] == UInt8(ascii: "d") {
            deletion = true
            position += 1
        }
        var clause: [Int] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw Malformed(message: "the last clause has no terminating 0 (a truncated proof?)") }
            var negative = false
            if bytes[position] == UInt8(ascii: "-") {
                negative = true
                position += 1
            }
            var n = 0
            var digits = 0
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
                n = n * 10 + Int(bytes[position] - 0x30)
                digits += 1
                position += 1
                guard n <= variables else {
                    throw Malformed(message: "a literal at byte \(position) names a variable beyond the formula's \(variables)")
                }
            }
            guard digits > 0 else {
                guard position < bytes.count else { throw Malformed(message: "the proof ends inside a literal (a truncated proof?)") }
                throw Malformed(message: "unexpected byte \(bytes[position]) at \(position)")
            }
            if n == 0 {
                guard !negative else { throw Malformed(message: "-0 at byte \(position)") }
                return deletion ? .delete(clause) : .add(clause)
            }
            clause.append(negative ? -n : n)
        }
    }
}
