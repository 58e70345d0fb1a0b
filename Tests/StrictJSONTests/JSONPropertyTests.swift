import Testing
@testable import StrictJSON

/// Random documents (from a fixed seed, so failures reproduce) survive writing and parsing.
@Suite struct JSONPropertyTests {
    @Test func randomValuesRoundTripThroughCompactAndPrettyText() throws {
        var rng = JSONTestSupport.SplitMix64(seed: 0x5EED_F0BA5)
        for iteration in 0..<400 {
            let value = Self.randomValue(depth: 0, using: &rng)
            let compact = JSONWriter.write(value)
            let pretty = JSONWriter.write(value, pretty: true)
            let fromCompact = try JSONParser.parse(compact)
            let fromPretty = try JSONParser.parse(pretty)
            #expect(fromCompact == value, "iteration \(iteration): \(compact)")
            #expect(fromPretty == value, "iteration \(iteration)")
            // Writing is a function of the value alone: the text is stable across a round trip.
            #expect(JSONWriter.write(fromPretty) == compact)
        }
    }

    /// Every scalar value written as a `\u` escape (a surrogate pair above U+FFFF) decodes to itself.
    @Test func unicodeEscapesDecodeToTheEscapedScalar() throws {
        var rng = JSONTestSupport.SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let scalar = Self.randomScalar(using: &rng)
            var escaped = ""
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16, uppercase: Bool.random(using: &rng))
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            let value = try JSONParser.parse("\"\(escaped)\"")
            #expect(value.string?.unicodeScalars.map(\.value) == [scalar.value], "\(escaped)")
        }
    }

    static func randomValue(depth: Int, using rng: inout JSONTestSupport.SplitMix64) -> JSONValue {
        let kinds = depth >= 5 ? 4 : 6
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(randomNumber(using: &rng))
        case 3: return .string(randomString(using: &rng))
        case 4:
            return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        default:
            // A small key alphabet so that duplicate keys occur.
            let keys = ["a", "b", "threshold", "validators", "", "é", "\u{0}", "😀"]
            return .object(JSONObject((0..<Int.random(in: 0...5, using: &rng)).map { _ in
                (key: Bool.random(using: &rng) ? keys.randomElement(using: &rng)! : randomString(using: &rng),
                 value: randomValue(depth: depth + 1, using: &rng))
            }))
        }
    }

    static func randomNumber(using rng: inout JSONTestSupport.SplitMix64) -> JSONNumber {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            return JSONNumber(Int.random(in: Int.min...Int.max, using: &rng))
        case 1:
            let double = Double(bitPattern: rng.next())
            return JSONNumber(double) ?? JSONNumber(0)
        default:
            // Literal text straight from the grammar, including forms no Double prints.
            func digits(_ range: ClosedRange<Int>) -> String {
                String((0..<Int.random(in: range, using: &rng)).map { _ in "0123456789".randomElement(using: &rng)! })
            }
            var text = Bool.random(using: &rng) ? "-" : ""
            text += Bool.random(using: &rng) ? "0" : String("123456789".randomElement(using: &rng)!) + digits(0...30)
            if Bool.random(using: &rng) { text += "." + digits(1...20) }
            if Bool.random(using: &rng) { text += ["e", "E"].randomElement(using: &rng)! + ["", "+", "-"].randomElement(using: &rng)! + digits(1...4) }
            return JSONNumber(text: text)
        }
    }

    static func randomString(using rng: inout JSONTestSupport.SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            scalars.append(randomScalar(using: &rng))
        }
        return String(scalars)
    }

    static func randomScalar(using rng: inout JSONTestSupport.SplitMix64) -> Unicode.Scalar {
        let value: UInt32
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: value = UInt32.random(in: 0x20...0x7E, using: &rng)
        case 1: value = [0x22, 0x5C, 0x2F, 0x7F].randomElement(using: &rng)!  // quote, backslash, slash, DEL
        case 2: value = UInt32.random(in: 0x00...0x1F, using: &rng)
        case 3: value = UInt32.random(in: 0x80...0xD7FF, using: &rng)
        case 4: value = UInt32.random(in: 0xE000...0xFFFF, using: &rng)
        default: value = UInt32.random(in: 0x10000...0x10FFFF, using: &rng)
        }
        return Unicode.Scalar(value)!
    }
}
