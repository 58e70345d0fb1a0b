import StrictJSON
import Testing

@Suite struct JSONValueEncoderTests {
    struct Sample: Codable {
        var zeta: Int
        var alpha: String?
        var mid: [Double]
        var flag: Bool
    }

    @Test func membersKeepDeclarationOrderAndNilIsNull() throws {
        let text = try JSONValueEncoder().encodeText(Sample(zeta: 1, alpha: nil, mid: [0.5, 2], flag: true), pretty: false)
        #expect(text == #"{"zeta":1,"alpha":null,"mid":[0.5,2.0],"flag":true}"#)
    }

    @Test func nonFiniteDoublesBecomeNull() throws {
        let v = try JSONValueEncoder().encode([Double.nan, .infinity, 1.25])
        #expect(v == .array([.null, .null, .number(JSONNumber(text: "1.25"))]))
    }

    @Test func jsonValuesPassThroughUnchanged() throws {
        let inner: JSONValue = .object(JSONObject([("b", .number(JSONNumber(text: "1e5"))), ("a", .array([.bool(false)]))]))
        struct Wrapper: Encodable { var payload: JSONValue }
        let v = try JSONValueEncoder().encode(Wrapper(payload: inner))
        #expect(v == .object(JSONObject([("payload", inner)])))
    }

    @Test func encodedTextDecodesBackWithFoundation() throws {
        let sample = Sample(zeta: -3, alpha: "é\"\n", mid: [1e-7, 123456.789], flag: false)
        let text = try JSONValueEncoder().encodeText(sample)
        let back = try JSONParser.parse(Array(text.utf8))
        #expect(back.object?["alpha"]?.string == "é\"\n")
        #expect(back.object?["mid"]?.array?.compactMap { $0.number?.doubleValue } == [1e-7, 123456.789])
    }

    class Base: Encodable {
        var base = 1
    }

    final class Derived: Base {
        var own = 2
        enum CodingKeys: String, CodingKey { case own }
        override func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(own, forKey: .own)
            try super.encode(to: c.superEncoder())
        }
    }

    @Test func aSuperEncoderNestsUnderSuper() throws {
        let v = try JSONValueEncoder().encode(Derived())
        #expect(v == .object(JSONObject([("own", .number(2)), ("super", .object(JSONObject([("base", .number(1))])))])))
    }

    @Test func dictionariesComeOutInKeyOrderEveryTime() throws {
        let d = Dictionary(uniqueKeysWithValues: (0..<50).map { ("k\($0)", $0) })
        let text = try JSONValueEncoder().encodeText(d, pretty: false)
        let keys = try #require(JSONParser.parse(Array(text.utf8)).object?.keys)
        #expect(keys == keys.sorted())
        #expect(keys.count == 50)
    }

    struct Widths: Encodable {
        var a: Int64?
        var b: UInt8?
        var c: Float?
    }

    @Test func nilOfEveryNumericWidthIsNull() throws {
        #expect(try JSONValueEncoder().encodeText(Widths(), pretty: false) == #"{"a":null,"b":null,"c":null}"#)
    }
}
