import ContentHash
import FBASModel
import StrictJSON

/// What makes two inputs the same question: the validators in order, each with its resolved
/// quorum set and the attributes an analysis or the report reads, the unknown-qset policy, the
/// organizations and the warnings the reading produced. Everything else a crawl carries
/// (statistics, timestamps, lag) is left out, so an explorer's crawl of an unchanged network
/// every few minutes has the same identity and a cache can answer it.
///
/// Equality compares the whole canonical form, so two different networks never share an answer
/// in memory; ``digest`` names it where the form itself is too large to keep (files, logs).
public struct NetworkIdentity: Hashable, Sendable {
    /// The canonical form, compact JSON.
    public let bytes: [UInt8]

    /// The validator attributes an answer can depend on: names in the witnesses, the
    /// grouping levels and the validators taken as down by `filtered` and history-critical
    /// checks. A grouping by another attribute adds its path (`extraAttributes`).
    public static let attributesRead = ["name", "organizationId", "homeDomain", "isp", "geoData.countryName", "isValidating",
                                        "historyArchiveHasError"]

    public init(_ fbas: FBAS, organizations: [Organization]? = nil, warnings: [Diagnostic] = [], extraAttributes: [String] = []) {
        let attributes = Self.attributesRead + extraAttributes.filter { !Self.attributesRead.contains($0) }
        var validators: [JSONValue] = []
        validators.reserveCapacity(fbas.count)
        for v in fbas.validators {
            var record = JSONObject()
            record.members.append(("k", .string(v.publicKey)))
            record.members.append(("q", v.quorumSet.map(Self.canonical) ?? .null))
            for path in attributes { record.members.append((path, v.attribute(path) ?? .null)) }
            validators.append(.object(record))
        }
        var form = JSONObject()
        form.members.append(("validators", .array(validators)))
        form.members.append(("policy", .string(fbas.policy.rawValue)))
        form.members.append(("organizations", organizations.map { orgs in
            .array(orgs.map { .array([.string($0.id ?? ""), .string($0.name), .array($0.validators.map(JSONValue.string))]) })
        } ?? .null))
        form.members.append(("warnings", (try? JSONValueEncoder().encode(warnings)) ?? .null))
        bytes = JSONWriter.writeUTF8(.object(form), pretty: false)
    }

    /// SHA-256 of the canonical form, as 64 hex digits: names the network in logs and files
    /// (`fbas history` resumes by it).
    public var digest: String { SHA256.hex(bytes) }

    /// A quorum set as `[threshold, validators, inner sets]` (iteratively: inputs may nest deeply).
    /// One that shares inner sets (python-fbas) is `{"dag": [[threshold, validators, [node
    /// numbers]], ...]}` instead, inner sets first and the set itself last, so that the form stays
    /// as small as the set rather than its expansion.
    static func canonical(_ q: QuorumSet) -> JSONValue {
        guard q.sharesInnerSets else {
            return q.fold { set, inner in
                .array([.number(JSONNumber(set.threshold)), .array(set.validators.map(JSONValue.string)), .array(inner)])
            }
        }
        var nodes: [JSONValue] = []
        _ = q.fold { (set: QuorumSet, inner: [Int]) -> Int in
            nodes.append(.array([.number(JSONNumber(set.threshold)), .array(set.validators.map(JSONValue.string)),
                                 .array(inner.map { .number(JSONNumber($0)) })]))
            return nodes.count - 1
        }
        return .object(JSONObject([("dag", .array(nodes))]))
    }
}
