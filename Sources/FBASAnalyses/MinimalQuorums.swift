import FBASChecker
import FBASEncodings
import FBASModel
import SolverCore

/// A subset-minimal quorum (semantics, section 3), optionally one that does not lie inside a
/// given set: "is there a minimal quorum that needs someone outside S?" tells an operator
/// whether S alone decides every minimal quorum.
public struct MinimalQuorumResult: Sendable, Equatable {
    public var status: AnalysisStatus
    /// The minimal quorum, increasing; nil when none exists (or on timeout).
    public var quorum: [Int]?
    /// The set the quorum must not lie inside, increasing; nil when no such condition was asked.
    public var notWithin: [Int]?
    /// Candidates refuted by the counterexample-guided loop (each one learned clause).
    public var refinements: Int
    public var unknownQsetValidators: [Int]
    /// What the encoding left out, and why that cannot change the answer (nil when no solver ran).
    public var reduction: Reduction?
}

/// Minimal quorums listed one by one, up to a limit.
public struct MinimalQuorumEnumeration: Sendable, Equatable {
    public var status: AnalysisStatus
    /// Minimal quorums in the order found, each increasing and each re-checked.
    public var quorums: [[Int]]
    /// Whether `quorums` holds every minimal quorum: false when the limit or the time limit
    /// stopped the enumeration first.
    public var complete: Bool
    /// The limit, when it stopped the enumeration with more minimal quorums left to list.
    public var capReached: Int?
    public var unknownQsetValidators: [Int]
}

