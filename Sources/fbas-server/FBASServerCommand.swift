import ArgumentParser
import FBASServer
import Hummingbird

/// `fbas-server`: the HTTP analysis service an explorer points its backend at.
@main
struct FBASServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fbas-server",
        abstract: "Serve the fbas analyses over HTTP: GET /health, POST /analyze (the network report), POST /analyze/<analysis>.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Analyses at once (default: the number of cores).") var workers: Int?
    @Option(help: "Requests that may wait for a worker; more get 503 with Retry-After.") var queue = 16
    @Option(name: .customLong("max-body-mb"), help: "Largest request body, in MiB; larger gets 413.") var maxBodyMB = 64
    @Option(name: .customLong("max-timeout"), help: "Longest time limit a request may ask for, in seconds (also the default).") var maxTimeout = 60.0

    func validate() throws {
        guard port >= 0, port < 65536 else { throw ValidationError("--port must be 0...65535") }
        guard maxBodyMB <= 4096 else { throw ValidationError("--max-body-mb must be at most 4096") }
        guard queue >= 0, maxBodyMB > 0, maxTimeout > 0, maxTimeout.isFinite, (workers ?? 1) > 0 else {
            throw ValidationError("--workers, --max-body-mb and --max-timeout must be positive, --queue not negative")
        }
    }

    func run() async throws {
        var configuration = ServerConfiguration(workers: workers)
        configuration.host = host
        configuration.port = port
        configuration.queue = queue
        configuration.maxBodyBytes = maxBodyMB << 20
        configuration.maxTimeout = maxTimeout
        try await buildApplication(configuration).runService()
    }
}
