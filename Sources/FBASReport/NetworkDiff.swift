import FBASModel

/// `fbas diff OLD NEW`: what changed between two snapshots of a network — validators added and
/// removed, quorum sets changed (who now trusts whom, thresholds), organizations changed — and
/// every figure of the report before and after.
public struct NetworkDiff: Codable, Sendable {
    public var added: [ValidatorRef]
    public var removed: [ValidatorRef]
    public var quorumSetChanges: [QuorumSetChange]
    public var organizationChanges: [OrganizationChange]
    public var figures: [FigureChange]
    public var before: NetworkReport
    public var after: NetworkReport

    /// One validator's quorum set in both snapshots.
    public struct QuorumSetChange: Codable, Sendable, Equatable {
        public var validator: ValidatorRef
        /// The quorum sets as people read them (`2 of {SDF 1, SDF 2, 1 of {…}}`); null when unknown.
        public var before: String?
        public var after: String?
        /// Validators named anywhere in the new set and nowhere in the old one, and the reverse.
        public var nowTrusts: [ValidatorRef]
        public var noLongerTrusts: [ValidatorRef]
        /// The outermost thresholds, when they differ.
        public var thresholdBefore: Int?
        public var thresholdAfter: Int?
    }

    /// A validator whose organization differs between the snapshots (null: none).
    public struct OrganizationChange: Codable, Sendable, Equatable {
        public var validator: ValidatorRef
        public var before: String?
        public var after: String?
    }

    /// Compares two networks (their records as read) and their reports.
    public init(old: FBAS, new: FBAS, oldOrganizations: [Organization]? = nil, newOrganizations: [Organization]? = nil,
                before: NetworkReport, after: NetworkReport) {
        let oldRecords = Dictionary(old.records.map { ($0.publicKey, $0) }, uniquingKeysWith: { a, _ in a })
        let newRecords = Dictionary(new.records.map { ($0.publicKey, $0) }, uniquingKeysWith: { a, _ in a })
        func ref(_ key: String) -> ValidatorRef {
            ValidatorRef(publicKey: key, name: newRecords[key]?.name ?? oldRecords[key]?.name)
        }
        func name(_ key: String) -> String { ref(key).name ?? key }
        added = new.records.filter { oldRecords[$0.publicKey] == nil }.map { ref($0.publicKey) }
        removed = old.records.filter { newRecords[$0.publicKey] == nil }.map { ref($0.publicKey) }
        quorumSetChanges = new.records.compactMap { v in
            guard let previous = oldRecords[v.publicKey], previous.quorumSet != v.quorumSet else { return nil }
            let was = previous.quorumSet?.allValidators ?? [], now = v.quorumSet?.allValidators ?? []
            let thresholds = (previous.quorumSet?.threshold, v.quorumSet?.threshold)
            return QuorumSetChange(validator: ref(v.publicKey), before: previous.quorumSet?.readable(name), after: v.quorumSet?.readable(name),
                                   nowTrusts: now.subtracting(was).sorted().map(ref), noLongerTrusts: was.subtracting(now).sorted().map(ref),
                                   thresholdBefore: thresholds.0 == thresholds.1 ? nil : thresholds.0,
                                   thresholdAfter: thresholds.0 == thresholds.1 ? nil : thresholds.1)
        }
        let oldOrgs = Grouping.organizationLevel(of: old, organizations: oldOrganizations)
        let newOrgs = Grouping.organizationLevel(of: new, organizations: newOrganizations)
        func organization(_ g: Grouping, _ fbas: FBAS, _ key: String) -> String? {
            guard let v = fbas.index(of: key) else { return nil }
            return g.groupOf[v] == g.unknownGroup ? nil : g.groups[g.groupOf[v]].name
        }
        organizationChanges = new.records.compactMap { v in
            guard oldRecords[v.publicKey] != nil else { return nil }
            let was = organization(oldOrgs, old, v.publicKey), now = organization(newOrgs, new, v.publicKey)
            return was == now ? nil : OrganizationChange(validator: ref(v.publicKey), before: was, after: now)
        }
        figures = NetworkReport.compare(before, after)
        self.before = before
        self.after = after
    }
}
