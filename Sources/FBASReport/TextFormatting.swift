/// The few text conversions the report's clients need, written out so that no client links
/// Foundation's `String(format:)` and `trimmingCharacters(in:)`, which load ICU (about 2 ms of
/// every `fbas` run).
extension String {
    /// The string without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// `value` with `digits` digits after the point, rounded half away from zero, as
    /// `String(format: "%.*f")` writes it for the magnitudes reports show.
    public init(_ value: Double, fractionDigits digits: Int) {
        guard value.isFinite else {
            self = value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
            return
        }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else {
            self = String(value)
            return
        }
        let units = Int(scaled)
        let whole = units / Int(scale), fraction = units % Int(scale)
        let sign = value.sign == .minus ? "-" : ""
        self = sign + String(whole) + (digits > 0 ? "." + String(fraction, paddedTo: digits) : "")
    }

    /// The string cut or padded with spaces to `width` characters, for columns of text
    /// (`padding(toLength:withPad:startingAt:)` with a space).
    public func padded(to width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }

    /// `value` in decimal, with leading zeros up to `width` digits (`%0*d`).
    public init(_ value: Int, paddedTo width: Int) {
        let written = String(value.magnitude)
        let zeros = String(repeating: "0", count: Swift.max(0, width - written.count))
        self = (value < 0 ? "-" : "") + zeros + written
    }
}
