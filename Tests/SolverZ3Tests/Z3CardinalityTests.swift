import SolverCore
import SolverZ3
import Testing

/// Native cardinality constraints, checked exhaustively on small inputs: for every n ≤ 5,
/// every bound k in -1 ... n+1, at-least and at-most, with and without a condition, the
/// assignments of the inputs the solver accepts are exactly those brute force accepts.
@Suite("Z3 cardinality constraints")
struct Z3CardinalityTests {
    enum Kind: CaseIterable, Sendable { case atLeast, atMost }

    @Test(arguments: Kind.allCases, [false, true])
    func acceptedAssignmentsMatchBruteForce(kind: Kind, conditional: Bool) {
        for n in 0...5 {
            for k in -1...(n + 1) {
                let solver = Z3SATSolver()
                let inputs = solver.newVariables(n)
                let condition = conditional ? solver.newVariable() : nil
                // Mixed signs, so negative literals are counted as literals, not variables.
                let literals = inputs.enumerated().map { Literal($1, negated: $0 % 2 == 1) }
                switch kind {
                case .atLeast: solver.addAtLeast(k, of: literals, when: condition?.positive)
                case .atMost: solver.addAtMost(k, of: literals, when: condition?.positive)
                }
                for bits in 0..<(1 << n) {
                    let assignment = (0..<n).map { bits & (1 << $0) != 0 }
                    let trueCount = literals.filter { $0.isTrue(in: assignment) }.count
                    let holds = kind == .atLeast ? trueCount >= k : trueCount <= k
                    let fixed = inputs.enumerated().map { Literal($1, negated: !assignment[$0]) }
                    for conditionValue in conditional ? [false, true] : [true] {
                        let assumptions = fixed + (condition.map { [Literal($0, negated: !conditionValue)] } ?? [])
                        let expected: SolveResult = (holds || !conditionValue) ? .satisfiable : .unsatisfiable
                        #expect(solver.solve(assumptions: assumptions) == expected,
                                "\(kind) \(k) of \(literals) when \(String(describing: condition)) = \(conditionValue), inputs \(assignment)")
                    }
                }
            }
        }
    }

    @Test func duplicateAndComplementaryLiteralsCountPerOccurrence() {
        let solver = Z3SATSolver()
        let x = solver.newVariables(2)
        // x0 counts twice: at least 3 of (x0, x0, x1) forces both.
        solver.addAtLeast(3, of: [x[0].positive, x[0].positive, x[1].positive], when: nil)
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(x[0]) && solver.modelValue(x[1]))
        // x1 and ¬x1 always contribute exactly one.
        solver.addAtMost(0, of: [x[1].positive, x[1].negative], when: nil)
        #expect(solver.solve() == .unsatisfiable)
    }

    @Test func constraintsAddedBetweenSolvesCombine() {
        let solver = Z3SATSolver()
        let x = solver.newVariables(4)
        let all = x.map(\.positive)
        solver.addAtLeast(2, of: all, when: nil)
        #expect(solver.solve(assumptions: [x[0].negative, x[1].negative]) == .satisfiable)
        solver.addAtMost(2, of: all, when: nil)
        #expect(solver.solve(assumptions: [x[0].positive, x[1].positive]) == .satisfiable)
        #expect(!solver.modelValue(x[2]) && !solver.modelValue(x[3]))
        #expect(solver.solve(assumptions: [x[0].positive, x[1].positive, x[2].positive]) == .unsatisfiable)
        #expect(Set(solver.failedAssumptions) == [x[0].positive, x[1].positive, x[2].positive])
    }
}
