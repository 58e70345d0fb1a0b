import FBASModel

/// A validator as a report names it: by public key, with its display name when the input gave
/// one, so that a reader needs no second lookup to see who a witness is.
public struct ValidatorRef: Codable, Sendable, Hashable {
    public var publicKey: String
    public var name: String?

    public init(publicKey: String, name: String? = nil) {
        self.publicKey = publicKey
        self.name = name
    }
}

extension FBAS {
    /// The public keys of validators `ids`, in the given order.
    func publicKeys(_ ids: [Int]) -> [String] { ids.map { validators[$0].publicKey } }

    /// Report references to validators `ids`, in the given order.
    func refs(_ ids: [Int]) -> [ValidatorRef] {
        ids.map { ValidatorRef(publicKey: validators[$0].publicKey, name: validators[$0].name) }
    }
}
