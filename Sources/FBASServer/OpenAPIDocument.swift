import FBASAnalyses
import FBASReport
import StrictJSON

/// `GET /openapi.json`: the service described in OpenAPI 3.1, built from what the service is
/// made of (its endpoints, the options ``ParsedRequest`` takes, the results' JSON Schema), so
/// it cannot describe a route or an option that does not exist. Tests hold real answers to it
/// and schemathesis (`scripts/schemathesis.sh`) drives the running server with it.
enum OpenAPIDocument {
    /// What each analysis endpoint answers and the result it returns (a `$defs` name of the
    /// results' schema).
    static let analyses: [(endpoint: AnalysisService.Endpoint, result: String, summary: String)] = [
        (.report, "NetworkReport",
         "The network report: stellarbeat's AnalysisResult figures at the top level, with every witness, bound and warning beside them."),
        (.intersection, "IntersectionReport", "Whether every two quorums intersect, with two disjoint quorums as the witness when not."),
        (.topTier, "TopTierReport", "The top tier: the union of all minimal quorums."),
        (.blockingSets, "BlockingSetReport",
         "The smallest set (of validators, or of groups with groupBy/organizations) whose failure blocks every quorum; with down or filtered, given validators already down."),
        (.splittingSets, "SplittingSetReport", "The smallest set whose lying splits the network into two disjoint quorums."),
        (.quorums, "QuorumReport", "A minimum quorum (mode=minimum) or a minimal quorum (mode=minimal)."),
        (.historyCritical, "HistoryCriticalReport",
         "The smallest set whose failing archives, with those already failing, leave a quorum without history."),
    ]

    /// The options, each with its schema and meaning; the keys are exactly ``ParsedRequest/knownOptions``.
    static let options: [(name: String, schema: JSONValue, about: String)] = [
        ("profile", ["type": "string", "enum": ["default", "stellarbeat"]],
         "The report's rules: ours (default) or the explorers' figures exactly (stellarbeat)."),
        ("timeout", ["type": "number", "exclusiveMinimum": 0],
         "Seconds the analysis may take from receipt, capped by the server's --max-timeout (also the default)."),
        ("solver", ["type": "string", "enum": .array(SolverBackend.allCases.map { .string($0.rawValue) })], "The SAT back end."),
        ("unknownQsets", ["type": "string", "enum": ["free", "dead"]],
         "Validators whose quorum set is unknown: free (they may do anything) or dead (they never take part)."),
        ("strict", ["type": "boolean"], "Refuse (422) a network with any data-quality warning."),
        ("groupBy", ["type": "string"], "Count blocking and splitting sets in groups of this attribute path (e.g. isp, geoData.countryName)."),
        ("down", ["type": "string"], "Comma-separated public keys of validators already down (blocking sets, the report)."),
        ("filtered", ["type": "boolean"], "Blocking sets with the validators not validating taken as down."),
        ("reachableFrom", ["type": "string"], "Analyse only what this validator's trust reaches (the report)."),
        ("mode", ["type": "string", "enum": ["minimum", "minimal"]], "Which quorum /analyze/quorums finds."),
        ("certify", ["type": "boolean"],
         "Certify the negative part of the answer with a DRUP proof checked by the server (intersection, blocking-sets, splitting-sets, quorums in minimum mode, history-critical)."),
    ]

    /// The document, or nil if the compiled-in result schema does not parse (a test rules that out).
    static func document(version: String) -> JSONValue? {
        guard let schema = try? ResultSchema.document(), let defs = schema.object?["$defs"]?.object else { return nil }
        var schemas = JSONObject()
        for (name, def) in defs.members { schemas.members.append((name, rewritingRefs(def))) }
        schemas.members.append(("Health", health))
        schemas.members.append(("ErrorBody", [
            "type": "object", "properties": ["error": ["$ref": "#/components/schemas/ErrorReport"]],
            "required": ["error"], "additionalProperties": false,
        ]))
        schemas.members.append(("Network", network))

        var paths = JSONObject()
        paths.members.append(("/health", ["get": [
            "operationId": "health", "summary": "Whether the service is up, its version, its solvers and its load.",
            "responses": ["200": jsonResponse("The service is up.", ref: "Health")],
        ]]))
        paths.members.append(("/metrics", ["get": [
            "operationId": "metrics", "summary": "Prometheus metrics in the text exposition format.",
            "responses": ["200": ["description": "The metrics.", "headers": requestIDHeader,
                                  "content": ["text/plain": ["schema": ["type": "string"]]]]],
        ]]))
        paths.members.append(("/openapi.json", ["get": [
            "operationId": "openapi", "summary": "This document.",
            "responses": ["200": ["description": "The OpenAPI document.", "headers": requestIDHeader,
                                  "content": ["application/json": ["schema": ["type": "object"]]]]],
        ]]))
        for analysis in analyses {
            paths.members.append(("/" + analysis.endpoint.rawValue, ["post": operation(analysis)]))
        }

        return [
            "openapi": "3.1.0",
            "info": [
                "title": "fbas-server",
                "version": .string(version),
                "description": "Federated Byzantine Agreement System analyses of a Stellar network over HTTP. Every answer's witnesses were re-checked without a solver before they were returned; a time limit reached is an answer (status timeout, with the bounds proved so far), not an error.",
            ],
            "paths": .object(paths),
            "components": ["schemas": .object(schemas)],
        ]
    }

