import Foundation
import FBASModel
import FBASFormats

/// Locates `../shared/data` beside the package root (the layout of the workspace and of CI).
enum TestData {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    static func path(_ relative: String) -> String { shared.appendingPathComponent(relative).path }

    /// Every JSON file under shared/data, relative paths, sorted.
    static func allFiles() -> [String] {
        guard let e = FileManager.default.enumerator(atPath: shared.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Organizations files are told apart by content: the file names do not say it reliably
    /// (`*_10_orgs.json` is a network, `*_10_orgs_orgs.json` its organizations).
    static func isOrganizationsFile(_ relative: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path(relative)),
              let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
              let first = array.first else { return false }
        return first["publicKey"] == nil && first["validators"] != nil
    }
}

/// A format-independent description of a network, for round-trip comparisons: each defined
/// validator's key, metadata and a canonical text of its resolved quorum set.
func canonical(_ fbas: FBAS) -> [String] {
    func text(_ q: QuorumSet) -> String {
        let inner = q.innerQuorumSets.map(text).sorted()
        return "\(q.threshold)[\(q.validators.sorted().joined(separator: ","))|\(inner.joined(separator: ","))]"
    }
    return fbas.definedValidators.map { v in
        "\(v.publicKey) \(v.quorumSet.map(text) ?? "unknown") \(v.metadata.members.count)"
    }
}
