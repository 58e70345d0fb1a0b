import Testing
@testable import StrictJSON

/// One malformed input and exactly what the parser must say about it.
struct JSONErrorCase: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var message: String
    var line: Int
    var column: Int

    init(_ input: String, _ message: String, line: Int = 1, column: Int) {
        self.init(bytes: Array(input.utf8), message, line: line, column: column)
    }

    init(bytes: [UInt8], _ message: String, line: Int = 1, column: Int) {
        self.input = bytes
        self.message = message
        self.line = line
        self.column = column
    }

    var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }
}

private let notClosedArray = "(the array starting at line 1, column 1 is not closed)"
private let notClosedObject = "(the object starting at line 1, column 1 is not closed)"

let jsonErrorCases: [JSONErrorCase] = [
    // Empty and truncated input.
    JSONErrorCase("", "empty input", column: 1),
    JSONErrorCase("  \n\t ", "empty input", line: 2, column: 3),
    JSONErrorCase("[1,2", "unexpected end of input: expected ',' or ']' after array element \(notClosedArray)", column: 5),
    JSONErrorCase("[1,", "unexpected end of input: expected a value \(notClosedArray)", column: 4),
    JSONErrorCase(#"{"a":1,"#, "unexpected end of input: expected a string key after ',' \(notClosedObject)", column: 8),
    JSONErrorCase(#"{"a""#, "unexpected end of input: expected ':' after object key \(notClosedObject)", column: 5),
    JSONErrorCase("{\n  \"a\": [\n    1,\n    {\"b\": 2}",
                  "unexpected end of input: expected ',' or ']' after array element (the array starting at line 2, column 8 is not closed)",
                  line: 4, column: 13),
    JSONErrorCase("tru", "unexpected end of input: expected 'true'", column: 4),
    JSONErrorCase("-", "unexpected end of input: expected a digit after '-'", column: 2),
    JSONErrorCase("1.", "unexpected end of input: expected a digit after the decimal point", column: 3),
    JSONErrorCase("1e+", "unexpected end of input: expected a digit in the exponent", column: 4),
    JSONErrorCase("\"abc", "unterminated string starting at line 1, column 1", column: 5),
    JSONErrorCase("[\"a\", \"b\\", "unterminated string starting at line 1, column 7", column: 10),
    JSONErrorCase("\"\\u12", "unterminated string starting at line 1, column 1", column: 6),
    JSONErrorCase(bytes: Array("\"a".utf8) + [0xF0, 0x9F, 0x98], "unterminated string starting at line 1, column 1", column: 4),

    // Structure.
    JSONErrorCase("[1 2]", "expected ',' or ']' after array element, found '2'", column: 4),
    JSONErrorCase("[1}", "expected ',' or ']' after array element, found '}'", column: 3),
    JSONErrorCase(#"{"a":1]"#, "expected ',' or '}' after object member, found ']'", column: 7),
    JSONErrorCase(#"{"a":1 "b":2}"#, "expected ',' or '}' after object member, found '\"'", column: 8),
    JSONErrorCase(#"{"a" 1}"#, "expected ':' after object key, found '1'", column: 6),
    JSONErrorCase(#"{"a":}"#, "expected a value, found '}'", column: 6),
    JSONErrorCase("{a:1}", "expected a string key or '}' after '{', found 'a' (keys must be double-quoted strings)", column: 2),
    JSONErrorCase("{1:1}", "expected a string key or '}' after '{', found '1'", column: 2),
    JSONErrorCase("[1,]", "trailing comma before ']'", column: 3),
    JSONErrorCase("[1, ]", "trailing comma before ']'", column: 3),
    JSONErrorCase(#"{"a":1,}"#, "trailing comma before '}'", column: 7),
    JSONErrorCase("[,1]", "expected a value, found ','", column: 2),
    JSONErrorCase("[1,,2]", "expected a value, found ','", column: 4),
    // A comma further back is not a trailing comma.
    JSONErrorCase(#"[1, {"a": ]"#, "expected a value, found ']'", column: 11),
    JSONErrorCase(#"{"a": 1, "b": ]"#, "expected a value, found ']'", column: 15),
    JSONErrorCase("[1, [ ]", "unexpected end of input: expected ',' or ']' after array element \(notClosedArray)", column: 8),
    JSONErrorCase("]", "expected a value, found ']'", column: 1),
    JSONErrorCase("[1] x", "unexpected 'x' after the JSON value", column: 5),
    JSONErrorCase("{} {}", "unexpected '{' after the JSON value", column: 4),
    JSONErrorCase("1 2", "unexpected '2' after the JSON value", column: 3),
    JSONErrorCase("[1,2]\u{0}", "unexpected U+0000 after the JSON value", column: 6),
    JSONErrorCase("[1] // done", "unexpected '/' after the JSON value (comments are not allowed in JSON)", column: 5),
    JSONErrorCase("// c\n{}", "expected a value, found '/' (comments are not allowed in JSON)", column: 1),
    JSONErrorCase("'a'", "expected a value, found \"'\" (strings must use double quotes)", column: 1),

    // Literals and numbers.
    JSONErrorCase("[NaN]", "expected a value, found 'N' (NaN and Infinity are not valid JSON)", column: 2),
    JSONErrorCase("Infinity", "expected a value, found 'I' (NaN and Infinity are not valid JSON)", column: 1),
    JSONErrorCase("-Infinity", "expected a digit after '-', found 'I'", column: 2),
    JSONErrorCase("True", "expected a value, found 'T'", column: 1),
    JSONErrorCase("nul1", "invalid literal: expected 'null'", column: 4),
    JSONErrorCase("[fals]", "invalid literal: expected 'false'", column: 6),
    JSONErrorCase("truex", "unexpected 'x' after the JSON value", column: 5),
    JSONErrorCase("01", "leading zeros are not allowed in numbers", column: 1),
    JSONErrorCase("[-007]", "leading zeros are not allowed in numbers", column: 3),
    JSONErrorCase("[-]", "expected a digit after '-', found ']'", column: 3),
    JSONErrorCase("1.e5", "expected a digit after the decimal point, found 'e'", column: 3),
    JSONErrorCase("1e+x", "expected a digit in the exponent, found 'x'", column: 4),
    JSONErrorCase(".5", "expected a value, found '.' (a number must start with a digit or '-')", column: 1),
    JSONErrorCase("+1", "expected a value, found '+' (a number must start with a digit or '-')", column: 1),
    JSONErrorCase("0x10", "unexpected 'x' after the JSON value", column: 2),

    // Strings.
    JSONErrorCase("[\n  \"abc\n]", "unescaped line break in string starting at line 2, column 3", line: 2, column: 7),
    JSONErrorCase("\"a\tb\"", "unescaped tab in string starting at line 1, column 1", column: 3),
    JSONErrorCase("\"a\u{0}\"", "unescaped control character U+0000 in string starting at line 1, column 1", column: 3),
    JSONErrorCase("\"\u{1F}\"", "unescaped control character U+001F in string starting at line 1, column 1", column: 2),
    JSONErrorCase(#""\x""#, "invalid escape sequence: '\\' followed by 'x' in string", column: 2),
    JSONErrorCase(#""ab\'""#, "invalid escape sequence: '\\' followed by \"'\" in string", column: 4),
    JSONErrorCase(#""\u12G4""#, "invalid \\u escape: expected four hexadecimal digits", column: 2),
    JSONErrorCase(#"{"k\U0041": 1}"#, "invalid escape sequence: '\\' followed by 'U' in string", column: 4),

    // Encodings: invalid UTF-8 is an error with the position of the offending sequence.
    JSONErrorCase(bytes: [0x22, 0x61, 0xFF, 0x62, 0x22], "invalid UTF-8 byte 0xFF in string", column: 3),
    JSONErrorCase(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 byte 0xC0 in string", column: 2),  // overlong '/'
    JSONErrorCase(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 byte 0xED in string", column: 2),  // encoded surrogate
    JSONErrorCase(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8 byte 0xF4 in string", column: 2),  // above U+10FFFF
    JSONErrorCase(bytes: [0x22, 0xC3, 0x22], "invalid UTF-8 byte 0xC3 in string", column: 2),  // lead byte without continuation
    JSONErrorCase(bytes: [0x22, 0x80, 0x22], "invalid UTF-8 byte 0x80 in string", column: 2),  // stray continuation byte
    JSONErrorCase(bytes: [0x5B, 0xFF, 0x5D], "expected a value, found invalid UTF-8 byte 0xFF", column: 2),
    JSONErrorCase("[é]", "expected a value, found 'é' (U+00E9)", column: 2),
    JSONErrorCase("[\u{FEFF}1]", "expected a value, found '\u{FEFF}' (U+FEFF)", column: 2),
    JSONErrorCase(bytes: [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00],
                  "input starts with a UTF-16 byte-order mark; only UTF-8 is supported", column: 1),

    // Positions: columns count code points, lines end at \n, \r\n or a lone \r, and a
    // byte-order mark is not a column.
    JSONErrorCase("[\"éé\", x]", "expected a value, found 'x'", column: 8),
    JSONErrorCase("[\"😀\",\n\"a\" \"b\"]", "expected ',' or ']' after array element, found '\"'", line: 2, column: 5),
    JSONErrorCase("[\r\n1,\r\n]", "trailing comma before ']'", line: 2, column: 2),
    JSONErrorCase("[\r1 2]", "expected ',' or ']' after array element, found '2'", line: 2, column: 3),
    JSONErrorCase("\n\n\n   ]", "expected a value, found ']'", line: 4, column: 4),
    JSONErrorCase(bytes: [0xEF, 0xBB, 0xBF] + Array("[1,]".utf8), "trailing comma before ']'", column: 3),
]

@Suite struct JSONParserErrorTests {
    @Test(arguments: jsonErrorCases)
    func reportsMalformedInputWithExactMessageAndPosition(_ testCase: JSONErrorCase) throws {
        let error = try #require(JSONTestSupport.parseError(testCase.input))
        #expect(error.message == testCase.message)
        #expect(error.position.line == testCase.line)
        #expect(error.position.column == testCase.column)
        #expect((0...testCase.input.count).contains(error.position.offset))
    }

    @Test func positionOffsetCountsBytesWhileColumnCountsCodePoints() throws {
        let error = try #require(JSONTestSupport.parseError("[\"éé\", x]"))
        #expect(error.position == JSONPosition(offset: 9, line: 1, column: 8))
        let afterMark = try #require(JSONTestSupport.parseError([0xEF, 0xBB, 0xBF] + Array("[1,]".utf8)))
        #expect(afterMark.position == JSONPosition(offset: 5, line: 1, column: 3))
    }

    @Test func errorDescriptionLeadsWithLineAndColumn() throws {
        let error = try #require(JSONTestSupport.parseError("{\n  \"a\" 1\n}"))
        #expect(error.position.description == "line 2, column 7")
        #expect(error.description == "line 2, column 7: expected ':' after object key, found '1'")
    }

    /// Every prefix of a document with every kind of token either parses (a prefix such as
    /// `12` of `123` can be valid) or fails cleanly with a position inside the input.
    @Test func everyTruncationFailsCleanly() throws {
        let document = Array("""
        {"nodes": [{"publicKey": "GA\\u00e9\\uD83D\\uDE00😀", "threshold": -12.5e+3,
          "ok": true, "no": false, "none": null, "inner": [[], {}, [1, 2]]}], "x": "tab\\t"}
        """.utf8)
        #expect(throws: Never.self) { try JSONParser.parse(document) }
        var failures = 0
        for length in 0..<document.count {
            do {
                _ = try JSONParser.parse(document[0..<length])
            } catch {
                failures += 1
                #expect(error.position.offset <= length)
                #expect(error.position.line >= 1 && error.position.column >= 1)
            }
        }
        #expect(failures == document.count)  // an object is never complete before its last byte
    }

    /// Random single-byte corruption of a valid document never crashes the parser, and every
    /// error points inside the input.
    @Test func randomCorruptionNeverCrashes() {
        let document = Array(#"{"a": [1, -2.5e3, "x\u00e9y", true, false, null, {"b": "😀"}], "c": {}}"#.utf8)
        let interesting: [UInt8] = Array("[]{}\",:\\-0123456789.eE+tfnu \n".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xE0, 0xED, 0xF0, 0xF4, 0xFF]
        var rng = JSONTestSupport.SplitMix64(seed: 20_241_122)
        var parsed = 0
        for _ in 0..<3000 {
            var mutated = document
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let index = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated[index] = interesting.randomElement(using: &rng)!
                case 1: mutated.remove(at: index)
                default: mutated.insert(interesting.randomElement(using: &rng)!, at: index)
                }
                if mutated.isEmpty { mutated = [0x20] }
            }
            do {
                _ = try JSONParser.parse(mutated)
                parsed += 1
            } catch {
                #expect((0...mutated.count).contains(error.position.offset))
            }
        }
        #expect(parsed < 3000)  // the corruption really produced errors
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = JSONTestSupport.SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do {
                _ = try JSONParser.parse(bytes)
            } catch {
                #expect((0...bytes.count).contains(error.position.offset))
            }
        }
    }
}
