/// Whether a set of validators is a *symmetric* top tier: all of them require the same thing
/// of the same validators.
extension FBAS {
    /// A validator's quorum set as the symmetry question reads it: one that leaves its own
    /// validator out reads as including it, with threshold + 1 ("I count myself"), which is how
    /// stellar-core and fbas_analyzer see it (a validator always agrees with itself). MobileCoin's
    /// ten validators each list the nine others with threshold 7: read this way, all ten hold
    /// the same 8-of-10. Quorum semantics do not change; this only decides "same quorum set".
    public func qsetIncludingItself(_ v: Int) -> QSet? {
        guard let q = qsetOf[v] else { return nil }
        let s = qsets[q]
        if mentions(qset: q, validator: v) { return s }
        return QSet(threshold: s.threshold + 1, validators: (s.validators + [v]).sorted(), innerQSets: s.innerQSets)
    }

    /// Every validator `q` names, at any level, increasing.
    public func validatorsNamed(by q: QSet) -> [Int] {
        var named = Set(q.validators)
        var stack = q.innerQSets, seen = Set<Int>()
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            named.formUnion(qsets[next].validators)
            stack.append(contentsOf: qsets[next].innerQSets)
        }
        return named.sorted()
    }

    /// Whether `v` appears anywhere in resolved quorum set `q`, inner sets included.
    func mentions(qset q: Int, validator v: Int) -> Bool {
        var stack = [q], seen = Set<Int>()
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            if qsets[next].validators.contains(v) { return true }
            stack.append(contentsOf: qsets[next].innerQSets)
        }
        return false
    }

    /// Whether every validator of `tier` has a known quorum set and all of them are the same
    /// once each reads as including itself (``qsetIncludingItself(_:)``). An empty tier is not
    /// symmetric.
    public func isSymmetricTier(_ tier: some Sequence<Int>) -> Bool {
        var first: QSet?
        var any = false
        for v in tier {
            guard let q = qsetIncludingItself(v) else { return false }
            if let first, first != q { return false }
            first = q
            any = true
        }
        return any
    }
}
