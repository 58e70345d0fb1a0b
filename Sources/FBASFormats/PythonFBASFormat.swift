import FBASModel
import StrictJSON

/// The python-fbas format: `{"validators": [{"id", "qset", "attrs"}], "qsets": {ID: {"threshold",
/// "members"}}}`, where a member naming a key of `qsets` is an inner quorum set and any other
/// member is a validator.
public enum PythonFBASFormat {
    static func validators(from document: JSONValue, file: String, diagnostics: inout [Diagnostic], reported: inout Set<String>) throws(FBASInputError) -> [Validator] {
        guard let top = document.object else { return [] }
        guard let entries = top["validators"]?.array else {
            throw FBASInputError(.shape, file: file, "\"validators\" must be an array of validator records")
        }
        reportDuplicateKeys(top, in: "the document", validator: nil, file: file, into: &diagnostics)
        if let table = top["qsets"]?.object {
            reportDuplicateKeys(table, in: "\"qsets\"", validator: nil, file: file, into: &diagnostics)
            for (id, value) in table.members {
                if let definition = value.object { reportDuplicateKeys(definition, in: "quorum set \(id)", validator: nil, file: file, into: &diagnostics) }
            }
        }
        var definitions: [String: JSONObject] = [:]
        var definitionOrder: [String] = []
        if let qsets = top["qsets"], !qsets.isNull {
            guard let table = qsets.object else {
                throw FBASInputError(.shape, file: file, "\"qsets\" must be an object mapping quorum-set ids to {threshold, members}")
            }
            for (id, value) in table.members {
                guard let definition = value.object else {
                    throw FBASInputError(.shape, file: file, "quorum set \(id) is \(NetworkReader.describe(value)), not an object")
                }
                if definitions[id] == nil { definitionOrder.append(id) }
                definitions[id] = definitions[id] ?? definition
            }
        }
        var resolver = Resolver(definitions: definitions)
        try resolver.checkAcyclic(order: definitionOrder, file: file)

        var result: [Validator] = []
        for (i, entry) in entries.enumerated() {
            let label = "#\(i + 1)"
            guard let record = entry.object else {
                diagnostics.append(Diagnostic(.malformedValidator, validator: label, file: file,
                                              "validator record \(label) is \(NetworkReader.describe(entry)), not an object; skipped"))
                continue
            }
            guard let key = record["id"]?.string, !key.isEmpty else {
                diagnostics.append(Diagnostic(.missingPublicKey, validator: label, file: file, "validator record \(label) has no \"id\"; skipped"))
                continue
            }
            reportDuplicateKeys(record, in: "its validator record", validator: key, file: file, nested: true, into: &diagnostics)
            if definitions[key] != nil {
                diagnostics.append(Diagnostic(.ambiguousReference, validator: key, file: file,
                                              "is also the id of a quorum set; a member naming \(key) is read as that quorum set, not as this validator"))
            }
            var qset: QuorumSet?
            if let ref = record["qset"], !ref.isNull {
                if let id = ref.string {
                    switch resolver.resolve(id) {
                    case .success(let q): qset = q
                    case .failure(let error):
                        diagnostics.append(Diagnostic(.malformedQuorumSet, validator: key, file: file, "\(error.reason); it is treated as unknown"))
                        reported.insert(key)
                    }
                } else {
                    diagnostics.append(Diagnostic(.malformedQuorumSet, validator: key, file: file,
                                                  "its \"qset\" is \(NetworkReader.describe(ref)), not a quorum-set id; it is treated as unknown"))
                    reported.insert(key)
                }
            }
            var metadata = record["attrs"]?.object ?? JSONObject()
            // python-fbas repeats the id as attrs.publicKey; the id is the key, so drop the copy.
            if metadata["publicKey"]?.string == key { metadata.members.removeAll { $0.key == "publicKey" } }
            for member in record.members where !["id", "qset", "attrs"].contains(member.key) {
                metadata.members.append(member)
            }
            result.append(Validator(publicKey: key, quorumSet: qset, metadata: metadata))
        }
        return result
    }

    /// Turns quorum-set ids into nested quorum sets, memoised: a set named by several others is
    /// built once and shared (``QuorumSet``), never copied, so that the network stays as small
    /// as the file. Nesting is measured before any set is built, so a pathological chain is
    /// refused instead of built.
    struct Resolver {
        let definitions: [String: JSONObject]
        var depth: [String: Int] = [:]
        var cache: [String: Result<QuorumSet, StellarbeatFormat.Malformed>] = [:]

        init(definitions: [String: JSONObject]) { self.definitions = definitions }

        func innerIDs(_ id: String) -> [String] {
            (definitions[id]?["members"]?.array ?? []).compactMap { $0.string }.filter { definitions[$0] != nil }
        }

