import FBASModel
import StrictJSON

/// Input that cannot be analysed at all: unreadable, not JSON, the wrong shape, a quorum-set
/// cycle, or (under `--strict`) any data-quality problem. The `fbas` command exits with 2.
public struct FBASInputError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unreadable, syntax, shape, qsetCycle, strict
        /// The network cannot be written in the format asked for within this tool's limits.
        case tooLargeToWrite
    }

    public var kind: Kind
    public var file: String
    /// Where in the file, for syntax errors.
    public var position: JSONPosition?
    public var message: String
    /// The problems that `--strict` turned into this error.
    public var diagnostics: [Diagnostic]

    public init(_ kind: Kind, file: String, position: JSONPosition? = nil, _ message: String, diagnostics: [Diagnostic] = []) {
        self.kind = kind
        self.file = file
        self.position = position
        self.message = message
        self.diagnostics = diagnostics
    }

    /// One line: file, position and problem.
    public var description: String {
        if let position { return "\(file): line \(position.line), column \(position.column): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reports every key listed more than once in `object` and, with `nested`, in the objects
/// below it (a quorum set's inner sets): JSON readers keep the first value, and a second
/// `threshold` or `validators` the user meant must not vanish without a word.
func reportDuplicateKeys(_ object: JSONObject, in place: String, validator: String?, file: String,
                         nested: Bool = false, into diagnostics: inout [Diagnostic]) {
    var stack = [object]
    var seen = Set<String>()
    while let o = stack.popLast() {
        for key in o.duplicateKeys where seen.insert(key).inserted {
            diagnostics.append(Diagnostic(.duplicateKey, validator: validator, file: file,
                                          "\(place) lists \"\(key)\" more than once; the first value is used"))
        }
        guard nested else { continue }
        for (_, value) in o.members {
            switch value {
            case .object(let inner): stack.append(inner)
            case .array(let items): stack.append(contentsOf: items.compactMap(\.object))
            default: break
            }
        }
    }
}
