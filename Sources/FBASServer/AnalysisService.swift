import Foundation
import FBASAnalyses
import FBASFormats
import FBASModel
import FBASReport
import StrictJSON

/// What the HTTP service answers, without HTTP: an endpoint, a request body and its query
/// parameters in, a status code and a JSON value out. The Hummingbird layer
/// (``buildApplication(_:service:)``) only moves bytes; everything a client can get wrong is decided
/// here, so it can be tested without a socket.
public struct AnalysisService: Sendable {
    /// The analyses the service offers, one endpoint each.
    public enum Endpoint: String, Sendable, CaseIterable {
        case report = "analyze"
        case intersection = "analyze/intersection"
        case topTier = "analyze/top-tier"
        case blockingSets = "analyze/blocking-sets"
        case splittingSets = "analyze/splitting-sets"
        case quorums = "analyze/quorums"
        case historyCritical = "analyze/history-critical"
    }

    /// An answer: an HTTP status and its JSON body.
    public struct Answer: Sendable {
        public var status: Int
        public var body: JSONValue
        /// Seconds a client should wait before retrying (503 only).
        public var retryAfter: Int?
    }

    public let configuration: ServerConfiguration
    public let gate: AnalysisGate
    /// Runs on the worker thread before each analysis; tests hold workers busy with it.
    let beforeRun: (@Sendable () -> Void)?

    public init(configuration: ServerConfiguration, gate: AnalysisGate? = nil) {
        self.init(configuration: configuration, gate: gate, beforeRun: nil)
    }

    init(configuration: ServerConfiguration, gate: AnalysisGate?, beforeRun: (@Sendable () -> Void)?) {
        self.configuration = configuration
        self.gate = gate ?? AnalysisGate(workers: configuration.workers, queue: configuration.queue)
        self.beforeRun = beforeRun
    }

    /// `GET /health`.
    public func health() -> Answer {
        struct Health: Encodable {
            var status = "ok"
            var version: String
            var solvers = SolverBackend.allCases.map(\.rawValue)
        }
        return Answer(status: 200, body: Self.json(Health(version: configuration.version)))
    }

    /// One analysis request: admitted by the gate (or turned away with 503 before its body is
    /// even parsed), then parsed and run on a thread of its own, and answered. Not on
    /// `DispatchQueue.global()`: on Linux Swift's cooperative pool runs on those threads, and
    /// two long analyses there froze every handler, `/health` included (17.8 s). The time
    /// limit runs from `received`, so parsing and waiting for a worker count against it.
    public func answer(_ endpoint: Endpoint, body: [UInt8], query: [String: String],
                       received: ContinuousClock.Instant = .now) async -> Answer {
        do { try await gate.enter() } catch {
            return Answer(status: 503, body: Self.json(ErrorBody(error: ErrorReport(kind: "busy",
                message: "all \(gate.workers) workers are busy and \(gate.queue) requests already wait; retry shortly"))), retryAfter: 1)
        }
        let configuration = self.configuration, beforeRun = self.beforeRun
        let result = await withCheckedContinuation { (done: CheckedContinuation<Answer, Never>) in
            let thread = Thread {
                beforeRun?()
                let answer: Answer
                do throws(RequestError) {
                    let request = try ParsedRequest(body: body, query: query, configuration: configuration)
                    var options = AnalysisOptions(backend: request.solver)
                    let limit = min(request.timeout, AnalysisOptions.longestTimeout)
                    options.deadline = received + .milliseconds(Int64((limit * 1000).rounded(.up)))
                    answer = Self.run(endpoint, request, options: options)
                } catch {
                    answer = Answer(status: error.status, body: Self.json(ErrorBody(error: error.report)))
                }
                done.resume(returning: answer)
            }
            // Deep quorum sets and the parser's explicit stacks need no more; the default
            // secondary-thread stack (512 KB on some systems) is too small for the encoders.
            thread.stackSize = 16 << 20
            thread.start()
        }
        await gate.leave()
        return result
    }

    /// Runs the analysis of `endpoint` on `request` within `options` (blocking: call off the
    /// event loop). A time limit reached is an answer (200, `status: timeout`, the bounds
    /// proved), not an error.
    static func run(_ endpoint: Endpoint, _ request: ParsedRequest, options: AnalysisOptions) -> Answer {
        let fbas = request.loaded.fbas
        do {
            switch endpoint {
            case .report:
                let reportOptions = ReportOptions(profile: request.profile, analysis: options, organizations: request.organizations,
                                                  down: request.down, reachableFrom: request.reachableFrom)
                do {
                    return ok(try NetworkReport.compute(fbas, options: reportOptions, warnings: request.warnings))
                } catch .unknownValidator(let option, let key) {
                    return Answer(status: 400, body: json(ErrorBody(error: ErrorReport(kind: "usage", file: "request",
                        message: "\(option) names \(key), which is not a validator of the network"))))
                } catch .analysis(let e) { throw e }
            case .intersection:
                return ok(IntersectionReport(try Analyses.checkIntersection(fbas, options: options), in: fbas))
            case .topTier:
                return ok(TopTierReport(try Analyses.topTier(fbas, options: options), in: fbas))
            case .blockingSets:
                let down = try request.downIDs(in: fbas)
                let r = try Analyses.minimumBlockingSet(fbas, grouping: request.grouping, down: down ?? [], options: options)
                return ok(BlockingSetReport(r, in: fbas, grouping: request.grouping, filtered: down != nil))
            case .splittingSets:
                return ok(SplittingSetReport(try Analyses.minimumSplittingSet(fbas, grouping: request.grouping, options: options), in: fbas,
                                             grouping: request.grouping))
            case .quorums:
                if request.mode == "minimal" { return ok(QuorumReport(try Analyses.minimalQuorum(fbas, options: options), in: fbas)) }
                return ok(QuorumReport(try Analyses.minimumQuorum(fbas, options: options), in: fbas))
            case .historyCritical:
                return ok(HistoryCriticalReport(try Analyses.historyCriticalSet(fbas, options: options), in: fbas))
            }
        } catch let error as RequestError {
            return Answer(status: error.status, body: json(ErrorBody(error: error.report)))
        } catch {
            // A witness the checker rejected or a failing back end: ours, never the client's.
            return Answer(status: 500, body: json(ErrorBody(error: ErrorReport(internal: error as? AnalysisError ?? .solverFailure("\(error)")))))
        }
    }

    static func ok(_ value: some Encodable) -> Answer { Answer(status: 200, body: json(value)) }

    static func json(_ value: some Encodable) -> JSONValue {
        (try? JSONValueEncoder().encode(value)) ?? .null
    }
}

/// How the service runs.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Analyses at once (default: the number of cores).
    public var workers: Int
    /// Requests that may wait for a worker.
    public var queue = 16
    /// The largest request body, in bytes.
    public var maxBodyBytes = 64 << 20
    /// No request's time limit may exceed this, in seconds; a request without one gets it.
    public var maxTimeout: Double = 60
    /// Reported by `/health`.
    public var version = "0.1.0"

    public init(workers: Int? = nil) {
        self.workers = workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
