import FBASFormats
import FBASReport
import FBASTestSupport
import StrictJSON
import Testing

/// The README's report example, kept compiling and correct (and the DocC article's, which is
/// the same code).
@Suite struct ReadmeReportExampleTests {
    @Test func theReportExamplePrintsTheExplorersFigures() throws {
        let path = sharedData.appendingPathComponent("real/withObsrvr-stellarbeat__nodes_2025-11-13.json").path
        let loaded = try NetworkReader.read(path: path)
        let report = try NetworkReport.compute(loaded.fbas, options: ReportOptions(profile: .stellarbeat),
                                               warnings: loaded.diagnostics)
        #expect(report.node.blockingSetsMinSize == 6)
        #expect(report.organization.splittingSetsMinSize == 3)
        let text = try JSONValueEncoder().encodeText(report)
        #expect(text.hasPrefix("{\n  \"hasQuorumIntersection\": true,\n  \"hasSymmetricTopTier\": true,\n  \"node\": {"))
    }
}
