import StrictJSON

/// An organization as listed in an organizations file.
public struct Organization: Sendable, Equatable {
    public var id: String?
    public var name: String
    /// Public keys of its validators.
    public var validators: [String]

    public init(id: String? = nil, name: String, validators: [String]) {
        self.id = id
        self.name = name
        self.validators = validators
    }
}

/// A partition of the validators into named groups (organizations, countries, ISPs or any
/// attribute), so that blocking and splitting sets can be counted in groups.
public struct Grouping: Sendable, Equatable {
    public struct Group: Sendable, Equatable {
        public var name: String
        /// Dense validator ids, increasing.
        public var members: [Int]
    }

    /// What the groups stand for, e.g. `organization` or `geoData.countryName`.
    public var level: String
    public var groups: [Group]
    /// The group index of every validator.
    public var groupOf: [Int]
    /// Problems met while grouping (members of no known validator, double membership).
    public var diagnostics: [Diagnostic]
    /// The index of the group of validators without a value, if any has none.
    public private(set) var unknownGroup: Int?

    /// Whether some validator has a value: false when everyone landed in the unknown group (an
    /// attribute nobody has, organizations that name nobody), where counting groups would
    /// answer confidently about a grouping that does not exist.
    public var hasKnownGroups: Bool { groups.indices.contains { $0 != unknownGroup } }

    /// The name of the group of validators without a value.
    public static let unknownGroupName = "UNKNOWN"

    /// Groups validators by the value at a dotted metadata path (`isp`, `geoData.countryName`).
    /// Validators without a value form one group named `UNKNOWN` (suffixed if that name is taken).
    public static func byAttribute(_ path: String, of fbas: FBAS) -> Grouping {
        let names: [String?] = fbas.validators.map { v in v.attribute(path).flatMap(groupName) }
        return Grouping(level: path, names: names, diagnostics: [])
    }

    /// Groups validators by an organizations file; validators no organization lists form the
    /// `UNKNOWN` group. A validator listed by two organizations stays with the first.
    public static func byOrganizations(_ organizations: [Organization], of fbas: FBAS, file: String? = nil) -> Grouping {
        var names: [String?] = Array(repeating: nil, count: fbas.count)
        var diagnostics: [Diagnostic] = []
        for org in organizations {
            for key in org.validators {
                guard let v = fbas.index(of: key) else {
                    diagnostics.append(Diagnostic(.unknownOrganizationMember, validator: key, file: file,
                                                  "is listed by organization \(org.name) but is not in the network; ignored"))
                    continue
                }
                if let first = names[v], first != org.name {
                    diagnostics.append(Diagnostic(.validatorInSeveralOrganizations, validator: key, file: file,
                                                  "is listed by organizations \(first) and \(org.name); it is counted in \(first)"))
                    continue
                }
                names[v] = org.name
            }
        }
        return Grouping(level: "organization", names: names, diagnostics: diagnostics)
    }

    /// The organization level: the organizations file when given, else each validator's
    /// `organizationId`, else its `homeDomain`.
    public static func organizationLevel(of fbas: FBAS, organizations: [Organization]?, file: String? = nil) -> Grouping {
        if let organizations { return byOrganizations(organizations, of: fbas, file: file) }
        let names: [String?] = fbas.validators.map { v in
            (v.attribute("organizationId").flatMap(groupName)) ?? v.attribute("homeDomain").flatMap(groupName)
        }
        return Grouping(level: "organization", names: names, diagnostics: [])
    }

    /// Builds groups in order of first appearance from each validator's group name; nil names
    /// go to the unknown group.
    public init(level: String, names: [String?], diagnostics: [Diagnostic]) {
        self.level = level
        self.diagnostics = diagnostics
        let taken = Set(names.compactMap { $0 })
        var unknownName = Grouping.unknownGroupName
        var suffix = 2
        while taken.contains(unknownName) {
            unknownName = "\(Grouping.unknownGroupName)-\(suffix)"
            suffix += 1
        }
        var indexByName: [String: Int] = [:]
        groups = []
        groupOf = []
        for (v, name) in names.enumerated() {
            let key = name ?? unknownName
            let g: Int
            if let existing = indexByName[key] {
                g = existing
            } else {
                g = groups.count
                indexByName[key] = g
                groups.append(Group(name: key, members: []))
                if name == nil { unknownGroup = g }
            }
            groups[g].members.append(v)
            groupOf.append(g)
        }
    }

    /// The text a metadata value contributes as a group name; nil for null and empty strings.
    static func groupName(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let s): return s.isEmpty ? nil : s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .array, .object: return JSONWriter.write(value)
        }
    }
}
