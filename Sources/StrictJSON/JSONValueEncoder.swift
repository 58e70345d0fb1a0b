/// Turns any `Encodable` value into a ``JSONValue``, keeping object members in the order the
/// value encodes them and writing `nil` optionals as `null`.
///
/// This is the one place where results and reports become JSON: every client (the command
/// line, the HTTP service) encodes the same `Codable` values through it and prints them with
/// ``JSONWriter``. Foundation's `JSONEncoder` orders members by hash on Linux, so the same
/// report would print differently from run to run; and it omits `nil` optionals, where a
/// schema wants an explicit `null` ("not known") rather than a missing member.
///
/// Doubles that are not finite have no JSON form; they encode as `null`.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// The JSON form of `value`.
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node.Box()
        try encodeValue(value, into: root, path: [])
        return root.resolved
    }

    /// The JSON text of `value`, through ``JSONWriter``.
    public func encodeText(_ value: some Encodable, pretty: Bool = true) throws -> String {
        JSONWriter.write(try encode(value), pretty: pretty)
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        if let e = encoder as? ValueEncoder {
            e.box.setValue(self)
            return
        }
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if let i = n.intValue { try c.encode(i) } else { try c.encode(n.doubleValue ?? 0) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o):
            var keyed = encoder.container(keyedBy: AnyKey.self)
            for (k, v) in o.members { try keyed.encode(v, forKey: AnyKey(k)) }
        }
    }
}

/// A coding key made from any string (metadata passes through with its own keys).
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue) }
}

/// A JSON value under construction: containers hand out boxes their children fill in later.
/// Children are appended to the box in place, so a container of n members costs O(n), not the
/// O(n²) of copying an enum payload on every append.
enum Node {
    final class Box {
        enum Kind { case unset, value(JSONValue), object, array }
        var kind = Kind.unset
        var members: [(String, Box)] = []
        var items: [Box] = []

        func setValue(_ v: JSONValue) {
            kind = .value(v)
            members = []
            items = []
        }

        var resolved: JSONValue {
            switch kind {
            case .value(let v): return v
            case .unset: return .object(JSONObject())
            case .array: return .array(items.map(\.resolved))
            case .object:
                var o = JSONObject()
                var position: [String: Int] = [:]
                for (k, box) in members {
                    // A key encoded twice keeps its last value, at its first position.
                    if let i = position[k] {
                        o.members[i].value = box.resolved
                    } else {
                        position[k] = o.members.count
                        o.members.append((key: k, value: box.resolved))
                    }
                }
                return .object(o)
            }
        }
    }
}

func jsonNumber(_ d: Double) -> JSONValue {
    guard d.isFinite, let n = JSONNumber(d) else { return .null }
    return .number(n)
}

struct ValueEncoder: Encoder {
    let box: Node.Box
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = box.kind {} else { box.kind = .object; box.members = [] }
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = box.kind {} else { box.kind = .array; box.items = [] }
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Node.Box
        var codingPath: [any CodingKey]

        func child(_ key: Key) -> Node.Box { child(named: key.stringValue) }

        func child(named name: String) -> Node.Box {
            let b = Node.Box()
            box.members.append((name, b))
            return b
        }

        mutating func encodeNil(forKey key: Key) throws { child(key).setValue(.null) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try encodeValue(value, into: child(key), path: codingPath + [key])
        }
        // Synthesized conformances skip nil optionals; a report says `null` instead.
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeIfPresent(value as Bool?, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeIfPresent(value as String?, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeIfPresent(value as Double?, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeIfPresent(value as Float?, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int?, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeIfPresent(value as Int8?, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeIfPresent(value as Int16?, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeIfPresent(value as Int32?, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeIfPresent(value as Int64?, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeIfPresent(value as UInt?, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeIfPresent(value as UInt8?, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeIfPresent(value as UInt16?, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeIfPresent(value as UInt32?, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeIfPresent(value as UInt64?, key) }
        private mutating func encodeIfPresent<T: Encodable>(_ value: T?, _ key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            ValueEncoder(box: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            ValueEncoder(box: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(box: child(named: "super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(box: child(key), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Node.Box
        var codingPath: [any CodingKey]
        var count: Int { box.items.count }

        func child() -> Node.Box {
            let b = Node.Box()
            box.items.append(b)
            return b
        }

        mutating func encodeNil() throws { child().setValue(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try encodeValue(value, into: child(), path: codingPath + [AnyKey(String(count))])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            ValueEncoder(box: child(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            ValueEncoder(box: child(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(box: child(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let box: Node.Box
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { box.setValue(.null) }
        mutating func encode(_ value: Bool) throws { box.setValue(.bool(value)) }
        mutating func encode(_ value: String) throws { box.setValue(.string(value)) }
        mutating func encode(_ value: Double) throws { box.setValue(jsonNumber(value)) }
        mutating func encode(_ value: Float) throws { box.setValue(jsonNumber(Double(value))) }
        mutating func encode(_ value: Int) throws { box.setValue(.number(JSONNumber(value))) }
        mutating func encode(_ value: Int8) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int16) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int32) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int64) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt) throws { box.setValue(.number(JSONNumber(text: String(value)))) }
        mutating func encode(_ value: UInt8) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt16) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt32) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt64) throws { box.setValue(.number(JSONNumber(text: String(value)))) }
        mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: box, path: codingPath) }
    }
}

/// Encodes one value into `box`, taking the short path for the primitive types (whose own
/// `encode(to:)` would ask for a single-value container anyway).
func encodeValue<T: Encodable>(_ value: T, into box: Node.Box, path: [any CodingKey]) throws {
    switch value {
    case let v as JSONValue: box.setValue(v)
    case let v as String: box.setValue(.string(v))
    case let v as Bool: box.setValue(.bool(v))
    case let v as Int: box.setValue(.number(JSONNumber(v)))
    case let v as Double: box.setValue(jsonNumber(v))
    case let d as [String: any Encodable]:
        // A dictionary's own encoding follows its hash order, which changes from run to run.
        let encoder = ValueEncoder(box: box, codingPath: path)
        var c = encoder.container(keyedBy: AnyKey.self)
        for key in d.keys.sorted() { try c.encode(d[key]!, forKey: AnyKey(key)) }
    default: try value.encode(to: ValueEncoder(box: box, codingPath: path))
    }
}
