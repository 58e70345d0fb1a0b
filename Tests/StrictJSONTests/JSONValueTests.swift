import Testing
@testable import StrictJSON

@Suite struct JSONValueTests {
    @Test func intValueIsExactIntegersOnly() {
        let cases: [(String, Int?)] = [
            ("3", 3), ("-7", -7), ("0", 0), ("-0", 0),
            ("3.0", nil), ("3e0", nil), ("3E2", nil), ("2.5", nil),
            ("9223372036854775807", .max), ("-9223372036854775808", .min),
            ("9223372036854775808", nil), ("-9223372036854775809", nil),
            (String(repeating: "9", count: 400), nil),
        ]
        for (text, expected) in cases {
            #expect(JSONNumber(text: text).intValue == expected, "\(text)")
        }
    }

    @Test func doubleValueIsNilWhenNotFinite() {
        #expect(JSONNumber(text: "2.5").doubleValue == 2.5)
        #expect(JSONNumber(text: "-0").doubleValue == 0)
        #expect(JSONNumber(text: "1E+2").doubleValue == 100)
        #expect(JSONNumber(text: "1e400").doubleValue == nil)
        #expect(JSONNumber(text: "-1e400").doubleValue == nil)
        #expect(JSONNumber(text: "1e-400").doubleValue == 0)
        #expect(JSONNumber(text: "1" + String(repeating: "0", count: 300)).doubleValue == 1e300)
    }

    @Test func integerLiteralFormIsDetectedWhateverItsSize() {
        #expect(JSONNumber(text: String(repeating: "7", count: 50)).isIntegerLiteral)
        #expect(JSONNumber(text: "-0").isIntegerLiteral)
        #expect(!JSONNumber(text: "1.0").isIntegerLiteral)
        #expect(!JSONNumber(text: "1e2").isIntegerLiteral)
    }

    @Test func validatingInitializerFollowsTheJSONGrammar() {
        for valid in ["0", "-0", "10", "-0.0e-0", "1E+9", "123.456e789"] {
            #expect(JSONNumber(validating: valid)?.text == valid)
        }
        for invalid in ["", "-", "01", "+1", "1.", ".5", "1e", "1e+", "NaN", "Infinity", "0x10", " 1", "1 ", "1.2.3", "--1"] {
            #expect(JSONNumber(validating: invalid) == nil, "\(invalid)")
        }
    }

    @Test func doubleInitializerWritesShortestRoundTrippingText() throws {
        #expect(JSONNumber(2.5)?.text == "2.5")
        #expect(JSONNumber(100.0 as Double)?.text == "100.0")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(-Double.infinity) == nil)
        for double in [0.1, -0.0, 1e-7, 1e300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude] {
            let number = try #require(JSONNumber(double))
            #expect(JSONNumber(validating: number.text) != nil)
            #expect(number.doubleValue == double)
        }
        #expect(JSONNumber(42).text == "42")
    }

    @Test func numberEqualityIsTextual() {
        #expect(JSONNumber(text: "1") != JSONNumber(text: "1.0"))
        #expect(JSONNumber(text: "1") == JSONNumber(1))
    }

    @Test func objectLookupUsesFirstOccurrence() {
        let object: JSONObject = ["a": 1, "b": 2, "a": 3]
        #expect(object["a"] == 1)
        #expect(object["c"] == nil)
        #expect(object.keys == ["a", "b", "a"])
        #expect(object.count == 3)
        #expect(object.duplicateKeys == ["a"])
        #expect((["x": 1, "y": 2] as JSONObject).duplicateKeys.isEmpty)
        let many: JSONObject = ["k": 1, "j": 2, "k": 3, "j": 4, "k": 5]
        #expect(many.duplicateKeys == ["k", "j"])
    }

    @Test func objectMutationKeepsOrder() {
        var object: JSONObject = ["a": 1, "b": 2, "a": 3]
        object.set("a", to: 10)
        #expect(object.members.map(\.key) == ["a", "b", "a"])
        #expect(object.values(forKey: "a") == [10, 3])
        object.set("c", to: "new")
        #expect(object.keys == ["a", "b", "a", "c"])
        object["b"] = false
        #expect(object.keys == ["a", "b", "a", "c"])
        #expect(object["b"] == false)
        object.append("b", .null)
        #expect(object.keys == ["a", "b", "a", "c", "b"])
        #expect(object.removeAll(key: "a") == 10)
        #expect(object.keys == ["b", "c", "b"])
        object["b"] = nil
        #expect(object.keys == ["c"])
        #expect(object.removeAll(key: "zzz") == nil)
        #expect(!object.isEmpty)
    }

    @Test func objectEqualityIsOrderSensitive() {
        let ab: JSONObject = ["a": 1, "b": 2]
        #expect(ab == ["a": 1, "b": 2])
        #expect(ab != ["b": 2, "a": 1])
        #expect(ab != ["a": 1, "b": 3])
        #expect(ab != ["a": 1, "b": 2, "b": 2])
        #expect(JSONObject() == [:])
    }

    @Test func kindDescriptionsReadAsNounPhrases() {
        let values: [JSONValue] = [.null, true, 1, "s", [], [:]]
        #expect(values.map(\.kindDescription) == ["null", "a boolean", "a number", "a string", "an array", "an object"])
    }

    @Test func literalsBuildTheExpectedCases() {
        #expect((1.5 as JSONValue) == .number(JSONNumber(text: "1.5")))
        #expect((3 as JSONValue) == .number(JSONNumber(text: "3")))
        #expect(("x" as JSONValue) == .string("x"))
        #expect((false as JSONValue) == .bool(false))
        #expect(([1, "a"] as JSONValue) == .array([.number(1), .string("a")]))
        #expect((["k": .null] as JSONValue) == .object(JSONObject([(key: "k", value: .null)])))
    }
}
