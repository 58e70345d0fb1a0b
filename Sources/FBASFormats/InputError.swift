import FBASModel
import StrictJSON

/// Input that cannot be analysed at all: unreadable, not JSON, the wrong shape, a quorum-set
/// cycle, or (under `--strict`) any data-quality problem. The `fbas` command exits with 2.
public struct FBASInputError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unreadable, syntax, shape, qsetCycle, strict
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
