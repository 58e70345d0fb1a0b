/// A DIMACS or WCNF text that could not be read, with the 1-based line where reading stopped.
public struct DIMACSError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Reading and writing the DIMACS CNF format and the WCNF (weighted partial MaxSAT) format,
/// so that every instance we build can be replayed in an external solver.
public enum DIMACS {
    /// Writes `formula` as DIMACS CNF.
    public static func write(_ formula: CNF) -> String {
        var out = "p cnf \(formula.variableCount) \(formula.clauses.count)\n"
        for clause in formula.clauses {
            for l in clause { out += "\(l.dimacs) " }
            out += "0\n"
        }
        return out
    }

    /// Writes `formula` in the classic WCNF format (`p wcnf vars clauses top`, hard clauses
    /// carrying the top weight), which every MaxSAT evaluation solver still reads.
    public static func write(_ formula: WCNF) -> String {
        let top = formula.soft.reduce(1) { $0 + $1.weight }
        var out = "p wcnf \(formula.variableCount) \(formula.hard.count + formula.soft.count) \(top)\n"
        func emit(_ w: Int, _ c: [Literal]) {
            out += "\(w) "
            for l in c { out += "\(l.dimacs) " }
            out += "0\n"
        }
        for c in formula.hard { emit(top, c) }
        for (c, w) in formula.soft { emit(w, c) }
        return out
    }

    /// Reads DIMACS CNF. Comments (`c`) are skipped; the header must precede the clauses, and
    /// clauses may span lines. Literals beyond the declared variable count are an error.
    public static func readCNF(_ text: String) throws(DIMACSError) -> CNF {
        var formula = CNF()
        var declaredClauses: Int?
        var current: [Literal] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let tokens = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = tokens.first else { continue }
            if first == "c" || first.hasPrefix("c") && Int(first) == nil { continue }
            if first == "%" { break }  // SATLIB files end with "%"
            if first == "p" {
                guard declaredClauses == nil else { throw DIMACSError(line: lineNumber, message: "second header line") }
                guard tokens.count == 4, tokens[1] == "cnf", let v = Int(tokens[2]), let c = Int(tokens[3]), v >= 0, c >= 0 else {
                    throw DIMACSError(line: lineNumber, message: "malformed header; expected 'p cnf VARIABLES CLAUSES'")
                }
                formula.variableCount = v
                declaredClauses = c
                continue
            }
            guard declaredClauses != nil else {
                throw DIMACSError(line: lineNumber, message: "clause before the 'p cnf' header")
            }
            for token in tokens {
                guard let n = Int(token) else {
                    throw DIMACSError(line: lineNumber, message: "'\(token)' is not an integer literal")
                }
                if n == 0 {
                    formula.clauses.append(current)
                    current = []
                } else {
                    guard abs(n) <= formula.variableCount else {
                        throw DIMACSError(line: lineNumber, message: "literal \(n) exceeds the declared \(formula.variableCount) variables")
                    }
                    current.append(Literal(dimacs: n))
                }
            }
        }
        guard let declared = declaredClauses else { throw DIMACSError(line: lineNumber, message: "missing 'p cnf' header") }
        guard current.isEmpty else { throw DIMACSError(line: lineNumber, message: "last clause is not terminated by 0") }
        guard formula.clauses.count == declared else {
            throw DIMACSError(line: lineNumber, message: "header declares \(declared) clauses but \(formula.clauses.count) were read")
        }
        return formula
    }

    /// Reads WCNF, either the classic format with a `p wcnf V C TOP` header (weights ≥ TOP are
    /// hard) or the 2022 header-less format (hard clauses start with `h`).
    public static func readWCNF(_ text: String) throws(DIMACSError) -> WCNF {
        var formula = WCNF()
        var top: Int?
        var sawHeader = false
        var declaredVariables: Int?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let tokens = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = tokens.first else { continue }
            if first.hasPrefix("c") { continue }
            if first == "p" {
                guard !sawHeader, formula.hard.isEmpty, formula.soft.isEmpty else {
                    throw DIMACSError(line: lineNumber, message: "header after clauses or twice")
                }
                guard tokens.count >= 4, tokens[1] == "wcnf", let v = Int(tokens[2]), Int(tokens[3]) != nil, v >= 0 else {
                    throw DIMACSError(line: lineNumber, message: "malformed header; expected 'p wcnf VARIABLES CLAUSES [TOP]'")
                }
                if tokens.count >= 5 {
                    guard let t = Int(tokens[4]), t > 0 else { throw DIMACSError(line: lineNumber, message: "malformed top weight '\(tokens[4])'") }
                    top = t
                }
                declaredVariables = v
                formula.variableCount = v
                sawHeader = true
                continue
            }
            guard tokens.last == "0" else {
                throw DIMACSError(line: lineNumber, message: "clause is not terminated by 0 on its line")
            }
            var isHard = false
            var weight = 0
            if first == "h" {
                isHard = true
            } else {
                guard let w = Int(first), w > 0 else { throw DIMACSError(line: lineNumber, message: "'\(first)' is not a positive weight or 'h'") }
                weight = w
                if let top, w >= top { isHard = true }
            }
            var clause: [Literal] = []
            for token in tokens.dropFirst().dropLast() {
                guard let n = Int(token), n != 0 else {
                    throw DIMACSError(line: lineNumber, message: "'\(token)' is not a non-zero integer literal")
                }
                if let declaredVariables, abs(n) > declaredVariables {
                    throw DIMACSError(line: lineNumber, message: "literal \(n) exceeds the declared \(declaredVariables) variables")
                }
                clause.append(Literal(dimacs: n))
            }
            if isHard { formula.addHard(clause) } else { formula.addSoft(clause, weight: weight) }
        }
        return formula
    }
}
