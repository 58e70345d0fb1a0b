import SolverTestSupport
import FBASModel
import StrictJSON


/// Random small networks with varied thresholds, nested quorum sets, unknown quorum sets,
/// undefined references, organizations and archive/validating flags.
enum RandomNetworks {
    static func make(validators n: Int, using rng: inout SolverTestSupport.SplitMix64, policy: UnknownQsetPolicy = .free) -> FBAS {
        let keys = (0..<n).map { "V\($0)" }
        func randomQSet(depth: Int) -> QuorumSet {
            var members = keys.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
            if Int.random(in: 0..<12, using: &rng) == 0 { members.append("GHOST") }
            var inner: [QuorumSet] = []
            if depth < 2 { for _ in 0..<Int.random(in: 0...(depth == 0 ? 2 : 1), using: &rng) { inner.append(randomQSet(depth: depth + 1)) } }
            if Set(inner).count != inner.count { inner = Array(Set(inner)) }
            let entries = members.count + inner.count
            if entries == 0 { return QuorumSet(threshold: 1, validators: [keys.randomElement(using: &rng)!]) }
            // Thresholds skewed towards majorities, which make intersection interesting.
            let t = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...entries, using: &rng) : entries / 2 + 1
            return QuorumSet(threshold: t, validators: members, innerQuorumSets: inner)
        }
        let orgs = max(1, n / 2)
        let vs = keys.enumerated().map { i, k -> Validator in
            var meta = JSONObject([("homeDomain", .string("org\(i % orgs)"))])
            if Bool.random(using: &rng) { meta.members.append(("historyArchiveHasError", .bool(Bool.random(using: &rng)))) }
            if Int.random(in: 0..<4, using: &rng) == 0 { meta.members.append(("isValidating", .bool(false))) }
            let qset: QuorumSet? = Int.random(in: 0..<8, using: &rng) == 0 ? nil : randomQSet(depth: 0)
            return Validator(publicKey: k, quorumSet: qset, metadata: meta)
        }
        return FBAS(validators: vs, policy: policy)
    }

    /// Networks of organisations, like the "almost symmetric" family: organisations of 1 to 3
    /// validators behind an inner threshold, validators of one organisation mostly sharing a
    /// quorum set over a random selection of organisations. They are full of interchangeable
    /// validators and organisations, which the symmetry breaking of the encodings relies on;
    /// the odd deviant quorum set, unknown quorum set or mislabelled domain breaks symmetries
    /// the detection must then not assume.
    ///
    /// - Parameter pure: no deviant or unknown quorum sets, so that the network has the
    ///   ``OrganisationalForm`` (unless an organisation is named by nobody).
    static func makeOrganisational(validators n: Int, using rng: inout SolverTestSupport.SplitMix64,
                                   policy: UnknownQsetPolicy = .free, pure: Bool = false) -> FBAS {
        var orgs: [[String]] = []
        var next = 0
        while next < n {
            let size = min(n - next, Int.random(in: 1...3, using: &rng))
            orgs.append((next..<(next + size)).map { "V\($0)" })
            next += size
        }
        let inner = orgs.map { members in
            QuorumSet(threshold: Int.random(in: 0..<4, using: &rng) == 0 ? 1 : members.count / 2 + 1, validators: members)
        }
        func outer() -> QuorumSet {
            var chosen = inner.filter { _ in Int.random(in: 0..<4, using: &rng) != 0 }
            if chosen.isEmpty { chosen = [inner.randomElement(using: &rng)!] }
            let t = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...chosen.count, using: &rng)
                                                           : (2 * chosen.count + 2) / 3
            return QuorumSet(threshold: t, innerQuorumSets: chosen)
        }
        var vs: [Validator] = []
        for (o, members) in orgs.enumerated() {
            let shared = outer()
            for key in members {
                let domain = Int.random(in: 0..<10, using: &rng) == 0 ? "other\(o)" : "org\(o)"
                let roll = pure ? 9 : Int.random(in: 0..<10, using: &rng)
                let qset: QuorumSet? = roll == 0 ? nil : roll == 1 ? outer() : shared
                vs.append(Validator(publicKey: key, quorumSet: qset,
                                    metadata: JSONObject([("homeDomain", .string(domain))])))
            }
        }
        return FBAS(validators: vs, policy: policy)
    }

    /// Networks with a closed core, like Stellar's top tier: 2 to 4 core validators whose
    /// quorum sets name only the core, and satellites that name core validators (directly or
    /// through organisation-like inner sets), one another, undefined ids and each other's
    /// unknowns. Splitting sets go through ``FBAS/closedCore(among:)`` on these.
    static func makeCored(validators n: Int, using rng: inout SolverTestSupport.SplitMix64,
                          policy: UnknownQsetPolicy = .free) -> FBAS {
        let coreSize = min(n, Int.random(in: 2...4, using: &rng))
        let core = (0..<coreSize).map { "V\($0)" }, satellites = (coreSize..<n).map { "V\($0)" }
        func threshold(_ entries: Int) -> Int {
            Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 1...entries, using: &rng) : entries / 2 + 1
        }
        func coreQSet() -> QuorumSet {
            var members = core.filter { _ in Int.random(in: 0..<4, using: &rng) != 0 }
            if members.isEmpty { members = [core.randomElement(using: &rng)!] }
            return QuorumSet(threshold: threshold(members.count), validators: members)
        }
        func satelliteQSet() -> QuorumSet {
            var members = core.filter { _ in Bool.random(using: &rng) }
                + satellites.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
            if Int.random(in: 0..<10, using: &rng) == 0 { members.append("GHOST") }
            var inner: [QuorumSet] = []
            if Bool.random(using: &rng) {
                let group = core.filter { _ in Bool.random(using: &rng) }
                if !group.isEmpty { inner.append(QuorumSet(threshold: threshold(group.count), validators: group)) }
            }
            if members.isEmpty && inner.isEmpty { members = [core.randomElement(using: &rng)!] }
            return QuorumSet(threshold: threshold(members.count + inner.count), validators: members, innerQuorumSets: inner)
        }
        let shared = coreQSet()
        var vs: [Validator] = []
        for key in core {
            let qset: QuorumSet? = Int.random(in: 0..<10, using: &rng) == 0 ? nil : Bool.random(using: &rng) ? shared : coreQSet()
            vs.append(Validator(publicKey: key, quorumSet: qset, metadata: JSONObject([("homeDomain", .string("core"))])))
        }
        for (i, key) in satellites.enumerated() {
            let qset: QuorumSet? = Int.random(in: 0..<8, using: &rng) == 0 ? nil : satelliteQSet()
            vs.append(Validator(publicKey: key, quorumSet: qset, metadata: JSONObject([("homeDomain", .string("sat\(i / 2)"))])))
        }
        return FBAS(validators: vs, policy: policy)
    }

    /// A core of 3 or 4 validators and a cluster of 3 to 5 outside it, like a sybil cluster:
    /// each member needs a threshold of the cluster and one of a few core validators (or an
    /// inner set of them), sometimes a stray validator too; small enough for the oracle.
    static func makeClustered(using rng: inout SolverTestSupport.SplitMix64, policy: UnknownQsetPolicy = .free) -> FBAS {
        let core = (0..<Int.random(in: 3...4, using: &rng)).map { "C\($0)" }
        let cluster = (0..<Int.random(in: 3...5, using: &rng)).map { "S\($0)" }
        let strays = (0..<Int.random(in: 0...1, using: &rng)).map { "X\($0)" }
        var vs = core.map { Validator(publicKey: $0, quorumSet: QuorumSet(threshold: core.count - Int.random(in: 0...1, using: &rng), validators: core)) }
        for s in cluster {
            guard Int.random(in: 0..<10, using: &rng) != 0 else {
                vs.append(Validator(publicKey: s, quorumSet: nil))
                continue
            }
            let peers = cluster.filter { $0 == s || Int.random(in: 0..<5, using: &rng) != 0 }
            let named = core.shuffled(using: &rng).prefix(Int.random(in: 0..<3, using: &rng) == 0 ? 2 : 1)
            var trusted = [QuorumSet(threshold: max(1, peers.count - Int.random(in: 0...1, using: &rng)), validators: peers)]
            trusted.append(Bool.random(using: &rng)
                ? QuorumSet(threshold: 1, validators: Array(named))
                : QuorumSet(threshold: 1, innerQuorumSets: named.map { QuorumSet(threshold: 1, validators: [$0]) }))
            var extra: [String] = []
            if let stray = strays.first, Int.random(in: 0..<3, using: &rng) == 0 { extra = [stray] }
            if Int.random(in: 0..<8, using: &rng) == 0 { extra.append("GHOST") }
            vs.append(Validator(publicKey: s, quorumSet: QuorumSet(threshold: 2 + (extra.isEmpty ? 0 : Int.random(in: 0...1, using: &rng)),
                                                                  validators: extra, innerQuorumSets: trusted)))
        }
        for x in strays {
            let named = core.shuffled(using: &rng).prefix(Int.random(in: 2...3, using: &rng))
            vs.append(Validator(publicKey: x, quorumSet: QuorumSet(threshold: Int.random(in: 2...named.count, using: &rng), validators: Array(named))))
        }
        return FBAS(validators: vs, policy: policy)
    }
}
