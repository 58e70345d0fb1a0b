import FBASModel

/// Brute-force answers for tiny networks (all subsets; up to about 12 validators), straight
/// from the definitions. Used only by tests, as the reference every back end must match.
struct Oracle {
    let fbas: FBAS
    var n: Int { fbas.count }

    func subsets(of units: Int) -> [[Int]] {
        (0..<(1 << units)).map { mask in (0..<units).filter { mask >> $0 & 1 == 1 } }
            .sorted { $0.count < $1.count }
    }

    func containsQuorum(_ s: BitSet) -> Bool { !fbas.maximalQuorum(within: s).isEmpty }

    var quorums: [BitSet] {
        subsets(of: n).map { fbas.set($0) }.filter { fbas.isQuorum($0) }
    }

    /// nil: no quorum; true: intersects; false: split.
    var intersects: Bool? {
        let all = quorums
        if all.isEmpty { return nil }
        return !all.contains { containsQuorum($0.complement) }
    }

    func members(_ units: [Int], _ grouping: Grouping?) -> [Int] {
        guard let grouping else { return units }
        return units.flatMap { grouping.groups[$0].members }
    }

    func minimumBlocking(grouping: Grouping? = nil, down: [Int] = []) -> Int {
        let units = grouping?.groups.count ?? n
        let rest = fbas.allValidators.subtracting(fbas.set(down))
        for b in subsets(of: units) where !containsQuorum(rest.subtracting(fbas.set(members(b, grouping)))) {
            return b.count
        }
        fatalError("blocking every unit always blocks")
    }

    /// Whether `f` splits: disjoint X, Y outside F with X ∪ F and Y ∪ F quorums modulo F.
    func splits(_ f: BitSet) -> Bool {
        let outside = f.complement
        for x in subsets(of: n).map({ fbas.set($0) }) where x.isSubset(of: outside) && isQuorumModulo(x, f) {
            let y = greatestModulo(outside.subtracting(x), f)
            if y.contains(where: { fbas.hasKnownQSet($0) }) { return true }
        }
        return false
    }

    /// X (outside F) with F is a quorum modulo F: every member of X has a known quorum set
    /// satisfied by X ∪ F (unknown ones allowed under free), and some member's is known.
    func isQuorumModulo(_ x: BitSet, _ f: BitSet) -> Bool {
        let s = x.union(f)
        var known = false
        for v in x {
            guard let q = fbas.qsetOf[v] else {
                if fbas.policy == .dead { return false }
                continue
            }
            guard fbas.isSatisfied(qset: q, by: s) else { return false }
            known = true
        }
        return known
    }

    /// The largest X ⊆ candidates whose members are satisfied by X ∪ F.
    func greatestModulo(_ candidates: BitSet, _ f: BitSet) -> BitSet {
        var x = candidates
        if fbas.policy == .dead { for v in x where fbas.qsetOf[v] == nil { x.remove(v) } }
        while true {
            let s = x.union(f)
            let drop = x.filter { v in fbas.qsetOf[v].map { !fbas.isSatisfied(qset: $0, by: s) } ?? false }
            if drop.isEmpty { return x }
            for v in drop { x.remove(v) }
        }
    }

    /// nil when no splitting set exists.
    func minimumSplitting(grouping: Grouping? = nil) -> Int? {
        let units = grouping?.groups.count ?? n
        for f in subsets(of: units) where splits(fbas.set(members(f, grouping))) { return f.count }
        return nil
    }

    /// fbas_analyzer's merge: the fewest groups touched by some splitting set (the liars may
    /// be any subset of the chosen groups). nil when no splitting set exists.
    func minimumSplittingWithinGroups(_ grouping: Grouping) -> Int? {
        subsets(of: n).filter { splits(fbas.set($0)) }.map { Set($0.map { grouping.groupOf[$0] }).count }.min()
    }

    /// The fewest liars L of a capture of `core`: a set whose known core members are all in L
    /// and whose other members with known quorum sets, at least one of them, are satisfied by it
    /// with L. nil when there is none.
    func leastCapture(core: BitSet) -> Int? {
        let knownCore = fbas.set(core.filter { fbas.hasKnownQSet($0) })
        for l in subsets(of: n) {
            let liars = fbas.set(l)
            let honest = greatestModulo(fbas.allValidators.subtracting(liars).subtracting(knownCore), liars)
            if honest.contains(where: { fbas.hasKnownQSet($0) }) { return l.count }
        }
        return nil
    }

    func leastQuorum(weighing w: BitSet) -> Int? {
        quorums.map { $0.intersection(w).count }.min()
    }
}

extension Oracle {
    /// Quorums none of whose proper subsets is a quorum.
    var minimalQuorums: [BitSet] {
        let all = quorums
        return all.filter { q in !all.contains { $0 != q && $0.isSubset(of: q) } }
    }

    /// The union of all minimal quorums.
    var topTier: Set<Int> { Set(minimalQuorums.flatMap { Array($0) }) }
}
