import SolverCaDiCaL
import SolverCardinality
import SolverCore
import SolverCryptoMiniSat
import SolverMaxSAT
import SolverReference
import SolverZ3

/// The solver back ends an analysis can run on.
public enum SolverBackend: String, CaseIterable, Sendable {
    /// CryptoMiniSat 5 (CNF; cardinality through totalizers; MaxSAT core-guided).
    case cryptominisat
    /// Z3: native cardinality constraints and its own MaxSAT optimiser.
    case z3
    /// The pure-Swift reference CDCL solver, for cross-checking.
    case reference
    /// CaDiCaL (CNF; cardinality through totalizers; MaxSAT core-guided). The default.
    case cadical

    /// The back end of an analysis unless another is asked for.
    public static let standard = SolverBackend.cadical
    /// The back end of a race's second search unless one back end is asked for
    /// (``AnalysisOptions/partnerBackend``).
    public static let standardPartner = SolverBackend.cryptominisat

    /// A fresh incremental SAT solver that also takes cardinality constraints.
    ///
    /// - Parameter recording: told of every solve call with its whole formula (see
    ///   ``RecordingSolver``). Z3 takes cardinality constraints natively, not as clauses, so
    ///   its formulas cannot be written as CNF: on Z3 nothing is recorded.
    ///
    /// `lateAfter`: the deadline of the work the solver serves; CaDiCaL instances released after
    /// it are freed off the caller's thread.
    public func makeSATSolver(recording: (@Sendable (RecordedSolve) -> Void)? = nil,
                              lateAfter: ContinuousClock.Instant? = nil) -> any IncrementalSATSolver & CardinalityConstraintSink {
        func cnf(_ base: some IncrementalSATSolver) -> any IncrementalSATSolver & CardinalityConstraintSink {
            guard let recording else { return CardinalityEncodingSolver(base: base) }
            return CardinalityEncodingSolver(base: RecordingSolver(base: base, onSolve: recording))
        }
        return switch self {
        case .cryptominisat: cnf(CryptoMiniSatSolver())
        case .z3: Z3SATSolver()
        case .reference: cnf(ReferenceSolver())
        case .cadical: cnf(CaDiCaLSolver(lateAfter: lateAfter))
        }
    }

    /// Whether ``makeSATSolver(recording:)`` and ``makeMaxSATSolver(algorithm:recording:)`` can
    /// record this back end's formulas.
    public var recordsFormulas: Bool { self != .z3 }

    /// A fresh MaxSAT solver that also takes cardinality constraints.
    ///
    /// - Parameter algorithm: core-guided suits queries whose optimum is small next to the
    ///   number of soft literals (splitting sets, hitting sets); linear search suits queries
    ///   where models are easy and cores large (the contraction encoding of blocking sets:
    ///   72-validator almost-symmetric network, 52 s core-guided, 8 s linear, CryptoMiniSat).
    ///   On Z3, core-guided is Z3's own optimiser; linear search runs over Z3's SAT solver with
    ///   its native cardinality constraints.
    public func makeMaxSATSolver(algorithm: MaxSATAlgorithm = .coreGuided,
                                 recording: (@Sendable (RecordedSolve) -> Void)? = nil,
                                 lateAfter: ContinuousClock.Instant? = nil) -> any MaxSATSolver & CardinalityConstraintSink {
        func cnf(_ base: some IncrementalSATSolver) -> any MaxSATSolver & CardinalityConstraintSink {
            guard let recording else { return SATMaxSATSolver(base: base, algorithm: algorithm) }
            return SATMaxSATSolver(base: RecordingSolver(base: base, onSolve: recording), algorithm: algorithm)
        }
        return switch self {
        case .cryptominisat: cnf(CryptoMiniSatSolver())
        // Z3's optimiser is fast but returned non-optimal "optima" (see CertifyingMaxSATSolver);
        // its own SAT solver certifies each one.
        case .z3 where algorithm == .coreGuided: CertifyingMaxSATSolver(optimizer: Z3MaxSATSolver(), checker: Z3SATSolver())
        case .z3: SATMaxSATSolver(base: Z3SATSolver(), algorithm: algorithm)
        case .reference: cnf(ReferenceSolver())
        case .cadical: cnf(CaDiCaLSolver(lateAfter: lateAfter))
        }
    }
}
