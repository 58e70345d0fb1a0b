import ProofCheck
import SeededRandom
import SolverCore
import SolverReference
import SolverTestSupport
import Testing

/// The reference solver's proof of `formula`, or nil when it is satisfiable.
func refutation(_ formula: CNF) -> [UInt8]? {
    let solver = ReferenceSolver()
    let log = ProofLog()
    solver.proof = log
    for _ in 0..<formula.variableCount { _ = solver.newVariable() }
    for clause in formula.clauses { solver.addClause(clause) }
    guard case .unsatisfiable = solver.solve(assumptions: [], limits: SolveLimits()) else { return nil }
    return log.bytes
}

func dimacs(_ formula: CNF) -> [[Int]] { formula.clauses.map { $0.map(\.dimacs) } }

@Suite struct DRUPCheckerTests {
    @Test func aHandWrittenProofIsAcceptedAndAnEmptyOneIsNot() {
        let formula = [[1, 2], [-1, 2], [1, -2], [-1, -2]]
        #expect(DRUPChecker.check(clauses: formula, proof: Array("2 0\n0\n".utf8)).valid)
        // A deletion of one of two copies leaves the other.
        #expect(DRUPChecker.check(clauses: formula + [[2, 1]], proof: Array("c a comment\nd 1 2 0\n1 0\n0\n".utf8)).valid)
        let bare = DRUPChecker.check(clauses: formula, proof: Array("0\n".utf8))
        #expect(!bare.valid && bare.reason?.contains("lemma 1") == true)
        #expect(!DRUPChecker.check(clauses: formula, proof: []).valid, "no proof at all")
    }

    @Test func malformedProofsAndFormulasAreRefusedNotCrashedOn() {
        let formula = [[1, 2], [-1, 2], [1, -2], [-1, -2]]
        for proof in ["2 0\n-", "2 0\nd", "1 -0\n", "1099511627775 0\n0\n", "3 0\n0\n", "2 x 0\n"] {
            let outcome = DRUPChecker.check(clauses: formula, proof: Array(proof.utf8))
            #expect(!outcome.valid, "\(proof)")
            #expect(outcome.reason != nil)
        }
        #expect(!DRUPChecker.check(clauses: [[1, 0]], proof: Array("0\n".utf8)).valid, "a 0 inside a clause of the formula")
    }

    /// Deleting the reasons of top-level facts, repeated literals and tautologies in lemmas:
    /// still sound, still complete where the lemmas follow.
    @Test func deletionsRepeatsAndTautologiesAreHandled() {
        let formula = [[1, 2], [-1, 2], [1, -2], [-1, -2], [3, 1]]
        // "2" is derived, its reasons deleted, then the refutation still needs the fact.
        #expect(DRUPChecker.check(clauses: formula, proof: Array("2 2 0\nd 1 2 0\nd -1 2 0\n3 -3 0\n0\n".utf8)).valid)
        // Deleting the clauses the refutation needs leaves a satisfiable rest: refused.
        #expect(!DRUPChecker.check(clauses: formula, proof: Array("d 1 2 0\nd -1 2 0\n0\n".utf8)).valid)
    }

    @Test(arguments: [(4, 3), (5, 4), (6, 5)])
    func pigeonholeRefutationsCheck(_ pigeons: Int, _ holes: Int) throws {
        let formula = pigeonhole(pigeons: pigeons, holes: holes)
        let proof = try #require(refutation(formula))
        let outcome = DRUPChecker.check(clauses: dimacs(formula), proof: proof)
        #expect(outcome.valid, "\(outcome.reason ?? "")")
        #expect(outcome.lemmas > 0)
    }

    /// A proof checked against a formula it does not refute must be rejected: every
    /// pigeonhole formula without one of its clauses is satisfiable.
    @Test func aProofOfAnotherFormulaIsRejected() throws {
        let formula = pigeonhole(pigeons: 5, holes: 4)
        let proof = try #require(refutation(formula))
        for dropped in formula.clauses.indices {
            var weaker = formula
            weaker.clauses.remove(at: dropped)
            #expect(bruteForceModel(weaker) != nil)
            #expect(!DRUPChecker.check(clauses: dimacs(weaker), proof: proof).valid, "clause \(dropped) dropped")
        }
    }

