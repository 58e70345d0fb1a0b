import StrictJSON

/// How an analysis treats validators whose quorum set is unknown (semantics, section 2).
public enum UnknownQsetPolicy: String, Sendable, CaseIterable, Codable {
    /// No requirement: such a validator may sit in any quorum, but every quorum needs at least
    /// one member with a known quorum set. Sound for safety checks.
    case free
    /// Never in a quorum; references to it still count towards thresholds and never hold.
    case dead
}

/// A loaded network: validators numbered densely, quorum sets resolved to those numbers and
/// deduplicated, every data-quality problem found on the way, and the unknown-qset policy
/// analyses must apply.
public struct FBAS: Sendable {
    /// A resolved quorum set: a threshold over dense validator ids and inner sets (ids into
    /// ``qsets``). Identical sets share one id, and inner sets always have smaller ids than the
    /// sets containing them, so one pass in id order evaluates them bottom-up.
    public struct QSet: Hashable, Sendable {
        public var threshold: Int
        /// Dense validator ids, sorted, without repetition.
        public var validators: [Int]
        /// Ids of inner sets, sorted, without repetition.
        public var innerQSets: [Int]

        public var entryCount: Int { validators.count + innerQSets.count }
    }

    /// stellar-core rejects quorum sets nested more than this many levels below the top.
    public static let stellarCoreMaximumNesting = 4
    /// Deeper quorum sets are treated as invalid, which bounds every recursion over them.
    public static let maximumSupportedNesting = 64

    /// Every validator, indexed by dense id. Ids referenced by a quorum set but not defined by
    /// the input come last, with ``isDefined`` false and an unknown quorum set. Each record keeps
    /// its quorum set as declared when it is valid (nil when unknown), so that checkers can
    /// evaluate witnesses without going through the resolved form.
    public private(set) var validators: [Validator]
    /// Whether the input defined validator `i` (false for ids only referenced by quorum sets).
    public private(set) var isDefined: [Bool]
    /// Distinct resolved quorum sets, inner before outer.
    public private(set) var qsets: [QSet]
    /// The resolved quorum set of each validator, nil when unknown.
    public private(set) var qsetOf: [Int?]
    /// The policy analyses apply to validators with unknown quorum sets.
    public var policy: UnknownQsetPolicy
    /// Watchers: defined validators without a quorum set that no quorum set names. A crawl
    /// lists hundreds of them (nodes that follow the network without voting); they take part in
    /// no quorum and no threshold, so they are counted here rather than reported as problems.
    public private(set) var watchers: [Int]
    /// Who lists whom (``ReverseIndex``), for the propagation behind every fixpoint.
    let reverseIndex: ReverseIndex
    /// Data-quality problems found while building the network, in input order.
    public private(set) var diagnostics: [Diagnostic]
    private var indexByKey: [String: Int]

    /// Builds the network from validators as read, checking each quorum set (semantics 1 and 6).
    /// A duplicate public key keeps its first record; an invalid quorum set becomes unknown.
    ///
    /// - Parameters:
    ///   - input: the validator records as read; dense ids follow their order.
    ///   - policy: how analyses of this network treat validators with unknown quorum sets.
    ///   - file: the file the records came from, named in every ``Diagnostic`` found here.
    ///   - alreadyReported: public keys whose missing quorum set a reader has already
    ///     explained (a malformed one, say), so that it is not reported twice.
    public init(validators input: [Validator], policy: UnknownQsetPolicy = .free, file: String? = nil,
                alreadyReported: Set<String> = []) {
        var builder = Builder(file: file, alreadyReported: alreadyReported)
        builder.build(input)
        validators = builder.validators
        isDefined = builder.isDefined
        qsets = builder.qsets
        qsetOf = builder.qsetOf
        diagnostics = builder.diagnostics
        indexByKey = builder.indexByKey
        watchers = builder.watchers
        reverseIndex = ReverseIndex(validators: builder.validators.count, qsets: builder.qsets, qsetOf: builder.qsetOf)
        self.policy = policy
    }

    public var count: Int { validators.count }

    /// The dense id of the validator with this public key.
    public func index(of publicKey: String) -> Int? { indexByKey[publicKey] }

    /// Whether validator `v` has a known quorum set.
    @inlinable public func hasKnownQSet(_ v: Int) -> Bool { qsetOf[v] != nil }

