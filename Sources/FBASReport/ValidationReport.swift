import FBASFormats
import FBASModel
import StrictJSON

/// What `fbas validate` reports of a loaded network: its validators, distinct quorum sets,
/// unknown quorum sets and watchers, and how many problems were found.
public struct ValidationReport: Codable, Sendable, Equatable {
    public struct ValidatorEntry: Codable, Sendable, Equatable {
        public var publicKey: String
        public var name: String?
        /// false for a validator only referenced by quorum sets.
        public var defined: Bool
        /// Index into `qsets`; nil when the quorum set is unknown.
        public var qset: Int?
    }

    public struct QSetEntry: Codable, Sendable, Equatable {
        public var id: Int
        public var threshold: Int
        public var validators: [String]
        public var innerQsets: [Int]
    }

    public var file: String
    public var format: String
    public var validatorCount: Int
    public var definedValidatorCount: Int
    public var undefinedValidatorCount: Int
    public var qsetCount: Int
    public var unknownQsetCount: Int
    /// Validators without a quorum set that no quorum set names: not problems.
    public var watcherCount: Int
    public var unknownQsetPolicy: UnknownQsetPolicy
    public var validators: [ValidatorEntry]
    public var qsets: [QSetEntry]
    public var unknownQsetValidators: [String]
    public var watchers: [String]
    public var warningCount: Int

    public init(_ loaded: LoadedNetwork, warnings: [Diagnostic]) {
        let fbas = loaded.fbas
        let defined = fbas.isDefined.filter { $0 }.count
        file = loaded.file
        format = loaded.format.rawValue
        validatorCount = fbas.count
        definedValidatorCount = defined
        undefinedValidatorCount = fbas.count - defined
        qsetCount = fbas.qsets.count
        unknownQsetCount = fbas.unknownQsetValidators.count
        watcherCount = fbas.watchers.count
        unknownQsetPolicy = fbas.policy
        validators = (0..<fbas.count).map { v in
            ValidatorEntry(publicKey: fbas.validators[v].publicKey, name: fbas.validators[v].name,
                           defined: fbas.isDefined[v], qset: fbas.qsetOf[v])
        }
        qsets = fbas.qsets.enumerated().map { q, s in
            QSetEntry(id: q, threshold: s.threshold, validators: fbas.publicKeys(s.validators), innerQsets: s.innerQSets)
        }
        unknownQsetValidators = fbas.publicKeys(fbas.unknownQsetValidators)
        watchers = fbas.publicKeys(fbas.watchers)
        warningCount = warnings.count
    }
}

/// What `fbas to-json` reports: the format written and either the file or the network itself.
public struct ConversionReport: Encodable, Sendable {
    public var format: String
    public var output: String?
    public var network: JSONValue?
    /// Fields inside the input's quorum sets that the output does not carry (its quorum sets
    /// are resolved and deduplicated), with how many quorum sets held each.
    public var quorumSetFieldsNotWritten: [String: Int]

    public init(format: NetworkFormat, output: String?, network: JSONValue?, quorumSetFieldsNotWritten: [String: Int] = [:]) {
        self.format = format.rawValue
        self.output = output
        self.network = network
        self.quorumSetFieldsNotWritten = quorumSetFieldsNotWritten
    }

    enum CodingKeys: String, CodingKey { case format, output, network, quorumSetFieldsNotWritten }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        if let output { try c.encode(output, forKey: .output) }
        if let network { try c.encode(network, forKey: .network) }
        if !quorumSetFieldsNotWritten.isEmpty { try c.encode(quorumSetFieldsNotWritten, forKey: .quorumSetFieldsNotWritten) }
    }
}
