import SolverCaDiCaL
import SolverCore
import SolverCryptoMiniSat
import SolverReference
import SolverTestSupport
import Synchronization
import Testing

@Suite("Recording solver")
struct RecordingSolverTests {
    /// What `--dimacs-out` writes is the question the back end answered: each recorded call,
    /// read back from its DIMACS text and solved by another back end, gets the same answer.
    @Test func recordedCallsReplayToTheSameAnswerInAnotherBackEnd() throws {
        var rng = SplitMix64(seed: 0x5EC0_4D)
        let calls = Mutex<[RecordedSolve]>([])
        let solver = RecordingSolver(base: CryptoMiniSatSolver()) { call in calls.withLock { $0.append(call) } }
        let formula = randomThreeCNF(variables: 30, using: &rng)
        solver.addFormula(formula)
        var answers: [SolveResult] = []
        for round in 0..<12 {
            let assumptions = (0..<3).map { i in Literal(Variable((round * 7 + i * 5) % 30), negated: (round + i) % 2 == 0) }
            answers.append(solver.solve(assumptions: assumptions))
            if round == 6 { solver.addClause([Literal(Variable(0), negated: false), Literal(Variable(1), negated: true)]) }
        }
        let recorded = calls.withLock { $0 }
        #expect(recorded.count == 12)
        #expect(recorded.map(\.result) == answers)
        #expect(answers.contains(.satisfiable) && answers.contains(.unsatisfiable))
        for call in recorded {
            #expect(call.solver == "cryptominisat")
            let replayed = try DIMACS.readCNF(call.dimacs)
            #expect(replayed.clauses.count == call.formula.clauses.count + call.assumptions.count)
            let other = CaDiCaLSolver()
            other.addFormula(replayed)
            #expect(other.solve() == call.result)
        }
        // The clause added between calls is in the later records only.
        #expect(recorded[6].formula.clauses.count == formula.clauses.count)
        #expect(recorded[7].formula.clauses.count == formula.clauses.count + 1)
    }
}
