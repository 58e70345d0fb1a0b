import SolverCardinality
import SolverCore
import SolverCryptoMiniSat
import SolverMaxSAT
import SolverReference
import SolverZ3

/// The solver back ends an analysis can run on.
public enum SolverBackend: String, CaseIterable, Sendable {
    /// CryptoMiniSat 5 (CNF; cardinality through totalizers; MaxSAT core-guided). The default.
    case cryptominisat
    /// Z3: native cardinality constraints and its own MaxSAT optimiser.
    case z3
    /// The pure-Swift reference CDCL solver, for cross-checking.
    case reference

    /// A fresh incremental SAT solver that also takes cardinality constraints.
    public func makeSATSolver() -> any IncrementalSATSolver & CardinalityConstraintSink {
        switch self {
        case .cryptominisat: CardinalityEncodingSolver(base: CryptoMiniSatSolver())
        case .z3: Z3SATSolver()
        case .reference: CardinalityEncodingSolver(base: ReferenceSolver())
        }
    }

    /// A fresh MaxSAT solver that also takes cardinality constraints.
    ///
    /// - Parameter algorithm: core-guided suits queries whose optimum is small next to the
    ///   number of soft literals (splitting sets, hitting sets); linear search suits queries
    ///   where models are easy and cores large (the contraction encoding of blocking sets:
    ///   72-validator almost-symmetric network, 52 s core-guided, 8 s linear, CryptoMiniSat).
    ///   On Z3, core-guided is Z3's own optimiser; linear search runs over Z3's SAT solver with
    ///   its native cardinality constraints.
    public func makeMaxSATSolver(algorithm: MaxSATAlgorithm = .coreGuided) -> any MaxSATSolver & CardinalityConstraintSink {
        switch self {
        case .cryptominisat: SATMaxSATSolver(base: CryptoMiniSatSolver(), algorithm: algorithm)
        // Z3's optimiser is fast but returned non-optimal "optima" (see CertifyingMaxSATSolver);
        // its own SAT solver certifies each one.
        case .z3 where algorithm == .coreGuided: CertifyingMaxSATSolver(optimizer: Z3MaxSATSolver(), checker: Z3SATSolver())
        case .z3: SATMaxSATSolver(base: Z3SATSolver(), algorithm: algorithm)
        case .reference: SATMaxSATSolver(base: ReferenceSolver(), algorithm: algorithm)
        }
    }
}
