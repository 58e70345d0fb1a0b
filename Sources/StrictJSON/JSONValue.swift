/// A JSON document or any part of one, as read by ``JSONParser`` and written by ``JSONWriter``.
///
/// The model is deliberately lossless for what the FBAS checks need to report: numbers keep
/// their literal text (``JSONNumber``) and objects keep member order and duplicate keys
/// (``JSONObject``). Equality is structural and order-sensitive, so `parse(write(v)) == v`.
///
/// Values produced by the parser are at most `maxDepth` levels deep. Equality (`==`) and
/// ``JSONWriter`` never recurse, but Swift destroys nested arrays recursively, so a value built
/// by hand that is nested many thousands of levels deep can exhaust a small thread stack when it
/// is dropped. At the parser's default limit of 512 levels this uses well under 512 KB of stack.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

// MARK: - Equality

extension JSONValue {
    /// Structural equality: same case, same number text, same strings, same elements, and the
    /// same object members in the same order.
    ///
    /// Written out with an explicit stack because the synthesized version recurses once per
    /// nesting level with a large frame in unoptimised builds (over 500 bytes a level), which
    /// would overflow a 512 KB thread stack on values the parser legitimately returns.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        var pending: [(JSONValue, JSONValue)] = []
        var pair = (lhs, rhs)
        while true {
            switch pair {
            case (.null, .null):
                break
            case (.bool(let a), .bool(let b)):
                guard a == b else { return false }
            case (.number(let a), .number(let b)):
                guard a == b else { return false }
            case (.string(let a), .string(let b)):
                guard a == b else { return false }
            case (.array(let a), .array(let b)):
                guard a.count == b.count else { return false }
                for i in a.indices.reversed() {
                    pending.append((a[i], b[i]))
                }
            case (.object(let a), .object(let b)):
                guard a.members.count == b.members.count else { return false }
                for i in a.members.indices.reversed() {
                    guard a.members[i].key == b.members[i].key else { return false }
                    pending.append((a.members[i].value, b.members[i].value))
                }
            default:
                return false
            }
            guard let next = pending.popLast() else { return true }
            pair = next
        }
    }
}

// MARK: - Accessors

extension JSONValue {
    /// The members if this is an object, otherwise `nil`.
    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements if this is an array, otherwise `nil`.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The text if this is a string, otherwise `nil`.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The truth value if this is `true` or `false`, otherwise `nil`.
    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The number if this is a number, otherwise `nil`.
    public var number: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value of the first member named `key` if this is an object; `nil` if this is not an
    /// object or has no such member. Lets readers chain lookups such as `value["quorumSet"]?["threshold"]`.
    public subscript(key: String) -> JSONValue? {
        object?[key]
    }

    /// A short noun phrase for error messages, such as "an object" or "a number", so that a
    /// reader can say "expected an array, found a string".
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

// MARK: - Literals (mostly for tests and hand-built documents)

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A float literal becomes the shortest decimal text that reads back as the same `Double`.
    public init(floatLiteral value: Double) {
        // Literals are always finite, so the failable initializer cannot fail here.
        self = .number(JSONNumber(value) ?? JSONNumber(0))
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Members keep the literal's order; repeated keys are kept as duplicates, as in parsed input.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value, so that test failures and logs show real JSON.
    public var description: String { JSONWriter.write(self) }
}
