import FBASAnalyses
import FBASFormats
import FBASModel
import FBASReport
import StrictJSON

/// A request the service could not take, with the HTTP status that says why: 400 for a body or
/// option that is not what the API takes, 422 for a network that is valid JSON but fails
/// `strict`, 413 for a body over the limit.
struct RequestError: Error, Sendable {
    var status: Int
    var report: ErrorReport

    init(_ status: Int, _ report: ErrorReport) {
        self.status = status
        self.report = report
    }

    init(_ error: FBASInputError) {
        self.init(error.kind == .strict ? 422 : 400, ErrorReport(error))
    }

    static func option(_ message: String) -> RequestError { RequestError(400, ErrorReport(kind: "usage", file: "request", message: message)) }
}

/// A request body and its options, read and checked: the network (any of the three formats,
/// or the explorers' `{nodes, organizations?, options?}`), its organizations, and every option
/// from the body's `options` or the query string (the query wins).
struct ParsedRequest: Sendable {
    var loaded: LoadedNetwork
    var warnings: [Diagnostic]
    var organizations: [Organization]?
    var grouping: Grouping?
    var profile: ReportProfile = .default
    var timeout: Double
    /// nil: the default pair (``AnalysisOptions/init(backend:deadline:interrupt:progress:)``).
    var solver: SolverBackend?
    var down: [String]?
    var filtered = false
    var reachableFrom: String?
    var mode = "minimum"
    var strict = false
    var groupBy: String?
    /// Certify the negative part of the answer (intersection, splitting sets, quorums, history-critical sets).
    var certify = false

    static let file = "request body"
    static let knownOptions: Set<String> = ["profile", "timeout", "solver", "unknownQsets", "strict", "groupBy", "down", "filtered",
                                             "reachableFrom", "mode", "certify"]

