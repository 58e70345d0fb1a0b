import Testing
@testable import StrictJSON

@Suite struct JSONWriterTests {
    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        let value: JSONValue = .string("q\"b\\s/n\nt\tr\rb\u{08}f\u{0C}z\u{0}u\u{1F}d\u{7F}é😀\u{2028}")
        #expect(JSONWriter.write(value) == #""q\"b\\s/n\nt\tr\rb\bf\fz\u0000u\u001fd"# + "\u{7F}é😀\u{2028}\"")
    }

    @Test func writesCompactTextWithoutWhitespace() {
        let value: JSONValue = ["a": [1, true, .null, "x"], "b": [:], "c": []]
        #expect(JSONWriter.write(value) == #"{"a":[1,true,null,"x"],"b":{},"c":[]}"#)
    }

    @Test func writesPrettyTextWithTwoSpaceIndent() {
        let value: JSONValue = ["validators": ["GA", "GB"], "threshold": 2, "inner": [["k": [:]]], "empty": []]
        let expected = """
        {
          "validators": [
            "GA",
            "GB"
          ],
          "threshold": 2,
          "inner": [
            {
              "k": {}
            }
          ],
          "empty": []
        }
        """
        #expect(JSONWriter.write(value, pretty: true) == expected)
        #expect(JSONWriter.write(7, pretty: true) == "7")
    }

    @Test func writesNumbersFromTheirLiteralText() throws {
        let value = try JSONParser.parse("[1e400, -0, 2.50, 1E+2, 123456789012345678901234567890]")
        #expect(JSONWriter.write(value) == "[1e400,-0,2.50,1E+2,123456789012345678901234567890]")
    }

    @Test func writesDuplicateKeysInStoredOrder() {
        var object = JSONObject()
        object.append("b", 1)
        object.append("a", 2)
        object.append("b", 3)
        #expect(JSONWriter.write(.object(object)) == #"{"b":1,"a":2,"b":3}"#)
    }

    @Test func utf8OutputMatchesStringOutput() {
        let value: JSONValue = ["ключ": ["😀", 1.5, false]]
        #expect(JSONWriter.writeUTF8(value) == Array(JSONWriter.write(value).utf8))
        #expect(JSONWriter.writeUTF8(value, pretty: true) == Array(JSONWriter.write(value, pretty: true).utf8))
    }

    @Test func oddUnicodeRoundTrips() throws {
        let strings = [
            "😀👩‍👩‍👧‍👦🇨🇭", "\u{10FFFF}\u{10000}", "e\u{301}", "\u{0}", "a\u{0}b\u{1}\u{1F}", "\u{FEFF}lead",
            "\u{FFFD}", "\u{2028}\u{2029}", "\\u0041", "\"", "中文", "",
        ]
        for string in strings {
            let value: JSONValue = [string: .string(string)]
            let again = try JSONParser.parse(JSONWriter.write(value))
            #expect(again == value)
            // Swift's == uses canonical equivalence, so also check the exact code points survive.
            #expect(again.object?.members.first?.value.string.map { Array($0.unicodeScalars) } == Array(string.unicodeScalars))
        }
    }

    @Test func loneSurrogateEscapesRoundTripAsReplacementCharacter() throws {
        let value = try JSONParser.parse(#"["\uD800", "x\uDFFFy"]"#)
        #expect(value == ["\u{FFFD}", "x\u{FFFD}y"])
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
    }

    @Test func descriptionIsCompactJSON() {
        let value: JSONValue = ["a": [1, "b"]]
        #expect(value.description == #"{"a":[1,"b"]}"#)
        #expect(value.object?.description == #"{"a":[1,"b"]}"#)
        #expect(JSONNumber(text: "1e5").description == "1e5")
    }
}
