/// A change an operator considers before deploying it (`fbas what-if`): a validator's new
/// quorum set, a validator leaving, a validator joining.
public enum NetworkEdit: Sendable, Equatable, CustomStringConvertible {
    case setQuorumSet(publicKey: String, QuorumSet)
    case remove(publicKey: String)
    case add(Validator)

    public var description: String {
        switch self {
        case .setQuorumSet(let key, let q): return "set the quorum set of \(key) to \(q.readable())"
        case .remove(let key): return "remove \(key)"
        case .add(let v): return "add \(v.publicKey)" + (v.quorumSet.map { " with quorum set \($0.readable())" } ?? " (no quorum set)")
        }
    }
}

/// An edit that does not fit the network it is applied to.
public struct NetworkEditError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension FBAS {
    /// The records of the defined validators as read (declared quorum sets, not resolved ones):
    /// what the network was built from.
    public var records: [Validator] { (0..<count).filter { isDefined[$0] }.map { validators[$0] } }

    /// This network with `edits` applied in order, rebuilt (and checked) from its records under
    /// the same unknown-qset policy. A removed validator stays named in others' quorum sets,
    /// where it becomes a reference to a missing validator, as it would after a real departure.
    public func applying(_ edits: [NetworkEdit], file: String? = nil) throws(NetworkEditError) -> FBAS {
        var records = self.records
        for edit in edits {
            switch edit {
            case .setQuorumSet(let key, let q):
                guard let i = records.firstIndex(where: { $0.publicKey == key }) else {
                    throw NetworkEditError(description: "cannot set the quorum set of \(key): it is not a validator of the network (add it instead)")
                }
                records[i].quorumSet = q
            case .remove(let key):
                guard let i = records.firstIndex(where: { $0.publicKey == key }) else {
                    throw NetworkEditError(description: "cannot remove \(key): it is not a validator of the network")
                }
                records.remove(at: i)
            case .add(let v):
                if records.contains(where: { $0.publicKey == v.publicKey }) {
                    throw NetworkEditError(description: "cannot add \(v.publicKey): it is already a validator of the network (set its quorum set instead)")
                }
                records.append(v)
            }
        }
        return FBAS(validators: records, policy: policy, file: file)
    }
}

extension QuorumSet {
    /// Combines the set bottom-up: `combine` gets each set with the values of its inner sets, in
    /// order. A shared inner set is combined once and its value reused, so the work follows the
    /// sets as stored, not their expansion. Iterative, so that a pathological nesting cannot
    /// exhaust the stack.
    public func fold<T>(_ combine: (QuorumSet, [T]) -> T) -> T {
        var value: [ObjectIdentifier: T] = [:]
        var stack: [(set: QuorumSet, innerDone: Bool)] = [(self, false)]
        while let (set, innerDone) = stack.popLast() {
            if value[set.identity] != nil { continue }
            if innerDone {
                value[set.identity] = combine(set, set.innerQuorumSets.map { value[$0.identity]! })
            } else {
                stack.append((set, true))
                for inner in set.innerQuorumSets.reversed() where value[inner.identity] == nil { stack.append((inner, false)) }
            }
        }
        return value[identity]!
    }

    /// The quorum set as a person reads it: `2 of {A, B, 1 of {C, D}}`, with `name` giving a
    /// validator's display name (its key by default). Inner sets reached along several paths
    /// are written once, as `S1 = ...` after the set, and named where they occur, so that the
    /// text stays as small as the set.
    public func readable(_ name: (String) -> String = { $0 }) -> String {
        var references: [ObjectIdentifier: Int] = [:]
        if sharesInnerSets {
            // How many listings name each set, every set as stored visited once.
            var seen: Set<ObjectIdentifier> = [identity]
            var stack = [self]
            while let top = stack.popLast() {
                for inner in top.innerQuorumSets {
                    references[inner.identity, default: 0] += 1
                    if seen.insert(inner.identity).inserted { stack.append(inner) }
                }
            }
        }
        var definitions: [String] = []
        let text = fold { (set: QuorumSet, inner: [String]) -> String in
            let text = "\(set.threshold) of {" + (set.validators.map(name) + inner).joined(separator: ", ") + "}"
            guard references[set.identity, default: 0] > 1 else { return text }
            definitions.append("S\(definitions.count + 1) = \(text)")
            return "S\(definitions.count)"
        }
        return definitions.isEmpty ? text : text + " where " + definitions.reversed().joined(separator: "; ")
    }

    /// Every validator named anywhere in the set, inner sets included.
    public var allValidators: Set<String> {
        var found: Set<String> = []
        var seen: Set<ObjectIdentifier> = []
        var stack = [self]
        while let top = stack.popLast() {
            guard seen.insert(top.identity).inserted else { continue }
            found.formUnion(top.validators)
            stack.append(contentsOf: top.innerQuorumSets)
        }
        return found
    }
}
