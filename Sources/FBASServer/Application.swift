import FBASReport
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SolverCore
import StrictJSON
import Synchronization

/// A request's context: Hummingbird's, and the connection, so that an analysis can notice
/// its client went away.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// The HTTP service over ``AnalysisService``: `GET /health`, `/metrics`, `/openapi.json`,
/// `POST /analyze` (the network report) and `POST /analyze/<analysis>` (the CLI's
/// `--format json` result objects). It only moves bytes: bodies are collected up to the
/// configured limit (413 beyond), and every answer, error or not, is the service's JSON.
public func buildApplication(_ configuration: ServerConfiguration, service: AnalysisService? = nil, logger: Logger? = nil,
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
    -> Application<RouterResponder<ServerContext>> {
    let service = service ?? AnalysisService(configuration: configuration)
    let logger = logger ?? Logger(label: "fbas-server")
    let router = Router(context: ServerContext.self)
    router.add(middleware: RequestLog(metrics: service.metrics))
    router.get("health") { _, _ in respond(await service.health()) }
    router.get("metrics") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: await service.metricsText())))
    }
    let openAPI = OpenAPIDocument.document(version: configuration.version)
    router.get("openapi.json") { _, _ in
        guard let openAPI else {
            return respond(AnalysisService.Answer.error(500, ErrorReport(kind: "internal",
                message: "the results' schema compiled into the server does not parse")))
        }
        return respond(AnalysisService.Answer(status: 200, body: openAPI))
    }
    for endpoint in AnalysisService.Endpoint.allCases {
        router.post(RouterPath(endpoint.rawValue)) { request, context -> Response in
            let received = ContinuousClock.now
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxBodyBytes {
                return respond(tooLarge(configuration))
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: configuration.maxBodyBytes) } catch is NIOTooManyBytesError {
                return respond(tooLarge(configuration))
            } catch {
                return respond(AnalysisService.Answer.error(400, ErrorReport(
                    kind: "unreadable", file: "request", message: "the request body could not be read: \(error)")))
            }
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            let interrupt = InterruptFlag()
            let watch = watchForDisconnect(context.channel, interrupt: interrupt)
            defer { watch.cancel() }
            let answer = await service.answer(endpoint, body: Array(body.readableBytesView), query: query, received: received,
                                              interrupt: interrupt)
            if interrupt.isRaised, answer.cacheHit == false {
                let why = service.running.isStopping ? "the server is shutting down" : "the client went away"
                context.logger.info("analysis stopped: \(why)", metadata: ["endpoint": .string(endpoint.rawValue)])
            }
            return respond(answer)
        }
    }
    return Application(router: router,
                       server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionWatch()], idleTimeout: .seconds(75))),
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "fbas-server"),
                       onServerRunning: onServerRunning, logger: logger)
}

/// The services `fbas-server` runs: the application, and the watcher that stops running
/// analyses once a shutdown's grace period is over. Listed so that a shutdown reaches the
/// watcher first (a service group stops its services last to first) while the server drains.
public func serverServices(_ configuration: ServerConfiguration, service: AnalysisService? = nil, logger: Logger,
                           onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> [any Service] {
    let service = service ?? AnalysisService(configuration: configuration)
    let application = buildApplication(configuration, service: service, logger: logger, onServerRunning: onServerRunning)
    return [application, ShutdownGrace(service: service, grace: configuration.shutdownGrace, logger: logger)]
}

/// On a graceful shutdown (SIGTERM, SIGINT): the server stops taking connections and finishes
/// the requests it has; analyses still running after `grace` seconds are stopped and answer
/// with what they proved.
struct ShutdownGrace: Service {
    let service: AnalysisService
    let grace: Double
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let load = await service.gate.load
        logger.info("shutting down", metadata: ["running": "\(load.running)", "waiting": "\(load.waiting)",
                                                "graceSeconds": "\(grace)"])
        let service = self.service, grace = self.grace
        // Returning lets the group go on to drain the server; the timer outlives this call.
        Task {
            if grace > 0 { try? await Task.sleep(for: .milliseconds(Int64(grace * 1000))) }
            service.interruptAll()
        }
    }
}

/// Notices a client going away. The server allows half-closed connections, so a client's
/// close shows only as the end of its input (`inputClosed`), not as the channel going inactive.
/// No HTTP client half-closes and then waits for an answer, so the end of input means nobody
/// will read the answer, as nginx and most proxies also take it.
final class ConnectionWatch: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    // Parts pass through untouched; only events are looked at.
    typealias InboundIn = NIOAny
    private let closed = Atomic<Bool>(false)

    var isClosed: Bool { closed.load(ordering: .relaxed) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.fireChannelRead(data) }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent { closed.store(true, ordering: .relaxed) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed.store(true, ordering: .relaxed)
        context.fireChannelInactive()
    }
}

