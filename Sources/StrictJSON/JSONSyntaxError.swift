/// A place in JSON input, for error messages.
public struct JSONPosition: Hashable, Sendable, CustomStringConvertible {
    /// Byte offset from the start of the input (0-based, counting a leading byte-order mark).
    public var offset: Int
    /// Line number, 1-based. Lines end at `\n`, `\r\n` or a lone `\r`.
    public var line: Int
    /// Column number, 1-based, counted in Unicode code points rather than bytes so that it
    /// matches what an editor shows on lines with non-ASCII text. A leading byte-order mark is
    /// not counted.
    public var column: Int

    /// A position; `line` and `column` are 1-based.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// "line 3, column 17".
    public var description: String { "line \(line), column \(column)" }
}

/// Why some input is not valid JSON, and where.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, in words meant for the person who wrote the file, e.g.
    /// "expected ',' or ']' after array element, found '}'".
    public var message: String
    /// Where the offending byte is (for truncated input: the end of the input).
    public var position: JSONPosition

    /// An error; readers built on the parser may use it for their own syntax-level complaints.
    public init(message: String, position: JSONPosition) {
        self.message = message
        self.position = position
    }

    /// "line 3, column 17: expected ':' after object key, found '='".
    public var description: String { "\(position): \(message)" }
}
