import ArgumentParser
import FBASBenchmarking
import FBASGenerators
import Foundation
import StrictJSON

/// `fbas-bench`: times the `fbas` analyses on generated or stored networks, each run in its
/// own process, and writes results.csv, results.md and chart.svg.
struct FBASBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fbas-bench",
        abstract: "Time the fbas analyses per network, analysis and back end; write CSV, Markdown and an SVG chart.",
        discussion: """
        Each run starts the fbas binary (beside fbas-bench, or --fbas-binary) with \
        --format json --timeout T --solver B, measures its wall time and peak memory from outside, \
        and kills it after T plus --grace seconds. Results go to Benchmarks/results/<date>-<mode>-<label>/ \
        unless --out is given.
        """,
        subcommands: [Scale.self, Suite.self, Compare.self, Timeouts.self, Generate.self])
}

extension NetworkFamily: ExpressibleByArgument {}

/// "100,200,500" as validator counts.
func parseSizes(_ list: String) throws -> [Int] {
    try list.split(separator: ",").map { part -> Int in
        guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n > 0 else { throw ValidationError("bad size \"\(part)\"") }
        return n
    }
}

/// The options every mode takes.
struct BenchOptions: ParsableArguments {
    @Option(help: "Comma-separated analyses: intersection, blocking, splitting, history, top-tier, min-quorum, analyze.")
    var analyses: String?

    @Option(help: "Comma-separated back ends: default (fbas without --solver: CaDiCaL with CryptoMiniSat beside it), cryptominisat, cadical, z3, reference.")
    var backends: String?

    @Option(help: "Runs per network, analysis and back end.")
    var repetitions: Int = 1

    @Option(help: "Time limit per run, in seconds (passed to fbas --timeout).")
    var timeout: Double?

    @Option(help: "Seconds beyond the limit before a run is killed.")
    var grace: Double = 5

    @Option(name: .customLong("max-input-mb"), help: "Largest network file fbas reads, in MiB (passed to fbas --max-input-mb; flat-3000 is 656 MiB).")
    var maxInputMB: Int?

    @Option(help: "Output folder (default Benchmarks/results/<date>-<mode>-<label>).")
    var out: String?

    @Option(help: "Label for the default output folder name.")
    var label: String?

    @Option(name: .customLong("fbas-binary"), help: "The fbas executable to time (default: the one beside fbas-bench).")
    var fbasBinary: String?

    @Option(help: "An earlier results.csv: adds a ratio column (this run / that run).")
    var against: String?

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be positive") }
    }
}

struct Scale: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate one family at growing sizes and time it.")

    @Option(help: "flat, tiered, sybil, broken or random.")
    var family: NetworkFamily

    @Option(help: "Comma-separated validator counts, e.g. 100,200,500,1000.")
    var sizes: String = "100,200,500,1000"

    @Option(help: "Generator seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("top-tier-drop"), help: "tiered, sybil: probability that a top-tier organization drops each other one (an asymmetric top tier; default 0).")
    var topTierDrop: Double = 0

    @OptionGroup var options: BenchOptions

    func run() throws {
        let sizes = try parseSizes(self.sizes)
        var session = try Session(mode: "scale", label: options.label ?? family.rawValue, options: options,
                                  defaultAnalyses: "intersection,blocking,splitting,history,top-tier", defaultTimeout: 60)
        let networks = try session.generate(family, sizes: sizes, seed: seed, topTierDrop: topTierDrop)
        try session.run(networks, xScale: .logarithmic, title: "\(family.rawValue) networks")
    }
}

/// How far past `--timeout` each analysis ends on hard generated networks (issue: every run
/// ends on time). Generates each family at each size, runs every analysis with a short limit,
/// and adds the overshoot table (wall time over the limit, the worst first) to results.md.
struct Timeouts: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure how far past the time limit each analysis ends on generated networks.")

    @Option(help: "Comma-separated families: flat, tiered, sybil, broken, random.")
    var families: String = "flat,tiered,random"

    @Option(help: "Comma-separated validator counts.")
    var sizes: String = "1000,5000"

    @Option(help: "Generator seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("top-tier-drop"), help: "tiered, sybil: probability that a top-tier organization drops each other one (an asymmetric top tier; default 0).")
    var topTierDrop: Double = 0

    @OptionGroup var options: BenchOptions

    func run() throws {
        let sizes = try parseSizes(self.sizes)
        let families = try self.families.split(separator: ",").map { part -> NetworkFamily in
            guard let f = NetworkFamily(rawValue: part.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("unknown family \"\(part)\"") }
            return f
        }
        var session = try Session(mode: "timeouts", label: options.label ?? "families", options: options,
                                  defaultAnalyses: "intersection,blocking,splitting,history,top-tier,min-quorum,analyze", defaultTimeout: 2)
        var networks: [NetworkInstance] = []
        for family in families { networks += try session.generate(family, sizes: sizes, seed: seed, topTierDrop: topTierDrop) }
        let measurements = try session.run(networks, xScale: .logarithmic, title: "time limits honoured")
        let path = session.outDir + "/results.md"
        let report = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try (report + "\n" + Overshoot.section(measurements)).write(toFile: path, atomically: true, encoding: .utf8)
        if let worst = Overshoot.worst(measurements) {
            session.note("worst overshoot: ×\(Format.fixed(Overshoot.ratio(worst), 2)) (\(worst.network) \(worst.analysis), \(worst.status.rawValue))")
        }
    }
}

