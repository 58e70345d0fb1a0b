import FBASModel
import SolverCore

/// The splitting-set question of a network in `OrganisationalForm`, counted per class.
///
/// For a splitting set F with quorums A and B, what matters of a class of s validators behind
/// threshold τ is three numbers: l liars (members of F, taken into both quorums), h_A honest
/// members of A and h_B honest members of B, with l + h_A + h_B ≤ s. The class's inner set is
/// satisfied by A when l + h_A ≥ τ; an honest member of A needs the class's quorum set
/// satisfied by A; the cost is l. Any splitting set maps to such counts of the same cost, and
/// any counts give a splitting set (the first l members lie, the next h_A join A, the next h_B
/// join B), so the optimum is the same as over validators, without the choice of *which*
/// members, which over validators the solver must refute once per permutation.
///
/// Each count is unary: `liars[c][j]` means "at least j + 1 liars in class c".
public struct OrganisationalSplittingVariables: Sendable {
    public var form: OrganisationalForm
    public var liars: [[Literal]]
    public var honestA: [[Literal]]
    public var honestB: [[Literal]]

    /// Every unary liar literal: their true count is the size of the splitting set.
    public var costLiterals: [Literal] { liars.flatMap { $0 } }

    /// The splitting set and the two quorums of a model: per class, the first members lie, the
    /// next join A, the next join B.
    public func witness(in value: (Literal) -> Bool) -> (set: [Int], a: [Int], b: [Int]) {
        form.split { c in (liars[c].filter(value).count, honestA[c].filter(value).count, honestB[c].filter(value).count) }
    }
}

public enum OrganisationalSplittingEncoding {
    /// Adds the counted splitting question; the caller minimises the true
    /// ``OrganisationalSplittingVariables/costLiterals``.
    ///
    /// - Parameters:
    ///   - fbas: the network; its resolved quorum sets give the thresholds over the classes.
    ///   - form: the network's organisational form (`FBAS.organisationalForm(among:)`), whose
    ///     classes are counted instead of choosing validators one by one.
    ///   - sink: receives the unary counters, the clauses and the threshold constraints.
    ///   - limits: once these expire, the remaining thresholds are left out (see
    ///     ``QuorumEncoding/encode(_:into:universe:exempt:deferringAbove:limits:)``): check the
    ///     limits after encoding and report a timeout.
    public static func splitting(_ fbas: FBAS, form: OrganisationalForm, into sink: some CardinalityConstraintSink,
                                 limits: SolveLimits? = nil) -> OrganisationalSplittingVariables {
        func unary(_ n: Int) -> [Literal] {
            let bits = (0..<n).map { _ in sink.newVariable().positive }
            for j in bits.indices.dropFirst() { sink.addClause([!bits[j], bits[j - 1]]) }
            return bits
        }
        var liars: [[Literal]] = [], honestA: [[Literal]] = [], honestB: [[Literal]] = []
        var satA: [Literal] = [], satB: [Literal] = []
        for k in form.classes {
            let s = k.members.count, t = k.threshold
            let l = unary(s), ha = unary(s), hb = unary(s)
            sink.addAtMost(s, of: l + ha + hb, when: nil)
            let a = sink.newVariable().positive, b = sink.newVariable().positive
            sink.addAtLeast(t, of: l + ha, when: a)
            sink.addAtLeast(t, of: l + hb, when: b)
            // Implied: satisfied on both sides takes 2τ − s liars (l + h_A ≥ τ, l + h_B ≥ τ,
            // l + h_A + h_B ≤ s), which the solver would otherwise rediscover per class.
            let forced = 2 * t - s
            if forced >= 1 { sink.addClause([!a, !b, l[forced - 1]]) }
            liars.append(l); honestA.append(ha); honestB.append(hb)
            satA.append(a); satB.append(b)
        }
        // The declared quorum sets, satisfied by A or by B, over the classes' inner sets.
        var topA: [Int: Literal] = [:], topB: [Int: Literal] = [:], both: [Literal] = []
        for c in form.classes.indices {
            let d = sink.newVariable().positive
            sink.addClause([!satA[c], !satB[c], d])
            sink.addClause([!d, satA[c]])
            sink.addClause([!d, satB[c]])
            both.append(d)
        }
        var expired = false
        for (index, p) in form.declaredQSets.enumerated() {
            let q = fbas.qsets[p]
            let classes = q.innerQSets.map { form.classOfInnerSet[$0]! }
            let a = sink.newVariable().positive, b = sink.newVariable().positive
            topA[p] = a
            topB[p] = b
            // Past the deadline the rest is left out, as in QuorumEncoding: the caller must then
            // report a timeout, not trust the relaxed formula.
            if !expired, index % 16 == 15, limits?.isExpired ?? false { expired = true }
            if expired { continue }
            sink.addAtLeast(q.threshold, of: classes.map { satA[$0] }, when: a)
            sink.addAtLeast(q.threshold, of: classes.map { satB[$0] }, when: b)
            // Implied: A and B both satisfying it share 2t − |entries| classes (pigeonhole).
            let shared = 2 * q.threshold - classes.count
            if shared >= 1 {
                let ab = sink.newVariable().positive
                sink.addClause([!a, !b, ab])
                sink.addAtLeast(shared, of: classes.map { both[$0] }, when: ab)
            }
        }
        for (c, k) in form.classes.enumerated() {
            sink.addClause([!honestA[c][0], topA[k.qset]!])
            sink.addClause([!honestB[c][0], topB[k.qset]!])
        }
        // Each quorum has an honest member (all quorum sets are known).
        sink.addClause(honestA.map { $0[0] })
        sink.addClause(honestB.map { $0[0] })
        return OrganisationalSplittingVariables(form: form, liars: liars, honestA: honestA, honestB: honestB)
    }
}
