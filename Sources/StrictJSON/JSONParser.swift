/// A strict RFC 8259 JSON parser that reports precise error positions and never recurses.
///
/// Why not Foundation's `JSONSerialization`: it gives no line/column for errors, reorders and
/// deduplicates object keys, turns numbers into `NSNumber`, and recurses once per nesting level,
/// so deeply nested hostile input overflows the stack. This parser
///
/// - works on UTF-8 bytes, with an explicit stack instead of recursion, and rejects nesting
///   deeper than `maxDepth` with an ordinary error (so the returned value, which Swift destroys
///   recursively, stays shallow);
/// - accepts exactly RFC 8259: no comments, trailing commas, single quotes, `NaN`/`Infinity`,
///   leading zeros or unescaped control characters in strings; one value, then only whitespace;
/// - skips a UTF-8 byte-order mark at the start, and rejects input that starts with a UTF-16 one;
/// - rejects invalid UTF-8 inside strings (overlong forms, encoded surrogates, code points above
///   U+10FFFF, truncated sequences) with the position of the offending sequence, rather than
///   silently replacing it, because a corrupted network description should be noticed;
/// - decodes `\uXXXX` escapes including surrogate pairs, and replaces an unpaired surrogate
///   escape with U+FFFD (a Swift `String` cannot hold one);
/// - keeps numbers as text (``JSONNumber``) and objects in order with duplicate keys (``JSONObject``).
///
/// Every error is a ``JSONSyntaxError`` whose position is the offending byte, or the end of the
/// input when the input is cut short.
public enum JSONParser {
    /// The default limit on nesting of arrays and objects. Real network descriptions nest a
    /// handful of levels; 512 leaves room for anything legitimate while keeping recursive
    /// destruction of the result far from the limits of a 512 KB thread stack.
    public static let defaultMaxDepth = 512

    /// Parses one JSON value from UTF-8 bytes.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice<UInt8>`, `Data`, buffer pointers) are read
    /// in place; others are copied into an array first.
    ///
    /// - Parameters:
    ///   - bytes: the document, UTF-8 (a leading UTF-8 byte-order mark is skipped).
    ///   - maxDepth: arrays and objects nested deeper than this are an error
    ///     ("nesting deeper than 512 levels"). A scalar at the top level has depth 0; `[]` has depth 1.
    public static func parse(
        _ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        // The closures return a Result because `withContiguousStorageIfAvailable` rethrows
        // untyped errors.
        if let result = bytes.withContiguousStorageIfAvailable({ parse(buffer: $0, maxDepth: maxDepth) }) {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, maxDepth: maxDepth) }.get()
    }

    /// Parses one JSON value from raw memory holding UTF-8 bytes, without copying.
    public static func parse(
        _ buffer: UnsafeRawBufferPointer, maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        try parse(buffer: buffer.assumingMemoryBound(to: UInt8.self), maxDepth: maxDepth).get()
    }

    /// Parses one JSON value from a string (its UTF-8 form; a leading U+FEFF is skipped like a
    /// byte-order mark).
    public static func parse(
        _ text: String, maxDepth: Int = defaultMaxDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parse(buffer: $0, maxDepth: maxDepth) }.get()
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) -> Result<JSONValue, JSONSyntaxError> {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            return .failure(JSONSyntaxError(message: "empty input", position: JSONPosition(offset: 0, line: 1, column: 1)))
        }
        var parser = Parser(base: base, end: buffer.count, maxDepth: maxDepth)
        return Result { () throws(JSONSyntaxError) -> JSONValue in try parser.parseDocument() }
    }
}

// MARK: - The parser proper

/// ASCII codes used by the parser, as named constants so the state machine reads like the grammar.
private enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let plus = UInt8(ascii: "+")
    static let comma = UInt8(ascii: ",")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let zero = UInt8(ascii: "0")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
}

/// One open array or object. Its elements live on the parser's shared `values` (and, for
/// objects, `keys`) stacks from `valueStart`/`keyStart` on until it is closed; building
/// children on one flat stack avoids copy-on-write copies of half-built arrays.
private struct Frame {
    var isObject: Bool
    var valueStart: Int
    var keyStart: Int
    /// Offset of the opening bracket, for "the array starting at line 1, column 1 is not closed".
    var openOffset: Int
}