struct Suite: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Time every network file in a folder (organizations files are skipped).")

    @Argument(help: "A folder of network files, e.g. ../shared/data/random.")
    var folder: String

    @OptionGroup var options: BenchOptions

    func run() throws {
        let networks = try NetworkInstance.folder(folder)
        guard !networks.isEmpty else { throw ValidationError("no network files in \(folder)") }
        let label = options.label ?? URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        var session = try Session(mode: "suite", label: label, options: options,
                                  defaultAnalyses: "intersection,blocking,splitting", defaultTimeout: 10)
        session.method.append("networks: the \(networks.count) network files of `\(folder)` (organizations files skipped)")
        try session.run(networks, xScale: .linear, title: "\(label) suite")
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run several back ends on the same networks, with their time ratios.")

    @Argument(help: "Network files or folders of them.")
    var paths: [String]

    @OptionGroup var options: BenchOptions

    func run() throws {
        var networks: [NetworkInstance] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw ValidationError("no such file: \(path)") }
            if isFolder.boolValue {
                networks += try NetworkInstance.folder(path)
            } else if let n = NetworkInstance.inspect(path: path, family: "file") {
                networks.append(n)
            } else {
                throw ValidationError("\(path) is not a network file")
            }
        }
        var session = try Session(mode: "compare", label: options.label ?? "backends", options: options,
                                  defaultAnalyses: "intersection,blocking,splitting", defaultTimeout: 10,
                                  defaultBackends: "cryptominisat,cadical,z3,reference")
        session.method.append("networks: \(networks.count) files from \(paths.joined(separator: ", "))")
        try session.run(networks, xScale: .linear, title: "back ends compared")
    }
}

/// Writes one generated network into a folder and prints `{"file", "validators",
/// "organizations"}`: the child process `scale` generates its networks in.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate one network (used by scale).", shouldDisplay: false)

    @Argument var family: NetworkFamily
    @Argument var validators: Int
    @Argument var seed: UInt64
    @Argument var folder: String
    @Option(name: .customLong("top-tier-drop")) var topTierDrop: Double = 0

    func run() throws {
        let network = try NetworkGenerator.generate(family, GeneratorParameters(validators: validators, seed: seed, topTierDropProbability: topTierDrop))
        let path = folder + "/" + network.suggestedFileName
        guard FileManager.default.createFile(atPath: path, contents: Data(network.stellarbeatBytes())) else {
            throw ValidationError("cannot write \(path)")
        }
        let summary: JSONValue = ["file": .string(network.suggestedFileName), "validators": .number(JSONNumber(network.validators.count)),
                                  "organizations": .number(JSONNumber(network.organizations.count))]
        print(JSONWriter.write(summary))
    }
}

/// One benchmark invocation: where its files go, what it runs, and the method notes that end
/// up at the top of results.md.
struct Session {
    let mode: String
    let outDir: String
    let runner: FBASRunner
    let analyses: [BenchmarkAnalysis]
    let backends: [String]
    let repetitions: Int
    let earlier: [RunRecord]?
    var method: [String] = []

