import Dispatch
import SolverCaDiCaL
import SolverCore
import SolverTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("CaDiCaL back end")
struct CaDiCaLSolverTests {
    @Test func nameIsStable() {
        #expect(CaDiCaLSolver().name == "cadical")
    }

    @Test func randomThreeCNFMatchesBruteForce() {
        checkRandomThreeCNF(instances: 360, seed: 0xC0FFEE) { CaDiCaLSolver() }
    }

    @Test(arguments: 3...6)
    func pigeonholeIsUnsatisfiable(holes: Int) {
        checkPigeonholeUnsatisfiable(holes: holes) { CaDiCaLSolver() }
    }

    @Test func incrementalClausesAndAssumptions() {
        checkIncrementalUse { CaDiCaLSolver() }
    }

    @Test func failedAssumptionsAreAnUnsatisfiableSubset() {
        checkFailedAssumptions(instances: 120, seed: 43) { CaDiCaLSolver() }
    }

    @Test func deadlineStopsAHardInstance() {
        checkDeadline { CaDiCaLSolver() }
    }

    @Test func interruptFromAnotherThread() {
        checkInterrupt { CaDiCaLSolver() }
    }

    /// Every solve detached (``CaDiCaLSolver/detachAbove`` 0, with a flag that is never
    /// raised, so that even calls without a deadline run on their own thread): the answers,
    /// models and failed assumptions are those of solves on the caller's thread.
    static func detached() -> CaDiCaLSolver {
        let solver = CaDiCaLSolver(detachAbove: 0)
        solver.interruptFlag = InterruptFlag()
        return solver
    }

    @Test func detachedSolvesMatchBruteForce() {
        checkRandomThreeCNF(instances: 360, seed: 0xC0FFEE) { Self.detached() }
        checkIncrementalUse { Self.detached() }
        checkFailedAssumptions(instances: 60, seed: 44) { Self.detached() }
        checkEmptyFormulaAndEmptyClause { Self.detached() }
    }

    /// A solve held inside CaDiCaL (its terminator polls wait for the gate): the caller cannot
    /// get CaDiCaL's answer before it leaves, whatever the machine's speed.
    static func held(_ gate: Gate) -> (CaDiCaLSolver, Variable) {
        let solver = CaDiCaLSolver(detachAbove: 0)
        solver.onPoll = { gate.pass() }
        let active = solver.newVariable()
        addPigeonhole(pigeons: 12, holes: 11, to: solver, activation: active.positive)
        return (solver, active)
    }

    /// Closed until opened, then open for good.
    final class Gate: Sendable {
        private let opened = DispatchSemaphore(value: 0)
        func pass() {
            opened.wait()
            opened.signal()
        }
        func open() { opened.signal() }
    }

    /// The caller leaves a solve still inside CaDiCaL at its deadline, and the solver stays
    /// usable: clauses added next wait for the native solve to stop, then count.
    @Test func aSolveStillRunningAtItsDeadlineIsLeftAndTheNextUseWaitsForIt() {
        let gate = Gate()
        let (solver, active) = Self.held(gate)
        #expect(solver.solve(assumptions: [active.positive], limits: .seconds(0.05)) == .unknown(.timeLimit))
        #expect(solver.isLeftRunning)
        gate.open()
        let x = solver.newVariable()
        solver.addClause([x.positive])
        #expect(!solver.isLeftRunning)
        solver.addClause([x.negative, active.negative])
        #expect(solver.solve(assumptions: [active.positive]) == .unsatisfiable)
        #expect(solver.failedAssumptions == [active.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(x) && !solver.modelValue(active))
    }

    /// Raising the interrupt flag leaves a solve still inside CaDiCaL at once; a later solve
    /// with the flag lowered waits for it and answers.
    @Test func anInterruptLeavesASolveStillRunning() {
        let gate = Gate()
        let (solver, active) = Self.held(gate)
        let flag = InterruptFlag()
        solver.interruptFlag = flag
        raise(flag, afterMilliseconds: 50)
        #expect(solver.solve(assumptions: [active.positive]) == .unknown(.interrupted))
        #expect(solver.isLeftRunning)
        gate.open()
        flag.reset()
        #expect(solver.solve(assumptions: [active.negative]) == .satisfiable)
        #expect(!solver.isLeftRunning)
    }

    /// A flag already raised or a deadline already past is answered without waiting for a solve
    /// that was left (its native solve is still held here).
    @Test func earlyAnswersDoNotWaitForALeftSolve() {
        let gate = Gate()
        let (solver, active) = Self.held(gate)
        #expect(solver.solve(assumptions: [active.positive], limits: .seconds(0.05)) == .unknown(.timeLimit))
        let expired = SolveLimits(deadline: .now - .seconds(1))
        #expect(solver.solve(assumptions: [active.negative], limits: expired) == .unknown(.timeLimit))
        #expect(solver.isLeftRunning)
        gate.open()
        #expect(solver.solve(assumptions: [active.negative]) == .satisfiable)
    }

    @Test func conflictLimitStopsASolve() {
        checkConflictLimit { CaDiCaLSolver() }
    }

    @Test func emptyFormulaAndEmptyClause() {
        checkEmptyFormulaAndEmptyClause { CaDiCaLSolver() }
    }

    /// A variable created but never used in a clause is unknown to CaDiCaL; the model still
    /// gives it a value, and using it later works.
    @Test func variablesNoClauseMentionsReadAsFalseAndStayUsable() {
        let solver = CaDiCaLSolver()
        let a = solver.newVariable(), unused = solver.newVariable()
        solver.addClause([a.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(a))
        #expect(!solver.modelValue(unused))
        solver.addClause([unused.positive])
        #expect(solver.solve() == .satisfiable)
        #expect(solver.modelValue(unused))
    }

    /// CaDiCaL's counters are not in its C API: absent, never a made-up zero.
    @Test func statisticsCountSolvesAndLeaveConflictsAbsent() {
        let solver = CaDiCaLSolver()
        addPigeonhole(pigeons: 6, holes: 5, to: solver)
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.solve() == .unsatisfiable)
        #expect(solver.statistics.solveCalls == 2)
        #expect(solver.statistics.solveSeconds > 0)
        #expect(solver.statistics.conflicts == nil)
    }
}

extension CaDiCaLSolverTests {
    /// Adding a clause the root level already falsifies made CaDiCaL print a line on standard
    /// output, which broke `fbas --format json`; the solver must print nothing.
    @Test func aFalsifiedClausePrintsNothing() throws {
        let output = try capturingStandardOutput {
            let solver = CaDiCaLSolver()
            let a = solver.newVariable()
            solver.addClause([a.positive])
            solver.addClause([a.negative])
            #expect(solver.solve() == .unsatisfiable)
        }
        #expect(output.isEmpty, "printed: \(output)")
    }
}

/// What `body` writes to file descriptor 1 (C's and C++'s stdout alike), read back from a
/// temporary file that stands in for it meanwhile.
func capturingStandardOutput(_ body: () throws -> Void) throws -> String {
    var template = Array("/tmp/cadical-stdout-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    guard fd >= 0 else { throw CaptureError() }
    let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    defer { unlink(path); close(fd) }
    fflush(nil)
    let saved = dup(1)
    dup2(fd, 1)
    defer {
        fflush(nil)
        dup2(saved, 1)
        close(saved)
    }
    try body()
    fflush(nil)
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    lseek(fd, 0, SEEK_SET)
    while case let n = read(fd, &buffer, buffer.count), n > 0 { bytes += buffer[0..<n] }
    return String(decoding: bytes, as: UTF8.self)
}

struct CaptureError: Error {}
