/// The figures a table row shows for the repetitions of one (network, analysis, back end).
///
/// Times are of finished runs only: a timed-out run says "more than the limit", not a time,
/// so it is counted in `timeouts` rather than averaged in.
public struct RunSummary: Sendable, Equatable {
    public var runs: Int
    public var finished: Int
    public var timeouts: Int
    public var errors: Int
    /// Median, least and greatest wall time of the finished runs; nil when none finished.
    public var median: Double?
    public var min: Double?
    public var max: Double?
    /// The answers given by finished runs, distinct, in order of appearance (more than one
    /// means the back ends or repetitions disagree).
    public var answers: [String]
    public var peakRSSMB: Double?
    /// The bounds timed-out runs had proved ("≥6"), distinct.
    public var timeoutBounds: [String]
    /// Median of the `seconds` that `fbas` itself reported for its finished runs: the time
    /// inside the process, without process start-up, which dominates on tiny networks.
    public var reportedMedian: Double?

    public init(_ measurements: [RunRecord]) {
        runs = measurements.count
        let done = measurements.filter { $0.status == .ok }
        finished = done.count
        timeouts = measurements.filter { $0.status.isTimeout }.count
        errors = runs - finished - timeouts
        let times = done.map(\.wallSeconds)
        median = Statistics.median(times)
        min = times.min()
        max = times.max()
        var seen: [String] = []
        for a in done.compactMap(\.answer) where !seen.contains(a) { seen.append(a) }
        answers = seen
        timeoutBounds = unique(measurements.filter { $0.status.isTimeout }.compactMap(\.answer))
        peakRSSMB = measurements.compactMap(\.peakRSSMB).max()
        reportedMedian = Statistics.median(done.compactMap(\.reportedSeconds))
    }
}

public enum Statistics {
    /// The middle value (the mean of the two middle values for an even count); nil for none.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Measurements grouped by a key, groups in order of first appearance (so tables follow
    /// the order runs were planned in).
    public static func group<Key: Hashable>(_ measurements: [RunRecord], by key: (RunRecord) -> Key) -> [(key: Key, values: [RunRecord])] {
        var order: [Key] = []
        var groups: [Key: [RunRecord]] = [:]
        for m in measurements {
            let k = key(m)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(m)
        }
        return order.map { ($0, groups[$0]!) }
    }
}

/// What identifies "the same run" across back ends and across benchmark runs.
public struct RunKey: Hashable, Sendable {
    public var network: String
    public var analysis: String
    public var backend: String

    public init(network: String, analysis: String, backend: String) {
        self.network = network
        self.analysis = analysis
        self.backend = backend
    }

    public init(_ m: RunRecord) {
        self.init(network: m.network, analysis: m.analysis, backend: m.backend)
    }
}

/// A ratio of two median times, or why there is none. Timeouts give bounds: a run that timed
/// out took more than its limit.
public enum TimeRatio: Sendable, Equatable, CustomStringConvertible {
    case exact(Double)
    /// At least this ratio (the numerator timed out).
    case atLeast(Double)
    /// At most this ratio (the denominator timed out).
    case atMost(Double)
    case unknown

    /// `value / base`, each a summary of the same run on two back ends or two benchmark runs.
    /// - Parameters:
    ///   - value: the runs being compared (the numerator).
    ///   - base: the runs compared against (the denominator).
    ///   - limit: the time limit in seconds, which stands in for the time of a side whose median
    ///     is missing because it timed out, so that the ratio becomes a bound.
    ///   - inside: compare the times `fbas` reported (without process start-up) when
    ///     both have them, rather than wall times; for runs on different days, binaries or loads,
    ///     where start-up differs more than the analyses do.
    public init(_ value: RunSummary, over base: RunSummary, limit: Double, inside: Bool = false) {
        let useInside = inside && value.reportedMedian != nil && base.reportedMedian != nil
        switch (useInside ? value.reportedMedian : value.median, useInside ? base.reportedMedian : base.median) {
        case let (v?, b?) where b > 0: self = .exact(v / b)
        case let (nil, b?) where b > 0 && value.timeouts > 0: self = .atLeast(limit / b)
        case let (v?, nil) where base.timeouts > 0: self = .atMost(v / limit)
        default: self = .unknown
        }
    }

    public var description: String {
        switch self {
        case .exact(let r): "\(Format.ratio(r))×"
        case .atLeast(let r): "> \(Format.ratio(r))×"
        case .atMost(let r): "< \(Format.ratio(r))×"
        case .unknown: "—"
        }
    }
}

/// Number formatting shared by the writers (no Foundation, so no locale surprises).
public enum Format {
    /// Seconds with three significant digits or millisecond resolution: 0.00312 → "0.003",
    /// 12.345 → "12.3".
    public static func seconds(_ s: Double) -> String {
        if s >= 100 { return fixed(s, 0) }
        if s >= 10 { return fixed(s, 1) }
        if s >= 1 { return fixed(s, 2) }
        return fixed(s, 3)
    }

    /// Ratios below 0.1 as "1/N", so that a speed-up of thousands does not print as "0.00".
    public static func ratio(_ r: Double) -> String {
        if r >= 10 { return fixed(r, 0) }
        if r >= 0.1 || r <= 0 { return fixed(r, 2) }
        return "1/" + fixed(1 / r, 0)
    }

    /// `value` rounded to `digits` decimals, written without exponent.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = Int(scaled)
        let sign = value < 0 && whole != 0 ? "-" : ""
        var text = String(whole)
        guard digits > 0 else { return sign + text }
        if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
        let split = text.index(text.endIndex, offsetBy: -digits)
        return sign + text[..<split] + "." + text[split...]
    }
}