    /// Validators with unknown quorum sets, in id order.
    public var unknownQsetValidators: [Int] { (0..<count).filter { qsetOf[$0] == nil } }

    /// The raw (nested, public-key) form of resolved set `q`, for writers and messages. Inner
    /// sets the resolved form shares stay shared (see ``QuorumSet``).
    public func quorumSet(_ q: Int) -> QuorumSet { rawQuorumSets(through: q)[q] }

    /// The raw form of every resolved set, indexed like ``qsets``, built once: inner sets come
    /// first, so each set refers to its inner sets' values rather than copies.
    public var rawQuorumSets: [QuorumSet] { rawQuorumSets(through: qsets.count - 1) }

    /// The raw forms of resolved sets `0...last` (inner sets have smaller ids, so these are all
    /// that set `last` needs).
    private func rawQuorumSets(through last: Int) -> [QuorumSet] {
        var raw: [QuorumSet] = []
        raw.reserveCapacity(last + 1)
        for s in qsets.prefix(last + 1) {
            raw.append(QuorumSet(threshold: s.threshold, validators: s.validators.map { validators[$0].publicKey },
                                 innerQuorumSets: s.innerQSets.map { raw[$0] }))
        }
        return raw
    }

    /// The network with every defined validator's record, its quorum set replaced by the
    /// resolved one (nil when unknown): what writers emit.
    public var definedValidators: [Validator] {
        let raw = rawQuorumSets
        return (0..<count).filter { isDefined[$0] }.map { v in
            var copy = validators[v]
            copy.quorumSet = qsetOf[v].map { raw[$0] }
            return copy
        }
    }
}

