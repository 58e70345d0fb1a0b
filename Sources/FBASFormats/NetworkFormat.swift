import FBASModel
import StrictJSON

/// The two network file formats of the semantics (section 4).
public enum NetworkFormat: String, Sendable, CaseIterable {
    /// A JSON array of node records with nested `quorumSet`s (stellarbeat.io, Stellar dashboards).
    case stellarbeat
    /// `{"validators": [...], "qsets": {...}}` with quorum sets referenced by id (python-fbas).
    case pythonFBAS = "python-fbas"
    /// `{"nodes": [{"node", "qset": {"t", "v"}}]}`, stellar-core's `check-quorum-intersection` input.
    case stellarCore = "stellar-core"

    /// The format a parsed document is in, or nil when it is neither.
    public static func detect(_ document: JSONValue) -> NetworkFormat? {
        switch document {
        case .array: return .stellarbeat
        case .object(let o) where o["validators"] != nil: return .pythonFBAS
        case .object(let o) where o["nodes"] != nil: return .stellarCore
        default: return nil
        }
    }
}

/// How to load a network.
public struct LoadOptions: Sendable {
    public var policy: UnknownQsetPolicy
    /// Turn every data-quality problem into an input error.
    public var strict: Bool
    /// The largest file read, in bytes; a larger one is an input error.
    public var maxInputBytes: Int

    /// 256 MiB: three times the largest network measured (flat-1000, 77 MB).
    public static let defaultMaxInputBytes = 256 << 20

    public init(policy: UnknownQsetPolicy = .free, strict: Bool = false, maxInputBytes: Int = LoadOptions.defaultMaxInputBytes) {
        self.policy = policy
        self.strict = strict
        self.maxInputBytes = maxInputBytes
    }
}

/// A network read from a file, with everything that was noticed on the way.
public struct LoadedNetwork: Sendable {
    public var fbas: FBAS
    public var format: NetworkFormat
    public var file: String
    /// Reader-level problems followed by the model's checks, in input order.
    public var diagnostics: [Diagnostic]
    /// Fields inside quorum sets that the model does not keep (stellarbeat's `hashKey`), with
    /// how many quorum sets carry each: writers emit resolved quorum sets without them.
    public var quorumSetFieldsNotKept: [String: Int] = [:]
}

/// Reads networks and organizations files in either format, detecting which.
public enum NetworkReader {
    /// Deepest JSON nesting accepted; far beyond any real network (stellar-core allows four
    /// levels of inner quorum sets, about a dozen JSON levels).
    public static let maximumJSONDepth = 512

    /// Parses `bytes` (the contents of `file`, which is only used in messages).
    public static func read(_ bytes: [UInt8], file: String, options: LoadOptions = LoadOptions()) throws(FBASInputError) -> LoadedNetwork {
        let document = try parse(bytes, file: file)
        guard let format = NetworkFormat.detect(document) else {
            throw FBASInputError(.shape, file: file,
                                 "expected a JSON array of nodes (stellarbeat format) or an object with \"validators\" and \"qsets\" (python-fbas format) or with \"nodes\" (stellar-core's format), but the file holds \(describe(document))")
        }
        if looksLikeOrganizations(document) {
            throw FBASInputError(.shape, file: file,
                                 "this is an organizations file (records with \"name\" and \"validators\" but no \"publicKey\"), not a network; pass it with --organizations")
        }
        var readerDiagnostics: [Diagnostic] = []
        let validators: [Validator]
        var reported: Set<String> = []
        switch format {
        case .stellarbeat:
            validators = StellarbeatFormat.validators(from: document, file: file, diagnostics: &readerDiagnostics, reported: &reported)
        case .pythonFBAS:
            validators = try PythonFBASFormat.validators(from: document, file: file, diagnostics: &readerDiagnostics, reported: &reported)
        case .stellarCore:
            validators = try StellarCoreFormat.validators(from: document, file: file, diagnostics: &readerDiagnostics, reported: &reported)
        }
        let fbas = FBAS(validators: validators, policy: options.policy, file: file, alreadyReported: reported)
        // A key holding U+FFFD came from an unpaired surrogate escape (or held one already): two
        // different escapes read as one key, so say where.
        var replaced: [Diagnostic] = []
        for v in fbas.validators where v.publicKey.unicodeScalars.contains("\u{FFFD}") {
            replaced.append(Diagnostic(.replacementCharacter, validator: v.publicKey, file: file,
                                       "its key holds U+FFFD, which an unpaired UTF-16 surrogate escape (\\uD800 to \\uDFFF) in the input becomes; keys that differed only there are now one"))
        }
        let all = Diagnostic.condensed(readerDiagnostics + replaced + fbas.diagnostics)
        if options.strict, !all.isEmpty {
            throw FBASInputError(.strict, file: file,
                                 "\(all.count) data-quality problem\(all.count == 1 ? "" : "s") under --strict; the first: \(all[0].validator.map { "validator \($0): " } ?? "")\(all[0].message)",
                                 diagnostics: all)
        }
        var loaded = LoadedNetwork(fbas: fbas, format: format, file: file, diagnostics: all)
        loaded.quorumSetFieldsNotKept = fieldsNotKept(document, format: format)
        return loaded
    }

