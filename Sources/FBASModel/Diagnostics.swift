/// What kind of data-quality problem a ``Diagnostic`` reports. Scripts can match on the raw value.
public enum DiagnosticKind: String, Sendable, Codable, CaseIterable {
    case invalidThreshold
    case thresholdZero
    case duplicateEntry
    case duplicatePublicKey
    case missingPublicKey
    case malformedValidator
    case malformedQuorumSet
    case undefinedValidatorReference
    case missingQuorumSet
    case nestingTooDeep
    case nestedDuplicate
    case unknownOrganizationMember
    case validatorInSeveralOrganizations
    /// A JSON object lists the same key twice; the first value is used.
    case duplicateKey
    /// A name means two things at once (a python-fbas quorum-set id that is also a validator id).
    case ambiguousReference
}

/// A data-quality problem confined to one validator or quorum set: by default reported and
/// analysed around as the semantics say; under `--strict` it becomes an input error.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    public var kind: DiagnosticKind
    /// The public key (or position, when there is no key) of the validator concerned.
    public var validator: String?
    /// The file the problem was found in, if known.
    public var file: String?
    /// A sentence a validator operator understands.
    public var message: String

    public init(_ kind: DiagnosticKind, validator: String?, file: String? = nil, _ message: String) {
        self.kind = kind
        self.validator = validator
        self.file = file
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let validator { parts.append("validator \(validator)") }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
