import FBASBenchmarking
import Testing

@Suite struct CSVTests {
    @Test func csvRoundTripKeepsEveryField() throws {
        let records = [
            Fixture.record(),
            Fixture.record("odd, \"name\".json", validators: 1000, analysis: "splitting", backend: "z3", repetition: 3,
                           status: .timeout, wall: 60.5, reported: nil, answer: nil, limit: 60),
            Fixture.record(analysis: "blocking", status: .error, wall: 0.25, answer: "internal error:\nwitness, rejected"),
            Fixture.record(status: .killed, wall: 65.0625, reported: nil, answer: nil),
        ]
        let text = ResultsCSV.write(records)
        #expect(text.hasPrefix("mode,network,family,validators,analysis,backend,repetition,status,wallSeconds"))
        #expect(try ResultsCSV.read(text) == records)
    }

    @Test func csvColumnsAreFoundByName() throws {
        let text = "status,network,mode,family,validators,analysis,backend,repetition,wallSeconds,answer,timeoutSeconds,extra\n"
            + "ok,n.json,scale,tiered,100,blocking,z3,1,0.5,6,60,whatever\n"
        let records = try ResultsCSV.read(text)
        #expect(records.count == 1)
        #expect(records[0].network == "n.json")
        #expect(records[0].answer == "6")
        #expect(records[0].reportedSeconds == nil)
    }

    @Test func malformedCSVIsReportedWithItsLine() {
        let text = ResultsCSV.write([Fixture.record()]) + "suite,n.json,f,many,intersection,z3,1,ok,1,,,x,10\n"
        #expect(throws: BenchmarkError.malformedCSV(line: 3, reason: "validators or repetition is not a whole number")) {
            try ResultsCSV.read(text)
        }
        #expect(throws: BenchmarkError.self) { try ResultsCSV.read("network,status\nx,ok\n") }
    }
}
