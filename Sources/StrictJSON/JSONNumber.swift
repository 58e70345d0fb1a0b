/// A JSON number, kept as its literal text.
///
/// Keeping the text (rather than converting to `Double` or `Int` while parsing) means that a
/// threshold written as `1e400`, `2.5` or a 400-digit integer can be reported exactly as the
/// file spelled it, and that writing a parsed document reproduces its numbers byte for byte.
///
/// Equality compares the text, so `1`, `1.0` and `1e0` are different numbers here; this is what
/// makes round trips exact. Use ``intValue`` or ``doubleValue`` to compare numerically.
public struct JSONNumber: Hashable, Sendable {
    /// The number exactly as written in the input, e.g. `"3"`, `"-0"`, `"1e400"`, `"2.5"`.
    /// Always a valid JSON number literal (RFC 8259, section 6).
    public let text: String

    /// The number as an `Int`, only when the literal is a plain integer (`-?digits`, no fraction
    /// and no exponent) that fits in `Int`; otherwise `nil`.
    ///
    /// `"3.0"` and `"3e0"` give `nil` on purpose: an FBAS threshold written that way is suspicious
    /// and the checks should say so rather than silently accept it. `"-0"` gives `0`.
    public var intValue: Int? {
        for byte in text.utf8 where byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") {
            return nil
        }
        // `Int.init?(_: String)` rejects out-of-range values instead of wrapping.
        return Int(text)
    }

    /// The number as the nearest `Double`, or `nil` if it is out of `Double`'s range (such as
    /// `1e400`). Tiny numbers such as `1e-400` round to zero.
    public var doubleValue: Double? {
        guard let d = Double(text), d.isFinite else { return nil }
        return d
    }

    /// Whether the literal is a plain integer (`-?digits`), whatever its size.
    public var isIntegerLiteral: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
    }

    /// The number `int`, written in decimal.
    public init(_ int: Int) {
        self.text = String(int)
    }

    /// The shortest decimal text that reads back as `double`, or `nil` for NaN and infinities,
    /// which JSON cannot represent.
    public init?(_ double: Double) {
        guard double.isFinite else { return nil }
        // Swift's description is the shortest round-tripping form and is valid JSON for finite
        // values ("1.0", "1e-05", "1e+100", "-0.0").
        self.text = double.description
    }

    /// A number with the given literal text.
    ///
    /// - Precondition: `text` is a valid JSON number literal. Passing anything else is a
    ///   programming error (the writer would produce invalid JSON); use ``init(validating:)``
    ///   for text that comes from outside.
    public init(text: String) {
        precondition(JSONNumber.isValidLiteral(text), "not a JSON number literal: \(text)")
        self.text = text
    }

    /// A number with the given literal text, or `nil` if `text` is not a valid JSON number literal.
    public init?(validating text: String) {
        guard JSONNumber.isValidLiteral(text) else { return nil }
        self.text = text
    }

    /// For the parser, which has already checked the syntax.
    init(unchecked text: String) {
        self.text = text
    }

    /// Checks the RFC 8259 grammar `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isValidLiteral(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "0") {
            i += 1
        } else if digits() == 0 {
            return false
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension JSONNumber: CustomStringConvertible {
    /// The literal text.
    public var description: String { text }
}
