import SeededRandom
import Foundation
import Testing
@testable import StrictJSON

/// Helpers shared by the JSON test files.
enum JSONTestSupport {
    /// Parses text that is expected to be valid, recording the error (with its position) if not.
    static func parseValid(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
        do {
            return try JSONParser.parse(text)
        } catch {
            Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The error that parsing `bytes` throws, or `nil` (recorded as an issue) if it parses.
    static func parseError(_ bytes: [UInt8], maxDepth: Int = JSONParser.defaultMaxDepth,
                           sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
        do {
            let value = try JSONParser.parse(bytes, maxDepth: maxDepth)
            Issue.record("expected a syntax error, parsed \(value.kindDescription)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    static func parseError(_ text: String, maxDepth: Int = JSONParser.defaultMaxDepth,
                           sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
        parseError(Array(text.utf8), maxDepth: maxDepth, sourceLocation: sourceLocation)
    }

    /// Runs `body` on a new thread with a 512 KB stack (much smaller than the main thread's 8 MB),
    /// so that tests show that parsing never needs a deep stack.
    static func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: body())
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}

extension JSONTestSupport {
    /// The package's seeded generator, so that randomized tests are reproducible from a seed.
    typealias SplitMix64 = SeededRandom.SplitMix64
}

/// The helpers themselves: the randomized and small-stack tests mean nothing if these are wrong.
@Suite struct JSONTestSupportTests {
    @Test func seededGeneratorIsReproducibleAndMatchesTheReferenceOutput() {
        var a = JSONTestSupport.SplitMix64(seed: 1234567)
        var b = JSONTestSupport.SplitMix64(seed: 1234567)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        // First output of Vigna's SplitMix64 for seed 1234567.
        #expect(first[0] == 6_457_827_717_110_365_317)
    }

    @Test func smallStackClosureRunsOnAnotherThread() async {
        let isMain = await JSONTestSupport.onSmallStack { Thread.isMainThread }
        #expect(!isMain)
        let stackSize = await JSONTestSupport.onSmallStack { Thread.current.stackSize }
        #expect(stackSize == 512 * 1024)
    }
}
