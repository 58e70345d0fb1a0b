import Testing
import Synchronization
@testable import SolverCore

@Suite struct DIMACSTests {
    @Test func cnfRoundTripsThroughText() throws {
        var f = CNF()
        let a = f.newVariable(), b = f.newVariable(), c = f.newVariable()
        f.addClause([a.positive, b.negative])
        f.addClause([c.positive])
        f.addClause([])
        let again = try DIMACS.readCNF(DIMACS.write(f))
        #expect(again == f)
    }

    @Test func wcnfRoundTripsThroughText() throws {
        var w = WCNF()
        let a = w.newVariable(), b = w.newVariable()
        w.addHard([a.positive, b.positive])
        w.addSoft([a.negative], weight: 3)
        w.addSoft([b.negative], weight: 1)
        let again = try DIMACS.readWCNF(DIMACS.write(w))
        #expect(again == w)
        #expect(again.cost(of: [true, false]) == 3)
        #expect(again.cost(of: [false, false]) == nil)
    }

    @Test func readsNewStyleWCNFWithHardMarker() throws {
        let w = try DIMACS.readWCNF("c comment\nh 1 2 0\n5 -1 0\n")
        #expect(w.hard.count == 1)
        #expect(w.soft.count == 1 && w.soft[0].weight == 5)
    }

    @Test func malformedCNFNamesTheLine() {
        #expect(throws: DIMACSError(line: 3, message: "'x' is not an integer literal")) {
            try DIMACS.readCNF("p cnf 2 1\nc fine\n1 x 0\n")
        }
        #expect(throws: DIMACSError(line: 2, message: "literal 5 exceeds the declared 2 variables")) {
            try DIMACS.readCNF("p cnf 2 1\n5 0\n")
        }
        #expect(throws: DIMACSError(line: 1, message: "clause before the 'p cnf' header")) {
            try DIMACS.readCNF("1 2 0\n")
        }
    }

    @Test func clauseCountMismatchIsAnError() {
        #expect(throws: DIMACSError.self) { try DIMACS.readCNF("p cnf 2 2\n1 0\n") }
    }

    @Test func literalPackingIsConsistent() {
        let l = Literal(dimacs: -7)
        #expect(l.variable.index == 6)
        #expect(l.isNegated)
        #expect((!l).dimacs == 7)
        #expect(Literal(code: l.code) == l)
    }
}

@Suite struct InterruptFlagTests {
    @Test func observersSeeRaisesUntilRemoved() {
        let flag = InterruptFlag()
        let count = Mutex(0)
        let token = flag.addObserver { count.withLock { $0 += 1 } }
        flag.raise()
        #expect(flag.isRaised)
        flag.reset()
        flag.removeObserver(token)
        flag.raise()
        #expect(count.withLock { $0 } == 1)
    }

    @Test func observerAddedAfterRaiseFiresAtOnce() {
        let flag = InterruptFlag()
        flag.raise()
        let fired = Mutex(false)
        _ = flag.addObserver { fired.withLock { $0 = true } }
        #expect(fired.withLock { $0 })
    }
}