    static func operation(_ analysis: (endpoint: AnalysisService.Endpoint, result: String, summary: String)) -> JSONValue {
        let parameters: [JSONValue] = options.map { option in
            ["name": .string(option.name), "in": "query", "required": false, "description": .string(option.about),
             "schema": option.schema]
        }
        let error = { (why: String) in jsonResponse(why, ref: "ErrorBody") }
        var busy = error("Every worker is busy and the queue is full; retry after Retry-After seconds.")
        if case .object(var o) = busy, case .object(var headers)? = o["headers"] {
            headers.members.append(("Retry-After", ["description": "Seconds to wait before retrying.",
                                                    "schema": ["type": "integer", "minimum": 1]]))
            o["headers"] = .object(headers)
            busy = .object(o)
        }
        return [
            "operationId": .string(analysis.endpoint.rawValue.split(separator: "/").joined(separator: "-")),
            "summary": .string(analysis.summary),
            "parameters": .array(parameters),
            "requestBody": ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Network"]]]],
            "responses": [
                "200": jsonResponse("The answer; status says whether it is complete or cut short by the time limit.", ref: analysis.result),
                "400": error("The body is not JSON, not a network, or an option is wrong."),
                "413": error("The body is over the server's limit."),
                "422": error("The network fails strict checking."),
                "503": busy,
            ],
        ]
    }

    static let requestIDHeader: JSONValue = [
        "X-Request-Id": ["description": "The request's id, as in the server's log (the client's own X-Request-Id if it sent one).",
                         "schema": ["type": "string"]],
    ]

    static func jsonResponse(_ description: String, ref: String) -> JSONValue {
        ["description": .string(description), "headers": requestIDHeader,
         "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/" + ref)]]]]
    }

    static let health: JSONValue = [
        "type": "object",
        "properties": [
            "status": ["type": "string", "enum": ["ok"]],
            "version": ["type": "string"],
            "solvers": ["type": "array", "items": ["type": "string"]],
            "running": ["type": "integer", "minimum": 0],
            "waiting": ["type": "integer", "minimum": 0],
            "workers": ["type": "integer", "minimum": 1],
            "queue": ["type": "integer", "minimum": 0],
            "cachedAnswers": ["type": "integer", "minimum": 0],
            "stopping": ["type": "boolean"],
        ],
        "required": ["status", "version", "solvers", "running", "waiting", "workers", "queue", "cachedAnswers", "stopping"],
        "additionalProperties": false,
    ]

    /// A network in any format the service reads. JSON Schema cannot say what the reader
    /// checks (a format is recognised, references resolve, thresholds fit), so this is only the
    /// outer shape; a body of the right shape can still get a 400 naming its problem. A record
    /// that is not a node is skipped with a warning, not refused, so the items are unconstrained.
    static let network: JSONValue = [
        "description": "A stellarbeat node array, the explorers' {nodes, organizations, options}, a python-fbas object ({validators, qsets}), or stellar-core's {nodes: [{node, qset}]}. Records that are not nodes are skipped and named in the answer's warnings.",
        "anyOf": [
            ["type": "array"],
            ["type": "object"],
        ],
    ]

    /// The result schema's `#/$defs/X` references as OpenAPI's `#/components/schemas/X`.
    static func rewritingRefs(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var o):
            o.members = o.members.map { member in
                if member.key == "$ref", let s = member.value.string, s.hasPrefix("#/$defs/") {
                    return (member.key, .string("#/components/schemas/" + s.dropFirst("#/$defs/".count)))
                }
                return (member.key, rewritingRefs(member.value))
            }
            return .object(o)
        case .array(let items): return .array(items.map(rewritingRefs))
        default: return value
        }
    }
}
