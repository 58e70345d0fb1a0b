/// A clausal proof being written by a solver in DRUP text form (`1 -2 0` adds a lemma, `d 1 -2 0`
/// deletes a clause; variables numbered from 1 as in DIMACS), for a checker to replay against
/// the formula. A solver that logs one adds every clause it learns and the empty clause when it
/// proves the formula unsatisfiable.
public final class ProofLog: @unchecked Sendable {
    /// The proof so far.
    public private(set) var bytes: [UInt8] = []
    public private(set) var lemmas = 0
    public private(set) var deletions = 0

    public init() {}

    /// Logs a lemma (the empty clause ends a refutation).
    public func add(_ clause: [Literal]) {
        lemmas += 1
        write(clause)
    }

    /// Logs the deletion of a clause the solver no longer uses.
    public func delete(_ clause: [Literal]) {
        deletions += 1
        bytes.append(UInt8(ascii: "d"))
        bytes.append(UInt8(ascii: " "))
        write(clause)
    }

    private func write(_ clause: [Literal]) {
        for literal in clause {
            let n = literal.isNegated ? -literal.variable.dimacs : literal.variable.dimacs
            bytes.append(contentsOf: String(n).utf8)
            bytes.append(UInt8(ascii: " "))
        }
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "\n"))
    }
}
