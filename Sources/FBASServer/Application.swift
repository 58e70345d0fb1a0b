import FBASReport
import Hummingbird
import NIOCore
import StrictJSON

/// The HTTP service over ``AnalysisService``: `GET /health`, `POST /analyze` (the network
/// report) and `POST /analyze/<analysis>` (the CLI's `--format json` result objects), JSON in
/// and out. It only moves bytes: bodies are collected up to the configured limit (413 beyond),
/// and every answer, error or not, is the service's JSON.
public func buildApplication(_ configuration: ServerConfiguration, service: AnalysisService? = nil) -> some ApplicationProtocol {
    let service = service ?? AnalysisService(configuration: configuration)
    let router = Router()
    router.get("health") { _, _ in respond(service.health()) }
    for endpoint in AnalysisService.Endpoint.allCases {
        router.post(RouterPath(endpoint.rawValue)) { request, _ -> Response in
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxBodyBytes {
                return respond(tooLarge(configuration))
            }
            var request = request
            let body: ByteBuffer
            let received = ContinuousClock.now
            do { body = try await request.collectBody(upTo: configuration.maxBodyBytes) } catch is NIOTooManyBytesError {
                return respond(tooLarge(configuration))
            } catch {
                return respond(AnalysisService.Answer(status: 400, body: AnalysisService.json(ErrorBody(error: ErrorReport(
                    kind: "unreadable", file: "request", message: "the request body could not be read: \(error)")))))
            }
            var query: [String: String] = [:]
            for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
            return respond(await service.answer(endpoint, body: Array(body.readableBytesView), query: query, received: received))
        }
    }
    return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                          serverName: "fbas-server"))
}

func tooLarge(_ configuration: ServerConfiguration) -> AnalysisService.Answer {
    AnalysisService.Answer(status: 413, body: AnalysisService.json(ErrorBody(error: ErrorReport(kind: "tooLarge", file: "request",
        message: "the request body is over the limit of \(configuration.maxBodyBytes) bytes (--max-body-mb)"))))
}

func respond(_ answer: AnalysisService.Answer) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    if let seconds = answer.retryAfter { headers[.retryAfter] = String(seconds) }
    let bytes = JSONWriter.writeUTF8(answer.body, pretty: false)
    return Response(status: .init(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}
