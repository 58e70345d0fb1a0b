import ArgumentParser
import FBASAnalyses
import FBASFormats
import FBASModel

extension SolverBackend: ExpressibleByArgument {}

/// How results are printed.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

extension UnknownQsetPolicy: ExpressibleByArgument {}

/// The flags every subcommand accepts, so that scripts can pass one flag set to all of them.
public struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Network file (stellarbeat, python-fbas or stellar-core JSON), or an explorer's node API URL (cached; see --refresh). Default: the bundled Stellar public-network snapshot.")
    public var fbas: String?

    @Flag(name: .long, help: "With --fbas URL: download again instead of using the cached copy ($FBAS_CACHE_DIR, else ~/.cache/swift-fbas).")
    public var refresh = false

    @Option(name: .long, help: "Organizations file (JSON array of {name, validators}).")
    public var organizations: String?

    @Option(name: .customLong("max-input-mb"), help: "Largest input file read, in MiB (default 256); - as a file name reads standard input.")
    public var maxInputMB: Int = LoadOptions.defaultMaxInputBytes >> 20

    /// ``maxInputMB`` in bytes.
    public var maxInputBytes: Int { maxInputMB.multipliedReportingOverflow(by: 1 << 20).overflow ? Int.max : maxInputMB << 20 }

    @Option(name: .customLong("group-by"), help: "Group validators by this metadata attribute (dotted path, e.g. geoData.countryName).")
    public var groupBy: String?

    @Option(name: .customLong("unknown-qsets"), help: "Validators with unknown quorum sets: free (may join any quorum) or dead (never in a quorum).")
    public var unknownQsets: UnknownQsetPolicy = .free

    @Option(name: .long, help: "Solver back end for every search. Default: CaDiCaL, with CryptoMiniSat for the second of two racing searches.")
    public var solver: SolverBackend?

    // Unconditional, so that `--timeout -1` reaches the check below instead of reading as a flag.
    @Option(name: .long, parsing: .unconditional, help: "Time limit for the whole analysis, in seconds.")
    public var timeout: Double?

    @Option(name: .customLong("clause-budget"), help: "The most clauses one question may encode (estimated); a larger one reports tooLarge instead of exhausting memory.")
    public var clauseBudget: Int = AnalysisOptions.defaultClauseBudget

    @Flag(name: .customLong("single-thread"), help: "Run one search on one thread; by default blocking and splitting sets race two searches on two threads and take the first proof, and large least quorums race an integer program (cbc) beside MaxSAT.")
    public var singleThread = false

    @Flag(name: .long, help: "Certify the negative part of the answer (analyze, check-intersection, min-blocking-set, min-splitting-set, min-quorum, history-loss): a DRUP proof over a plain encoding, checked by our own checker.")
    public var certify = false

    @Option(name: .customLong("proof-out"), help: "With --certify: a directory for the CNF (DIMACS) and the DRUP proof, for external checkers (drat-trim).")
    public var proofOut: String?

    @Option(name: .customLong("dimacs-out"), help: "A directory: every SAT call of the analysis is written there as DIMACS CNF (00001.cnf, …; the call's assumptions as unit clauses), with index.tsv giving each call's answer and time, to replay the hard ones in other solvers. Not with --solver z3.")
    public var dimacsOut: String?

    @Flag(name: .long, help: "Treat every data-quality warning as an input error.")
    public var strict = false

    @Option(name: .long, help: "Output: text (report on stdout, warnings on stderr) or json (one JSON object on stdout).")
    public var format: OutputFormat = .text

    @Flag(name: .long, help: "No progress line on stderr (it is shown only when stderr is a terminal and an analysis runs longer than a second).")
    public var quiet = false

    public init() {}

    public mutating func validate() throws {
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        if clauseBudget <= 0 { throw ValidationError("--clause-budget must be a positive number of clauses") }
        if maxInputMB <= 0 { throw ValidationError("--max-input-mb must be a positive number of MiB") }
        if proofOut != nil, !certify { throw ValidationError("--proof-out needs --certify") }
        if dimacsOut != nil, solver?.recordsFormulas == false {
            throw ValidationError("--dimacs-out records CNF formulas; z3 takes cardinality constraints natively, so choose cryptominisat, cadical or reference")
        }
        if groupBy != nil, organizations != nil {
            throw ValidationError("--group-by and --organizations both choose the groups; give one of them")
        }
    }
}
