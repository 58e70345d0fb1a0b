import FBASReport
import Foundation
import Testing

/// The report's clients format numbers without Foundation's `String(format:)` (which loads ICU):
/// the replacements must write what it writes.
@Suite struct TextFormattingTests {
    @Test func fixedDecimalsMatchPrintf() {
        var state: UInt64 = 7
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        var values: [Double] = [0, 0.05, 0.15, 0.25, 1.5, 2.5, -0.04, -1.25, 59.95, 123456.789, 1e-9]
        for _ in 0..<5000 { values.append((Double(next() % 2_000_000) - 1_000_000) / Double(1 << (next() % 12))) }
        for v in values {
            for digits in 0...3 {
                let ours = String(v, fractionDigits: digits), printf = String(format: "%.\(digits)f", v)
                // printf rounds the binary value half to even; ours half away from zero. They may
                // differ only on an exact binary tie, which the values above mostly avoid.
                if ours != printf {
                    let scaled = abs(v) * pow(10, Double(digits))
                    #expect(scaled - scaled.rounded(.down) == 0.5, "\(v) with \(digits) digits: \(ours) vs \(printf)")
                }
            }
        }
    }

    @Test func paddingAndTrimmingMatchFoundation() {
        #expect(String(7, paddedTo: 4) == String(format: "%04d", 7))
        #expect(String(2026, paddedTo: 2) == "2026")
        #expect(String(-3, paddedTo: 3) == "-003")
        #expect("ab".padded(to: 5) == "ab".padding(toLength: 5, withPad: " ", startingAt: 0))
        #expect("abcdef".padded(to: 3) == "abcdef".padding(toLength: 3, withPad: " ", startingAt: 0))
        #expect("  blocking>=3 \t".trimmingSpaces == "blocking>=3")
        #expect("   ".trimmingSpaces == "")
    }
}
