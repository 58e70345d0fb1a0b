/// A JSON object: members in input order, duplicate keys preserved.
///
/// RFC 8259 leaves duplicate keys undefined and most parsers silently keep the last one. Network
/// descriptions are hand-edited and machine-merged, so the FBAS checks want to *report*
/// duplicates; keeping every member in order makes that possible and makes writing reproduce
/// the input's layout.
///
/// Lookups by key scan the members (objects in network descriptions have a few dozen keys at
/// most); the first occurrence wins, matching what a reader should then report as a duplicate.
public struct JSONObject: Equatable, Sendable {
    /// The members in order. Keys may repeat.
    public var members: [(key: String, value: JSONValue)]

    /// An object with the given members, in order; repeated keys are kept.
    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    /// The number of members, counting duplicates.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order, with duplicates.
    public var keys: [String] { members.map(\.key) }

    /// The keys that occur more than once, each listed once, in order of first occurrence.
    public var duplicateKeys: [String] {
        guard members.count > 1 else { return [] }
        // Readers ask this of every object; most have a handful of keys, which compare faster
        // than they hash.
        if members.count <= 16 {
            var result: [String] = []
            for i in 1..<members.count {
                let key = members[i].key
                if members[..<i].contains(where: { $0.key == key }), !result.contains(key) { result.append(key) }
            }
            return result
        }
        // A crawler's node objects have about 30 keys and no duplicates: sorting settles that
        // with fewer comparisons than hashing every key (SipHash) into a set.
        let sorted = members.map(\.key).sorted()
        guard zip(sorted, sorted.dropFirst()).contains(where: { $0 == $1 }) else { return [] }
        var seen = Set<String>()
        var reported = Set<String>()
        var result: [String] = []
        for (key, _) in members where !seen.insert(key).inserted && reported.insert(key).inserted {
            result.append(key)
        }
        return result
    }

    /// The value of the first member named `key`.
    ///
    /// Setting a value behaves like ``set(_:to:)``; setting `nil` removes every member named `key`.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let newValue {
                set(key, to: newValue)
            } else {
                removeAll(key: key)
            }
        }
    }

    /// The values of every member named `key`, in order.
    public func values(forKey key: String) -> [JSONValue] {
        members.filter { $0.key == key }.map(\.value)
    }

    /// Replaces the value of the first member named `key`, keeping its place, or appends a new
    /// member if there is none. Later duplicates are left alone.
    public mutating func set(_ key: String, to value: JSONValue) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key: key, value: value))
        }
    }

    /// Appends a member at the end, even if `key` is already present (creating a duplicate).
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key: key, value: value))
    }

    /// Removes every member named `key` and returns the value of the first one, if any.
    @discardableResult
    public mutating func removeAll(key: String) -> JSONValue? {
        let first = self[key]
        members.removeAll { $0.key == key }
        return first
    }

    /// Equal when both have the same members in the same order (tuples are not `Equatable`,
    /// so this cannot be synthesized).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (l, r) in zip(lhs.members, rhs.members) where l.key != r.key || l.value != r.value {
            return false
        }
        return true
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Members keep the literal's order; repeated keys are kept as duplicates.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension JSONObject: CustomStringConvertible {
    /// The compact JSON text of the object.
    public var description: String { JSONWriter.write(.object(self)) }
}
