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
        let encoder = ValueEncoder(box: root, codingPath: [])
        try value.encode(to: encoder)
        return root.node.resolved
    }

    /// The JSON text of `value`, through ``JSONWriter``.
    public func encodeText(_ value: some Encodable, pretty: Bool = true) throws -> String {
        JSONWriter.write(try encode(value), pretty: pretty)
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        if let e = encoder as? ValueEncoder {
            e.box.node = .value(self)
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
enum Node {
    case value(JSONValue)
    case object([(String, Box)])
    case array([Box])
    case unset

    final class Box {
        var node: Node = .unset
    }

    var resolved: JSONValue {
        switch self {
        case .value(let v): return v
        case .unset: return .object(JSONObject())
        case .array(let boxes): return .array(boxes.map { $0.node.resolved })
        case .object(let members):
            var o = JSONObject()
            for (k, box) in members {
                // A key encoded twice keeps its last value, at its first position.
                if let i = o.members.firstIndex(where: { $0.key == k }) {
                    o.members[i].value = box.node.resolved
                } else {
                    o.members.append((key: k, value: box.node.resolved))
                }
            }
            return .object(o)
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
        if case .object = box.node {} else { box.node = .object([]) }
        return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = box.node {} else { box.node = .array([]) }
        return Unkeyed(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(box: box, codingPath: codingPath) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Node.Box
        var codingPath: [any CodingKey]

        func child(_ key: Key) -> Node.Box {
            let b = Node.Box()
            if case .object(var members) = box.node {
                members.append((key.stringValue, b))
                box.node = .object(members)
            }
            return b
        }

        mutating func encodeNil(forKey key: Key) throws { child(key).node = .value(.null) }
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
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int?, key) }
        private mutating func encodeIfPresent<T: Encodable>(_ value: T?, _ key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            ValueEncoder(box: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            ValueEncoder(box: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(box: child(Key(stringValue: "super")!), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(box: child(key), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Node.Box
        var codingPath: [any CodingKey]
        var count: Int {
            if case .array(let a) = box.node { return a.count }
            return 0
        }

        func child() -> Node.Box {
            let b = Node.Box()
            if case .array(var items) = box.node {
                items.append(b)
                box.node = .array(items)
            }
            return b
        }

        mutating func encodeNil() throws { child().node = .value(.null) }
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

        mutating func encodeNil() throws { box.node = .value(.null) }
        mutating func encode(_ value: Bool) throws { box.node = .value(.bool(value)) }
        mutating func encode(_ value: String) throws { box.node = .value(.string(value)) }
        mutating func encode(_ value: Double) throws { box.node = .value(jsonNumber(value)) }
        mutating func encode(_ value: Float) throws { box.node = .value(jsonNumber(Double(value))) }
        mutating func encode(_ value: Int) throws { box.node = .value(.number(JSONNumber(value))) }
        mutating func encode(_ value: Int8) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int16) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int32) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int64) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt) throws { box.node = .value(.number(JSONNumber(text: String(value)))) }
        mutating func encode(_ value: UInt8) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt16) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt32) throws { try encode(Int(value)) }
        mutating func encode(_ value: UInt64) throws { box.node = .value(.number(JSONNumber(text: String(value)))) }
        mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: box, path: codingPath) }
    }
}

/// Encodes one value into `box`, taking the short path for the primitive types (whose own
/// `encode(to:)` would ask for a single-value container anyway).
func encodeValue<T: Encodable>(_ value: T, into box: Node.Box, path: [any CodingKey]) throws {
    switch value {
    case let v as JSONValue: box.node = .value(v)
    case let v as String: box.node = .value(.string(v))
    case let v as Bool: box.node = .value(.bool(v))
    case let v as Int: box.node = .value(.number(JSONNumber(v)))
    case let v as Double: box.node = .value(jsonNumber(v))
    default: try value.encode(to: ValueEncoder(box: box, codingPath: path))
    }
}
