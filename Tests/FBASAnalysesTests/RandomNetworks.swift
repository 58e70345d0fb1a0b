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
}
