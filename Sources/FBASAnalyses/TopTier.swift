import FBASChecker
import FBASEncodings
import FBASModel
import SolverCore

/// The top tier: the union of all minimal quorums (semantics, section 3), computed when quorum
/// intersection holds.
public struct TopTierResult: Sendable, Equatable {
    public var status: AnalysisStatus
    /// Why there is no top tier: the intersection check's outcome when it is not `intersects`.
    public var intersection: IntersectionOutcome?
    /// Validators of the top tier, increasing; nil without intersection or on timeout.
    public var topTier: [Int]?
    /// Whether every top-tier validator has the same quorum set.
    public var symmetric: Bool?
    /// The minimal quorums found on the way (each checked), which together cover the top tier;
    /// with `allMinimalQuorums`, every minimal quorum up to the limit.
    public var minimalQuorums: [[Int]]
    /// With `allMinimalQuorums`: whether `minimalQuorums` lists every minimal quorum; nil otherwise.
    public var complete: Bool?
    /// With `allMinimalQuorums`: the limit, when more minimal quorums exist than it allowed.
    public var capReached: Int?
    /// The two disjoint quorums showing why there is no top tier, when intersection fails.
    public var splitQuorums: [[Int]]?
    public var unknownQsetValidators: [Int]
}

extension Analyses {
    /// Is `v` in some minimal quorum? Counterexample-guided: find a quorum containing `v` (SAT)
    /// that contains no quorum learned to lie inside an earlier candidate without `v`; shrink it
    /// keeping `v`; if the rest without `v` still holds a quorum P, learn "not all of P" (a
    /// minimal quorum with `v` cannot contain a quorum without `v`) and repeat, else the shrunk
    /// quorum is a minimal quorum containing `v`. Every learned P excludes the current
    /// candidate, so the loop ends.
    static func minimalQuorum(containing v: Int, in fbas: FBAS, solver: some IncrementalSATSolver,
                              members: QuorumVariables, options: AnalysisOptions) throws(AnalysisError) -> (found: [Int]?, timedOut: Bool) {
        guard let mv = members.member[v] else { return (nil, false) }
        // What is learned here holds only for minimal quorums containing `v` (for a member of
        // P, P itself may be one), so it is guarded by a literal assumed for this query only
        // and retired afterwards.
        let active = solver.newVariable().positive
        defer { solver.addClause([!active]) }
        // Canonical candidates only, for the symmetries that fix v: the canonical image of a
        // minimal quorum containing v is one too, and it contains no quorum without v, so no
        // learned clause excludes it; the search stays complete. Each learned quorum P also
        // comes with its image on the first members of each class, the members canonical
        // candidates take.
        let universe = fbas.set(members.member.indices.filter { members.member[$0] != nil })
        let symmetries = fbas.symmetries(among: universe, labels: (0..<fbas.count).map { $0 == v ? 1 : 0 })
        SymmetryBreaking.breakSymmetries(symmetries, row: { [members.member[$0]!] }, when: active, into: solver)
        while true {
            switch solver.solve(assumptions: [mv, active], limits: options.limits) {
            case .unsatisfiable: return (nil, false)
            case .unknown(let reason):
                if case .backEnd(let m) = reason { throw .solverFailure(m) }
                return (nil, true)
            case .satisfiable:
                let candidate = fbas.set(members.members { solver.modelValue($0) })
                let stop = { options.isExpired }
                let kept: BitSet?
                do { kept = try fbas.shrinkQuorum(candidate, keeping: v, stoppingWhen: stop) } catch { return (nil, true) }
                guard let shrunk = kept else {
                    throw .witnessRejected("the solver's quorum containing a validator is not a quorum")
                }
                var rest = shrunk
                rest.remove(v)
                let within: BitSet?
                do { within = try fbas.minimalQuorum(within: rest, stoppingWhen: stop) } catch { return (nil, true) }
                if let inner = within {
                    solver.addClause([!active] + inner.compactMap { members.member[$0].map { !$0 } })
                    if !symmetries.classes.isEmpty {
                        let image = symmetries.classImage(of: inner, last: false)
                        solver.addClause([!active] + image.compactMap { members.member[$0].map { !$0 } })
                    }
                } else {
                    return (Array(shrunk), false)
                }
            }
        }
    }

