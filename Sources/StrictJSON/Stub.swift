// Temporary stub matching the agreed API; replaced by the parser's real sources.
public enum JSONValue: Equatable, Sendable { case null, bool(Bool), number(JSONNumber), string(String), array([JSONValue]), object(JSONObject) }
public struct JSONNumber: Equatable, Sendable {
    public let text: String
    public init(_ int: Int) { text = String(int) }
    public init(text: String) { self.text = text }
    public var intValue: Int? { Int(text) }
    public var doubleValue: Double? { Double(text) }
}
public struct JSONObject: Equatable, Sendable {
    public var members: [(key: String, value: JSONValue)]
    public init(_ members: [(key: String, value: JSONValue)] = []) { self.members = members }
    public subscript(key: String) -> JSONValue? { members.first { $0.key == key }?.value }
    public var keys: [String] { members.map(\.key) }
    public static func == (a: JSONObject, b: JSONObject) -> Bool { a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.key == $1.key && $0.value == $1.value } }
}
public struct JSONPosition: Equatable, Sendable { public var offset: Int; public var line: Int; public var column: Int }
public struct JSONSyntaxError: Error, Equatable, Sendable { public var message: String; public var position: JSONPosition }
public enum JSONParser { public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONSyntaxError) -> JSONValue { .null }
 public static func parse(_ bytes: [UInt8], maxDepth: Int = 512) throws(JSONSyntaxError) -> JSONValue { .null } }
public enum JSONWriter { public static func write(_ value: JSONValue, pretty: Bool = false) -> String { "" } }
extension JSONValue {
    public var object: JSONObject? { if case .object(let o) = self { o } else { nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var number: JSONNumber? { if case .number(let n) = self { n } else { nil } }
    public var isNull: Bool { self == .null }
}
