/// How one timed run ended.
public enum RunStatus: String, CaseIterable, Sendable {
    /// The analysis finished within its limit.
    case ok
    /// `fbas` reported that its time limit was reached.
    case timeout
    /// The run outlived its limit plus the grace period and was killed by the benchmark.
    case killed
    /// `fbas` reported an error (input error or internal error).
    case error
    /// The process died from a signal or printed no JSON envelope.
    case crashed

    /// Whether the run counts as "did not finish in time" in tables and charts.
    public var isTimeout: Bool { self == .timeout || self == .killed }
}

/// One run of one analysis on one network with one back end: a row of `results.csv`.
public struct RunRecord: Sendable, Equatable {
    /// `scale`, `suite` or `compare`.
    public var mode: String
    /// The network's file name.
    public var network: String
    /// The generator family, or the folder a suite network came from.
    public var family: String
    public var validators: Int
    public var analysis: String
    public var backend: String
    /// 1-based.
    public var repetition: Int
    public var status: RunStatus
    /// Wall time of the whole child process (loading the file included), measured outside it.
    public var wallSeconds: Double
    /// The `seconds` field of the `fbas` envelope, when it printed one.
    public var reportedSeconds: Double?
    /// Peak resident set size of the child, from `wait4`.
    public var peakRSSMB: Double?
    /// The short answer (outcome or set size) of a finished run; for a timed-out run, the
    /// lower bound it had proved ("≥6"); for an error, the start of its message.
    public var answer: String?
    /// The time limit the run was given.
    public var timeoutSeconds: Double

    public init(mode: String, network: String, family: String, validators: Int, analysis: String, backend: String,
                repetition: Int, status: RunStatus, wallSeconds: Double, reportedSeconds: Double?, peakRSSMB: Double?,
                answer: String?, timeoutSeconds: Double) {
        self.mode = mode
        self.network = network
        self.family = family
        self.validators = validators
        self.analysis = analysis
        self.backend = backend
        self.repetition = repetition
        self.status = status
        self.wallSeconds = wallSeconds
        self.reportedSeconds = reportedSeconds
        self.peakRSSMB = peakRSSMB
        self.answer = answer
        self.timeoutSeconds = timeoutSeconds
    }
}
