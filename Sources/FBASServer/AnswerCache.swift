import FBASReport
import StrictJSON
import Synchronization

/// Answers already computed, least recently used first out: an explorer sends the same network
/// after every crawl, and the second time costs a parse and a lookup. Only complete answers
/// are kept (a timeout's bounds are not the answer a longer limit would give).
///
/// Keys hold the whole canonical network (`NetworkIdentity` of FBASReport), so a hit is an identical
/// question, never a hash collision.
public final class AnswerCache: Sendable {
    /// An endpoint, the options that shape its answer, and the network.
    public struct Key: Hashable, Sendable {
        public var endpoint: String
        public var options: String
        public var network: NetworkIdentity
    }

    private struct State {
        var entries: [Key: (body: JSONValue, lastUse: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    /// Answers kept at most; 0 turns the cache off.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The answer stored under `key`, marking it as just used.
    public func answer(for key: Key) -> JSONValue? {
        guard capacity > 0 else { return nil }
        return state.withLock { s in
            guard let entry = s.entries[key] else { return nil }
            s.clock += 1
            s.entries[key] = (entry.body, s.clock)
            return entry.body
        }
    }

    /// Keeps `body` under `key`, dropping the least recently used answer when full.
    public func store(_ body: JSONValue, for key: Key) {
        guard capacity > 0 else { return }
        state.withLock { s in
            s.clock += 1
            if s.entries[key] == nil, s.entries.count >= capacity,
               let oldest = s.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                s.entries.removeValue(forKey: oldest)
            }
            s.entries[key] = (body, s.clock)
        }
    }

    /// Answers held now.
    public var count: Int { state.withLock { $0.entries.count } }
}
