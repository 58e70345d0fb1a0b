import Foundation
import SolverCore

// Shared by the back-end test targets (a copy lives in each, since test targets cannot
// depend on one another): a seeded generator, random formulas, brute force and pigeonholes.

/// SplitMix64: a tiny, fully specified generator, so every run sees the same instances.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random 3-CNF over `variables` variables with `round(ratio × variables)` clauses, each of
/// three distinct variables with random signs.
func randomThreeCNF(variables: Int, ratio: Double = 4.26, using rng: inout SplitMix64) -> CNF {
    var formula = CNF(variableCount: variables)
    let clauseCount = Int((ratio * Double(variables)).rounded())
    for _ in 0..<clauseCount {
        var chosen: [Int] = []
        while chosen.count < 3 {
            let v = Int.random(in: 0..<variables, using: &rng)
            if !chosen.contains(v) { chosen.append(v) }
        }
        formula.addClause(chosen.map { Literal(Variable($0), negated: Bool.random(using: &rng)) })
    }
    return formula
}

/// Clauses as bit masks over an assignment packed into an integer (bit i = variable i).
struct MaskedClauses {
    var masks: [(positive: UInt32, negative: UInt32)]

    init(_ clauses: [[Literal]]) {
        masks = clauses.map { clause in
            var p: UInt32 = 0
            var n: UInt32 = 0
            for l in clause {
                if l.isNegated { n |= 1 << UInt32(l.variable.index) } else { p |= 1 << UInt32(l.variable.index) }
            }
            return (p, n)
        }
    }

    func satisfied(by assignment: UInt32) -> Bool {
        for (p, n) in masks where (assignment & p) | (~assignment & n) == 0 { return false }
        return true
    }
}

/// A satisfying assignment (as packed bits) found by enumeration, or nil if there is none.
func bruteForceModel(_ formula: CNF, extraUnits: [Literal] = []) -> UInt32? {
    precondition(formula.variableCount <= 20, "brute force is for tiny formulas")
    let clauses = MaskedClauses(formula.clauses + extraUnits.map { [$0] })
    for a in 0..<(UInt32(1) << UInt32(formula.variableCount)) where clauses.satisfied(by: a) { return a }
    return nil
}

func unpack(_ bits: UInt32, count: Int) -> [Bool] {
    (0..<count).map { bits & (1 << UInt32($0)) != 0 }
}

/// The pigeonhole formula PHP(pigeons, holes): every pigeon sits in a hole, no two share one.
/// Unsatisfiable when pigeons > holes, and exponentially hard for resolution.
///
/// With an `activation` literal the "every pigeon sits" clauses only bind when it is assumed,
/// so one solver can be made to face the hard core or to escape it.
/// - Returns: the pigeon-in-hole variables, `[pigeon][hole]`.
@discardableResult
func addPigeonhole(pigeons: Int, holes: Int, to sink: some ClauseSink, activation: Literal? = nil,
                   atMostOne: (([Literal]) -> Void)? = nil) -> [[Variable]] {
    let sits = (0..<pigeons).map { _ in sink.newVariables(holes) }
    for row in sits {
        sink.addClause(row.map(\.positive) + (activation.map { [!$0] } ?? []))
    }
    for hole in 0..<holes {
        let column = sits.map { $0[hole].positive }
        if let atMostOne {
            atMostOne(column)
        } else {
            for a in 0..<pigeons {
                for b in (a + 1)..<pigeons { sink.addClause([!column[a], !column[b]]) }
            }
        }
    }
    return sits
}

/// Wall-clock seconds `body` takes, with its result.
func timed<T>(_ body: () -> T) -> (T, Double) {
    let start = ContinuousClock.now
    let result = body()
    let elapsed = start.duration(to: .now)
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

/// Raises `flag` after `milliseconds` from a thread of its own. Not from a Dispatch global
/// queue: tests run on Swift's cooperative pool, and while they block it in solves a closure
/// queued there may not run until a solve ends.
func raise(_ flag: InterruptFlag, afterMilliseconds milliseconds: Int) {
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
        flag.raise()
    }
}
