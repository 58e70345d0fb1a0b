import StrictJSON

/// A validator as read from a file: its public key, its quorum set if one is known, and every
/// other field of its record, kept verbatim so that writers can give it back.
public struct Validator: Sendable, Equatable {
    public var publicKey: String
    /// The declared quorum set; nil when absent, null, empty or invalid (see the semantics, 1).
    public var quorumSet: QuorumSet?
    /// All other fields of the record (name, homeDomain, geoData, isp, isValidating, ...).
    public var metadata: JSONObject

    public init(publicKey: String, quorumSet: QuorumSet?, metadata: JSONObject = JSONObject()) {
        self.publicKey = publicKey
        self.quorumSet = quorumSet
        self.metadata = metadata
    }

    /// The display name from the metadata, if any.
    public var name: String? { metadata["name"]?.string }

    /// The metadata value at a dotted path such as `geoData.countryName`.
    public func attribute(_ path: String) -> JSONValue? {
        var current: JSONValue = .object(metadata)
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let next = current.object?[String(part)] else { return nil }
            current = next
        }
        return current
    }
}
