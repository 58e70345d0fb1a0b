import Foundation
import Testing
import FBASModel
@testable import FBASAnalyses

/// Hand-made cases of the minimal-quorum analyses: the time limit, and the progress they report.
@Suite struct MinimalQuorumAnalysisTests {
    /// Three validators, each needing two of the three: the minimal quorums are the three pairs.
    static let triangle = FBAS(validators: ["A", "B", "C"].map { key in
        Validator(publicKey: key, quorumSet: QuorumSet(threshold: 2, validators: ["A", "B", "C"]))
    })

    @Test(arguments: SolverBackend.allCases)
    func aQuorumNotWithinAPairTakesTheThirdValidator(_ backend: SolverBackend) throws {
        let r = try Analyses.minimalQuorum(Self.triangle, notWithin: [0, 1], options: AnalysisOptions(backend: backend))
        #expect(r.status == .ok)
        #expect(r.quorum?.count == 2 && r.quorum?.contains(2) == true)
    }

    @Test(arguments: SolverBackend.allCases)
    func anExpiredDeadlineReportsTimeoutNeverAGuess(_ backend: SolverBackend) throws {
        let expired = AnalysisOptions(backend: backend, deadline: .now - .seconds(1))
        let r = try Analyses.minimalQuorum(Self.triangle, notWithin: [0, 1], options: expired)
        #expect(r.status == .timeout)
        #expect(r.quorum == nil)
        let all = try Analyses.allMinimalQuorums(Self.triangle, options: expired)
        #expect(all.status == .timeout && !all.complete)
    }

    @Test func enumerationReportsEachQuorumFoundAsProgress() throws {
        let events = Events()
        let options = AnalysisOptions(progress: { events.append($0) })
        let r = try Analyses.allMinimalQuorums(Self.triangle, options: options)
        #expect(r.quorums.count == 3)
        #expect(events.all.filter { $0.activity == "minimal quorums" }.compactMap(\.round) == [1, 2, 3])
    }

    @Test func blockingAndSplittingSetsReportTheirBounds() throws {
        let events = Events()
        let options = AnalysisOptions(progress: { events.append($0) })
        let b = try Analyses.minimumBlockingSet(Self.triangle, options: options)
        #expect(events.all.last { $0.activity == "minimum blocking set" }?.lowerBound == b.size)
        let s = try Analyses.minimumSplittingSet(Self.triangle, options: options)
        #expect(events.all.contains { $0.activity == "minimum splitting set" && $0.upperBound == s.size })
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [ProgressEvent] = []
        func append(_ e: ProgressEvent) { lock.withLock { events.append(e) } }
        var all: [ProgressEvent] { lock.withLock { events } }
    }
}
