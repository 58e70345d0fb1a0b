import FBASModel
import StrictJSON

/// The stellarbeat format: a JSON array of node records, each with a `publicKey`, an optional
/// nested `quorumSet` and any other fields, which are kept as metadata.
public enum StellarbeatFormat {
    static func validators(from document: JSONValue, file: String, diagnostics: inout [Diagnostic], reported: inout Set<String>) -> [Validator] {
        guard let nodes = document.array else { return [] }
        return validators(fromNodes: nodes, keyField: "publicKey", qsetField: "quorumSet", parse: quorumSet,
                          file: file, diagnostics: &diagnostics, reported: &reported)
    }

    /// The node records of either node-array format (stellarbeat's, stellar-core's): records
    /// that are no object or have no key are skipped with a warning, the rest read by
    /// ``validator(from:key:keyField:qsetField:parse:file:diagnostics:reported:)``.
    static func validators(fromNodes nodes: [JSONValue], keyField: String, qsetField: String,
                           parse: (JSONValue) throws(Malformed) -> QuorumSet,
                           file: String, diagnostics: inout [Diagnostic], reported: inout Set<String>) -> [Validator] {
        var result: [Validator] = []
        result.reserveCapacity(nodes.count)
        // Records skipped for their shape are counted past the first thousand of each kind, not
        // listed: 30 million `1`s in a 60 MB body made as many warnings and took 9.6 GB.
        var skipped: [DiagnosticKind: Int] = [:]
        func skip(_ kind: DiagnosticKind, _ make: @autoclosure () -> Diagnostic) {
            skipped[kind, default: 0] += 1
            if skipped[kind]! <= Diagnostic.listedPerKind { diagnostics.append(make()) }
        }
        defer {
            for kind in DiagnosticKind.allCases where (skipped[kind] ?? 0) > Diagnostic.listedPerKind {
                diagnostics.append(Diagnostic.summary(kind, more: skipped[kind]! - Diagnostic.listedPerKind, file: file))
            }
        }
        for (i, node) in nodes.enumerated() {
            let label = "#\(i + 1)"
            guard let record = node.object else {
                skip(.malformedValidator, Diagnostic(.malformedValidator, validator: label, file: file,
                                                     "node record \(label) is \(NetworkReader.describe(node)), not an object; skipped"))
                continue
            }
            guard let key = record[keyField]?.string, !key.isEmpty else {
                skip(.missingPublicKey, Diagnostic(.missingPublicKey, validator: record["name"]?.string ?? label, file: file,
                                                   "node record \(label) has no \(keyField); skipped"))
                continue
            }
            result.append(validator(from: record, key: key, keyField: keyField, qsetField: qsetField, parse: parse,
                                    file: file, diagnostics: &diagnostics, reported: &reported))
        }
        return result
    }

    struct Malformed: Error { var reason: String }

    /// A node record as a validator, in both node-array formats: duplicate keys reported, the
    /// quorum set under `qsetField` read by `parse` (null or `{}`: unknown; malformed: unknown,
    /// with a warning), every other field kept as metadata.
    static func validator(from record: JSONObject, key: String, keyField: String, qsetField: String,
                          parse: (JSONValue) throws(Malformed) -> QuorumSet,
                          file: String, diagnostics: inout [Diagnostic], reported: inout Set<String>) -> Validator {
        reportDuplicateKeys(record, in: "its node record", validator: key, file: file, into: &diagnostics)
        if let raw = record[qsetField]?.object {
            reportDuplicateKeys(raw, in: "its quorum set", validator: key, file: file, nested: true, into: &diagnostics)
        }
        var qset: QuorumSet?
        if let raw = record[qsetField], !raw.isNull, raw.object?.members.isEmpty != true {
            do {
                qset = try parse(raw)
            } catch {
                diagnostics.append(Diagnostic(.malformedQuorumSet, validator: key, file: file,
                                              "has a malformed quorum set (\(error.reason)); it is treated as unknown"))
                reported.insert(key)
            }
        }
        var metadata = record
        metadata.members.removeAll { $0.key == keyField || $0.key == qsetField }
        return Validator(publicKey: key, quorumSet: qset, metadata: metadata)
    }

    /// Reads `{threshold, validators[], innerQuorumSets[]}`; depth is bounded by the parser's.
    static func quorumSet(_ value: JSONValue) throws(Malformed) -> QuorumSet {
        guard let o = value.object else { throw Malformed(reason: "it is \(NetworkReader.describe(value)), not an object") }
        let threshold = try QuorumSetFields.threshold(o["threshold"])
        var validators: [String] = []
        if let list = o["validators"], !list.isNull {
            guard let items = list.array else { throw Malformed(reason: "\"validators\" is \(NetworkReader.describe(list)), not an array") }
            for item in items {
                guard let key = item.string else { throw Malformed(reason: "\"validators\" lists \(NetworkReader.describe(item)), not a public key") }
                validators.append(key)
            }
        }
        var inner: [QuorumSet] = []
        if let list = o["innerQuorumSets"], !list.isNull {
            guard let items = list.array else { throw Malformed(reason: "\"innerQuorumSets\" is \(NetworkReader.describe(list)), not an array") }
            for item in items { inner.append(try quorumSet(item)) }
        }
        return QuorumSet(threshold: threshold, validators: validators, innerQuorumSets: inner)
    }

    /// The stellarbeat document for `fbas`: every defined validator with its resolved quorum set
    /// (null when unknown) followed by its metadata.
    public static func document(for fbas: FBAS) -> JSONValue {
        .array(fbas.definedValidators.map { v in
            var record = JSONObject([("publicKey", .string(v.publicKey)),
                                     ("quorumSet", v.quorumSet.map(json) ?? .null)])
            for member in v.metadata.members where member.key != "publicKey" && member.key != "quorumSet" {
                record.members.append(member)
            }
            return .object(record)
        })
    }

    static func json(_ q: QuorumSet) -> JSONValue {
        .object(JSONObject([("threshold", .number(JSONNumber(q.threshold))),
                            ("validators", .array(q.validators.map { .string($0) })),
                            ("innerQuorumSets", .array(q.innerQuorumSets.map(json)))]))
    }
}

/// Field checks shared by both formats.
enum QuorumSetFields {
    /// A threshold must be a whole number that fits; range checks belong to the model.
    static func threshold(_ value: JSONValue?) throws(StellarbeatFormat.Malformed) -> Int {
        guard let value else { throw .init(reason: "it has no threshold") }
        guard let number = value.number else { throw .init(reason: "its threshold is \(NetworkReader.describe(value)), not a number") }
        guard let t = number.intValue else { throw .init(reason: "its threshold \(number.text) is not a whole number") }
        return t
    }
}