/// Raises `interrupt` when the client's connection closes, checking ten times a second until
/// cancelled (when the answer is ready).
func watchForDisconnect(_ channel: any Channel, interrupt: InterruptFlag) -> Task<Void, Never> {
    Task {
        let watch = try? await channel.pipeline.handler(type: ConnectionWatch.self).get()
        while !Task.isCancelled {
            if !channel.isActive || watch?.isClosed == true {
                interrupt.raise()
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// Every request: its id (the client's `X-Request-Id` when it is a short printable token,
/// else Hummingbird's) in the log's metadata and the answer's header, one log line and the
/// metrics for its answer, and HTTP errors (404, 405) as the service's JSON error object.
struct RequestLog: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: ServerMetrics

    static let requestID = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        // Not `context.id`: it traps when the log handler keeps no metadata.
        let id = request.headers[Self.requestID].flatMap(Self.validID)
            ?? context.logger[metadataKey: "hb.request.id"].map { "\($0)" }
            ?? String(UInt64.random(in: .min ... .max), radix: 16)
        // Hummingbird's key (its `context.id` reads it back), holding the client's id when given.
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Self.errorResponse(error, request)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": .string("\(error)")])
            response = respond(AnalysisService.Answer.error(500, ErrorReport(
                kind: "internal", message: "the server failed to answer; the error is in its log")))
        }
        response.headers[Self.requestID] = id
        let duration = ContinuousClock.now - started
        let endpoint = context.endpointPath.map { $0 == "NotFound" ? "unmatched" : $0 } ?? "unmatched"
        metrics.record(endpoint: endpoint, method: request.method.rawValue, status: response.status.code, duration: duration)
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "path": .string(String(request.uri.path.prefix(200))),
            "status": .stringConvertible(response.status.code), "ms": .stringConvertible(Int(duration / .milliseconds(1))),
        ]
        if let cache = response.headers[.fbasCache] { metadata["cache"] = .string(cache) }
        context.logger.info("answered", metadata: metadata)
        return response
    }

    /// A request id worth echoing: 1 to 128 visible ASCII characters.
    static func validID(_ value: String) -> String? {
        (1...128).contains(value.utf8.count) && value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) ? value : nil
    }

    /// Hummingbird's errors (no route, a method a route does not take) in the service's shape.
    static func errorResponse(_ error: HTTPError, _ request: Request) -> Response {
        let path = String(request.uri.path.drop(while: { $0 == "/" }))
        if error.status == .notFound, let methods = routes[path] {
            var response = respond(AnalysisService.Answer.error(405, ErrorReport(
                kind: "method", file: "request", message: "\(request.method.rawValue) is not served at /\(path); use \(methods)")))
            response.headers[.allow] = methods
            return response
        }
        if error.status == .notFound {
            return respond(AnalysisService.Answer.error(404, ErrorReport(
                kind: "notFound", file: "request",
                message: "no such endpoint; the endpoints are GET /health, /metrics, /openapi.json and POST "
                    + AnalysisService.Endpoint.allCases.map { "/" + $0.rawValue }.joined(separator: ", "))))
        }
        let code = Int(error.status.code)
        return respond(AnalysisService.Answer.error(code, ErrorReport(
            kind: code >= 500 ? "internal" : "request", file: "request", message: error.body ?? error.status.reasonPhrase)))
    }

    /// The served paths and the method each takes.
    static let routes: [String: String] = {
        var routes = ["health": "GET", "metrics": "GET", "openapi.json": "GET"]
        for endpoint in AnalysisService.Endpoint.allCases { routes[endpoint.rawValue] = "POST" }
        return routes
    }()
}

extension HTTPField.Name {
    /// `hit` or `miss`: whether the cache answered.
    static let fbasCache = HTTPField.Name("Fbas-Cache")!
}

func tooLarge(_ configuration: ServerConfiguration) -> AnalysisService.Answer {
    AnalysisService.Answer.error(413, ErrorReport(kind: "tooLarge", file: "request",
        message: "the request body is over the limit of \(configuration.maxBodyBytes) bytes (--max-body-mb)"))
}

func respond(_ answer: AnalysisService.Answer) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    if let seconds = answer.retryAfter { headers[.retryAfter] = String(seconds) }
    if let hit = answer.cacheHit { headers[.fbasCache] = hit ? "hit" : "miss" }
    let bytes = JSONWriter.writeUTF8(answer.body, pretty: false)
    return Response(status: .init(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}
