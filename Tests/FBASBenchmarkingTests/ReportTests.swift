import FBASBenchmarking
import Testing

@Suite struct MarkdownReportTests {
    static let records: [RunRecord] = [
        Fixture.record("a.json", validators: 15, analysis: "intersection", wall: 0.01, answer: "intersects"),
        Fixture.record("a.json", validators: 15, analysis: "splitting", wall: 0.5, answer: "4"),
        Fixture.record("b.json", validators: 36, analysis: "intersection", wall: 0.02, answer: "split"),
        Fixture.record("b.json", validators: 36, analysis: "splitting", status: .timeout, wall: 10.02, answer: "≥3"),
    ]

    @Test func everyTableRowHasAsManyCellsAsTheHeader() {
        let report = MarkdownReport(title: "t", method: ["x: y"], measurements: Self.records)
        for table in [report.perNetworkTable(), report.perAnalysisTable(), report.detailTable()] {
            let rows = cells(table)
            #expect(rows.count >= 3)
            #expect(rows[1].allSatisfy { $0 == "---" })
            #expect(rows.allSatisfy { $0.count == rows[0].count })
        }
    }

    @Test func perNetworkTableHasOneColumnPerAnalysisAndMarksTimeouts() {
        let rows = cells(MarkdownReport(title: "t", method: [], measurements: Self.records).perNetworkTable())
        #expect(rows[0] == ["network", "validators", "intersection", "splitting"])
        #expect(rows[2] == ["a.json", "15", "0.010 s (intersects)", "0.500 s (4)"])
        #expect(rows[3] == ["b.json", "36", "0.020 s (split)", "timeout (≥3)"])
    }

    @Test func perAnalysisTableCountsFinishedNetworksAndTheirMedian() {
        let rows = cells(MarkdownReport(title: "t", method: [], measurements: Self.records).perAnalysisTable())
        #expect(rows[2].prefix(5) == ["intersection", "cryptominisat", "2 / 2", "0.015", "0.020"])
        #expect(rows[3].prefix(4) == ["splitting", "cryptominisat", "1 / 2", "0.500"])
    }

    @Test func severalBackendsGetColumnsAndARatioToTheFirst() {
        let records = [Fixture.record(wall: 2), Fixture.record(backend: "z3", wall: 6)]
        let report = MarkdownReport(title: "t", method: [], measurements: records)
        #expect(cells(report.perNetworkTable())[0] == ["network", "validators", "intersection (cryptominisat)", "intersection (z3)"])
        let detail = cells(report.detailTable())
        #expect(detail[0].last == "vs cryptominisat")
        #expect(detail[3].last == "3.00×")
    }

    @Test func earlierRunAddsARatioColumnOfTheTimesInsideFBAS() {
        let earlier = [Fixture.record(wall: 4, reported: 2)]
        let report = MarkdownReport(title: "t", method: [], measurements: [Fixture.record(wall: 1, reported: 1)], earlier: earlier)
        let detail = cells(report.detailTable())
        #expect(detail[0].last == "vs earlier")
        #expect(detail[2].last == "0.50×")
        // Without reported times on one side, wall times are compared.
        let wallOnly = MarkdownReport(title: "t", method: [], measurements: [Fixture.record(wall: 1, reported: nil)], earlier: earlier)
        #expect(cells(wallOnly.detailTable())[2].last == "0.25×")
    }

    /// After the default back end changed, a run is still compared with the earlier run of the
    /// other default, network by network; with several earlier back ends, only like with like.
    @Test func earlierRunOnOneOtherBackEndIsComparedAllTheSame() {
        let now = [Fixture.record(backend: "cadical", wall: 1, reported: 1)]
        let single = MarkdownReport(title: "t", method: [], measurements: now, earlier: [Fixture.record(wall: 4, reported: 4)])
        #expect(cells(single.detailTable())[2].last == "0.25×")
        let several = MarkdownReport(title: "t", method: [], measurements: now,
                                     earlier: [Fixture.record(wall: 4, reported: 4), Fixture.record(backend: "z3", wall: 8, reported: 8)])
        #expect(cells(several.detailTable())[2].last == "")
    }

    @Test func pipesInCellsAreEscaped() {
        let table = MarkdownReport.table(["a", "b"], [["x|y", "z"]])
        #expect(table.contains("x\\|y"))
    }

    @Test func reportEmbedsTheChartAndTheMethod() {
        let text = MarkdownReport(title: "Title", method: ["machine: 2 cores"], measurements: Self.records, chart: "chart.svg").render()
        #expect(text.hasPrefix("# Title\n"))
        #expect(text.contains("- machine: 2 cores"))
        #expect(text.contains("![time against validators](chart.svg)"))
    }
}

@Suite struct SVGChartTests {
    /// Tag names in order of opening and closing, with self-closing tags dropped; nil when the
    /// document is not balanced.
    static func balanced(_ svg: String) -> Bool {
        var stack: [String] = []
        var rest = Substring(svg)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasSuffix("/") { continue }
            let name = tag.split(separator: " ").first.map(String.init) ?? ""
            if name.hasPrefix("/") {
                guard stack.popLast() == String(name.dropFirst()) else { return false }
            } else {
                stack.append(name)
            }
        }
        return stack.isEmpty
    }

    static let records: [RunRecord] = [100, 200, 500, 1000].flatMap { n in
        [Fixture.record("t-\(n).json", validators: n, analysis: "intersection", wall: Double(n) / 1000),
         Fixture.record("t-\(n).json", validators: n, analysis: "blocking", status: n >= 500 ? .timeout : .ok,
                        wall: n >= 500 ? 60 : 1, answer: nil, limit: 60)]
    }

    @Test func chartIsWellFormedWithOnePolylinePerSeries() {
        let svg = LineChart.from(Self.records, title: "a < b & c", xScale: .logarithmic).render()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(Self.balanced(svg))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("a &lt; b &amp; c"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func timedOutPointsAreCrossesAndFinishedOnesDots() {
        let svg = LineChart.from(Self.records, title: "t", xScale: .logarithmic).render()
        // 4 intersection points and 2 finished blocking points are dots; 2 blocking points crosses.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6)
        #expect(svg.components(separatedBy: "unfinished").count - 1 == 2)
        #expect(svg.contains("time limit 60 s"))
    }

    @Test func severalBackendsGetOneSeriesEach() {
        let records = [Fixture.record(validators: 10), Fixture.record(validators: 20),
                       Fixture.record(validators: 10, backend: "z3"), Fixture.record(validators: 20, backend: "z3")]
        let chart = LineChart.from(records, title: "t", xScale: .linear)
        #expect(chart.series.map(\.label) == ["intersection (cryptominisat)", "intersection (z3)"])
        #expect(chart.series.map(\.dash) == [0, 1])
        #expect(Self.balanced(chart.render()))
    }
}
