import Foundation
import Testing
@testable import StrictJSON

/// Hostile nesting must end in an ordinary error, quickly, even on a thread with a small stack.
@Suite struct JSONDepthTests {
    static let hostileDepth = 100_000

    @Test func defaultLimitAllowsExactly512Levels() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }

        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = try #require(JSONTestSupport.parseError(tooDeep))
        #expect(error.message == "nesting deeper than 512 levels")
        #expect(error.position == JSONPosition(offset: 512, line: 1, column: 513))
    }

    @Test func customLimitIsHonoured() throws {
        #expect(try JSONParser.parse("[[[]]]", maxDepth: 3) == [[[]]])
        let error = try #require(JSONTestSupport.parseError(#"[{"a": [[]]}]"#, maxDepth: 3))
        #expect(error.message == "nesting deeper than 3 levels")
        #expect(error.position.column == 9)
        // Depth 0 still allows scalars, not containers.
        #expect(try JSONParser.parse("7", maxDepth: 0) == 7)
        #expect(JSONTestSupport.parseError("[]", maxDepth: 0)?.message == "nesting deeper than 0 levels")
    }

    /// 100 000-deep inputs; each names the column of the 513th opening bracket.
    enum HostileNesting: String, CaseIterable, Sendable {
        case unclosedArrays, balancedArrays, nestedObjects, alternating

        var input: String {
            let depth = JSONDepthTests.hostileDepth
            return switch self {
            case .unclosedArrays: String(repeating: "[", count: depth)
            case .balancedArrays: String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            case .nestedObjects: String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
            case .alternating: String(repeating: #"[{"a":"#, count: depth / 2)
            }
        }

        var column: Int {
            switch self {
            case .unclosedArrays, .balancedArrays: 513
            case .nestedObjects: 5 * 512 + 1
            case .alternating: 6 * 256 + 1
            }
        }
    }

    @Test(arguments: HostileNesting.allCases)
    func hostileNestingFailsCleanlyOnASmallStack(_ nesting: HostileNesting) async {
        let input = nesting.input
        let (result, elapsed) = await JSONTestSupport.onSmallStack { () -> (Result<JSONValue, JSONSyntaxError>, Duration) in
            var result: Result<JSONValue, JSONSyntaxError> = .success(.null)
            let elapsed = ContinuousClock().measure {
                result = Result { () throws(JSONSyntaxError) in try JSONParser.parse(input) }
            }
            return (result, elapsed)
        }
        guard case .failure(let error) = result else {
            Issue.record("\(nesting): \(Self.hostileDepth)-deep input parsed")
            return
        }
        #expect(error.message == "nesting deeper than 512 levels")
        #expect(error.position.line == 1 && error.position.column == nesting.column)
        // The limit is hit after at most 3 KB of input, so this takes well under a millisecond
        // optimised; the bound only catches work proportional to the whole input gone wrong.
        #expect(elapsed < .milliseconds(500))
    }

    /// A value at the depth limit can be parsed, written, compared and destroyed (all of which
    /// Swift may do recursively) on a small stack.
    @Test func valueAtTheLimitIsSafeToUseOnASmallStack() async {
        let ok = await JSONTestSupport.onSmallStack { () -> Bool in
            let text = String(repeating: #"{"a":["#, count: 256) + "null" + String(repeating: "]}", count: 256)
            guard let value = try? JSONParser.parse(text) else { return false }
            let written = JSONWriter.write(value)
            let pretty = JSONWriter.write(value, pretty: true)
            guard let again = try? JSONParser.parse(pretty) else { return false }
            return written == text && again == value
        }
        #expect(ok)
    }
}
