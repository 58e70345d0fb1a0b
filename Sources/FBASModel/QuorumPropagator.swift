/// The greatest quorum inside a set, kept up to date as validators leave it: each quorum set
/// counts its satisfied entries, and a validator's departure lowers the counts of the sets that
/// list it, fails those that fall below their thresholds, and removes the validators whose sets
/// failed — unit propagation over thresholds. One fixpoint costs O(entries), not O(rounds ×
/// entries), and trying a removal costs only what it propagates, with an undo log to take it
/// back.
///
/// Greedy shrinking (a minimal quorum, a quorum kept around one validator) tries every member
/// once; with a fresh fixpoint per try that was quadratic in the validators, and a network of
/// 5,000 spent minutes there before any solver ran.
struct QuorumPropagator {
    let fbas: FBAS
    private var index: FBAS.ReverseIndex { fbas.reverseIndex }
    /// The greatest quorum-closed subset so far (it may hold only unknown validators, which
    /// makes it no quorum; see ``quorum``).
    private(set) var members: BitSet
    private var hits: [Int]
    private var satisfied: [Bool]
    /// Members with a known quorum set.
    private(set) var knownMembers: Int
    private var log: [Change] = []
    private var recording = false

    private enum Change {
        case member(Int)
        case hit(Int)
        case fell(Int)
    }

    /// Starts from `set` and removes, by propagation, every member the rest does not satisfy.
    init(_ fbas: FBAS, within set: BitSet) {
        self.fbas = fbas
        var start = set
        if fbas.policy == .dead { for v in set where fbas.qsetOf[v] == nil { start.remove(v) } }
        members = start
        knownMembers = start.filter { fbas.qsetOf[$0] != nil }.count
        // Inner sets have smaller ids, so one pass in id order counts bottom-up.
        hits = Array(repeating: 0, count: fbas.qsets.count)
        satisfied = Array(repeating: false, count: fbas.qsets.count)
        for (q, s) in fbas.qsets.enumerated() {
            var n = 0
            for v in s.validators where start.contains(v) { n += 1 }
            for i in s.innerQSets where satisfied[i] { n += 1 }
            hits[q] = n
            satisfied[q] = n >= s.threshold
        }
        let unsatisfied = start.filter { v in fbas.qsetOf[v].map { !satisfied[$0] } ?? false }
        remove(unsatisfied)
    }

    /// The greatest quorum inside the current set, or the empty set when it holds none.
    var quorum: BitSet { knownMembers > 0 ? members : BitSet(capacity: fbas.count) }

    /// Removes `validators` and everything their departure leaves unsatisfied.
    mutating func remove(_ validators: some Sequence<Int>) {
        var pending = Array(validators)
        var failing: [Int] = []
        while let u = pending.popLast() {
            guard members.contains(u) else { continue }
            members.remove(u)
            if fbas.qsetOf[u] != nil { knownMembers -= 1 }
            if recording { log.append(.member(u)) }
            for q in index.listing[u] { lower(Int(q), into: &failing) }
            while let q = failing.popLast() {
                for p in index.parents[q] { lower(Int(p), into: &failing) }
                for w in index.users[q] where members.contains(Int(w)) { pending.append(Int(w)) }
            }
        }
    }

    private mutating func lower(_ q: Int, into failing: inout [Int]) {
        hits[q] -= 1
        if recording { log.append(.hit(q)) }
        if satisfied[q], hits[q] < index.threshold[q] {
            satisfied[q] = false
            if recording { log.append(.fell(q)) }
            failing.append(q)
        }
    }

    /// Removes `v` and what follows; keeps the result when `keep` accepts it, else takes it
    /// back. Returns whether it was kept.
    mutating func tryRemoving(_ v: Int, keepIf keep: (Self) -> Bool) -> Bool {
        log.removeAll(keepingCapacity: true)
        recording = true
        remove(CollectionOfOne(v))
        recording = false
        if keep(self) { return true }
        for change in log.reversed() {
            switch change {
            case .member(let u):
                members.insert(u)
                if fbas.qsetOf[u] != nil { knownMembers += 1 }
            case .hit(let q): hits[q] += 1
            case .fell(let q): satisfied[q] = true
            }
        }
        return false
    }
}

extension FBAS {
    /// Who lists whom, for propagation: built once with the network (O(entries)), shared by
    /// every copy of it.
    final class ReverseIndex: Sendable {
        /// Per validator: the quorum sets that list it directly.
        let listing: Adjacency
        /// Per quorum set: the quorum sets that list it as an inner set.
        let parents: Adjacency
        /// Per quorum set: the validators whose own quorum set it is.
        let users: Adjacency
        /// Per quorum set: its threshold.
        let threshold: [Int]

        init(validators: Int, qsets: [QSet], qsetOf: [Int?]) {
            var listing: [(Int, Int)] = [], parents: [(Int, Int)] = [], users: [(Int, Int)] = []
            for (q, s) in qsets.enumerated() {
                for v in s.validators { listing.append((v, q)) }
                for i in s.innerQSets { parents.append((i, q)) }
            }
            for v in 0..<validators { if let q = qsetOf[v] { users.append((q, v)) } }
            self.listing = Adjacency(rows: validators, pairs: listing)
            self.parents = Adjacency(rows: qsets.count, pairs: parents)
            self.users = Adjacency(rows: qsets.count, pairs: users)
            threshold = qsets.map(\.threshold)
        }
    }

    /// Rows of small integers in one flat array (compressed sparse rows): a row is a slice, so
    /// walking it retains nothing — the propagation's inner loop spent a third of its time in
    /// reference counting with an array per row.
    struct Adjacency: Sendable {
        private let offsets: [Int]
        private let targets: [Int32]

        init(rows: Int, pairs: [(Int, Int)]) {
            var counts = Array(repeating: 0, count: rows + 1)
            for (r, _) in pairs { counts[r + 1] += 1 }
            for r in 0..<rows { counts[r + 1] += counts[r] }
            var fill = counts
            var targets = Array(repeating: Int32(0), count: pairs.count)
            for (r, t) in pairs {
                targets[fill[r]] = Int32(t)
                fill[r] += 1
            }
            offsets = counts
            self.targets = targets
        }

        subscript(row: Int) -> ArraySlice<Int32> { targets[offsets[row]..<offsets[row + 1]] }
    }
}