extension FBAS {
    fileprivate struct Builder {
        let file: String?
        let alreadyReported: Set<String>
        var validators: [Validator] = []
        var isDefined: [Bool] = []
        var qsets: [QSet] = []
        var qsetOf: [Int?] = []
        var diagnostics: [Diagnostic] = []
        var indexByKey: [String: Int] = [:]
        var qsetIndex: [QSet: Int] = [:]
        var undefinedReferrers: [String: [String]] = [:]
        var undefinedOrder: [String] = []
        var watchers: [Int] = []

        init(file: String?, alreadyReported: Set<String>) {
            self.file = file
            self.alreadyReported = alreadyReported
        }

        mutating func warn(_ kind: DiagnosticKind, _ validator: String?, _ message: String) {
            diagnostics.append(Diagnostic(kind, validator: validator, file: file, message))
        }

        mutating func build(_ input: [Validator]) {
            for (position, v) in input.enumerated() {
                guard !v.publicKey.isEmpty else {
                    warn(.missingPublicKey, "#\(position + 1)", "record #\(position + 1) has an empty public key; it is left out")
                    continue
                }
                if indexByKey[v.publicKey] != nil {
                    warn(.duplicatePublicKey, v.publicKey, "appears more than once; the first record is kept and record #\(position + 1) is ignored")
                    continue
                }
                indexByKey[v.publicKey] = validators.count
                var copy = v
                copy.quorumSet = nil
                validators.append(copy)
                isDefined.append(true)
            }
            qsetOf = Array(repeating: nil, count: validators.count)
            // Only each key's first record counts (duplicates were reported above).
            var seen = Set<String>()
            let named = Self.namedKeys(input)
            for v in input where !v.publicKey.isEmpty && seen.insert(v.publicKey).inserted {
                let i = indexByKey[v.publicKey]!
                guard let raw = v.quorumSet else {
                    if alreadyReported.contains(v.publicKey) { continue }
                    if !named.contains(v.publicKey) {
                        watchers.append(i)
                        continue
                    }
                    warn(.missingQuorumSet, v.publicKey, "has no quorum set but is named in another validator's quorum set; it is treated as unknown (see --unknown-qsets)")
                    continue
                }
                guard check(raw, owner: v.publicKey) else { continue }
                let number = remembered(\.internedRoots, raw) { $0.intern(raw) }
                qsetOf[i] = number
                for key in undefinedBelow[number] ?? [] { noteReferrer(key, by: v.publicKey) }
                validators[i].quorumSet = raw
            }
            for key in undefinedOrder {
                let referrers = undefinedReferrers[key] ?? []
                let shown = referrers.prefix(3).joined(separator: ", ")
                let more = referrers.count > 3 ? " and \(referrers.count - 3) more" : ""
                warn(.undefinedValidatorReference, key,
                     "is referenced by the quorum set of \(shown)\(more) but is not defined in the input; it is treated as a validator with an unknown quorum set")
            }
        }

        /// Every public key some record's quorum set names, at any level.
        static func namedKeys(_ input: [Validator]) -> Set<String> {
            var keys = Set<String>()
            var seen = Set<ObjectIdentifier>()
            // Equal copies of one set (an organisation's validators) name the same keys.
            var stack = Array(Set(input.compactMap(\.quorumSet)))
            while let q = stack.popLast() {
                guard seen.insert(q.identity).inserted else { continue }
                keys.formUnion(q.validators)
                stack.append(contentsOf: q.innerQuorumSets)
            }
            return keys
        }

        /// Checks the semantic validity of `raw` (semantics 1): thresholds, duplicates, nesting.
        /// Returns false, after reporting why, when the set must be treated as unknown. A crawl
        /// gives most validators of an organisation the same quorum set, each parsed apart: the
        /// findings are remembered per set (equal sets hash alike at no cost) and reported
        /// again for each owner.
        mutating func check(_ raw: QuorumSet, owner: String) -> Bool {
            let verdict = remembered(\.verdicts, raw) { $0.examine(raw) }
            for (kind, message) in verdict.findings { warn(kind, owner, message) }
            return verdict.valid
        }

        /// `table[key]`, made by `make` and remembered the first time it is asked for.
        mutating func remembered<Key: Hashable, Value>(_ table: WritableKeyPath<Builder, [Key: Value]>, _ key: Key,
                                                       _ make: (inout Builder) -> Value) -> Value {
            if let known = self[keyPath: table][key] { return known }
            let value = make(&self)
            self[keyPath: table][key] = value
            return value
        }

        struct Verdict {
            var valid: Bool
            var findings: [(DiagnosticKind, String)]
        }

        var verdicts: [QuorumSet: Verdict] = [:]

        /// What ``check(_:owner:)`` reports of `raw`, without the owner.
        mutating func examine(_ raw: QuorumSet) -> Verdict {
            var findings: [(DiagnosticKind, String)] = []
            func note(_ kind: DiagnosticKind, _ message: String) { findings.append((kind, message)) }
            let depth = raw.nestingDepth
            if depth > FBAS.maximumSupportedNesting {
                note(.nestingTooDeep, "has a quorum set nested \(depth) levels deep, beyond the \(FBAS.maximumSupportedNesting) this tool supports (stellar-core allows \(FBAS.stellarCoreMaximumNesting)); it is treated as unknown")
                return Verdict(valid: false, findings: findings)
            }
            var valid = true
            var sawZero = false
            var all = Set<String>()
            var nestedDuplicates: [String] = []
            // Each set as stored is checked once; one reached again (python-fbas lets sets share
            // an inner set) puts every member below it at more than one place.
            var seen = Set<ObjectIdentifier>()
            var reachedAgain: [QuorumSet] = []
            var stack = [raw]
            while let q = stack.popLast() {
                guard seen.insert(q.identity).inserted else {
                    reachedAgain.append(q)
                    continue
                }
                if q.threshold < 0 {
                    note(.invalidThreshold, "has a quorum set with negative threshold \(q.threshold); it is treated as unknown")
                    valid = false
                } else if q.threshold > q.entryCount {
                    note(.invalidThreshold, "has a quorum set with threshold \(q.threshold) but only \(q.entryCount) entries, so it can never be satisfied; it is treated as unknown")
                    valid = false
                } else if q.threshold == 0 {
                    sawZero = true
                }
                var local = Set<String>()
                for m in q.validators where !local.insert(m).inserted {
                    note(.duplicateEntry, "lists \(m) twice in the same quorum set; it is treated as unknown")
                    valid = false
                }
                for m in local where !all.insert(m).inserted { nestedDuplicates.append(m) }
                // Identical as sets, recursively (semantics 2): member order does not matter.
                var innerSeen = Set<Int>()
                for inner in q.innerQuorumSets where !innerSeen.insert(canonicalID(inner)).inserted {
                    note(.duplicateEntry, "lists the same inner quorum set twice; it is treated as unknown")
                    valid = false
                }
                stack.append(contentsOf: q.innerQuorumSets)
            }
            guard valid else { return Verdict(valid: false, findings: findings) }
            var below = Set<ObjectIdentifier>()
            while let q = reachedAgain.popLast() {
                guard below.insert(q.identity).inserted else { continue }
                nestedDuplicates.append(contentsOf: q.validators)
                reachedAgain.append(contentsOf: q.innerQuorumSets)
            }
            if sawZero {
                note(.thresholdZero, "has a quorum set with threshold 0, which is always satisfied (stellar-core would reject it)")
            }
            if depth > FBAS.stellarCoreMaximumNesting {
                note(.nestingTooDeep, "has a quorum set nested \(depth) levels deep; stellar-core allows at most \(FBAS.stellarCoreMaximumNesting)")
            }
            if !nestedDuplicates.isEmpty {
                let list = Array(Set(nestedDuplicates)).sorted().prefix(3).joined(separator: ", ")
                note(.nestedDuplicate, "lists \(list) at more than one level of its quorum set (stellar-core would reject it); analysed as written")
            }
            return Verdict(valid: true, findings: findings)
        }

        /// A number equal for quorum sets with the same threshold and the same entries as sets,
        /// recursively (the identity interning uses), memoised per set as stored so that shared
        /// inner sets cost once. Recursion depth is bounded by `maximumSupportedNesting`, checked
        /// beforehand.
        mutating func canonicalID(_ q: QuorumSet) -> Int {
            if let known = canonicalIDs[q.identity] { return known }
            let inner = q.innerQuorumSets.map { canonicalID($0) }.sorted()
            let shape = CanonicalShape(threshold: q.threshold, validators: Set(q.validators).sorted(), inner: inner)
            let id = canonicalShapes[shape] ?? canonicalShapes.count
            canonicalShapes[shape] = id
            canonicalIDs[q.identity] = id
            return id
        }

        struct CanonicalShape: Hashable {
            let threshold: Int
            let validators: [String]
            let inner: [Int]
        }

        /// Memo of canonical numbers; the identities stay valid because `input` holds every set
        /// while the network is built.
        var canonicalIDs: [ObjectIdentifier: Int] = [:]
        var canonicalShapes: [CanonicalShape: Int] = [:]

        /// Resolves a checked raw set to dense ids, sharing identical sets. Recursion depth is
        /// bounded by `maximumSupportedNesting`, checked beforehand. Each set as stored is
        /// resolved once (validators naming one python-fbas set share it), so the undefined keys
        /// below a set are remembered with it, for noting every owner that references them.
        mutating func intern(_ raw: QuorumSet) -> Int {
            if let known = interned[raw.identity] { return known }
            let inner = Array(Set(raw.innerQuorumSets.map { intern($0) })).sorted()
            let members = raw.validators.map { id(forReference: $0) }
            let resolved = QSet(threshold: raw.threshold, validators: Array(Set(members)).sorted(), innerQSets: inner)
            let number: Int
            if let existing = qsetIndex[resolved] {
                number = existing
            } else {
                qsets.append(resolved)
                number = qsets.count - 1
                qsetIndex[resolved] = number
            }
            if undefinedBelow[number] == nil {
                var below: [String] = [], seen = Set<String>()
                for m in members where !isDefined[m] && seen.insert(validators[m].publicKey).inserted { below.append(validators[m].publicKey) }
                for i in raw.innerQuorumSets.map({ interned[$0.identity]! }) {
                    for key in undefinedBelow[i] ?? [] where seen.insert(key).inserted { below.append(key) }
                }
                if !below.isEmpty { undefinedBelow[number] = below }
            }
            interned[raw.identity] = number
            return number
        }

        var interned: [ObjectIdentifier: Int] = [:]
        /// Validators' own sets by value: an organisation's validators each carry an equal copy
        /// (flat-3000: 3,000 sets of 3,000 keys), and resolving each copy key by key again was a
        /// seventh of the analysis.
        var internedRoots: [QuorumSet: Int] = [:]
        /// Per resolved set: the undefined keys it names at any level, in order of first mention.
        var undefinedBelow: [Int: [String]] = [:]

        mutating func id(forReference key: String) -> Int {
            if let i = indexByKey[key] { return i }
            indexByKey[key] = validators.count
            validators.append(Validator(publicKey: key, quorumSet: nil))
            isDefined.append(false)
            qsetOf.append(nil)
            undefinedOrder.append(key)
            return validators.count - 1
        }

        mutating func noteReferrer(_ key: String, by owner: String) {
            if undefinedReferrers[key]?.last != owner { undefinedReferrers[key, default: []].append(owner) }
        }
    }
}
