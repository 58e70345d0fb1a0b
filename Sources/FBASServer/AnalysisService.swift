import Foundation
import FBASAnalyses
import FBASCertificates
import FBASFormats
import FBASModel
import FBASReport
import SolverCore
import StrictJSON
import Synchronization

/// What the HTTP service answers, without HTTP: an endpoint, a request body and its query
/// parameters in, a status code and a JSON value out. The Hummingbird layer
/// (``buildApplication(_:service:logger:onServerRunning:)``) only moves bytes; everything a client can get wrong is decided
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
        /// Whether the cache answered (nil when the request never reached an analysis).
        public var cacheHit: Bool?
        /// Whether the analysis finished; only finished answers are cached.
        var complete = false

        init(status: Int, body: JSONValue, retryAfter: Int? = nil) {
            self.status = status
            self.body = body
            self.retryAfter = retryAfter
        }

        /// An error answer: the CLI's error object under `error`.
        static func error(_ status: Int, _ report: ErrorReport, retryAfter: Int? = nil) -> Answer {
            Answer(status: status, body: AnalysisService.json(ErrorBody(error: report)), retryAfter: retryAfter)
        }
    }

    public let configuration: ServerConfiguration
    public let gate: AnalysisGate
    public let cache: AnswerCache
    public let metrics: ServerMetrics
    /// The interrupt flags of the analyses running now, for shutdown.
    let running: RunningAnalyses
    /// Runs on the worker thread before each analysis, with its interrupt flag; tests hold
    /// workers busy with it.
    let beforeRun: (@Sendable (InterruptFlag) -> Void)?

    public init(configuration: ServerConfiguration, gate: AnalysisGate? = nil, metrics: ServerMetrics = ServerMetrics()) {
        self.init(configuration: configuration, gate: gate, metrics: metrics, beforeRun: nil)
    }

    init(configuration: ServerConfiguration, gate: AnalysisGate? = nil, metrics: ServerMetrics = ServerMetrics(),
         beforeRun: (@Sendable (InterruptFlag) -> Void)?) {
        self.configuration = configuration
        self.gate = gate ?? AnalysisGate(workers: configuration.workers, queue: configuration.queue)
        self.cache = AnswerCache(capacity: configuration.cacheEntries)
        self.metrics = metrics
        self.running = RunningAnalyses()
        self.beforeRun = beforeRun
    }

    /// `GET /health`: also the load, so a balancer can prefer an idle instance.
    public func health() async -> Answer {
        let load = await gate.load
        return Answer(status: 200, body: Self.json(Health(version: configuration.version, running: load.running, waiting: load.waiting,
                                                          workers: gate.workers, queue: gate.queue, cachedAnswers: cache.count,
                                                          stopping: running.isStopping)))
    }

    /// `GET /metrics`: Prometheus' text format.
    public func metricsText() async -> [UInt8] {
        metrics.observe(load: await gate.load)
        return metrics.text()
    }

    /// Stops every running analysis (each answers with what it proved so far) and every later
    /// one at once: the end of a graceful shutdown's grace period.
    public func interruptAll() { running.stopAll() }

    /// One analysis request: admitted by the gate (or turned away with 503 before its body is
    /// even parsed), then parsed, looked up in the cache and, if absent, run, all on a thread
    /// of its own. Not on `DispatchQueue.global()`: on Linux Swift's cooperative pool runs on
    /// those threads, and two long analyses there froze every handler, `/health` included
    /// (17.8 s). The time limit runs from `received`, so parsing and waiting for a worker count
    /// against it; raising `interrupt` (the client went away) stops the analysis.
    public func answer(_ endpoint: Endpoint, body: [UInt8], query: [String: String],
                       received: ContinuousClock.Instant = .now, interrupt: InterruptFlag = InterruptFlag()) async -> Answer {
        do { try await gate.enter() } catch {
            let retry = retryAfter()
            return Answer.error(503, ErrorReport(kind: "busy",
                message: "all \(gate.workers) workers are busy and \(gate.queue) requests already wait; retry in \(retry) s"), retryAfter: retry)
        }
        let service = self
        let result = await withCheckedContinuation { (done: CheckedContinuation<Answer, Never>) in
            let thread = Thread {
                done.resume(returning: service.parseAndRun(endpoint, body: body, query: query, received: received, interrupt: interrupt))
            }
            // Deep quorum sets and the parser's explicit stacks need no more; the default
            // secondary-thread stack (512 KB on some systems) is too small for the encoders.
            thread.stackSize = 16 << 20
            thread.start()
        }
        await gate.leave()
        return result
    }

    /// A busy server's hint: the time for the queue ahead to drain at the recent mean time of
    /// an analysis, at least a second and at most a minute.
    func retryAfter() -> Int {
        let turns = Double(gate.queue + gate.workers) / Double(gate.workers)
        return Int(min(60, max(1, (turns * running.meanSeconds).rounded(.up))))
    }

    /// The blocking part of ``answer(_:body:query:received:interrupt:)``, on the worker thread.
    func parseAndRun(_ endpoint: Endpoint, body: [UInt8], query: [String: String], received: ContinuousClock.Instant,
                     interrupt: InterruptFlag) -> Answer {
        let request: ParsedRequest
        do throws(RequestError) {
            request = try ParsedRequest(body: body, query: query, configuration: configuration)
        } catch {
            return .error(error.status, error.report)
        }
        let key = request.cacheKey(endpoint)
        if let body = cache.answer(for: key) {
            metrics.cacheHits.increment()
            var answer = Answer(status: 200, body: Self.marked(body, cacheHit: true))
            answer.cacheHit = true
            answer.complete = true
            return answer
        }
        metrics.cacheMisses.increment()
        var options = AnalysisOptions(backend: request.solver)
        let limit = min(request.timeout, AnalysisOptions.longestTimeout)
        options.deadline = received + .milliseconds(Int64((limit * 1000).rounded(.up)))
        options.interrupt = interrupt
        let token = running.add(interrupt)
        defer { running.remove(token) }
        beforeRun?(interrupt)
        let started = ContinuousClock.now
        var answer = Self.run(endpoint, request, options: options)
        running.record(ContinuousClock.now - started)
        if answer.status == 200 {
            answer.cacheHit = false
            if answer.complete {
                cache.store(answer.body, for: key)
            } else if interrupt.isRaised {
                metrics.interrupted.increment()
            } else {
                metrics.timeouts.increment()
            }
            answer.body = Self.marked(answer.body, cacheHit: false)
        }
        return answer
    }

    /// An answer's body with `cacheHit` added last: the one member the service adds to the
    /// results the library shapes.
    static func marked(_ body: JSONValue, cacheHit: Bool) -> JSONValue {
        guard case .object(var object) = body else { return body }
        object.members.removeAll { $0.key == "cacheHit" }
        object.members.append(("cacheHit", .bool(cacheHit)))
        return .object(object)
    }

    /// Runs the analysis of `endpoint` on `request` within `options` (blocking: call off the
    /// event loop). A time limit reached is an answer (200, `status: timeout`, the bounds
    /// proved), not an error.
    static func run(_ endpoint: Endpoint, _ request: ParsedRequest, options: AnalysisOptions) -> Answer {
        let fbas = request.loaded.fbas
        if request.certify, endpoint == .topTier {
            return Answer.error(400, ErrorReport(kind: "usage", file: "request",
                message: "certify is not available for /\(endpoint.rawValue) yet; it certifies /analyze, /analyze/intersection, /analyze/blocking-sets, /analyze/splitting-sets, /analyze/quorums and /analyze/history-critical"))
        }
        let certification = Certification.Options(deadline: options.deadline, interrupt: options.interrupt)
        do {
            switch endpoint {
            case .report:
                var reportOptions = ReportOptions(profile: request.profile, analysis: options, organizations: request.organizations,
                                                  down: request.down, reachableFrom: request.reachableFrom)
                reportOptions.certify = request.certify
                do {
                    return ok(try NetworkReport.compute(fbas, options: reportOptions, warnings: request.warnings))
                } catch .unknownValidator(let option, let key) {
                    return Answer.error(400, ErrorReport(kind: "usage", file: "request",
                        message: "\(option) names \(key), which is not a validator of the network"))
                } catch .analysis(let e) { throw e }
            case .intersection:
                var r = try Analyses.checkIntersection(fbas, options: options)
                if request.certify { try Certification.certify(&r, of: fbas, options: certification) }
                return ok(IntersectionReport(r, in: fbas))
            case .topTier:
                return ok(TopTierReport(try Analyses.topTier(fbas, options: options), in: fbas))
            case .blockingSets:
                let down = try request.downIDs(in: fbas)
                var r = try Analyses.minimumBlockingSet(fbas, grouping: request.grouping, down: down ?? [], options: options)
                if request.certify { try Certification.certify(&r, of: fbas, grouping: request.grouping, options: certification) }
                return ok(BlockingSetReport(r, in: fbas, grouping: request.grouping, filtered: down != nil))
            case .splittingSets:
                var r = try Analyses.minimumSplittingSet(fbas, grouping: request.grouping, options: options)
                if request.certify { try Certification.certify(&r, of: fbas, grouping: request.grouping, options: certification) }
                return ok(SplittingSetReport(r, in: fbas, grouping: request.grouping))
            case .quorums:
                if request.mode == "minimal" { return ok(QuorumReport(try Analyses.minimalQuorum(fbas, options: options), in: fbas)) }
                var r = try Analyses.minimumQuorum(fbas, options: options)
                if request.certify { try Certification.certify(&r, of: fbas, options: certification) }
                return ok(QuorumReport(r, in: fbas))
            case .historyCritical:
                var r = try Analyses.historyCriticalSet(fbas, options: options)
                if request.certify { try Certification.certify(&r, of: fbas, options: certification) }
                return ok(HistoryCriticalReport(r, in: fbas))
            }
        } catch let error as RequestError {
            return .error(error.status, error.report)
        } catch {
            // A witness the checker rejected or a failing back end: ours, never the client's.
            return Answer.error(500, ErrorReport(internal: error as? AnalysisError ?? .solverFailure("\(error)")))
        }
    }

    static func ok(_ value: some Encodable & HasStatus & Certified) -> Answer {
        var answer = Answer(status: 200, body: json(value))
        // A certificate cut short by the time limit is not the answer a longer one would give.
        answer.complete = value.status == .ok && value.certificate?.certified != false
        return answer
    }

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
    /// Answers the cache keeps; 0 turns it off.
    public var cacheEntries = 64
    /// After a shutdown signal, how long running analyses may go on before they are stopped
    /// (each then answers with the bounds it proved).
    public var shutdownGrace: Double = 10

    public init(workers: Int? = nil) {
        self.workers = workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// What `/health` says.
struct Health: Encodable {
    var status = "ok"
    var version: String
    var solvers = SolverBackend.allCases.map(\.rawValue)
    var running: Int
    var waiting: Int
    var workers: Int
    var queue: Int
    var cachedAnswers: Int
    var stopping: Bool
}

/// The results that may carry a certificate (the others never do).
protocol Certified { var certificate: Certificate? { get } }
extension IntersectionReport: Certified {}
extension SplittingSetReport: Certified {}
extension QuorumReport: Certified {}
extension HistoryCriticalReport: Certified {}
extension NetworkReport: Certified {
    /// An unfinished certificate anywhere in the report (certified false) keeps it out of the cache.
    var certificate: Certificate? {
        certificates.first { !$0.certified }
    }
}
extension TopTierReport: Certified { var certificate: Certificate? { nil } }
extension BlockingSetReport: Certified {}

/// The results the service returns, each with the status that says whether it is complete.
protocol HasStatus { var status: AnalysisStatus { get } }
extension NetworkReport: HasStatus {}
extension IntersectionReport: HasStatus {}
extension TopTierReport: HasStatus {}
extension BlockingSetReport: HasStatus {}
extension SplittingSetReport: HasStatus {}
extension QuorumReport: HasStatus {}
extension HistoryCriticalReport: HasStatus {}

/// The interrupt flags of the analyses running now. Once stopped (shutdown), every flag added
/// later is raised at once, so nothing starts a long analysis on the way out.
final class RunningAnalyses: Sendable {
    private let state = Mutex<(next: Int, flags: [Int: InterruptFlag], stopping: Bool, mean: Double)>((0, [:], false, 1))

    func add(_ flag: InterruptFlag) -> Int {
        let (token, stopping) = state.withLock { s in
            s.next += 1
            s.flags[s.next] = flag
            return (s.next, s.stopping)
        }
        if stopping { flag.raise() }
        return token
    }

    func remove(_ token: Int) { _ = state.withLock { $0.flags.removeValue(forKey: token) } }

    func stopAll() {
        let flags = state.withLock { s in
            s.stopping = true
            return Array(s.flags.values)
        }
        for flag in flags { flag.raise() }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Folds an analysis' time into the running mean (each new one weighs a fifth).
    func record(_ duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        state.withLock { $0.mean = 0.8 * $0.mean + 0.2 * seconds }
    }

    /// The recent mean time of an analysis, in seconds (1 before the first).
    var meanSeconds: Double { state.withLock { $0.mean } }
}
