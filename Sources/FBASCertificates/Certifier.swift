import FBASModel
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ProofCheck
import SolverCore
import SolverReference

/// What a certificate says about a "no": proved and checked, or why not.
public struct Certificate: Codable, Sendable, Equatable {
    /// The statement refuted, e.g. "two disjoint quorums exist".
    public var refutes: String
    /// The proof was produced and our checker accepted it.
    public var certified: Bool
    /// Why not, when not certified (a time limit).
    public var reason: String?
    /// The plain encoding's size.
    public var variables: Int
    public var clauses: Int
    /// The DRUP proof: lemmas, deletions and bytes.
    public var lemmas: Int
    public var deletions: Int
    public var proofBytes: Int
    public var solveSeconds: Double
    public var checkSeconds: Double
    /// Where `--proof-out` wrote the CNF and the proof, for external checkers (drat-trim).
    public var files: [String]?
}

/// A certificate that did not check: never an answer, always a bug to report.
public struct CertificationError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Certifies negative answers: encodes the question plainly (``PlainEncoding``), has the
/// reference solver refute it while logging a DRUP proof, and checks the proof with
/// ``DRUPChecker``, which uses no solver.
public enum Certifier {
    /// Certifies that `question` has no answer in `fbas`. A time limit (`deadline`, `interrupt`)
    /// gives `certified: false` with the reason; a satisfiable plain encoding or a proof that does
    /// not check throws: the fast answer or the proof is wrong.
    public static func certify(_ question: CertifiedQuestion, in fbas: FBAS, grouping: Grouping? = nil,
                               deadline: ContinuousClock.Instant? = nil, interrupt: InterruptFlag? = nil,
                               proofDirectory: URL? = nil, name: String = "question") throws(CertificationError) -> Certificate {
        let encoding = PlainEncoding(question, of: fbas, grouping: grouping)
        let refutes = question.description + (grouping.map { " (counting groups of \($0.level))" } ?? "")
        var certificate = Certificate(refutes: refutes, certified: false, reason: nil, variables: encoding.variables,
                                      clauses: encoding.clauses.count, lemmas: 0, deletions: 0, proofBytes: 0, solveSeconds: 0, checkSeconds: 0)
        let solver = ReferenceSolver()
        let proof = ProofLog()
        solver.proof = proof
        solver.interruptFlag = interrupt
        for _ in 0..<encoding.variables { _ = solver.newVariable() }
        for clause in encoding.clauses {
            solver.addClause(clause.map { Literal(Variable(abs($0) - 1), negated: $0 < 0) })
        }
        let clock = ContinuousClock()
        let solveStart = clock.now
        let result = solver.solve(assumptions: [], limits: SolveLimits(deadline: deadline))
        certificate.solveSeconds = (clock.now - solveStart).inSeconds
        certificate.lemmas = proof.lemmas
        certificate.deletions = proof.deletions
        certificate.proofBytes = proof.bytes.count
        switch result {
        case .satisfiable:
            throw CertificationError(description: "the plain encoding of \"\(question)\" is satisfiable: the answer to be certified is wrong")
        case .unknown(let why):
            certificate.reason = "the proof was not finished: \(why)"
            return certificate
        case .unsatisfiable:
            break
        }
        let checkStart = clock.now
        let outcome = DRUPChecker.check(clauses: encoding.clauses, proof: proof.bytes)
        certificate.checkSeconds = (clock.now - checkStart).inSeconds
        guard outcome.valid else {
            throw CertificationError(description: "the proof that \"\(question)\" is impossible does not check: \(outcome.reason ?? "")")
        }
        certificate.certified = true
        if let proofDirectory {
            do {
                try FileManager.default.createDirectory(at: proofDirectory, withIntermediateDirectories: true)
                let cnf = proofDirectory.appendingPathComponent(name + ".cnf"), drup = proofDirectory.appendingPathComponent(name + ".drup")
                try Data(encoding.dimacs.utf8).write(to: cnf)
                try Data(proof.bytes).write(to: drup)
                certificate.files = [cnf.path, drup.path]
            } catch {
                certificate.reason = "the proof checks but could not be written to \(proofDirectory.path): \(error)"
            }
        }
        return certificate
    }
}
