import FBASFormats
import FBASModel

/// The error object every client shows for a request it cannot answer: the command line under
/// `result.error`, the HTTP service as its body. Names the file (or request), the validator
/// and the problem; `problems` lists what `--strict` turned into the error.
public struct ErrorReport: Codable, Sendable, Equatable {
    /// `unreadable`, `syntax`, `shape`, `qsetCycle`, `strict`, `usage` or `internal`.
    public var kind: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var problems: [Diagnostic]?

    public init(kind: String, file: String? = nil, line: Int? = nil, column: Int? = nil, message: String, problems: [Diagnostic]? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.problems = problems
    }

    public init(_ error: FBASInputError) {
        self.init(kind: error.kind.rawValue, file: error.file, line: error.position?.line, column: error.position?.column,
                  message: error.message, problems: error.diagnostics.isEmpty ? nil : error.diagnostics)
    }

    /// A failure that is ours, not the input's (a witness the checker rejected, a back end that
    /// failed): kind `internal`.
    public init(internal error: some Error & CustomStringConvertible) {
        self.init(kind: "internal", message: error.description)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        if let file { try c.encode(file, forKey: .file) }
        if let line { try c.encode(line, forKey: .line) }
        if let column { try c.encode(column, forKey: .column) }
        try c.encode(message, forKey: .message)
        if let problems { try c.encode(problems, forKey: .problems) }
    }
}

/// A failed request's body as every client shows it: the error object under `error` (the
/// CLI's `result`, the HTTP service's answer).
public struct ErrorBody: Encodable, Sendable {
    public var error: ErrorReport

    public init(error: ErrorReport) { self.error = error }
}
