import Testing
import SolverCore
import SolverCryptoMiniSat
import SolverMaxSAT
import SolverZ3
import FBASFormats
import FBASModel
import FBASAnalyses
import Foundation

/// The README's code examples, kept compiling and correct.
@Suite struct ReadmeExampleTests {
    @Test func vertexCoverExampleFindsTheOptimum() {
        // Minimum vertex cover of a 5-cycle: every edge needs an endpoint in the cover.
        let solver = SATMaxSATSolver(base: CryptoMiniSatSolver(), algorithm: .coreGuided)
        let vertex = solver.newVariables(5).map(\.positive)
        for i in 0..<5 { solver.addClause([vertex[i], vertex[(i + 1) % 5]]) }
        for v in vertex { solver.addSoft(!v) }  // each vertex in the cover costs 1
        let result = solver.optimize(limits: .seconds(10))
        #expect(result.status == .optimal)
        #expect(result.cost == 3)
    }

    @Test func assumptionsAndCoresExample() {
        let z3 = Z3SATSolver()
        let x = z3.newVariables(4).map(\.positive)
        z3.addAtMost(1, of: x, when: nil)  // native cardinality constraint
        #expect(z3.solve(assumptions: [x[0], x[1]]) == .unsatisfiable)
        #expect(Set(z3.failedAssumptions) == [x[0], x[1]])
        #expect(z3.solve(assumptions: [x[2]]) == .satisfiable)
    }

    @Test func analysisExampleRuns() throws {
        let path = FBASFormatsLocator.shared("pubnet/stellarbeat_nodes_2019-09-17.json")
        let fbas = try NetworkReader.read(path: path).fbas
        let intersection = try Analyses.checkIntersection(fbas)
        #expect(intersection.outcome == .intersects)
        let blocking = try Analyses.minimumBlockingSet(fbas, options: .timeout(30, backend: .cryptominisat))
        #expect(blocking.status == .ok)
        #expect(blocking.validators?.count == blocking.size)
    }
}

enum FBASFormatsLocator {
    static func shared(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(relative).path
    }
}