    init(mode: String, label: String, options: BenchOptions, defaultAnalyses: String, defaultTimeout: Double,
         defaultBackends: String = "default") throws {
        self.mode = mode
        analyses = try BenchmarkAnalysis.list(options.analyses ?? defaultAnalyses)
        backends = (options.backends ?? defaultBackends).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for b in backends where !["default", "cryptominisat", "cadical", "z3", "reference"].contains(b) {
            throw ValidationError("unknown back end \"\(b)\"")
        }
        repetitions = options.repetitions
        let binary = try options.fbasBinary ?? Session.siblingFBAS()
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw ValidationError("\(binary) is not an executable") }
        let timeout = options.timeout ?? defaultTimeout
        runner = FBASRunner(binary: binary, timeout: timeout, grace: options.grace, mode: mode, maxInputMB: options.maxInputMB)
        if let against = options.against {
            guard let text = try? String(contentsOfFile: against, encoding: .utf8) else { throw ValidationError("cannot read \(against)") }
            earlier = try ResultsCSV.read(text)
        } else {
            earlier = nil
        }
        outDir = try options.out ?? Session.freshFolder("Benchmarks/results/\(Session.today())-\(mode)-\(label)")
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        method = [
            "date: \(Session.today()) (UTC)",
            "command: `fbas-bench \(CommandLine.arguments.dropFirst().joined(separator: " "))`",
            "machine: \(MachineInfo.summary())",
            "load average (1/5/15 min) at start: \(MachineInfo.loadAverage() ?? "unknown")",
            "fbas binary: `\(binary)`",
            "back ends: \(backends.joined(separator: ", ")); analyses: \(analyses.map(\.rawValue).joined(separator: ", "))",
            "limit: \(Format.seconds(timeout)) s per run (`fbas --timeout`), killed after \(Format.seconds(timeout + options.grace)) s; repetitions: \(repetitions)",
            "times: wall time of the whole `fbas` process (reading the file included), measured by fbas-bench; medians over finished runs",
        ]
        if let against = options.against { method.append("earlier run compared: `\(against)`") }
        if let mb = options.maxInputMB { method.append("input limit: `fbas --max-input-mb \(mb)`") }
    }

    func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Generates `family` at each size into this run's `networks/` folder, each in a child
    /// process: building a 1,000-validator flat network takes a few hundred MB, and a parent's
    /// peak memory would be counted in every later child's peak.
    mutating func generate(_ family: NetworkFamily, sizes: [Int], seed: UInt64, topTierDrop: Double = 0) throws -> [NetworkInstance] {
        let folder = outDir + "/networks"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var networks: [NetworkInstance] = []
        for n in sizes {
            let outcome = try ChildProcess.run(Session.ownExecutable(), arguments: ["generate", family.rawValue, String(n), String(seed), folder, "--top-tier-drop", String(topTierDrop)],
                                               environment: ProcessInfo.processInfo.environment, killAfter: 600)
            guard outcome.exitCode == 0, let summary = try? JSONParser.parse(outcome.standardOutput),
                  let name = summary["file"]?.string, let count = summary["validators"]?.number?.intValue else {
                throw ValidationError("generating a \(family.rawValue) network of \(n) validators failed")
            }
            networks.append(NetworkInstance(path: folder + "/" + name, name: name, family: family.rawValue, validators: count))
            note("generated \(name): \(count) validators, \(summary["organizations"]?.number?.text ?? "?") organizations")
        }
        method.append("networks: `fbas-gen \(family.rawValue) --validators N --seed \(seed)` for N in \(sizes.map(String.init).joined(separator: ", ")) (regenerate them with fbas-gen; they are not committed)")
        return networks
    }

    @discardableResult
    mutating func run(_ networks: [NetworkInstance], xScale: LineChart.Scale, title: String) throws -> [RunRecord] {
        let plan = RunPlan.make(networks: networks, analyses: analyses, backends: backends, repetitions: repetitions)
        let csvPath = outDir + "/results.csv"
        guard FileManager.default.createFile(atPath: csvPath, contents: Data(ResultsCSV.headerLine().utf8)),
              let csv = FileHandle(forWritingAtPath: csvPath) else { throw ValidationError("cannot write \(csvPath)") }
        csv.seekToEndOfFile()
        let started = ContinuousClock.now
        var measurements: [RunRecord] = []
        for (i, spec) in plan.enumerated() {
            let m = try runner.run(spec)
            measurements.append(m)
            csv.write(Data(ResultsCSV.row(m).utf8))
            let memory = m.peakRSSMB.map { ", \(Format.fixed($0, 0)) MB" } ?? ""
            note("[\(i + 1)/\(plan.count)] \(spec.network.name) \(spec.analysis.rawValue) \(spec.backend) #\(spec.repetition): \(m.status.rawValue) \(Format.seconds(m.wallSeconds)) s\(m.answer.map { " (\($0))" } ?? "")\(memory)")
        }
        csv.closeFile()
        let elapsed = started.duration(to: .now)
        method.append("load average at end: \(MachineInfo.loadAverage() ?? "unknown"); \(plan.count) runs in \(Format.seconds(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)) s")
        let chart = LineChart.from(measurements, title: "\(title): wall time per run", xScale: xScale)
        try chart.render().write(toFile: outDir + "/chart.svg", atomically: true, encoding: .utf8)
        let report = MarkdownReport(title: "fbas-bench \(mode): \(title)", method: method, measurements: measurements,
                                    earlier: earlier, chart: "chart.svg")
        try report.render().write(toFile: outDir + "/results.md", atomically: true, encoding: .utf8)
        note("wrote \(outDir)/results.csv, results.md, chart.svg")
        return measurements
    }

    /// `fbas` in the folder of this executable (SwiftPM puts both in .build/<configuration>).
    static func siblingFBAS() throws -> String {
        URL(fileURLWithPath: ownExecutable()).deletingLastPathComponent().appendingPathComponent("fbas").path
    }

    static func ownExecutable() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).standardizedFileURL.path
    }

    static func today() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        return f.string(from: Date())
    }

    /// `base`, or `base-2`, `base-3`, ... when it exists, so earlier results are never overwritten.
    static func freshFolder(_ base: String) throws -> String {
        var candidate = base
        var n = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }
}

FBASBench.main()