    /// Validators worth a minimal-quorum query: those with unknown quorum sets, and each known
    /// v that survives the fixpoint within its strongly connected component C (of the trust
    /// graph over known validators) together with the unknown ones U.
    ///
    /// Sound because the known members K of a minimal quorum M are strongly connected: else a
    /// sink component S of K references, inside M, only S and unknown members, so S ∪ (M ∩ U)
    /// satisfies every member's quorum set and is a smaller quorum. Hence M ⊆ C_v ∪ U for each
    /// known v ∈ M, and v lies in the greatest fixpoint of C_v ∪ U.
    static func topTierCandidates(_ fbas: FBAS, universe: BitSet) -> BitSet {
        let unknownPart = fbas.set(universe.filter { !fbas.hasKnownQSet($0) && fbas.mayBeInQuorum($0) })
        let components = fbas.trustComponents(among: universe)
        var candidates = unknownPart
        let noneUnknown = unknownPart.isEmpty
        for component in components {
            // A lone validator with nobody unknown beside it is a quorum only by itself: no bit
            // set of the whole network for that (200,000 trusting one core: 26 s -> ms).
            if component.count == 1, noneUnknown {
                let v = component[0]
                if let q = fbas.qsetOf[v], fbas.isSatisfied(qset: q, where: { $0 == v }) { candidates.insert(v) }
                continue
            }
            let survivors = fbas.maximalQuorum(within: fbas.set(component).union(unknownPart))
            for v in component where survivors.contains(v) { candidates.insert(v) }
        }
        return candidates
    }

    /// The union of all minimal quorums, when quorum intersection holds.
    ///
    /// - Parameters:
    ///   - fbas: the network whose top tier is computed.
    ///   - allMinimalQuorums: also list every minimal quorum (all-SAT over the top tier, see
    ///     ``allMinimalQuorums(_:limit:options:)``), for callers who need the quorums and not
    ///     only their union; a complete list is cross-checked against the top tier.
    ///   - maxQuorums: stop listing after this many (a network can have thousands).
    ///   - evenWithoutIntersection: compute the union of all minimal quorums also when quorum
    ///     intersection fails (fbas_analyzer's top tier, which the explorers report either way);
    ///     `splitQuorums` still shows the split.
    ///   - options: the back end, time limit, interruption and progress reporting for all the
    ///     solver queries involved.
    ///   - knownIntersection: the intersection check of this network, when the caller has made it
    ///     already (the report does), so that it is not made twice.
    public static func topTier(_ fbas: FBAS, allMinimalQuorums: Bool = false, maxQuorums: Int? = nil,
                               evenWithoutIntersection: Bool = false, knownIntersection: IntersectionResult? = nil,
                               options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> TopTierResult {
        let unknown = relevantUnknownQsetValidators(fbas)
        var result = TopTierResult(status: .ok, intersection: nil, topTier: nil, symmetric: nil, minimalQuorums: [],
                                   unknownQsetValidators: unknown)
        if options.isExpired {
            result.status = .timeout
            return result
        }
        options.report("top tier", detail: "checking quorum intersection")
        let intersection: IntersectionResult
        if let known = knownIntersection, known.status == .ok { intersection = known } else { intersection = try checkIntersection(fbas, options: options) }
        result.intersection = intersection.outcome
        guard intersection.status == .ok else {
            result.status = .timeout
            return result
        }
        if intersection.outcome == .split, let a = intersection.quorumA, let b = intersection.quorumB {
            result.splitQuorums = [a, b]
        }
        guard intersection.outcome == .intersects || (evenWithoutIntersection && intersection.outcome == .split) else { return result }
        let reduction = Reduction.quorums(fbas)
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        // Every minimal quorum lies among the candidates, so quorums are only sought there.
        let candidates = topTierCandidates(fbas, universe: reduction.universe)
        if QuorumEncoding.size(fbas, universe: candidates) > options.clauseBudget {
            result.status = .tooLarge
            return result
        }
        let members = QuorumEncoding.encode(fbas, into: solver, universe: candidates)
        var tier = BitSet(capacity: fbas.count)
        let checker = WitnessChecker(fbas)
        for (done, v) in candidates.enumerated() where !tier.contains(v) {
            options.report("top tier", detail: "candidate \(done + 1) of \(candidates.count), \(tier.count) in the tier so far")
            let (found, timedOut) = try minimalQuorum(containing: v, in: fbas, solver: solver, members: members, options: options)
            if timedOut {
                result.status = .timeout
                return result
            }
            guard let q = found else { continue }
            do { try checker.checkMinimalQuorum(fbas.keys(q)) } catch { throw .witnessRejected(error.description) }
            result.minimalQuorums.append(q)
            for u in q { tier.insert(u) }
        }
        result.topTier = Array(tier)
        result.symmetric = fbas.isSymmetricTier(tier)
        guard allMinimalQuorums else { return result }
        // Every minimal quorum lies in the top tier, so the listing needs nothing else.
        let listing = try enumerateMinimalQuorums(fbas, universe: tier, limit: maxQuorums, options: options)
        result.minimalQuorums = listing.quorums
        result.complete = listing.complete
        result.capReached = listing.capReached
        if listing.status == .timeout { result.status = .timeout }
        if listing.complete, fbas.set(listing.quorums.joined()) != tier {
            throw .witnessRejected("the minimal quorums listed do not cover exactly the top tier")
        }
        return result
    }
}
