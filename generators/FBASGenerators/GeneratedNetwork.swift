import FBASModel
import StrictJSON

/// One validator of a generated network, with the metadata every grouping level of the
/// analyses reads (organization, country, ISP) and the flags the filtered blocking set and the
/// history-critical set depend on.
public struct GeneratedValidator: Sendable, Equatable {
    public var publicKey: String
    public var name: String
    /// Index into ``GeneratedNetwork/organizations``.
    public var organization: Int
    public var homeDomain: String
    public var organizationId: String
    public var countryName: String
    public var countryCode: String
    public var isp: String
    public var isValidating: Bool
    public var historyArchiveHasError: Bool
    public var quorumSet: QuorumSet
}

/// An organization of a generated network: the unit that flat and tiered quorum sets trust.
public struct GeneratedOrganization: Sendable, Equatable {
    public var id: String
    public var name: String
    public var homeDomain: String
    /// Public keys of its validators.
    public var validators: [String]
}

/// What a generated network is built to satisfy, so that tests (and readers of benchmark
/// tables) can check the analyses against the construction. `nil` means no promise.
public struct NetworkPromises: Sendable, Equatable {
    /// `true`: every two quorums intersect; `false`: two disjoint quorums exist.
    public var quorumIntersection: Bool?
    /// The public keys of the top tier (the union of all minimal quorums).
    public var topTier: [String]?
    /// How many organizations the top tier is made of.
    public var topTierOrganizations: Int?
    /// Whether all top-tier validators share one quorum set.
    public var symmetricTopTier: Bool?
    /// The size, in validators, of a least splitting set.
    public var minimumSplittingSetSize: Int?

    public init(quorumIntersection: Bool? = nil, topTier: [String]? = nil, topTierOrganizations: Int? = nil,
                symmetricTopTier: Bool? = nil, minimumSplittingSetSize: Int? = nil) {
        self.quorumIntersection = quorumIntersection
        self.topTier = topTier
        self.topTierOrganizations = topTierOrganizations
        self.symmetricTopTier = symmetricTopTier
        self.minimumSplittingSetSize = minimumSplittingSetSize
    }
}

/// A generated network: its validators and organizations, what it promises, and its
/// stellarbeat JSON (the format the `fbas` reader and network explorers take).
public struct GeneratedNetwork: Sendable, Equatable {
    public var family: NetworkFamily
    public var parameters: GeneratorParameters
    public var validators: [GeneratedValidator]
    public var organizations: [GeneratedOrganization]
    public var promises: NetworkPromises

    /// A file name that says how to regenerate the network, e.g. `tiered-1000-seed1.json`.
    public var suggestedFileName: String {
        let asymmetric = parameters.topTierDropProbability > 0 ? "-drop\(parameters.topTierDropProbability)" : ""
        return "\(family.rawValue)-\(parameters.validators)\(asymmetric)-seed\(parameters.seed).json"
    }

    /// The stellarbeat document: an array of node records, each with its nested quorum set.
    public func stellarbeatDocument() -> JSONValue {
        .array(validators.map { v in
            .object(JSONObject([
                ("publicKey", .string(v.publicKey)),
                ("name", .string(v.name)),
                ("homeDomain", .string(v.homeDomain)),
                ("organizationId", .string(v.organizationId)),
                ("isValidating", .bool(v.isValidating)),
                ("historyArchiveHasError", .bool(v.historyArchiveHasError)),
                ("isp", .string(v.isp)),
                ("geoData", .object(JSONObject([("countryCode", .string(v.countryCode)),
                                                ("countryName", .string(v.countryName))]))),
                ("quorumSet", Self.json(v.quorumSet)),
            ]))
        })
    }

    /// The stellarbeat JSON as UTF-8 bytes. Compact by default: a flat network of 1,000
    /// validators repeats a 334-entry quorum set per validator and is large enough already.
    public func stellarbeatBytes(pretty: Bool = false) -> [UInt8] {
        JSONWriter.writeUTF8(stellarbeatDocument(), pretty: pretty)
    }

    /// The organizations file (`[{id, name, validators}]`), for tools that group by it.
    public func organizationsDocument() -> JSONValue {
        .array(organizations.map { o in
            .object(JSONObject([("id", .string(o.id)), ("name", .string(o.name)),
                                ("validators", .array(o.validators.map { .string($0) }))]))
        })
    }

    static func json(_ q: QuorumSet) -> JSONValue {
        .object(JSONObject([("threshold", .number(JSONNumber(q.threshold))),
                            ("validators", .array(q.validators.map { .string($0) })),
                            ("innerQuorumSets", .array(q.innerQuorumSets.map(json)))]))
    }
}