        /// ``innerIDs(_:)`` of every set, listed once: the search below steps through a set's
        /// inner sets one at a time, and a set of 20,000 would otherwise be listed 20,000 times.
        lazy var children: [String: [String]] = definitions.keys.reduce(into: [:]) { $0[$1] = innerIDs($1) }

        /// Iterative depth-first search: a cycle is an input error (semantics 4); records each
        /// set's nesting depth on the way.
        mutating func checkAcyclic(order: [String], file: String) throws(FBASInputError) {
            var state: [String: UInt8] = [:]  // 1 on the stack, 2 done
            for root in order where state[root] == nil {
                var stack: [(id: String, next: Int)] = [(root, 0)]
                state[root] = 1
                while let top = stack.last {
                    let children = self.children[top.id] ?? []
                    if top.next < children.count {
                        stack[stack.count - 1].next += 1
                        let child = children[top.next]
                        switch state[child] {
                        case 1:
                            let path = stack.map(\.id).drop { $0 != child } + [child]
                            throw FBASInputError(.qsetCycle, file: file,
                                                 "quorum sets refer to each other in a cycle: \(path.joined(separator: " -> "))")
                        case 2: continue
                        default:
                            state[child] = 1
                            stack.append((child, 0))
                        }
                    } else {
                        depth[top.id] = (children.map { depth[$0] ?? 0 }.max() ?? -1) + 1
                        state[top.id] = 2
                        stack.removeLast()
                    }
                }
            }
        }

        mutating func resolve(_ id: String) -> Result<QuorumSet, StellarbeatFormat.Malformed> {
            if let cached = cache[id] { return cached }
            let result: Result<QuorumSet, StellarbeatFormat.Malformed>
            if definitions[id] == nil {
                result = .failure(.init(reason: "its quorum set \(id) is not defined in \"qsets\""))
            } else if let d = depth[id], d > FBAS.maximumSupportedNesting {
                result = .failure(.init(reason: "its quorum set \(id) is nested \(d) levels deep, beyond the \(FBAS.maximumSupportedNesting) this tool supports"))
            } else {
                result = build(id)
            }
            cache[id] = result
            return result
        }

        /// Recursion depth is bounded by `maximumSupportedNesting`, checked by `resolve`.
        mutating func build(_ id: String) -> Result<QuorumSet, StellarbeatFormat.Malformed> {
            let definition = definitions[id]!
            let threshold: Int
            do { threshold = try QuorumSetFields.threshold(definition["threshold"]) } catch {
                return .failure(.init(reason: "its quorum set \(id) is malformed: \(error.reason)"))
            }
            guard let members = definition["members"]?.array else {
                return .failure(.init(reason: "its quorum set \(id) has no \"members\" array"))
            }
            var validators: [String] = [], inner: [QuorumSet] = []
            for member in members {
                guard let name = member.string else {
                    return .failure(.init(reason: "its quorum set \(id) lists \(NetworkReader.describe(member)) as a member"))
                }
                if definitions[name] != nil {
                    switch resolve(name) {
                    case .success(let set): inner.append(set)
                    case .failure(let e): return .failure(e)
                    }
                } else {
                    validators.append(name)
                }
            }
            return .success(QuorumSet(threshold: threshold, validators: validators, innerQuorumSets: inner))
        }
    }

    /// The python-fbas document for `fbas`: one entry per distinct resolved quorum set (ids
    /// `_q0`, `_q1`, ... in the network's order, inner sets first), validators referring to them.
    /// The prefix grows until no validator id starts with it, since a member naming a quorum-set
    /// id is read back as an inner set.
    public static func document(for fbas: FBAS) -> JSONValue {
        var prefix = "_q"
        while fbas.validators.contains(where: { $0.publicKey.hasPrefix(prefix) }) { prefix = "_" + prefix }
        func qsetID(_ q: Int) -> String { "\(prefix)\(q)" }
        var qsets = JSONObject()
        for (q, s) in fbas.qsets.enumerated() {
            let members: [JSONValue] = s.validators.map { .string(fbas.validators[$0].publicKey) } + s.innerQSets.map { .string(qsetID($0)) }
            qsets.members.append((qsetID(q), .object(JSONObject([("threshold", .number(JSONNumber(s.threshold))),
                                                                   ("members", .array(members))]))))
        }
        let validators: [JSONValue] = (0..<fbas.count).filter { fbas.isDefined[$0] }.map { v in
            let record = fbas.validators[v]
            var attrs = JSONObject([("publicKey", .string(record.publicKey))])
            attrs.members.append(contentsOf: record.metadata.members.filter { $0.key != "publicKey" })
            return .object(JSONObject([("id", .string(record.publicKey)),
                                       ("qset", fbas.qsetOf[v].map { .string(qsetID($0)) } ?? .null),
                                       ("attrs", .object(attrs))]))
        }
        return .object(JSONObject([("validators", .array(validators)), ("qsets", .object(qsets))]))
    }
}