    init(body: [UInt8], query: [String: String], configuration: ServerConfiguration) throws(RequestError) {
        let document: JSONValue
        do { document = try JSONParser.parse(body, maxDepth: NetworkReader.maximumJSONDepth) } catch {
            throw RequestError(FBASInputError(.syntax, file: Self.file, position: error.position, "not valid JSON: \(error.message)"))
        }
        // The explorers' wrapper: stellarbeat node records under "nodes" (stellar-core's own
        // format also has "nodes", but its records have "node", not "publicKey").
        var networkBytes = body
        var options: [String: JSONValue] = [:]
        var organizationsValue: JSONValue?
        if let o = document.object, let nodes = o["nodes"]?.array,
           nodes.contains(where: { $0.object?["publicKey"] != nil }) || (nodes.isEmpty && o["options"] != nil) {
            networkBytes = JSONWriter.writeUTF8(.array(nodes))
            organizationsValue = o["organizations"]
            for (k, v) in o["options"]?.object?.members ?? [] { options[k] = v }
        }
        for (k, v) in query { options[k] = .string(v) }
        // An option the API does not know is a mistake the client should hear about (`profil`).
        for key in options.keys.sorted() where !Self.knownOptions.contains(key) {
            throw .option("unknown option \(key); the options are \(Self.knownOptions.sorted().joined(separator: ", "))")
        }
        for (key, value) in options {
            switch value {
            case .string, .number, .bool, .null: continue
            case .array where key == "down": continue
            default: throw .option("option \(key) must be a string, a number or true/false")
            }
        }
        func text(_ key: String) -> String? {
            switch options[key] {
            case .string(let s)?: return s
            case .number(let n)?: return n.text
            case .bool(let b)?: return b ? "true" : "false"
            default: return nil
            }
        }
        func list(_ key: String) -> [String]? {
            if case .array(let items)? = options[key] { return items.compactMap(\.string) }
            return text(key).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        func flag(_ key: String) throws(RequestError) -> Bool {
            guard let t = text(key) else { return false }
            guard let b = ["true": true, "false": false, "1": true, "0": false][t] else { throw .option("\(key) must be true or false, not \(t)") }
            return b
        }

        let policy: UnknownQsetPolicy
        if let t = text("unknownQsets") {
            guard let p = UnknownQsetPolicy(rawValue: t) else { throw .option("unknownQsets must be free or dead, not \(t)") }
            policy = p
        } else { policy = .free }
        strict = try flag("strict")
        do {
            loaded = try NetworkReader.read(networkBytes, file: Self.file, options: LoadOptions(policy: policy, strict: strict,
                                                                                               maxInputBytes: configuration.maxBodyBytes))
        } catch { throw RequestError(error) }
        warnings = loaded.diagnostics

        if let t = text("profile") {
            guard let p = ReportProfile(rawValue: t) else { throw .option("profile must be default or stellarbeat, not \(t)") }
            profile = p
        }
        if let t = text("solver") {
            guard let s = SolverBackend(rawValue: t) else { throw .option("solver must be one of \(SolverBackend.allCases.map(\.rawValue).joined(separator: ", ")), not \(t)") }
            solver = s
        }
        timeout = configuration.maxTimeout
        if let t = text("timeout") {
            guard let s = Double(t), s > 0, s.isFinite else { throw .option("timeout must be a positive number of seconds, not \(t)") }
            timeout = min(s, configuration.maxTimeout)
        }
        if let t = text("mode") {
            guard ["minimum", "minimal"].contains(t) else { throw .option("mode must be minimum or minimal, not \(t)") }
            mode = t
        }
        down = list("down")
        filtered = try flag("filtered")
        if filtered, down != nil { throw .option("filtered and down both choose who is down; give one of them") }
        reachableFrom = text("reachableFrom")
        certify = try flag("certify")

        if let value = organizationsValue, !value.isNull {
            var orgWarnings: [Diagnostic] = []
            do {
                organizations = try NetworkReader.readOrganizations(JSONWriter.writeUTF8(value), file: "request organizations", diagnostics: &orgWarnings)
            } catch { throw RequestError(error) }
            let g = Grouping.byOrganizations(organizations ?? [], of: loaded.fbas, file: "request organizations")
            orgWarnings += g.diagnostics
            if strict, let first = orgWarnings.first {
                throw RequestError(FBASInputError(.strict, file: "request organizations",
                                                  "\(orgWarnings.count) problem(s) under strict; the first: \(first)", diagnostics: orgWarnings))
            }
            // As on the command line: organizations that name no validator would put everyone in one group.
            guard g.hasKnownGroups else {
                throw RequestError(400, ErrorReport(kind: "shape", file: "request organizations",
                                                    message: "the organizations list no validator of the network, so every validator would be in one group"))
            }
            warnings += orgWarnings
            grouping = g
        }
        groupBy = text("groupBy")
        if let path = groupBy {
            guard organizationsValue == nil || organizationsValue == .null else { throw .option("groupBy and organizations both choose the groups; give one of them") }
            let g = Grouping.byAttribute(path, of: loaded.fbas)
            guard g.hasKnownGroups else {
                throw RequestError(400, ErrorReport(kind: "shape", file: Self.file, message: "groupBy \(path): no validator has this attribute, so there are no groups to count"))
            }
            grouping = g
        }
    }

    /// What makes two requests to `endpoint` the same question: every option but the time
    /// limit, and the network as ``NetworkIdentity`` reads it.
    func cacheKey(_ endpoint: AnalysisService.Endpoint) -> AnswerCache.Key {
        let solverName: String = solver?.rawValue ?? "default"
        let options: [(String, String)] = [("profile", profile.rawValue), ("solver", solverName), ("strict", "\(strict)"),
                       ("groupBy", groupBy ?? ""), ("down", down.map { "[" + $0.joined(separator: ",") + "]" } ?? ""),
                       ("filtered", "\(filtered)"), ("reachableFrom", reachableFrom ?? ""), ("mode", mode),
                       ("certify", "\(certify)")]
        return AnswerCache.Key(endpoint: endpoint.rawValue, options: options.map { "\($0)=\($1)" }.joined(separator: "&"),
                               network: NetworkIdentity(loaded.fbas, organizations: organizations, warnings: warnings,
                                                        extraAttributes: groupBy.map { [$0] } ?? []))
    }

    /// The validators given as already down, by dense id; nil for the plain blocking figure.
    /// `filtered` without a list takes those not validating.
    func downIDs(in fbas: FBAS) throws(RequestError) -> [Int]? {
        if let down {
            var ids: [Int] = []
            for key in down {
                guard let v = fbas.index(of: key) else { throw .option("down names \(key), which is not a validator of the network") }
                ids.append(v)
            }
            return ids
        }
        return filtered ? Analyses.notValidating(fbas) : nil
    }
}
