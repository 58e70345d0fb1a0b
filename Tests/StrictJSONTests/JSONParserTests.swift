import Testing
@testable import StrictJSON

@Suite struct JSONParserTests {
    @Test func parsesScalarsAtTopLevel() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse(" true ") == .bool(true))
        #expect(try JSONParser.parse("\tfalse\r\n") == .bool(false))
        #expect(try JSONParser.parse("0") == .number(JSONNumber(0)))
        #expect(try JSONParser.parse("\"\"") == .string(""))
    }

    @Test func parsesNestedContainersInOrder() throws {
        let value = try JSONParser.parse(#"{"b": [1, {"c": null}, []], "a": {}, "d": "x"}"#)
        let expected: JSONValue = ["b": [1, ["c": .null], []], "a": [:], "d": "x"]
        #expect(value == expected)
        #expect(value.object?.keys == ["b", "a", "d"])
    }

    @Test func keepsDuplicateKeysInOrder() throws {
        let value = try JSONParser.parse(#"{"k": 1, "other": 2, "k": 3}"#)
        let object = try #require(value.object)
        #expect(object.keys == ["k", "other", "k"])
        #expect(object["k"] == 1)
        #expect(object.values(forKey: "k") == [1, 3])
        #expect(object.duplicateKeys == ["k"])
    }

    @Test func acceptsAllFourWhitespaceCharactersAndNoOthers() throws {
        #expect(try JSONParser.parse(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n") == [1, 2])
        // Form feed and vertical tab are whitespace in JavaScript but not in JSON.
        #expect(JSONTestSupport.parseError("[1,\u{0C}2]")?.message == "expected a value, found U+000C")
        #expect(JSONTestSupport.parseError("\u{0B}1")?.message == "expected a value, found U+000B")
    }

    @Test func keepsNumberTextExactly() throws {
        let texts = ["0", "-0", "3", "-7", "2.5", "1E+2", "1e-2", "-0.0e-0", "1e400", "123456789012345678901234567890"]
        for text in texts {
            #expect(try JSONParser.parse(text) == .number(JSONNumber(text: text)), "\(text)")
            #expect(try JSONParser.parse("[\(text)]").array?.first?.number?.text == text)
        }
    }

    @Test func hugeNumbersParseWithoutIntValue() throws {
        let fourHundredDigits = "9" + String(repeating: "0", count: 399)
        let big = try #require(try JSONParser.parse(fourHundredDigits).number)
        #expect(big.text == fourHundredDigits)
        #expect(big.intValue == nil)
        #expect(big.doubleValue == nil)  // 9e399 is beyond Double's range

        let huge = try #require(try JSONParser.parse("[1e400]").array?.first?.number)
        #expect(huge.intValue == nil)
        #expect(huge.doubleValue == nil)

        let negativeHuge = try #require(try JSONParser.parse("-1e400").number)
        #expect(negativeHuge.doubleValue == nil)

        let threshold = try #require(try JSONParser.parse(#"{"threshold": 9223372036854775808}"#)["threshold"]?.number)
        #expect(threshold.intValue == nil)
        #expect(try JSONParser.parse("9223372036854775807").number?.intValue == Int.max)
        #expect(try JSONParser.parse("-9223372036854775808").number?.intValue == Int.min)
    }

    @Test func decodesSimpleEscapes() throws {
        #expect(try JSONParser.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try JSONParser.parse(#""a\nb""#) == .string("a\nb"))
    }

    @Test func decodesUnicodeEscapesIncludingSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\u0041\u00e9\u20AC\uD83D\uDE00""#) == .string("Aé€😀"))
        #expect(try JSONParser.parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try JSONParser.parse(#""\ud800\udc00""#) == .string("\u{10000}"))
    }

    @Test func replacesLoneSurrogatesWithReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""\uD800""#) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(#""\uDC00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(#""x\uDE00\uD83D""#) == .string("x\u{FFFD}\u{FFFD}"))
        // A high surrogate followed by something other than a low one: only the high one is replaced.
        #expect(try JSONParser.parse(#""\uD800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(#""\uD800\n""#) == .string("\u{FFFD}\n"))
        #expect(try JSONParser.parse(#""\uD800\uD800\uDC00""#) == .string("\u{FFFD}\u{10000}"))
        // A malformed escape after a lone surrogate is still reported, not swallowed by the look-ahead.
        #expect(JSONTestSupport.parseError(#""\uD800\u12""#)?.message == "invalid \\u escape: expected four hexadecimal digits")
    }

    @Test func decodesEscapedNulIntoTheString() throws {
        let value = try JSONParser.parse(#""a\u0000b""#)
        #expect(value.string?.unicodeScalars.map(\.value) == [0x61, 0, 0x62])
    }

    @Test func keepsRawUnicodeUnchanged() throws {
        let text = "\"😀 𝄞 中文 e\u{301} \u{2028} \u{FEFF} \u{10FFFF}\""
        let value = try JSONParser.parse(text)
        #expect(value.string.map { Array($0.unicodeScalars) } == Array(text.unicodeScalars.dropFirst().dropLast()))
    }

    @Test func skipsUTF8ByteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
        #expect(try JSONParser.parse("\u{FEFF} {\"a\": true}") == ["a": true])
        #expect(JSONTestSupport.parseError([0xEF, 0xBB, 0xBF])?.message == "empty input")
    }

    @Test func readsEveryKindOfByteCollection() throws {
        let text = #"{"a": [1, "é"]}"#
        let expected: JSONValue = ["a": [1, "é"]]
        let bytes = Array(text.utf8)
        #expect(try JSONParser.parse(bytes) == expected)
        // A slice whose indices do not start at zero.
        let padded = Array("xx".utf8) + bytes + Array("yy".utf8)
        #expect(try JSONParser.parse(padded[2..<(padded.count - 2)]) == expected)
        // A collection without contiguous storage is copied first.
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == expected)
        #expect(try JSONParser.parse(Substring(text).utf8) == expected)
        #expect(try bytes.withUnsafeBytes { raw throws(JSONSyntaxError) in try JSONParser.parse(raw) } == expected)
    }

    @Test func convenienceAccessorsPickTheRightCase() throws {
        let value = try JSONParser.parse(#"{"n": 5, "s": "x", "b": false, "z": null, "a": [], "o": {"k": 1}}"#)
        #expect(value["n"]?.number?.intValue == 5)
        #expect(value["s"]?.string == "x")
        #expect(value["b"]?.bool == false)
        #expect(value["z"]?.isNull == true)
        #expect(value["a"]?.array == [])
        #expect(value["o"]?["k"] == 1)
        #expect(value["missing"] == nil)
        #expect(value["n"]?.string == nil)
        #expect(value["s"]?.number == nil)
        #expect(value["a"]?["k"] == nil)
    }

    /// Strings are scanned eight bytes at a time; put each kind of special byte at every
    /// position of a word (and near the end of the input) to show none is skipped.
    @Test func specialBytesAreFoundAtEveryOffsetOfALongString() throws {
        for offset in 0..<20 {
            let prefix = String(repeating: "G", count: offset)
            let suffix = String(repeating: "A", count: 19 - offset)
            #expect(try JSONParser.parse("\"\(prefix)\\n\(suffix)\"") == .string(prefix + "\n" + suffix))
            #expect(try JSONParser.parse("\"\(prefix)é\(suffix)\"") == .string(prefix + "é" + suffix))
            #expect(try JSONParser.parse("[\"\(prefix)\", \"\(suffix)\"]") == [.string(prefix), .string(suffix)])
            let control = try #require(JSONTestSupport.parseError("\"\(prefix)\u{1}\(suffix)\""))
            #expect(control.position.column == offset + 2)
            let invalid = try #require(JSONTestSupport.parseError(Array("\"\(prefix)".utf8) + [0xFF] + Array("\(suffix)\"".utf8)))
            #expect(invalid.message == "invalid UTF-8 byte 0xFF in string")
            #expect(invalid.position.offset == offset + 1)
            let unterminated = try #require(JSONTestSupport.parseError("\"\(prefix)\(suffix)"))
            #expect(unterminated.position.offset == 20)
        }
    }
}
