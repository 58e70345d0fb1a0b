/// VSIDS branching order: variables that took part in recent conflicts are tried first.
///
/// Activities grow by an increment that itself grows geometrically, which is the same as
/// decaying every activity but costs O(1) per conflict. A binary max-heap keyed on activity
/// yields the next branching variable in O(log n).
struct VariableOrder {
    private(set) var activity: [Double] = []
    private var increment = 1.0
    /// How quickly old conflicts are forgotten (MiniSat's default).
    private let decayFactor = 0.95
    /// Variable indices, highest activity at index 0.
    private var heap: [Int] = []
    /// Where each variable sits in `heap`, or -1 when it is not there.
    private var position: [Int] = []

    /// Registers the next variable (index `activity.count`) as a candidate for branching.
    mutating func addVariable() {
        activity.append(0)
        position.append(-1)
        insert(activity.count - 1)
    }

    func contains(_ variable: Int) -> Bool { position[variable] >= 0 }

    mutating func insert(_ variable: Int) {
        guard !contains(variable) else { return }
        position[variable] = heap.count
        heap.append(variable)
        siftUp(heap.count - 1)
    }

    /// Removes and returns the most active variable, or nil when the heap is empty.
    mutating func removeMax() -> Int? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else {
            position[last] = -1
            return last
        }
        let top = heap[0]
        position[top] = -1
        heap[0] = last
        position[last] = 0
        siftDown(0)
        return top
    }

    mutating func bump(_ variable: Int) {
        activity[variable] += increment
        if activity[variable] > 1e100 {
            // Rescaling every activity by the same factor keeps the order and avoids overflow.
            for v in activity.indices { activity[v] *= 1e-100 }
            increment *= 1e-100
        }
        if contains(variable) { siftUp(position[variable]) }
    }

    mutating func decay() {
        increment /= decayFactor
    }

    private mutating func siftUp(_ start: Int) {
        let variable = heap[start]
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard activity[heap[parent]] < activity[variable] else { break }
            heap[i] = heap[parent]
            position[heap[i]] = i
            i = parent
        }
        heap[i] = variable
        position[variable] = i
    }

    private mutating func siftDown(_ start: Int) {
        let variable = heap[start]
        var i = start
        while true {
            let left = 2 * i + 1
            guard left < heap.count else { break }
            let right = left + 1
            let child = right < heap.count && activity[heap[right]] > activity[heap[left]] ? right : left
            guard activity[heap[child]] > activity[variable] else { break }
            heap[i] = heap[child]
            position[heap[i]] = i
            i = child
        }
        heap[i] = variable
        position[variable] = i
    }
}
