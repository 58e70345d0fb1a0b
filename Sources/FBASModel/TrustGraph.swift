extension FBAS {
    /// The strongly connected components of the trust graph over the validators of `among`
    /// with known quorum sets: u → w when w is named anywhere in u's quorum set.
    ///
    /// The known members of a minimal quorum lie inside one component (papers/encodings.md),
    /// which lets the top-tier search look at far fewer validators.
    public func trustComponents(among: BitSet) -> [[Int]] {
        let known = among.filter { hasKnownQSet($0) }
        var successors: [[Int]] = Array(repeating: [], count: count)
        // Validators sharing a quorum set (python-fbas ones name one set) share its walk.
        var named: [Int: Set<Int>] = [:]
        for u in known {
            let q = qsetOf[u]!
            if named[q] == nil { named[q] = namedValidators(u) }
            successors[u] = named[q]!.filter { $0 != u && among.contains($0) && hasKnownQSet($0) }.sorted()
        }
        return Self.stronglyConnectedComponents(known, successors)
    }

    /// A closed core of the network: the largest sink component of the trust graph over the
    /// known validators of `among` (no member names a known validator outside it), with the
    /// validators of `among` with unknown quorum sets that its quorum sets name. Every validator
    /// a known member of the core names is in the core, which is what lets splitting sets be
    /// split into a question about the core and one about the rest (papers/encodings.md,
    /// "Splitting sets through a closed core").
    ///
    /// nil when the core would hold every known validator of `among`: nothing to split off.
    public func closedCore(among: BitSet) -> BitSet? {
        let components = trustComponents(among: among)
        var componentOf: [Int: Int] = [:]
        for (i, c) in components.enumerated() { for v in c { componentOf[v] = i } }
        var best: (component: Int, named: [Int])?
        for (i, component) in components.enumerated() {
            var named = Set<Int>(), closed = true
            for u in component {
                for w in namedValidators(u) where among.contains(w) {
                    if hasKnownQSet(w) {
                        if componentOf[w] != i { closed = false; break }
                    } else {
                        named.insert(w)
                    }
                }
                if !closed { break }
            }
            if closed, component.count > best.map({ components[$0.component].count }) ?? 0 {
                best = (i, named.sorted())
            }
        }
        guard let best, components[best.component].count < components.reduce(0, { $0 + $1.count }) else { return nil }
        return set(components[best.component] + best.named)
    }

    /// Which resolved quorum sets the validators of `universe` use: their own and, recursively,
    /// the inner sets of those. A question asked only of `universe` needs no other.
    public func qsetsUsed(by universe: BitSet) -> [Bool] {
        var used = Array(repeating: false, count: qsets.count)
        var stack = universe.compactMap { qsetOf[$0] }
        while let q = stack.popLast() {
            guard !used[q] else { continue }
            used[q] = true
            stack.append(contentsOf: qsets[q].innerQSets)
        }
        return used
    }

    /// Every validator named anywhere in `v`'s quorum set (none when it is unknown).
    public func namedValidators(_ v: Int) -> Set<Int> {
        guard let top = qsetOf[v] else { return [] }
        // Resolved sets share inner sets (identical ones, and python-fbas' named ones): each once.
        var stack = [top], names = Set<Int>(), seen = Set<Int>()
        while let q = stack.popLast() {
            guard seen.insert(q).inserted else { continue }
            names.formUnion(qsets[q].validators)
            stack.append(contentsOf: qsets[q].innerQSets)
        }
        return names
    }

    /// Tarjan's algorithm, iterative so that long trust chains cannot exhaust the stack.
    static func stronglyConnectedComponents(_ nodes: [Int], _ successors: [[Int]]) -> [[Int]] {
        var index: [Int: Int] = [:], low: [Int: Int] = [:], onStack = Set<Int>()
        var stack: [Int] = [], components: [[Int]] = [], counter = 0
        for root in nodes where index[root] == nil {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, next) = work.last {
                if next < successors[node].count {
                    work[work.count - 1].next += 1
                    let w = successors[node][next]
                    if index[w] == nil {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack.insert(w)
                        work.append((w, 0))
                    } else if onStack.contains(w) {
                        low[node] = min(low[node]!, index[w]!)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node]!, low[node]!) }
                    if low[node] == index[node] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack.remove(w)
                            component.append(w)
                            if w == node { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        return components
    }
}

extension FBAS {
    /// The validators reachable from `v` in the trust graph (v → w when w is named anywhere in
    /// v's quorum set), `v` included.
    public func reachable(from v: Int) -> BitSet {
        var seen = BitSet(capacity: count)
        seen.insert(v)
        var stack = [v]
        while let u = stack.popLast() {
            for w in namedValidators(u) where !seen.contains(w) {
                seen.insert(w)
                stack.append(w)
            }
        }
        return seen
    }

    /// The network made of the defined validators of `kept` only, each with its declared
    /// quorum set (or the one `qset` gives it; nil leaves it unknown). A reference to a
    /// validator left out becomes a reference to an undefined one: it still counts towards its
    /// threshold and, under `dead`, never holds. The new network's diagnostics are its own.
    public func restricted(to kept: BitSet, policy: UnknownQsetPolicy? = nil,
                           qset: ((Int) -> QuorumSet?)? = nil) -> FBAS {
        let raw = qset == nil ? rawQuorumSets : []
        let records = kept.filter { isDefined[$0] }.map { v in
            var r = validators[v]
            r.quorumSet = qset.map { $0(v) } ?? qsetOf[v].map { raw[$0] }
            return r
        }
        return FBAS(validators: records, policy: policy ?? self.policy)
    }
}
