extension FBAS {
    /// The strongly connected components of the trust graph over the validators of `among`
    /// with known quorum sets: u → w when w is named anywhere in u's quorum set.
    ///
    /// The known members of a minimal quorum lie inside one component (papers/encodings.md),
    /// which lets the top-tier search look at far fewer validators.
    public func trustComponents(among: BitSet) -> [[Int]] {
        let known = among.filter { hasKnownQSet($0) }
        var successors: [[Int]] = Array(repeating: [], count: count)
        for u in known {
            var stack = [qsetOf[u]!], names = Set<Int>()
            while let q = stack.popLast() {
                names.formUnion(qsets[q].validators)
                stack.append(contentsOf: qsets[q].innerQSets)
            }
            successors[u] = names.filter { $0 != u && among.contains($0) && hasKnownQSet($0) }.sorted()
        }
        return Self.stronglyConnectedComponents(known, successors)
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