private struct Parser {
    let base: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    var pos = 0
    /// Where the content starts (3 after a byte-order mark), so columns on line 1 ignore the mark.
    var contentStart = 0
    var values: [JSONValue] = []
    var keys: [String] = []
    var frames: [Frame] = []
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, end: Int, maxDepth: Int) {
        self.base = base
        self.end = end
        self.maxDepth = maxDepth
    }

    // MARK: Document and containers

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            pos = 3
            contentStart = 3
        } else if end >= 2, (base[0] == 0xFE && base[1] == 0xFF) || (base[0] == 0xFF && base[1] == 0xFE) {
            throw fail("input starts with a UTF-16 byte-order mark; only UTF-8 is supported", at: 0)
        }
        skipWhitespace()
        if pos == end { throw fail("empty input", at: pos) }

        // Offset of the ',' just read inside an array, or -1: lets "[1,]" be reported as a
        // trailing comma rather than as a misplaced ']'. Only meaningful for the value that
        // immediately follows, so it is consumed at the top of each round.
        var commaOffset = -1
        valueLoop: while true {
            let precedingComma = commaOffset
            commaOffset = -1
            skipWhitespace()
            guard pos < end else { throw unexpected(expecting: "a value") }
            let byte = base[pos]
            switch byte {
            case ASCII.quote:
                values.append(.string(try parseString()))
            case ASCII.minus, ASCII.zero...ASCII.zero + 9:
                values.append(.number(try parseNumber()))
            case UInt8(ascii: "t"):
                try parseLiteral("true")
                values.append(.bool(true))
            case UInt8(ascii: "f"):
                try parseLiteral("false")
                values.append(.bool(false))
            case UInt8(ascii: "n"):
                try parseLiteral("null")
                values.append(.null)
            case ASCII.openBracket:
                try open(isObject: false)
                skipWhitespace()
                if pos < end, base[pos] == ASCII.closeBracket {
                    pos += 1
                    closeArray()
                } else {
                    continue valueLoop
                }
            case ASCII.openBrace:
                try open(isObject: true)
                skipWhitespace()
                if pos < end, base[pos] == ASCII.closeBrace {
                    pos += 1
                    closeObject()
                } else {
                    try parseMemberKey(commaOffset: -1)
                    continue valueLoop
                }
            case ASCII.closeBracket where precedingComma >= 0:
                throw fail("trailing comma before ']'", at: precedingComma)
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                throw unexpected(expecting: "a value", hint: " (NaN and Infinity are not valid JSON)")
            case ASCII.plus, ASCII.dot:
                throw unexpected(expecting: "a value", hint: " (a number must start with a digit or '-')")
            default:
                throw unexpected(expecting: "a value")
            }

            // A value is complete: continue with the enclosing containers, closing as many as
            // the input closes, until one needs another value.
            while let frame = frames.last {
                skipWhitespace()
                guard pos < end else {
                    throw unexpected(expecting: frame.isObject
                        ? "',' or '}' after object member" : "',' or ']' after array element")
                }
                let byte = base[pos]
                if byte == ASCII.comma {
                    let comma = pos
                    pos += 1
                    if frame.isObject {
                        skipWhitespace()
                        try parseMemberKey(commaOffset: comma)
                    } else {
                        commaOffset = comma
                    }
                    continue valueLoop
                }
                if frame.isObject {
                    guard byte == ASCII.closeBrace else {
                        throw unexpected(expecting: "',' or '}' after object member")
                    }
                    pos += 1
                    closeObject()
                } else {
                    guard byte == ASCII.closeBracket else {
                        throw unexpected(expecting: "',' or ']' after array element")
                    }
                    pos += 1
                    closeArray()
                }
            }
            break valueLoop
        }

        skipWhitespace()
        if pos < end {
            throw fail("unexpected \(describe(at: pos)) after the JSON value\(hint(at: pos))", at: pos)
        }
        return values.removeLast()
    }

    /// Opens a container at `pos` (its bracket), enforcing the depth limit before anything is pushed.
    mutating func open(isObject: Bool) throws(JSONSyntaxError) {
        guard frames.count < maxDepth else {
            throw fail("nesting deeper than \(maxDepth) levels", at: pos)
        }
        frames.append(Frame(isObject: isObject, valueStart: values.count, keyStart: keys.count, openOffset: pos))
        pos += 1
    }

    // Closing a container moves its children off the stacks into a new array instead of
    // copying them: each copy would cost a retain now and a release when the stack shrinks.
    // The vacated slots get `.null` / `""`, which own nothing, so shrinking the stack is cheap.

    mutating func closeArray() {
        let frame = frames.removeLast()
        let start = frame.valueStart
        let count = values.count - start
        let elements = values.withUnsafeMutableBufferPointer { stack in
            [JSONValue](unsafeUninitializedCapacity: count) { buffer, initialized in
                let source = stack.baseAddress! + start
                buffer.baseAddress!.moveInitialize(from: source, count: count)
                source.initialize(repeating: .null, count: count)
                initialized = count
            }
        }
        values.removeSubrange(start...)
        values.append(.array(elements))
    }

    mutating func closeObject() {
        let frame = frames.removeLast()
        let count = values.count - frame.valueStart
        let members = keys.withUnsafeMutableBufferPointer { keyStack in
            values.withUnsafeMutableBufferPointer { valueStack in
                [(key: String, value: JSONValue)](unsafeUninitializedCapacity: count) { buffer, initialized in
                    let keySource = keyStack.baseAddress! + frame.keyStart
                    let valueSource = valueStack.baseAddress! + frame.valueStart
                    for i in 0..<count {
                        (buffer.baseAddress! + i).initialize(to: (key: (keySource + i).move(), value: (valueSource + i).move()))
                    }
                    keySource.initialize(repeating: "", count: count)
                    valueSource.initialize(repeating: .null, count: count)
                    initialized = count
                }
            }
        }
        keys.removeSubrange(frame.keyStart...)
        values.removeSubrange(frame.valueStart...)
        values.append(.object(JSONObject(members)))
    }

    /// Reads `"key" :` at `pos` (whitespace before it already skipped) and pushes the key.
    mutating func parseMemberKey(commaOffset: Int) throws(JSONSyntaxError) {
        let expecting = commaOffset >= 0 ? "a string key after ','" : "a string key or '}' after '{'"
        guard pos < end else { throw unexpected(expecting: expecting) }
        let byte = base[pos]
        guard byte == ASCII.quote else {
            if byte == ASCII.closeBrace, commaOffset >= 0 {
                throw fail("trailing comma before '}'", at: commaOffset)
            }
            let isWordStart = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            throw unexpected(expecting: expecting, hint: isWordStart ? " (keys must be double-quoted strings)" : nil)
        }
        keys.append(try parseString())
        skipWhitespace()
        guard pos < end, base[pos] == ASCII.colon else {
            throw unexpected(expecting: "':' after object key")
        }
        pos += 1
    }

    // MARK: Scalars

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let byte = base[pos]
            guard byte == ASCII.space || byte == ASCII.lineFeed || byte == ASCII.carriageReturn || byte == ASCII.tab else {
                return
            }
            pos += 1
        }
    }

    mutating func parseLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        for i in 0..<count {
            guard pos + i < end else { throw fail("unexpected end of input: expected '\(word)'", at: end) }
            guard base[pos + i] == word.utf8Start[i] else {
                throw fail("invalid literal: expected '\(word)'", at: pos + i)
            }
        }
        pos += count
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool { byte &- ASCII.zero < 10 }

    @inline(__always)
    mutating func skipDigits() {
        while pos < end, isDigit(base[pos]) { pos += 1 }
    }

    /// Reads `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` and keeps its text.
    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = pos
        if base[pos] == ASCII.minus {
            pos += 1
        }
        guard pos < end, isDigit(base[pos]) else {
            throw unexpected(expecting: "a digit after '-'")
        }
        if base[pos] == ASCII.zero {
            pos += 1
            if pos < end, isDigit(base[pos]) {
                throw fail("leading zeros are not allowed in numbers", at: pos - 1)
            }
        } else {
            skipDigits()
        }
        if pos < end, base[pos] == ASCII.dot {
            pos += 1
            guard pos < end, isDigit(base[pos]) else {
                throw unexpected(expecting: "a digit after the decimal point")
            }
            skipDigits()
        }
        if pos < end, base[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < end, base[pos] == ASCII.plus || base[pos] == ASCII.minus {
                pos += 1
            }
            guard pos < end, isDigit(base[pos]) else {
                throw unexpected(expecting: "a digit in the exponent")
            }
            skipDigits()
        }
        return JSONNumber(unchecked: makeString(from: start, to: pos))
    }

    @inline(__always)
    func makeString(from start: Int, to stop: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start), as: UTF8.self)
    }

    // MARK: Strings

    /// Reads a string at `pos` (its opening quote). Strings without escapes, by far the most
    /// common, are validated in place and copied once; the rest are decoded into `scratch`.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = pos
        let start = pos + 1
        var p = start
        while true {
            p = skipPlainASCII(from: p)
            guard p < end else { throw unterminatedString(startingAt: open) }
            let byte = base[p]
            if byte == ASCII.quote {
                pos = p + 1
                return makeString(from: start, to: p)
            }
            if byte == ASCII.backslash { break }
            if byte < ASCII.space { throw controlCharacter(at: p, inStringAt: open) }
            p += byte < 0x80 ? 1 : try utf8SequenceLength(at: p, inStringAt: open)
        }

        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: p - start))
        while true {
            guard p < end else { throw unterminatedString(startingAt: open) }
            let byte = base[p]
            if byte == ASCII.quote {
                pos = p + 1
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == ASCII.backslash {
                try parseEscape(at: &p, inStringAt: open)
            } else if byte < ASCII.space {
                throw controlCharacter(at: p, inStringAt: open)
            } else if byte < 0x80 {
                scratch.append(byte)
                p += 1
            } else {
                let length = try utf8SequenceLength(at: p, inStringAt: open)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + p, count: length))
                p += length
            }
        }
    }

    /// The first offset at or after `p` that may need attention inside a string: a quote, a
    /// backslash, a control character or a non-ASCII byte (or the last few bytes of the
    /// input). Tests eight bytes at a time, because long strings (public keys, hashes, URLs)
    /// make up most of a network description.
    @inline(__always)
    func skipPlainASCII(from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var p = start
        while p + 8 <= end {
            let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            // Classic SWAR "has zero byte" tests: a byte of `word ^ c` is zero where `word` has c.
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            let special = ((quotes &- ones) & ~quotes)
                | ((backslashes &- ones) & ~backslashes)
                | (word &- ones &* 0x20)  // high bit set in bytes below 0x20 (or borrowed into)
                | word                    // high bit set in non-ASCII bytes
            let flags = special & highs
            if flags != 0 {
                // Borrows can only flag bytes above a truly special one, so the lowest flag
                // (the first byte, little-endian) is exact.
                return p + flags.trailingZeroBitCount >> 3
            }
            p += 8
        }
        return p
    }

    /// Decodes the escape at `p` (a backslash) into `scratch` and moves `p` past it.
    mutating func parseEscape(at p: inout Int, inStringAt open: Int) throws(JSONSyntaxError) {
        guard p + 1 < end else { throw unterminatedString(startingAt: open) }
        let simple: UInt8
        switch base[p + 1] {
        case ASCII.quote: simple = ASCII.quote
        case ASCII.backslash: simple = ASCII.backslash
        case ASCII.slash: simple = ASCII.slash
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = ASCII.lineFeed
        case UInt8(ascii: "r"): simple = ASCII.carriageReturn
        case UInt8(ascii: "t"): simple = ASCII.tab
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeAt: p, inStringAt: open)
            p += 6
            var scalar: UInt32 = 0xFFFD
            if unit & 0xF800 != 0xD800 {
                scalar = unit
            } else if unit < 0xDC00, p + 1 < end, base[p] == ASCII.backslash, base[p + 1] == UInt8(ascii: "u"),
                      let low = hex4IfPresent(at: p + 2), low & 0xFC00 == 0xDC00 {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                p += 6
            }
            // Otherwise an unpaired surrogate: U+FFFD, and whatever follows is decoded on its own.
            appendUTF8(scalar)
            return
        default:
            throw fail("invalid escape sequence: '\\' followed by \(describe(at: p + 1)) in string", at: p)
        }
        scratch.append(simple)
        p += 2
    }

    /// The four hex digits after the `\u` at `p`.
    func hex4(escapeAt p: Int, inStringAt open: Int) throws(JSONSyntaxError) -> UInt32 {
        var unit: UInt32 = 0
        for i in 2..<6 {
            guard p + i < end else { throw unterminatedString(startingAt: open) }
            guard let digit = hexValue(base[p + i]) else {
                throw fail("invalid \\u escape: expected four hexadecimal digits", at: p)
            }
            unit = unit << 4 | digit
        }
        return unit
    }

    func hex4IfPresent(at p: Int) -> UInt32? {
        guard p + 4 <= end else { return nil }
        var unit: UInt32 = 0
        for i in 0..<4 {
            guard let digit = hexValue(base[p + i]) else { return nil }
            unit = unit << 4 | digit
        }
        return unit
    }

    func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case ASCII.zero...ASCII.zero + 9: UInt32(byte - ASCII.zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed multi-byte UTF-8 sequence at `p` inside a string.
    func utf8SequenceLength(at p: Int, inStringAt open: Int) throws(JSONSyntaxError) -> Int {
        switch validUTF8SequenceLength(at: p) {
        case .valid(let length):
            return length
        case .truncated:
            throw unterminatedString(startingAt: open)
        case .invalid:
            throw fail("invalid UTF-8 byte \(hexByte(base[p])) in string", at: p)
        }
    }

    enum UTF8Check { case valid(Int), truncated, invalid }

    /// Checks the sequence at `p` against the well-formed UTF-8 table of Unicode (section 3.9,
    /// table 3-7): no overlong forms, no encoded surrogates, nothing above U+10FFFF.
    func validUTF8SequenceLength(at p: Int) -> UTF8Check {
        let lead = base[p]
        var length = 0
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0x00..<0x80: return .valid(1)
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return .invalid
        }
        for i in 1..<length {
            guard p + i < end else { return .truncated }
            let byte = base[p + i]
            guard byte >= low, byte <= high else { return .invalid }
            low = 0x80
            high = 0xBF
        }
        return .valid(length)
    }

    // MARK: Errors

    func fail(_ message: String, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(message: message, position: position(of: offset))
    }

    /// "expected X, found Y" at `pos`, or "unexpected end of input: expected X" naming the
    /// innermost unclosed container, which is what matters when a file has been truncated.
    func unexpected(expecting expected: String, hint extra: String? = nil) -> JSONSyntaxError {
        guard pos < end else {
            var message = "unexpected end of input: expected \(expected)"
            if let frame = frames.last {
                let kind = frame.isObject ? "object" : "array"
                message += " (the \(kind) starting at \(position(of: frame.openOffset)) is not closed)"
            }
            return fail(message, at: end)
        }
        return fail("expected \(expected), found \(describe(at: pos))\(extra ?? hint(at: pos))", at: pos)
    }

    func unterminatedString(startingAt open: Int) -> JSONSyntaxError {
        fail("unterminated string starting at \(position(of: open))", at: end)
    }

    func controlCharacter(at p: Int, inStringAt open: Int) -> JSONSyntaxError {
        let name = switch base[p] {
        case ASCII.lineFeed, ASCII.carriageReturn: "line break"
        case ASCII.tab: "tab"
        default: "control character \(codePoint(UInt32(base[p])))"
        }
        return fail("unescaped \(name) in string starting at \(position(of: open))", at: p)
    }

    /// Advice for bytes that usually mean the file is not JSON but a relative of it.
    func hint(at p: Int) -> String {
        switch base[p] {
        case ASCII.slash: " (comments are not allowed in JSON)"
        case ASCII.apostrophe: " (strings must use double quotes)"
        default: ""
        }
    }

    /// How to show the byte at `p` in a message: `'x'`, `U+000A`, `'é' (U+00E9)`, `invalid UTF-8 byte 0xFF`.
    func describe(at p: Int) -> String {
        let byte = base[p]
        if byte == ASCII.apostrophe { return "\"'\"" }
        if byte >= ASCII.space && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return codePoint(UInt32(byte)) }
        guard case .valid(let length) = validUTF8SequenceLength(at: p) else {
            return "invalid UTF-8 byte \(hexByte(byte))"
        }
        let text = makeString(from: p, to: p + length)
        return "'\(text)' (\(codePoint(text.unicodeScalars.first!.value)))"
    }

    func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    func hexByte(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" : "") + hex
    }

    /// Line and column of `offset`, computed only when an error is reported so that the hot
    /// path does not track lines.
    func position(of offset: Int) -> JSONPosition {
        var line = 1
        var column = 1
        var i = offset >= contentStart ? contentStart : 0
        while i < offset {
            let byte = base[i]
            if byte == ASCII.lineFeed {
                line += 1
                column = 1
            } else if byte == ASCII.carriageReturn && !(i + 1 < end && base[i + 1] == ASCII.lineFeed) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return JSONPosition(offset: offset, line: line, column: column)
    }
}
