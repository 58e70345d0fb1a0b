/// Writes ``JSONValue``s as JSON text that ``JSONParser`` reads back to an equal value.
///
/// - Object members are written in stored order, duplicates included, so a parsed document is
///   reproduced member for member.
/// - Numbers are written from their literal ``JSONNumber/text``.
/// - Strings escape `"`, `\` and the control characters U+0000–U+001F (as `\b`, `\f`, `\n`,
///   `\r`, `\t`, or `\u00XX`); everything else, including non-ASCII text, is written as UTF-8.
/// - The writer keeps its own stack instead of recursing, so any value it is given can be
///   written whatever its depth.
public enum JSONWriter {
    /// The JSON text of `value`.
    ///
    /// - Parameters:
    ///   - value: any value, however deep.
    ///   - pretty: `false` writes no insignificant whitespace. `true` puts each array
    ///     element and object member on its own line, indented by two spaces per level, with
    ///     `": "` between key and value; empty arrays and objects stay `[]` and `{}`. No newline
    ///     is added at the end.
    public static func write(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: writeUTF8(value, pretty: pretty), as: UTF8.self)
    }

    /// The JSON text of `value` as UTF-8 bytes, ready to be written to a file.
    public static func writeUTF8(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        var emitter = Emitter(pretty: pretty)
        emitter.emit(value)
        return emitter.bytes
    }
}

private struct Emitter {
    let pretty: Bool
    var bytes: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
    }

    /// An array or object being written; `index` is the next element or member.
    private struct Frame {
        var elements: [JSONValue]
        var members: [(key: String, value: JSONValue)]
        var isObject: Bool
        var index: Int
    }

    mutating func emit(_ root: JSONValue) {
        var stack: [Frame] = []
        var pending: JSONValue? = root
        while true {
            if let value = pending {
                pending = nil
                switch value {
                case .null:
                    append("null")
                case .bool(let b):
                    append(b ? "true" : "false")
                case .number(let n):
                    append(n.text)
                case .string(let s):
                    emitString(s)
                case .array(let elements):
                    if elements.isEmpty {
                        append("[]")
                    } else {
                        bytes.append(UInt8(ascii: "["))
                        stack.append(Frame(elements: elements, members: [], isObject: false, index: 0))
                    }
                case .object(let object):
                    if object.isEmpty {
                        append("{}")
                    } else {
                        bytes.append(UInt8(ascii: "{"))
                        stack.append(Frame(elements: [], members: object.members, isObject: true, index: 0))
                    }
                }
            }

            let depth = stack.count
            guard depth > 0 else { return }
            let top = depth - 1
            let index = stack[top].index
            let count = stack[top].isObject ? stack[top].members.count : stack[top].elements.count
            if index < count {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent: depth)
                if stack[top].isObject {
                    emitString(stack[top].members[index].key)
                    bytes.append(UInt8(ascii: ":"))
                    if pretty { bytes.append(UInt8(ascii: " ")) }
                    pending = stack[top].members[index].value
                } else {
                    pending = stack[top].elements[index]
                }
                stack[top].index = index + 1
            } else {
                let close = stack[top].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                stack.removeLast()
                newline(indent: depth - 1)
                bytes.append(close)
            }
        }
    }

    mutating func newline(indent level: Int) {
        guard pretty else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func emitString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Copy runs of bytes that need no escaping in one go.
            var runStart = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                runStart = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    // Only U+0000–U+001F get here, so the first two hex digits are always "00".
                    let low = byte & 0xF
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0") + byte >> 4)
                    bytes.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