extension Analyses {
    /// A minimal quorum, or with `notWithin` a set S, a minimal quorum M with M ⊄ S.
    ///
    /// Without S the greedy shrink of the union of all quorums is exact (no solver). With S the
    /// question is ∃∀ — a quorum with a member outside S, none of whose proper subsets is a
    /// quorum — answered by counterexample-guided refinement over one incremental SAT solver,
    /// the inner ∀ being decided exactly by fixpoints (papers/encodings.md, "Minimal quorums
    /// outside a set"). `quorum` is nil exactly when every minimal quorum lies inside S.
    public static func minimalQuorum(_ fbas: FBAS, notWithin: [Int]? = nil,
                                     options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> MinimalQuorumResult {
        var result = MinimalQuorumResult(status: .ok, quorum: nil, notWithin: notWithin.map { Array(fbas.set($0)) },
                                         refinements: 0, unknownQsetValidators: relevantUnknownQsetValidators(fbas))
        func accept(_ q: BitSet) throws(AnalysisError) -> MinimalQuorumResult {
            try verify(fbas) { c throws(WitnessError) in try c.checkMinimalQuorum(fbas.keys(q)) }
            if let s = result.notWithin, q.isSubset(of: fbas.set(s)) {
                throw .witnessRejected("the minimal quorum \(Array(q)) lies inside the set it must leave")
            }
            result.quorum = Array(q)
            return result
        }
        let stop = { options.isExpired }
        func timedOut() -> MinimalQuorumResult {
            var r = result
            r.status = .timeout
            return r
        }
        guard let notWithin else {
            let found: BitSet?
            do { found = try fbas.minimalQuorum(within: fbas.allValidators, stoppingWhen: stop) } catch { return timedOut() }
            guard let q = found else { return result }
            return try accept(q)
        }
        let excluded = fbas.set(notWithin)
        // A quorum avoiding S altogether shrinks to an answer, with no solver.
        let avoiding: BitSet?
        do { avoiding = try fbas.minimalQuorum(within: excluded.complement, stoppingWhen: stop) } catch { return timedOut() }
        if let q = avoiding { return try accept(q) }
        let reduction = Reduction.quorums(fbas)
        result.reduction = reduction
        // A minimal quorum M ⊄ S has a member v ∉ S, and M lies in the top tier, so v passes
        // the strongly-connected-component filter of the top-tier search.
        let anchors = topTierCandidates(fbas, universe: reduction.universe).subtracting(excluded)
        guard !anchors.isEmpty else { return result }
        if QuorumEncoding.size(fbas, universe: reduction.universe) > options.clauseBudget {
            result.status = .tooLarge
            return result
        }
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        let members = QuorumEncoding.encode(fbas, into: solver, universe: reduction.universe)
        solver.addClause(anchors.compactMap { members.member[$0] })
        while true {
            switch solver.solve(assumptions: [], limits: options.limits) {
            case .unsatisfiable:
                return result
            case .unknown(let reason):
                if case .backEnd(let m) = reason { throw .solverFailure(m) }
                result.status = .timeout
                return result
            case .satisfiable:
                let candidate = fbas.set(members.members { solver.modelValue($0) })
                let kept: BitSet?
                if let v = candidate.first(where: { anchors.contains($0) }) {
                    do { kept = try fbas.shrinkQuorum(candidate, keeping: v, stoppingWhen: stop) } catch { return timedOut() }
                } else { kept = nil }
                guard let v = candidate.first(where: { anchors.contains($0) }), let shrunk = kept else {
                    throw .witnessRejected("the solver's candidate is not a quorum with a member outside the set")
                }
                var rest = shrunk
                rest.remove(v)
                let within: BitSet?
                do { within = try fbas.minimalQuorum(within: rest, stoppingWhen: stop) } catch { return timedOut() }
                guard let inner = within else { return try accept(shrunk) }
                if !inner.isSubset(of: excluded) { return try accept(inner) }
                // A quorum inside S: no minimal quorum leaving S contains it (it would be a
                // proper subquorum), so "not all of it" loses no answer and refutes `candidate`.
                solver.addClause(inner.compactMap { members.member[$0].map { !$0 } })
                result.refinements += 1
                options.report("minimal quorum outside the set", round: result.refinements,
                               detail: "\(result.refinements) quorums inside the set excluded")
            }
        }
    }

    /// Every minimal quorum, up to `limit` of them.
    ///
    /// All-SAT with blocking clauses over minimal quorums: each quorum the solver proposes
    /// contains none found so far, so shrinking it greedily yields a new minimal quorum M, and
    /// "not all of M" excludes M without excluding any other minimal quorum (distinct minimal
    /// quorums are never subsets of each other). When the solver finds no further quorum, the
    /// list is complete (papers/encodings.md, "Enumerating minimal quorums").
    public static func allMinimalQuorums(_ fbas: FBAS, limit: Int? = nil,
                                         options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> MinimalQuorumEnumeration {
        try enumerateMinimalQuorums(fbas, universe: Reduction.quorums(fbas).universe, limit: limit, options: options)
    }

    /// ``allMinimalQuorums(_:limit:options:)`` with the quorums confined to `universe`, which
    /// must contain every minimal quorum asked for (the union of all quorums; the top tier).
    static func enumerateMinimalQuorums(_ fbas: FBAS, universe: BitSet, limit: Int?,
                                        options: AnalysisOptions) throws(AnalysisError) -> MinimalQuorumEnumeration {
        var result = MinimalQuorumEnumeration(status: .ok, quorums: [], complete: false, capReached: nil,
                                              unknownQsetValidators: relevantUnknownQsetValidators(fbas))
        if fbas.maximalQuorum(within: universe).isEmpty {
            result.complete = true
            return result
        }
        if QuorumEncoding.size(fbas, universe: universe) > options.clauseBudget {
            result.status = .tooLarge
            return result
        }
        let solver = options.makeSATSolver()
        solver.interruptFlag = options.interrupt
        let members = QuorumEncoding.encode(fbas, into: solver, universe: universe)
        var found = Set<BitSet>()
        while true {
            switch solver.solve(assumptions: [], limits: options.limits) {
            case .unsatisfiable:
                result.complete = true
                return result
            case .unknown(let reason):
                if case .backEnd(let m) = reason { throw .solverFailure(m) }
                result.status = .timeout
                return result
            case .satisfiable:
                if let limit, result.quorums.count >= limit {
                    result.capReached = limit
                    return result
                }
                let candidate = fbas.set(members.members { solver.modelValue($0) })
                let shrunk: BitSet?
                do { shrunk = try fbas.minimalQuorum(within: candidate, stoppingWhen: { options.isExpired }) } catch {
                    result.status = .timeout
                    return result
                }
                guard let m = shrunk, found.insert(m).inserted else {
                    throw .witnessRejected("the solver's candidate is no quorum, or holds a minimal quorum already excluded")
                }
                try verify(fbas) { c throws(WitnessError) in try c.checkMinimalQuorum(fbas.keys(m)) }
                result.quorums.append(Array(m))
                solver.addClause(m.compactMap { members.member[$0].map { !$0 } })
                options.report("minimal quorums", round: result.quorums.count, detail: "\(result.quorums.count) found")
            }
        }
    }
}
