import FBASModel
import SolverCore

/// The least-quorum question (a quorum of least weight) of a network in `OrganisationalForm`,
/// decided per class.
///
/// A quorum of such a network meets the inner sets of some classes S, and each member's class
/// needs its quorum set met by S. Members of a class outside S, or beyond the class's threshold,
/// add weight and meet nothing more, so some least quorum takes, from each class of S, exactly
/// threshold-many members, the lightest. The question is then which classes: one variable per
/// class, weighing what its lightest threshold-many members weigh, instead of one per validator
/// (papers/encodings.md, "Counting organisations"). Without symmetries to break (an asymmetric
/// top tier, members of one organisation weighing differently), choosing validators made the
/// solver refute every choice of members apart.
public struct OrganisationalQuorumVariables: Sendable {
    public var form: OrganisationalForm
    /// Per class: its inner set is met (its lightest threshold-many members are in the quorum).
    public var met: [Literal]
    /// Per class: the members taken when it is met, lightest first.
    public var taken: [[Int]]
    /// Per class: what those members weigh.
    public var weight: [Int]

    /// The quorum of a model: the members taken from each met class.
    public func members(in value: (Literal) -> Bool) -> [Int] {
        met.indices.filter { value(met[$0]) }.flatMap { taken[$0] }.sorted()
    }
}

public enum OrganisationalQuorumEncoding {
    /// Adds "the met classes form a quorum": at least one class, and each met class's quorum set
    /// met by the met classes. The caller minimises the weight of the met classes (a soft
    /// `¬met[c]` of weight `weight[c]` each).
    ///
    /// - Parameters:
    ///   - form: the organisational form of the universe the quorum is sought in; every class's
    ///     threshold must be at least 1 (a class met with no member would give empty quorums).
    ///   - weight: the weight of each validator.
    ///
    /// With `limits`, encoding stops between declared sets once they expire, leaving the sink
    /// incomplete: the caller must then not solve it (flat-1000's 334 thresholds of 223 took
    /// 0.7 s past a deadline).
    public static func leastQuorum(_ fbas: FBAS, form: OrganisationalForm, weight: (Int) -> Int,
                                   into sink: some CardinalityConstraintSink, limits: SolveLimits? = nil) -> OrganisationalQuorumVariables {
        precondition(form.classes.allSatisfy { $0.threshold >= 1 }, "a class met by no member")
        var met: [Literal] = [], taken: [[Int]] = [], weights: [Int] = []
        for k in form.classes {
            met.append(sink.newVariable().positive)
            // Stable by member id among equal weights, so the witness is the same every run.
            let lightest = Array(k.members.sorted { (weight($0), $0) < (weight($1), $1) }.prefix(k.threshold))
            taken.append(lightest.sorted())
            weights.append(lightest.reduce(0) { $0 + weight($1) })
        }
        let declaredMet = declaredSetsMet(fbas, form: form, met: met, into: sink, limits: limits)
        let variables = OrganisationalQuorumVariables(form: form, met: met, taken: taken, weight: weights)
        if limits?.isExpired == true { return variables }
        for (c, k) in form.classes.enumerated() { sink.addClause([!met[c], declaredMet[k.qset]!]) }
        sink.addClause(met)
        // Implied: a met class's quorum set alone needs its threshold of met classes, a count
        // the optimiser's lower bound would otherwise have to find by search. It pays when every
        // class weighs the same (min-quorum on tiered-1000 with an asymmetric tier: 12.5 ->
        // 7.7 s), and costs when weights differ (the history-critical set there: 6.3 -> 8.1 s).
        for p in form.declaredQSets where Set(weights).count == 1 && fbas.qsets[p].threshold >= 2 {
            if limits?.isExpired == true { break }
            sink.addAtLeast(fbas.qsets[p].threshold, of: met, when: declaredMet[p]!)
        }
        return variables
    }
}

extension OrganisationalQuorumEncoding {
    /// Per declared quorum set, a literal that implies the set is met by the classes whose
    /// `met` literal holds (its threshold of its classes' inner sets).
    /// With `limits`, stops once they expire (the result then lacks sets).
    static func declaredSetsMet(_ fbas: FBAS, form: OrganisationalForm, met: [Literal],
                                into sink: some CardinalityConstraintSink, limits: SolveLimits? = nil) -> [Int: Literal] {
        var declaredMet: [Int: Literal] = [:]
        for p in form.declaredQSets {
            if limits?.isExpired == true { break }
            let q = fbas.qsets[p]
            let d = sink.newVariable().positive
            sink.addAtLeast(q.threshold, of: q.innerQSets.map { met[form.classOfInnerSet[$0]!] }, when: d)
            declaredMet[p] = d
        }
        return declaredMet
    }
}

/// The variables of ``OrganisationalQuorumEncoding/exemptibleQuorum(_:form:into:)``.
public struct ExemptibleQuorumVariables: Sendable {
    /// Per class: its inner set is met.
    public var met: [Literal]
    /// Per class: met without its own quorum set being met (its members there all lie).
    public var exempt: [Literal]
    /// Per declared quorum set: a literal that implies the set is met by the met classes.
    public var declaredMet: [Int: Literal]
}

extension OrganisationalQuorumEncoding {
    /// Adds "the met classes S, with the exempt ones D ⊆ S, form a quorum": some declared quorum
    /// set is met by S (a quorum's honest member), and every class of S outside D has its own
    /// quorum set met by S. The splitting bound of `Analyses` minimises a weight over S and D.
    public static func exemptibleQuorum(_ fbas: FBAS, form: OrganisationalForm,
                                        into sink: some CardinalityConstraintSink) -> ExemptibleQuorumVariables {
        let met = form.classes.map { _ in sink.newVariable().positive }
        let exempt = form.classes.map { _ in sink.newVariable().positive }
        let declaredMet = declaredSetsMet(fbas, form: form, met: met, into: sink)
        for (c, k) in form.classes.enumerated() {
            sink.addClause([!exempt[c], met[c]])
            sink.addClause([!met[c], exempt[c], declaredMet[k.qset]!])
        }
        sink.addClause(form.declaredQSets.map { declaredMet[$0]! })
        return ExemptibleQuorumVariables(met: met, exempt: exempt, declaredMet: declaredMet)
    }

    /// Adds "exactly `size` classes are met" to the exemptible quorum, with the count that fixing
    /// the size implies: a declared quorum set met by the met classes leaves at most
    /// `size − threshold` of them outside its own classes. Fixing the size turns the weighted
    /// question into pure counts, and the implied count is what the solver would otherwise learn
    /// one organisation at a time (the asymmetric 30-organisation tier of tiered-1000: "20
    /// classes, at most one exempt" refuted in 11.6 s without it, 0.3 s with it).
    public static func exemptibleQuorum(_ fbas: FBAS, form: OrganisationalForm, size: Int,
                                        into sink: some CardinalityConstraintSink) -> ExemptibleQuorumVariables {
        let q = exemptibleQuorum(fbas, form: form, into: sink)
        sink.addAtLeast(size, of: q.met, when: nil)
        sink.addAtMost(size, of: q.met, when: nil)
        for p in form.declaredQSets {
            let own = Set(fbas.qsets[p].innerQSets.map { form.classOfInnerSet[$0]! })
            let outside = form.classes.indices.filter { !own.contains($0) }.map { q.met[$0] }
            sink.addAtMost(size - fbas.qsets[p].threshold, of: outside, when: q.declaredMet[p]!)
        }
        return q
    }
}