    @Test func alteredProofsAreRejected() throws {
        let formula = pigeonhole(pigeons: 5, holes: 4)
        let proof = try #require(refutation(formula))
        let text = String(decoding: proof, as: UTF8.self)
        // Truncated mid-clause, and cut before its empty clause.
        let cut = Array(proof.prefix(proof.count / 2))
        #expect(!DRUPChecker.check(clauses: dimacs(formula), proof: cut + Array("7".utf8)).valid)
        let lines = text.split(separator: "\n")
        // Its first three steps alone: no empty clause, and unit propagation refutes nothing yet.
        // (Without only its empty clause it would still check: its unit lemmas refute.)
        let start = DRUPChecker.check(clauses: dimacs(formula), proof: Array((lines.prefix(3).joined(separator: "\n") + "\n").utf8))
        #expect(!start.valid && start.reason?.contains("without the empty clause") == true)
        // Every lemma but the empty clause removed.
        #expect(!DRUPChecker.check(clauses: dimacs(formula), proof: Array("0\n".utf8)).valid)
        // A lemma that does not follow, put first.
        let outcome = DRUPChecker.check(clauses: dimacs(formula), proof: Array("1 0\n".utf8) + proof)
        #expect(!outcome.valid && outcome.reason?.contains("lemma 1") == true)
        // Garbage.
        #expect(!DRUPChecker.check(clauses: dimacs(formula), proof: Array("1 x 0\n".utf8)).valid)
    }

    /// Thousands of small random formulas: every refutation of an unsatisfiable one checks, and
    /// that refutation is rejected for the formula without a clause whenever brute force finds
    /// the weaker formula satisfiable.
    @Test func randomFormulasAgreeWithBruteForce() {
        var rng = SplitMix64(seed: 16)
        var refuted = 0, rejected = 0
        for _ in 0..<2000 {
            let formula = randomCNF(variables: 8, clauses: 36, clauseLength: 3, using: &rng)
            let satisfiable = bruteForceModel(formula) != nil
            let proof = refutation(formula)
            #expect((proof == nil) == satisfiable)
            guard let proof else { continue }
            #expect(DRUPChecker.check(clauses: dimacs(formula), proof: proof).valid)
            refuted += 1
            var weaker = formula
            weaker.clauses.remove(at: Int(rng.next() % UInt64(weaker.clauses.count)))
            if bruteForceModel(weaker) != nil {
                #expect(!DRUPChecker.check(clauses: dimacs(weaker), proof: proof).valid)
                rejected += 1
            }
        }
        #expect(refuted > 100 && rejected > 10, "the sample has both kinds (\(refuted), \(rejected))")
    }
}

/// The checker's verdict is sound whatever the proof: random small formulas with random proofs
/// (lemmas the formula implies, lemmas it does not, deletions of formula clauses and lemmas in
/// any order and with repeats, tautologies, an empty clause or none). An accepted refutation
/// must be of an unsatisfiable formula (brute force decides); both kinds of verdict occur.
@Suite struct DRUPCheckerPropertyTests {
    func satisfies(_ model: Int, _ clause: [Int]) -> Bool {
        clause.contains { l in ((model >> (abs(l) - 1)) & 1 == 1) == (l > 0) }
    }

    @Test func noProofMakesASatisfiableFormulaRefuted() {
        var rng = SplitMix64(seed: 1616)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var refutations = 0, rejected = 0
        for _ in 0..<20_000 {
            let variables = 3 + pick(6)
            func clause(_ length: Int) -> [Int] { (0..<length).map { _ in (1 + pick(variables)) * (pick(2) == 0 ? 1 : -1) } }
            let formula = (0..<(1 + pick(4 * variables))).map { _ in clause(2 + pick(2)) } + (pick(3) == 0 ? [clause(1)] : [])
            let models = (0..<(1 << variables)).filter { m in formula.allSatisfy { satisfies(m, $0) } }
            var database = formula
            var proof = ""
            for _ in 0..<(1 + pick(20)) {
                if pick(10) < 3 {
                    var c = database[pick(database.count)]
                    if pick(3) == 0 { c.reverse() }
                    if pick(4) == 0, let first = c.first { c.append(first) }
                    proof += "d " + c.map(String.init).joined(separator: " ") + " 0\n"
                } else {
                    var c = clause(pick(5))
                    // Half the time a lemma the formula implies (found by trying).
                    if pick(2) == 0 {
                        for _ in 0..<30 {
                            let d = clause(1 + pick(3))
                            if models.allSatisfy({ satisfies($0, d) }) { c = d; break }
                        }
                    }
                    if pick(6) == 0, let first = c.first { c.append(-first) }
                    proof += c.map(String.init).joined(separator: " ") + " 0\n"
                    database.append(c)
                }
            }
            if pick(3) == 0 { proof += "0\n" }
            let outcome = DRUPChecker.check(clauses: formula, proof: Array(proof.utf8))
            if outcome.valid {
                #expect(models.isEmpty, "refuted a satisfiable formula: \(formula) with\n\(proof)")
                refutations += 1
            } else {
                rejected += 1
            }
        }
        #expect(refutations > 100 && rejected > 100, "both verdicts occur (\(refutations), \(rejected))")
    }
}
