import FBASModel
import StrictJSON

/// stellar-core's own format, what `stellar-core check-quorum-intersection` reads:
/// `{"nodes": [{"node": KEY, "qset": {"t": T, "v": [KEY | QSET, …]}}]}`, where an entry of `v`
/// that is an object is an inner quorum set. Other fields of a node are kept as metadata.
public enum StellarCoreFormat {
    static func validators(from document: JSONValue, file: String, diagnostics: inout [Diagnostic], reported: inout Set<String>) throws(FBASInputError) -> [Validator] {
        guard let nodes = document.object?["nodes"]?.array else {
            throw FBASInputError(.shape, file: file, "\"nodes\" must be an array of {node, qset} records (stellar-core's format)")
        }
        if let top = document.object { reportDuplicateKeys(top, in: "the document", validator: nil, file: file, into: &diagnostics) }
        return StellarbeatFormat.validators(fromNodes: nodes, keyField: "node", qsetField: "qset", parse: quorumSet,
                                            file: file, diagnostics: &diagnostics, reported: &reported)
    }

    /// Reads `{t, v[]}`; depth is bounded by the parser's.
    static func quorumSet(_ value: JSONValue) throws(StellarbeatFormat.Malformed) -> QuorumSet {
        guard let o = value.object else { throw .init(reason: "it is \(NetworkReader.describe(value)), not an object") }
        let threshold = try QuorumSetFields.threshold(o["t"])
        var validators: [String] = []
        var inner: [QuorumSet] = []
        if let list = o["v"], !list.isNull {
            guard let items = list.array else { throw .init(reason: "\"v\" is \(NetworkReader.describe(list)), not an array") }
            for item in items {
                if let key = item.string { validators.append(key) }
                else if item.object != nil { inner.append(try quorumSet(item)) }
                else { throw .init(reason: "\"v\" lists \(NetworkReader.describe(item)), neither a key nor a quorum set") }
            }
        }
        return QuorumSet(threshold: threshold, validators: validators, innerQuorumSets: inner)
    }

    /// The stellar-core document for `fbas`: every defined validator with its resolved quorum
    /// set (null when unknown) followed by its metadata.
    public static func document(for fbas: FBAS) -> JSONValue {
        .object(JSONObject([("nodes", .array(fbas.definedValidators.map { v in
            var record = JSONObject([("node", .string(v.publicKey)), ("qset", v.quorumSet.map(json) ?? .null)])
            for member in v.metadata.members where member.key != "node" && member.key != "qset" { record.members.append(member) }
            return .object(record)
        }))]))
    }

    static func json(_ q: QuorumSet) -> JSONValue {
        .object(JSONObject([("t", .number(JSONNumber(q.threshold))),
                            ("v", .array(q.validators.map { .string($0) } + q.innerQuorumSets.map(json)))]))
    }
}
