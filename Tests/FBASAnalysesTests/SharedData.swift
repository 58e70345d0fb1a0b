import Foundation
import FBASModel
import StrictJSON

/// Locates and loads the shared networks in `<packageRoot>/../shared/data` (the layout of the
/// workspace and of CI; see `shared/data/README.md` for their provenance and licences).
///
/// This test target depends on `FBASAnalyses` only, so `FBASFormats` (and its
/// `NetworkReader`) is out of reach; this is a small reader for the two formats, enough for these
/// well-formed files. Quorum-set checks (invalid thresholds, undefined references, duplicates)
/// stay with `FBAS.init`, as in the real reader. The known-answer tests pin the validator and
/// unknown-qset counts `fbas validate` reports, so a divergence from `NetworkReader` would show.
enum SharedData {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.path) }

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static func document(_ relative: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path(relative)) else {
            throw LoadError(description: "cannot read \(path(relative))")
        }
        do {
            return try JSONParser.parse([UInt8](data), maxDepth: JSONParser.defaultMaxDepth)
        } catch {
            throw LoadError(description: "\(relative): not valid JSON: \(error)")
        }
    }

    /// Organization records list `validators` and have no `publicKey` (file names do not tell:
    /// `*_10_orgs.json` is a network, `*_10_orgs_orgs.json` its organizations).
    static func isOrganizations(_ document: JSONValue) -> Bool {
        guard let records = document.array, !records.isEmpty else { return false }
        return records.allSatisfy { $0.object?["validators"]?.array != nil && $0.object?["publicKey"] == nil }
    }

    /// The network files (not organizations files) of a folder, relative paths, sorted.
    static func networkFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path(folder))) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(folder)/\($0)" }
            .filter { (try? document($0)).map { !isOrganizations($0) } ?? false }
    }

    static func network(_ relative: String, policy: UnknownQsetPolicy = .free) throws -> FBAS {
        let doc = try document(relative)
        let validators: [Validator]
        if let nodes = doc.array {
            validators = nodes.compactMap(stellarbeatValidator)
        } else if let top = doc.object, let entries = top["validators"]?.array {
            var table: [String: JSONObject] = [:]
            for (id, value) in top["qsets"]?.object?.members ?? [] where table[id] == nil {
                if let definition = value.object { table[id] = definition }
            }
            validators = entries.compactMap { pythonFBASValidator($0, qsets: table) }
        } else {
            throw LoadError(description: "\(relative) is in neither network format")
        }
        return FBAS(validators: validators, policy: policy, file: relative)
    }

    static func organizations(_ relative: String) throws -> [Organization] {
        try document(relative).array?.compactMap { entry -> Organization? in
            guard let o = entry.object, let name = o["name"]?.string ?? o["id"]?.string else { return nil }
            return Organization(id: o["id"]?.string, name: name,
                                validators: (o["validators"]?.array ?? []).compactMap { $0.string })
        } ?? []
    }

    // MARK: Formats

    static func stellarbeatValidator(_ node: JSONValue) -> Validator? {
        guard var record = node.object, let key = record["publicKey"]?.string, !key.isEmpty else { return nil }
        let qset = record["quorumSet"].flatMap(stellarbeatQuorumSet)
        record.members.removeAll { $0.key == "publicKey" || $0.key == "quorumSet" }
        return Validator(publicKey: key, quorumSet: qset, metadata: record)
    }

    /// nil for null, `{}` or a malformed set (all unknown, as in the semantics).
    static func stellarbeatQuorumSet(_ value: JSONValue) -> QuorumSet? {
        guard let o = value.object, !o.isEmpty, let t = o["threshold"]?.number?.intValue else { return nil }
        var q = QuorumSet(threshold: t)
        for v in o["validators"]?.array ?? [] {
            guard let key = v.string else { return nil }
            q.validators.append(key)
        }
        for inner in o["innerQuorumSets"]?.array ?? [] {
            guard let i = stellarbeatQuorumSet(inner) else { return nil }
            q.innerQuorumSets.append(i)
        }
        return q
    }

    static func pythonFBASValidator(_ entry: JSONValue, qsets: [String: JSONObject]) -> Validator? {
        guard let record = entry.object, let key = record["id"]?.string, !key.isEmpty else { return nil }
        var metadata = record["attrs"]?.object ?? JSONObject()
        if metadata["publicKey"]?.string == key { metadata.members.removeAll { $0.key == "publicKey" } }
        for member in record.members where !["id", "qset", "attrs"].contains(member.key) {
            metadata.members.append(member)
        }
        let qset = record["qset"]?.string.flatMap { pythonFBASQuorumSet($0, qsets: qsets, depth: 0) }
        return Validator(publicKey: key, quorumSet: qset, metadata: metadata)
    }

    /// Members naming a key of `qsets` are inner sets; any other member is a validator.
    static func pythonFBASQuorumSet(_ id: String, qsets: [String: JSONObject], depth: Int) -> QuorumSet? {
        guard depth <= FBAS.maximumSupportedNesting, let definition = qsets[id],
              let t = definition["threshold"]?.number?.intValue, let members = definition["members"]?.array
        else { return nil }
        var q = QuorumSet(threshold: t)
        for member in members {
            guard let name = member.string else { return nil }
            if qsets[name] != nil {
                guard let inner = pythonFBASQuorumSet(name, qsets: qsets, depth: depth + 1) else { return nil }
                q.innerQuorumSets.append(inner)
            } else {
                q.validators.append(name)
            }
        }
        return q
    }
}
