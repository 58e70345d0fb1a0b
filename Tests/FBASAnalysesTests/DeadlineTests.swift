import Testing
import SolverCore
import FBASModel
@testable import FBASAnalyses

/// Encodings stop at an expired deadline and say so, so that nothing incomplete is solved.
@Suite struct DeadlineTests {
    /// Three organisations of three validators that each need two of the three: the least
    /// quorum is counted per organisation.
    static let organisations: FBAS = {
        let orgs = ["a", "b", "c"].map { o in (0..<3).map { "\(o)\($0)" } }
        let inner = orgs.map { QuorumSet(threshold: 2, validators: $0) }
        return FBAS(validators: orgs.flatMap { $0 }.map { Validator(publicKey: $0, quorumSet: QuorumSet(threshold: 2, innerQuorumSets: inner)) })
    }()

    @Test func anExpiredDeadlineLeavesTheLeastQuorumUnencoded() throws {
        let f = Self.organisations
        let question = LeastQuorumQuestion(f, weighing: f.allValidators, universe: f.allValidators)
        #expect(question.form != nil)
        let expired = SolveLimits(deadline: .now - .seconds(1))
        #expect(question.encode(into: SolverBackend.cadical.makeMaxSATSolver(), limits: expired) == nil)
        #expect(question.encode(into: SolverBackend.cadical.makeMaxSATSolver(), limits: .none) != nil)
    }

    /// A solver made for work whose deadline has passed is still usable (it is only freed
    /// elsewhere), and answers as any other.
    @Test func aSolverMadeLateStillAnswers() throws {
        let late = SolverBackend.cadical.makeSATSolver(lateAfter: .now - .seconds(1))
        let x = late.newVariable().positive
        late.addClause([x])
        #expect(late.solve(assumptions: [], limits: .none) == .satisfiable)
        #expect(late.modelValue(x.variable))
    }
}
