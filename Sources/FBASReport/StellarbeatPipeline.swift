import FBASModel

/// stellarbeat's preprocessing and grouping, step for step (trudi-group/stellar_analysis
/// `get_filtered_standard_form_fbas_core` over fbas_analyzer 0.7; papers/profiles.md).
///
/// Unknown quorum sets are never satisfied there (our `dead`), references to validators the
/// input lacks count towards thresholds and never hold, and `t = 0` is always satisfied (so a
/// validator with it is a one-validator quorum, and is dropped). Each step keeps quorum sets
/// by *shrinking*: references to removed validators go, thresholds stay, and inner sets that
/// can no longer be met are dropped.
enum StellarbeatPipeline {
    /// The explorers' analysed network F: drop one-validator quorums, keep the core, keep what
    /// can still be satisfied.
    static func prepare(_ input: FBAS) -> (fbas: FBAS, setAside: [SetAside]) {
        var fbas = input
        fbas.policy = .dead
        var setAside: [SetAside] = []
        func keep(_ kept: BitSet, step: String, _ explanation: String) {
            let removed = fbas.isDefined.indices.filter { fbas.isDefined[$0] && !kept.contains($0) }.count
            if removed > 0 { setAside.append(SetAside(step: step, count: removed, explanation: explanation)) }
            fbas = shrunk(fbas, to: kept)
        }
        let original = fbas
        let defined = fbas.set(fbas.isDefined.indices.filter { fbas.isDefined[$0] })
        let alone = fbas.set(defined.filter { v in fbas.qsetOf[v].map { fbas.isSatisfied(qset: $0, by: fbas.set([v])) } ?? false })
        keep(defined.subtracting(alone), step: "oneValidatorQuorums", "each a quorum by itself; stellarbeat drops them before the analysis")
        keep(core(fbas, edgesFrom: original), step: "outsideCore", "outside the core: the union of the trust graph's strongly connected components that contain a quorum (stellarbeat analyses only the core; unknown quorum sets never satisfied)")
        keep(fbas.maximalQuorum(within: fbas.set(fbas.isDefined.indices.filter { fbas.isDefined[$0] })), step: "unsatisfiable",
             "cannot be satisfied once the rest was removed")
        return (fbas, setAside)
    }

    /// fbas_analyzer's core: the strongly connected components of the whole trust graph, each
    /// cut to the satisfiable validators, that contain a quorum.
    ///
    /// The graph's edges come from `original`, the quorum sets as read: fbas_analyzer keeps a
    /// validator's references when shrinking makes its quorum set impossible to meet, so such a
    /// validator (unsatisfiable, hence outside every quorum) still links two components, where
    /// our shrunk network has made its quorum set unknown and dropped its edges.
    static func core(_ fbas: FBAS, edgesFrom original: FBAS) -> BitSet {
        let satisfiable = fbas.maximalQuorum(within: fbas.allValidators)
        let present = original.set((0..<fbas.count).filter { fbas.isDefined[$0] }.compactMap { original.index(of: fbas.validators[$0].publicKey) })
        var core = BitSet(capacity: fbas.count)
        for component in original.trustComponents(among: present) {
            let part = fbas.set(component.compactMap { fbas.index(of: original.validators[$0].publicKey) }.filter { satisfiable.contains($0) })
            if !fbas.maximalQuorum(within: part).isEmpty { core.formUnion(part) }
        }
        return core
    }

    /// The network of the defined validators of `kept`, each quorum set shrunk to them.
    static func shrunk(_ fbas: FBAS, to kept: BitSet) -> FBAS {
        // Resolved sets come inner first, so each is shrunk once and shared ones stay shared.
        var shrunkSets: [QuorumSet?] = []
        shrunkSets.reserveCapacity(fbas.qsets.count)
        for s in fbas.qsets {
            shrunkSets.append(shrink(threshold: s.threshold,
                                     validators: s.validators.filter(kept.contains).map { fbas.validators[$0].publicKey },
                                     inner: s.innerQSets.compactMap { shrunkSets[$0] }))
        }
        return fbas.restricted(to: kept, policy: .dead) { v in fbas.qsetOf[v].flatMap { shrunkSets[$0] } }
    }

    /// A quorum set without the validators outside `kept` (`validators` are those left), its
    /// threshold unchanged, inner sets that can no longer be met dropped (`inner` are the rest);
    /// nil when the set itself can no longer be met (unknown).
    static func shrink(threshold: Int, validators: [String], inner: [QuorumSet]) -> QuorumSet? {
        guard validators.count + inner.count >= threshold else { return nil }
        var inner = inner
        // Shrinking can make two inner sets the same; fbas_analyzer counts both, and our model
        // reads a quorum set listing one twice as invalid. A 1-of-[set] wrapper is met exactly
        // when the set is, and is a different entry.
        var seen: [QuorumSet: Int] = [:]
        for i in inner.indices {
            let copies = seen[inner[i], default: 0]
            seen[inner[i]] = copies + 1
            for _ in 0..<copies { inner[i] = QuorumSet(threshold: 1, validators: [], innerQuorumSets: [inner[i]]) }
        }
        return QuorumSet(threshold: threshold, validators: validators, innerQuorumSets: inner)
    }

    /// A level of groups as fbas_analyzer merges them: the organizations file's lists (else
    /// each validator's `organizationId`), or an attribute's value with commas and one trailing
    /// full stop removed. A validator without a group counts as a group of its own.
    static func grouping(_ fbas: FBAS, organizations: [Organization]?, attribute: String) -> Grouping {
        var names: [String?]
        if let organizations {
            names = Array(repeating: nil, count: fbas.count)
            for org in organizations {
                // fbas_analyzer's merge leaves a validator listed twice in the later organization.
                for key in org.validators {
                    if let v = fbas.index(of: key) { names[v] = org.name }
                }
            }
        } else {
            names = fbas.validators.map { v in
                guard case .string(let s)? = v.attribute(attribute) else { return nil }
                // An empty country is no country (serde's NoneAsEmptyString); an empty ISP is a name.
                if s.isEmpty, attribute == "geoData.countryName" { return nil }
                var name = s.replacingAll(",", with: "")
                if attribute != "organizationId", name.hasSuffix(".") { name.removeLast() }
                return name
            }
        }
        // Ungrouped validators stand alone, named by their public key.
        let level = organizations != nil ? "organization" : attribute
        return Grouping(level: level, names: names.indices.map { names[$0] ?? fbas.validators[$0].publicKey }, diagnostics: [])
    }

    /// stellarbeat's symmetric top tier (fbas_analyzer's `find_symmetric_top_tier`): exactly one
    /// symmetric cluster — validators that all hold the same quorum set (each read as including
    /// itself) naming exactly them — and no quorum outside it.
    static func hasSymmetricTopTier(_ fbas: FBAS) -> Bool {
        var holders: [FBAS.QSet: [Int]] = [:]
        for v in 0..<fbas.count where fbas.isDefined[v] {
            if let q = fbas.qsetIncludingItself(v) { holders[q, default: []].append(v) }
        }
        var clusters: [BitSet] = []
        for (q, members) in holders {
            let named = fbas.set(fbas.validatorsNamed(by: q))
            if named == fbas.set(members) { clusters.append(named) }
        }
        guard clusters.count == 1 else { return false }
        let outside = fbas.allValidators.subtracting(clusters[0])
        return fbas.maximalQuorum(within: outside).isEmpty
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
