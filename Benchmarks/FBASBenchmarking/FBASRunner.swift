import Foundation
import StrictJSON

/// A network the benchmark runs on.
public struct NetworkInstance: Sendable, Equatable {
    public var path: String
    /// The file name, used as the network's name in tables.
    public var name: String
    /// The generator family, or the folder a suite file came from.
    public var family: String
    public var validators: Int

    public init(path: String, name: String, family: String, validators: Int) {
        self.path = path
        self.name = name
        self.family = family
        self.validators = validators
    }

    /// Reads `path` to count its validators; nil when the file is not a network (an
    /// organizations file, or not JSON). Organizations files are told apart by content, as
    /// the names do not say it (`*_10_orgs.json` is a network, `*_10_orgs_orgs.json` is not).
    public static func inspect(path: String, family: String) -> NetworkInstance? {
        guard let data = FileManager.default.contents(atPath: path),
              let document = try? JSONParser.parse(data) else { return nil }
        let name = (path as NSString).lastPathComponent
        if let records = document.array {
            let nodes = records.filter { $0["publicKey"]?.string != nil }
            guard !nodes.isEmpty else { return nil }
            return NetworkInstance(path: path, name: name, family: family, validators: nodes.count)
        }
        if let validators = document["validators"]?.array, document["qsets"] != nil {
            return NetworkInstance(path: path, name: name, family: family, validators: validators.count)
        }
        return nil
    }

    /// Every network file (`*.json`, organizations files skipped) in `folder`, by size then name.
    public static func folder(_ folder: String) throws(BenchmarkError) -> [NetworkInstance] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw .io(path: folder, reason: "cannot list the folder")
        }
        let family = (folder as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? folder
        return names.filter { $0.hasSuffix(".json") }
            .compactMap { inspect(path: (folder as NSString).appendingPathComponent($0), family: family) }
            .sorted { ($0.validators, $0.name) < ($1.validators, $1.name) }
    }
}

/// One planned run.
public struct RunSpec: Sendable, Equatable {
    public var network: NetworkInstance
    public var analysis: BenchmarkAnalysis
    public var backend: String
    public var repetition: Int

    public init(network: NetworkInstance, analysis: BenchmarkAnalysis, backend: String, repetition: Int) {
        self.network = network
        self.analysis = analysis
        self.backend = backend
        self.repetition = repetition
    }
}

/// The order runs happen in: network by network, then analysis, back end and repetition, so
/// that a run cut short still has complete rows for the first networks.
public enum RunPlan {
    /// Every combination, `repetitions` times each.
    public static func make(networks: [NetworkInstance], analyses: [BenchmarkAnalysis], backends: [String], repetitions: Int) -> [RunSpec] {
        networks.flatMap { n in
            analyses.flatMap { a in
                backends.flatMap { b in (1...max(1, repetitions)).map { RunSpec(network: n, analysis: a, backend: b, repetition: $0) } }
            }
        }
    }
}

/// Runs the `fbas` binary on one planned run and turns what happened into a ``RunRecord``.
public struct FBASRunner: Sendable {
    public var binary: String
    /// The limit passed to `fbas --timeout`.
    public var timeout: Double
    /// Extra seconds before the child is killed (loading a large file is not covered by the
    /// analysis limit, and a stuck child must not stall the benchmark).
    public var grace: Double
    public var mode: String
    /// Passed as `fbas --max-input-mb` when set: the largest generated networks exceed the
    /// reader's default limit.
    public var maxInputMB: Int?

    public init(binary: String, timeout: Double, grace: Double = 5, mode: String, maxInputMB: Int? = nil) {
        self.binary = binary
        self.timeout = timeout
        self.grace = grace
        self.mode = mode
        self.maxInputMB = maxInputMB
    }

    /// The `fbas` command line of a run: JSON output so the status and answer can be read back.
    /// The back end `default` passes no `--solver`: `fbas` then runs its own default pair.
    public func arguments(_ spec: RunSpec) -> [String] {
        [spec.analysis.subcommand, "--fbas", spec.network.path, "--format", "json",
         "--timeout", Format.fixed(timeout, 3)] + (spec.backend == "default" ? [] : ["--solver", spec.backend])
            + (maxInputMB.map { ["--max-input-mb", String($0)] } ?? [])
    }

    /// Runs `fbas` once in a child process; throws only when it cannot be started at all.
    public func run(_ spec: RunSpec) throws(BenchmarkError) -> RunRecord {
        let outcome = try ChildProcess.run(binary, arguments: arguments(spec),
                                           environment: ProcessInfo.processInfo.environment, killAfter: timeout + grace)
        return measurement(spec, outcome)
    }

    /// Reads the `fbas` envelope: `status` ok / timeout / error, `seconds`, and the answer.
    public func measurement(_ spec: RunSpec, _ outcome: ChildOutcome) -> RunRecord {
        var m = RunRecord(mode: mode, network: spec.network.name, family: spec.network.family, validators: spec.network.validators,
                            analysis: spec.analysis.rawValue, backend: spec.backend, repetition: spec.repetition,
                            status: .crashed, wallSeconds: outcome.wallSeconds, reportedSeconds: nil,
                            peakRSSMB: Double(outcome.peakRSSBytes) / 1_048_576, answer: nil, timeoutSeconds: timeout)
        if outcome.killed {
            m.status = .killed
            return m
        }
        guard let envelope = try? JSONParser.parse(outcome.standardOutput), let status = envelope["status"]?.string else {
            return m
        }
        m.reportedSeconds = envelope["seconds"]?.number?.doubleValue
        switch status {
        case "ok":
            m.status = .ok
            m.answer = envelope["result"].flatMap { spec.analysis.answer(from: $0) }
        case "timeout":
            m.status = .timeout
            // What was proved before the limit: "≥ 6" says how close the run came.
            if let bound = envelope["result"]?["lowerBound"]?.number?.text { m.answer = "≥\(bound)" }
        default:
            m.status = .error
            m.answer = envelope["result"]?["error"]?["message"]?.string.map { String($0.prefix(80)) }
        }
        return m
    }
}
