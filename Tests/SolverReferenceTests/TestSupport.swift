import SolverCore
import SolverReference

/// A tiny deterministic PRNG (SplitMix64) so that every random instance is reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A uniformly random 3-CNF over `variables` variables: each clause picks three distinct
/// variables and independent signs.
func random3CNF(variables: Int, clauses: Int, using rng: inout SplitMix64) -> CNF {
    var formula = CNF(variableCount: variables)
    for _ in 0..<clauses {
        var chosen: [Int] = []
        while chosen.count < 3 {
            let v = Int.random(in: 0..<variables, using: &rng)
            if !chosen.contains(v) { chosen.append(v) }
        }
        formula.addClause(chosen.map { Literal(Variable($0), negated: Bool.random(using: &rng)) })
    }
    return formula
}

/// Random 3-CNF at the satisfiability threshold (about 4.26 clauses per variable), where
/// instances are hardest and about half are satisfiable.
func thresholdCNF(variables: Int, using rng: inout SplitMix64) -> CNF {
    random3CNF(variables: variables, clauses: Int((4.26 * Double(variables)).rounded()), using: &rng)
}

/// Decides `formula` (plus `units`) by trying every assignment; clauses become bit masks so
/// that this stays fast in debug builds. Returns a model, or nil when there is none.
func bruteForceModel(_ formula: CNF, units: [Literal] = []) -> [Bool]? {
    precondition(formula.variableCount <= 20, "brute force is for small formulas")
    let masks = (formula.clauses + units.map { [$0] }).map { clause in
        clause.reduce(into: (positive: 0, negative: 0)) { masks, literal in
            if literal.isNegated { masks.negative |= 1 << literal.variable.index } else { masks.positive |= 1 << literal.variable.index }
        }
    }
    for assignment in 0..<(1 << formula.variableCount) {
        if masks.allSatisfy({ assignment & $0.positive != 0 || ~assignment & $0.negative != 0 }) {
            return (0..<formula.variableCount).map { assignment >> $0 & 1 == 1 }
        }
    }
    return nil
}

/// PHP(pigeons, holes): every pigeon sits in some hole, no two pigeons share one. Variable
/// `pigeon * holes + hole` says that pigeon sits in that hole. Unsatisfiable iff pigeons > holes,
/// and notoriously hard for resolution, hence for CDCL.
func pigeonhole(pigeons: Int, holes: Int) -> CNF {
    var formula = CNF(variableCount: pigeons * holes)
    func sits(_ pigeon: Int, _ hole: Int) -> Literal { Variable(pigeon * holes + hole).positive }
    for pigeon in 0..<pigeons {
        formula.addClause((0..<holes).map { sits(pigeon, $0) })
    }
    for hole in 0..<holes {
        for first in 0..<pigeons {
            for second in first + 1 ..< pigeons {
                formula.addClause([!sits(first, hole), !sits(second, hole)])
            }
        }
    }
    return formula
}

/// A fresh solver holding `formula`.
func solverHolding(_ formula: CNF) -> ReferenceSolver {
    let solver = ReferenceSolver()
    solver.addFormula(formula)
    return solver
}

/// Whether `formula` plus the unit clauses `core` is unsatisfiable, decided by a fresh solver.
func isUnsatisfiable(_ formula: CNF, with core: [Literal]) -> Bool {
    let check = solverHolding(formula)
    for literal in core { check.addClause([literal]) }
    return check.solve() == .unsatisfiable
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// Number of models of `formula`, by enumeration.
func bruteForceModelCount(_ formula: CNF) -> Int {
    precondition(formula.variableCount <= 20, "brute force is for small formulas")
    return (0..<(1 << formula.variableCount)).count { assignment in
        formula.isSatisfied(by: (0..<formula.variableCount).map { assignment >> $0 & 1 == 1 })
    }
}

/// `formula` with every clause guarded by a fresh selector variable: clause `i` only holds
/// when `selectors[i]` is assumed, so cores name clauses.
func guardedBySelectors(_ formula: CNF) -> (formula: CNF, selectors: [Literal]) {
    var guarded = CNF(variableCount: formula.variableCount)
    var selectors: [Literal] = []
    for clause in formula.clauses {
        let selector = guarded.newVariable().positive
        selectors.append(selector)
        guarded.addClause(clause + [!selector])
    }
    return (guarded, selectors)
}
