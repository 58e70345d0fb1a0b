import ArgumentParser
import FBASServer
import Logging
import ServiceLifecycle

/// `fbas-server`: the HTTP analysis service an explorer points its backend at.
@main
struct FBASServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fbas-server",
        abstract: "Serve the fbas analyses over HTTP: GET /health, /metrics, /openapi.json; POST /analyze (the network report), POST /analyze/<analysis>.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, logged at start).") var port = 8080
    @Option(help: "Analyses at once (default: the number of cores).") var workers: Int?
    @Option(help: "Requests that may wait for a worker; more get 503 with Retry-After.") var queue = 16
    @Option(name: .customLong("max-body-mb"), help: "Largest request body, in MiB; larger gets 413.") var maxBodyMB = 64
    @Option(name: .customLong("max-timeout"), help: "Longest time limit a request may ask for, in seconds (also the default).") var maxTimeout = 60.0
    @Option(name: .customLong("cache-entries"), help: "Answers kept for identical requests (0: no cache).") var cacheEntries = 64
    @Option(name: .customLong("shutdown-grace"), help: "Seconds running analyses may go on after SIGTERM before they are stopped.") var shutdownGrace = 10.0
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
    @Option(name: .customLong("log-format"), help: "json (one object per line) or text.") var logFormat = "json"

    func validate() throws {
        guard port >= 0, port < 65536 else { throw ValidationError("--port must be 0...65535") }
        guard maxBodyMB <= 4096 else { throw ValidationError("--max-body-mb must be at most 4096") }
        guard queue >= 0, maxBodyMB > 0, maxTimeout > 0, maxTimeout.isFinite, (workers ?? 1) > 0 else {
            throw ValidationError("--workers, --max-body-mb and --max-timeout must be positive, --queue not negative")
        }
        guard cacheEntries >= 0, cacheEntries <= 1_000_000 else { throw ValidationError("--cache-entries must be 0...1000000") }
        guard shutdownGrace >= 0, shutdownGrace <= 3600 else { throw ValidationError("--shutdown-grace must be 0...3600 seconds") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["json", "text"].contains(logFormat) else { throw ValidationError("--log-format must be json or text") }
    }

    func run() async throws {
        var configuration = ServerConfiguration(workers: workers)
        configuration.host = host
        configuration.port = port
        configuration.queue = queue
        configuration.maxBodyBytes = maxBodyMB << 20
        configuration.maxTimeout = maxTimeout
        configuration.cacheEntries = cacheEntries
        configuration.shutdownGrace = shutdownGrace
        var logger = logFormat == "json" ? Logger(label: "fbas-server", factory: JSONLineLogHandler.init)
                                         : Logger(label: "fbas-server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let group = ServiceGroup(configuration: .init(
            services: serverServices(configuration, logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}
