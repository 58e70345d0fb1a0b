import FBASAnalyses
import FBASCertificates
import FBASModel
import ProofCheck
import SolverCore
import SolverReference
import SolverTestSupport
import Testing

/// The certifying encoder is trusted, so it is held to the brute-force oracle: on 2,000 small
/// random networks (500 per policy and seed), each question's plain encoding is unsatisfiable exactly when the
/// oracle says there is no answer, and each refutation's proof checks.
@Suite struct PlainEncodingOracleTests {
    /// Whether the plain encoding of `question` is satisfiable; an unsatisfiable one must come
    /// with a proof our checker accepts.
    func satisfiable(_ question: CertifiedQuestion, _ fbas: FBAS, grouping: Grouping? = nil) -> Bool {
        let encoding = PlainEncoding(question, of: fbas, grouping: grouping)
        let solver = ReferenceSolver()
        let proof = ProofLog()
        solver.proof = proof
        for _ in 0..<encoding.variables { _ = solver.newVariable() }
        for c in encoding.clauses { solver.addClause(c.map { Literal(Variable(abs($0) - 1), negated: $0 < 0) }) }
        switch solver.solve(assumptions: [], limits: SolveLimits()) {
        case .satisfiable: return true
        case .unsatisfiable:
            #expect(DRUPChecker.check(clauses: encoding.clauses, proof: proof.bytes).valid, "\(question)")
            return false
        case .unknown: Issue.record("no answer without limits"); return false
        }
    }

    @Test(arguments: [(UnknownQsetPolicy.free, UInt64(1)), (.dead, 2), (.free, 3), (.dead, 4)])
    func everyQuestionAgreesWithTheOracle(_ policy: UnknownQsetPolicy, _ seed: UInt64) {
        var rng = SolverTestSupport.SplitMix64(seed: 1600 + seed)
        for _ in 0..<500 {
            let n = Int.random(in: 1...6, using: &rng)
            let fbas = RandomNetworks.make(validators: n, using: &rng, policy: policy)
            let oracle = Oracle(fbas: fbas)
            switch oracle.intersects {
            case nil:
                #expect(!satisfiable(.quorumExists, fbas))
            case true?:
                #expect(satisfiable(.quorumExists, fbas))
                #expect(!satisfiable(.disjointQuorums, fbas))
            case false?:
                #expect(satisfiable(.disjointQuorums, fbas))
            }
            if let least = oracle.quorums.map(\.count).min() {
                #expect(!satisfiable(.quorumOfAtMost(least - 1), fbas))
                #expect(satisfiable(.quorumOfAtMost(least), fbas))
                let working = Analyses.workingArchives(fbas)
                let critical = oracle.leastQuorum(weighing: fbas.set(working))!
                #expect(!satisfiable(.historyCriticalOfAtMost(critical - 1, working: working), fbas))
                #expect(satisfiable(.historyCriticalOfAtMost(critical, working: working), fbas))
            }
            if let k = oracle.minimumSplitting() {
                if k > 0 { #expect(!satisfiable(.splittingSetOfAtMost(k - 1), fbas)) }
                #expect(satisfiable(.splittingSetOfAtMost(k), fbas))
            } else {
                #expect(!satisfiable(.splittingSetOfAtMost(nil), fbas))
            }
            let blocking = oracle.minimumBlocking()
            if blocking > 0 { #expect(!satisfiable(.blockingSetOfAtMost(blocking - 1, down: []), fbas)) }
            #expect(satisfiable(.blockingSetOfAtMost(blocking, down: []), fbas))
            let down = Analyses.notValidating(fbas)
            let filtered = oracle.minimumBlocking(down: down)
            if filtered > 0 { #expect(!satisfiable(.blockingSetOfAtMost(filtered - 1, down: down), fbas)) }
            #expect(satisfiable(.blockingSetOfAtMost(filtered, down: down), fbas))
            let organizations = Grouping.organizationLevel(of: fbas, organizations: nil)
            let byGroups = oracle.minimumBlocking(grouping: organizations)
            if byGroups > 0 { #expect(!satisfiable(.blockingSetOfAtMost(byGroups - 1, down: []), fbas, grouping: organizations)) }
            #expect(satisfiable(.blockingSetOfAtMost(byGroups, down: []), fbas, grouping: organizations))
            let byGroupsDown = oracle.minimumBlocking(grouping: organizations, down: down)
            if byGroupsDown > 0 { #expect(!satisfiable(.blockingSetOfAtMost(byGroupsDown - 1, down: down), fbas, grouping: organizations)) }
            #expect(satisfiable(.blockingSetOfAtMost(byGroupsDown, down: down), fbas, grouping: organizations))
            if let k = oracle.minimumSplittingWithinGroups(organizations) {
                if k > 0 { #expect(!satisfiable(.splittingSetOfAtMost(k - 1, withinGroups: true), fbas, grouping: organizations)) }
                #expect(satisfiable(.splittingSetOfAtMost(k, withinGroups: true), fbas, grouping: organizations))
            } else {
                #expect(!satisfiable(.splittingSetOfAtMost(nil, withinGroups: true), fbas, grouping: organizations))
            }
            if let k = oracle.minimumSplitting(grouping: organizations) {
                if k > 0 { #expect(!satisfiable(.splittingSetOfAtMost(k - 1), fbas, grouping: organizations)) }
                #expect(satisfiable(.splittingSetOfAtMost(k), fbas, grouping: organizations))
                #expect(satisfiable(.splittingSetOfAtMost(nil), fbas, grouping: organizations))
            } else {
                #expect(!satisfiable(.splittingSetOfAtMost(nil), fbas, grouping: organizations))
            }
        }
    }
}