    /// Counts the fields of quorum sets (at every level) that the model does not keep.
    static func fieldsNotKept(_ document: JSONValue, format: NetworkFormat) -> [String: Int] {
        let records: [JSONValue]
        let field: String, kept: Set<String>, inner: String
        switch format {
        case .stellarbeat: (records, field, kept, inner) = (document.array ?? [], "quorumSet", ["threshold", "validators", "innerQuorumSets"], "innerQuorumSets")
        case .stellarCore: (records, field, kept, inner) = (document.object?["nodes"]?.array ?? [], "qset", ["t", "v"], "v")
        case .pythonFBAS: return [:]
        }
        var counts: [String: Int] = [:]
        var stack = records.compactMap { $0.object?[field]?.object }
        while let q = stack.popLast() {
            for key in Set(q.keys) where !kept.contains(key) { counts[key, default: 0] += 1 }
            stack.append(contentsOf: (q[inner]?.array ?? []).compactMap(\.object))
        }
        return counts
    }

    /// Reads the file at `path`.
    public static func read(path: String, options: LoadOptions = LoadOptions()) throws(FBASInputError) -> LoadedNetwork {
        try read(readFile(path, limit: options.maxInputBytes), file: displayName(path), options: options)
    }

    /// Reads an organizations file: a JSON array of `{id?, name, validators[]}`.
    public static func readOrganizations(_ bytes: [UInt8], file: String, diagnostics: inout [Diagnostic]) throws(FBASInputError) -> [Organization] {
        let document = try parse(bytes, file: file)
        guard let entries = document.array else {
            throw FBASInputError(.shape, file: file, "expected a JSON array of organizations ({\"name\", \"validators\"}), but the file holds \(describe(document))")
        }
        if !entries.isEmpty, entries.allSatisfy({ $0.object?["publicKey"] != nil }) {
            throw FBASInputError(.shape, file: file, "this is a network file (node records with \"publicKey\"), not an organizations file; pass it with --fbas")
        }
        var result: [Organization] = []
        for (i, entry) in entries.enumerated() {
            guard let o = entry.object else {
                diagnostics.append(Diagnostic(.malformedValidator, validator: nil, file: file, "organization #\(i + 1) is \(describe(entry)), not an object; skipped"))
                continue
            }
            reportDuplicateKeys(o, in: "organization #\(i + 1)", validator: nil, file: file, into: &diagnostics)
            let id = o["id"]?.string
            guard let name = o["name"]?.string ?? id else {
                diagnostics.append(Diagnostic(.malformedValidator, validator: nil, file: file, "organization #\(i + 1) has neither a name nor an id; skipped"))
                continue
            }
            var members: [String] = []
            if let list = o["validators"], list.array == nil {
                diagnostics.append(Diagnostic(.malformedValidator, validator: nil, file: file,
                                              "organization \(name) has \"validators\" \(describe(list)), not an array of public keys; it lists no validator"))
            }
            for m in o["validators"]?.array ?? [] {
                if let key = m.string { members.append(key) } else {
                    diagnostics.append(Diagnostic(.malformedValidator, validator: nil, file: file, "organization \(name) lists \(describe(m)) as a validator; ignored"))
                }
            }
            result.append(Organization(id: id, name: name, validators: members))
        }
        return result
    }

    public static func readOrganizations(path: String, diagnostics: inout [Diagnostic],
                                         maxInputBytes: Int = LoadOptions.defaultMaxInputBytes) throws(FBASInputError) -> [Organization] {
        try readOrganizations(readFile(path, limit: maxInputBytes), file: displayName(path), diagnostics: &diagnostics)
    }

    /// A non-empty array whose records all list validators and none has a public key.
    static func looksLikeOrganizations(_ document: JSONValue) -> Bool {
        guard let records = document.array, !records.isEmpty else { return false }
        return records.allSatisfy { r in
            guard let o = r.object else { return false }
            return o["validators"]?.array != nil && o["publicKey"] == nil
        }
    }

    /// The bytes of a regular file (or standard input for `-`), at most `limit`: every reader's
    /// way in, with the one reason a read failed.
    public static func readFile(_ path: String, limit: Int) throws(FBASInputError) -> [UInt8] {
        do { return try FileBytes.read(path, limit: limit) } catch {
            throw FBASInputError(.unreadable, file: displayName(path), error.reason)
        }
    }

    /// How messages name the file at `path`: standard input is `-` on the command line.
    static func displayName(_ path: String) -> String { path == "-" ? "<standard input>" : path }

    static func parse(_ bytes: [UInt8], file: String) throws(FBASInputError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes, maxDepth: maximumJSONDepth)
        } catch {
            throw FBASInputError(.syntax, file: file, position: error.position, "not valid JSON: \(error.message)")
        }
    }

    /// "a number", "an object", ... for messages.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let n): "a number (\(n.text))"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
