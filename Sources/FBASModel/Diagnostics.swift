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
    /// A key holds U+FFFD, what an unpaired surrogate escape decodes to.
    case replacementCharacter
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

extension Diagnostic {
    /// How many problems of one kind are listed one by one; beyond that a single entry counts
    /// the rest. A file of three million broken records must not become three million
    /// warnings held and printed (2.4 GB of JSON), and the first thousand say what is wrong.
    public static let listedPerKind = 1000

    /// `list` with at most ``listedPerKind`` entries of each kind, in order, each kind's
    /// overflow counted in one entry after its last listed one.
    public static func condensed(_ list: [Diagnostic], perKind limit: Int = listedPerKind) -> [Diagnostic] {
        var counts: [DiagnosticKind: Int] = [:]
        for d in list where !d.isSummary { counts[d.kind, default: 0] += 1 }
        guard counts.values.contains(where: { $0 > limit }) else { return list }
        var seen: [DiagnosticKind: Int] = [:]
        var out: [Diagnostic] = []
        for d in list {
            if d.isSummary {
                out.append(d)
                continue
            }
            let n = seen[d.kind, default: 0] + 1
            seen[d.kind] = n
            if n <= limit { out.append(d) }
            if n == limit, let total = counts[d.kind], total > limit {
                out.append(summary(d.kind, more: total - limit, file: d.file))
            }
        }
        return out
    }

    /// The entry that counts the problems of `kind` not listed one by one.
    public static func summary(_ kind: DiagnosticKind, more: Int, file: String?) -> Diagnostic {
        Diagnostic(kind, validator: nil, file: file, "… and \(more) more problems of this kind (\(kind.rawValue)), not listed one by one")
    }

    /// Whether this entry counts others (``summary(_:more:file:)``) rather than reporting one.
    public var isSummary: Bool { validator == nil && message.hasPrefix("… and ") }
}
