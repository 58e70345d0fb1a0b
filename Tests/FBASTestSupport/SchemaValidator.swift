import Foundation
import StrictJSON

/// The part of JSON Schema (2020-12) our committed schema uses: `$ref` into `$defs`, `type`,
/// `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `anyOf`,
/// `minimum`. Enough to hold real outputs to the schema; anything else in a schema fails
/// loudly, so the schema cannot grow a keyword this checker silently ignores.
public struct SchemaValidator {
    public let root: JSONValue

    /// A checker for the definitions under `root`'s `$defs`.
    public init(root: JSONValue) { self.root = root }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func committed() throws -> SchemaValidator {
        let bytes = try Data(contentsOf: packageRoot.appendingPathComponent("schemas/fbas.schema.json"))
        return SchemaValidator(root: try JSONParser.parse(Array(bytes)))
    }

    /// Problems of `value` against the definition `name` (empty when it conforms).
    public func problems(_ value: JSONValue, against name: String) -> [String] {
        var found: [String] = []
        check(value, .object(JSONObject([("$ref", .string("#/$defs/\(name)"))])), path: "$", into: &found)
        return found
    }

    static let known: Set<String> = ["$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf",
                                     "minimum", "description", "$schema", "$id", "title", "$defs"]

    func check(_ v: JSONValue, _ schema: JSONValue, path: String, into found: inout [String]) {
        guard let s = schema.object else { found.append("\(path): schema is not an object"); return }
        for key in s.keys where !Self.known.contains(key) { found.append("\(path): unsupported schema keyword \(key)") }
        if let r = s["$ref"]?.string {
            let name = String(r.dropFirst("#/$defs/".count))
            guard let def = root.object?["$defs"]?.object?[name] else { found.append("\(path): no definition \(r)"); return }
            check(v, def, path: path, into: &found)
        }
        if let options = s["anyOf"]?.array {
            let ok = options.contains { option in
                var sub: [String] = []
                check(v, option, path: path, into: &sub)
                return sub.isEmpty
            }
            if !ok { found.append("\(path): matches none of anyOf") }
        }
        if let allowed = s["enum"]?.array, !allowed.contains(v) { found.append("\(path): \(JSONWriter.write(v)) not in enum") }
        if let type = s["type"]?.string, !Self.has(v, type: type) { found.append("\(path): expected \(type), got \(JSONWriter.write(v).prefix(60))") }
        if let minimum = s["minimum"]?.number?.doubleValue, let n = v.number?.doubleValue, n < minimum { found.append("\(path): \(n) below \(minimum)") }
        if let o = v.object {
            let properties = s["properties"]?.object
            for key in s["required"]?.array?.compactMap(\.string) ?? [] where o[key] == nil { found.append("\(path): missing \(key)") }
            for (key, value) in o.members {
                if let p = properties?[key] { check(value, p, path: "\(path).\(key)", into: &found) }
                else if s["additionalProperties"] == .bool(false) { found.append("\(path): unexpected member \(key)") }
            }
        }
        if let items = s["items"], let a = v.array {
            for (i, e) in a.enumerated() { check(e, items, path: "\(path)[\(i)]", into: &found) }
        }
    }

    static func has(_ v: JSONValue, type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .number): return true
        case ("integer", .number(let n)): return n.intValue != nil && n.isIntegerLiteral
        default: return false
        }
    }
}

/// The shared data folder beside the package (`../shared/data`), as in this workspace and CI.
public let sharedData = SchemaValidator.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
