/// A network made of organisations only: its validators fall into classes, each class is one
/// inner quorum set (a threshold over exactly its members) and shares one quorum set, and every
/// quorum set a validator declares is a threshold over such classes (no validators named
/// directly, no deeper nesting). The flat family and python-fbas's almost-symmetric networks
/// have this form.
///
/// Validators of one class are then interchangeable everywhere, so a question about which of
/// them do what only needs how many of them do it: an encoding can count per class instead of
/// choosing validators one by one (papers/encodings.md, "Counting organisations").
public struct OrganisationalForm: Sendable, Equatable {
    public struct Class: Sendable, Equatable {
        /// Its validators, increasing.
        public var members: [Int]
        /// The id of the inner quorum set over exactly these members.
        public var innerSet: Int
        /// That inner set's threshold.
        public var threshold: Int
        /// The quorum set every member declares.
        public var qset: Int
    }

    public var classes: [Class]
    /// The class of each inner set id that is one.
    public var classOfInnerSet: [Int: Int]
    /// The distinct quorum sets validators declare, increasing.
    public var declaredQSets: [Int]
}

extension FBAS {
    /// The organisational form of the network restricted to `among` (nil: everyone), when every
    /// validator there has a known quorum set, every validator its quorum set names is there too,
    /// and the conditions of ``OrganisationalForm`` hold; nil otherwise. A closed core (see
    /// ``closedCore(among:)``) of a network of organisations has the form even when the network,
    /// with validators outside the core, does not.
    public func organisationalForm(among: BitSet? = nil) -> OrganisationalForm? {
        let universe = among ?? allValidators
        guard !universe.isEmpty, universe.allSatisfy({ hasKnownQSet($0) }) else { return nil }
        let declared = Array(Set(universe.compactMap { qsetOf[$0] })).sorted()
        var classOfInnerSet: [Int: Int] = [:]
        var classes: [OrganisationalForm.Class] = []
        var classOfValidator: [Int?] = Array(repeating: nil, count: count)
        for top in declared {
            let q = qsets[top]
            guard q.validators.isEmpty, !q.innerQSets.isEmpty else { return nil }
            for i in q.innerQSets where classOfInnerSet[i] == nil {
                let inner = qsets[i]
                guard inner.innerQSets.isEmpty, !inner.validators.isEmpty else { return nil }
                let memberQSet = qsetOf[inner.validators[0]]
                for v in inner.validators {
                    // Each validator in one class only, inside the universe, and a class shares
                    // one quorum set.
                    guard universe.contains(v), classOfValidator[v] == nil, qsetOf[v] == memberQSet else { return nil }
                    classOfValidator[v] = classes.count
                }
                classOfInnerSet[i] = classes.count
                classes.append(.init(members: inner.validators, innerSet: i, threshold: inner.threshold, qset: memberQSet!))
            }
        }
        // Every validator belongs to a class (one nobody names would need a class of its own).
        guard universe.allSatisfy({ classOfValidator[$0] != nil }) else { return nil }
        return OrganisationalForm(classes: classes, classOfInnerSet: classOfInnerSet, declaredQSets: declared)
    }
}

extension OrganisationalForm {
    /// The splitting set and two quorums that per-class counts describe (validators,
    /// increasing): in each class the first `liars` members lie and are in both quorums, the
    /// next `honestA` join A, the next `honestB` join B. Members are interchangeable within a
    /// class, so which ones is immaterial; this is the one place that picks them.
    public func split(_ counts: (Int) -> (liars: Int, honestA: Int, honestB: Int)) -> (set: [Int], a: [Int], b: [Int]) {
        var set: [Int] = [], a: [Int] = [], b: [Int] = []
        for (c, k) in classes.enumerated() {
            let (l, ha, hb) = counts(c)
            let members = k.members
            set += members.prefix(l)
            a += members.prefix(l) + members.dropFirst(l).prefix(ha)
            b += members.prefix(l) + members.dropFirst(l + ha).prefix(hb)
        }
        return (set.sorted(), a.sorted(), b.sorted())
    }
}
