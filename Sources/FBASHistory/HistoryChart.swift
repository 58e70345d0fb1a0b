import FBASReport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `PREFIX.svg`: the margins over time. One line per figure (the smallest blocking and
/// splitting sets, of validators and of organizations, and the top tier's size), a day per
/// pixel column, and a red mark under every snapshot whose quorums do not all intersect.
enum HistoryChart {
    static let series: [(path: String, label: String, color: String, dash: String)] = [
        ("node.topTierSize", "top tier (validators)", "#7f7f7f", "2 3"),
        ("node.blockingSetsMinSize", "blocking set (validators)", "#1f77b4", ""),
        ("node.splittingSetsMinSize", "splitting set (validators)", "#d62728", ""),
        ("organization.blockingSetsMinSize", "blocking set (organizations)", "#1f77b4", "8 4"),
        ("organization.splittingSetsMinSize", "splitting set (organizations)", "#d62728", "8 4"),
    ]

    static func render(_ rows: [HistoryRow]) -> String {
        let dated = rows.compactMap { row -> (day: Int, report: NetworkReport)? in
            guard let date = row.date, let day = dayNumber(date), let report = row.report else { return nil }
            return (day, report)
        }.sorted { $0.day < $1.day }
        let width = 900.0, height = 460.0, left = 60.0, right = 240.0, top = 40.0, bottom = 50.0
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(left)\" y=\"22\" font-size=\"15\">The network's margins over time (\(dated.count) snapshots)</text>\n"
        guard let first = dated.first?.day, let last = dated.last?.day else {
            return svg + "<text x=\"\(left)\" y=\"\(top + 20)\">no dated snapshot with a report</text>\n</svg>\n"
        }
        let values = dated.flatMap { d in series.compactMap { s in value(d.report, s.path) } }
        let yMax = Double(max(5, (values.max() ?? 5) + 1))
        let span = Double(max(1, last - first))
        func x(_ day: Int) -> Double { left + Double(day - first) / span * plotW }
        func y(_ v: Int) -> Double { top + plotH - Double(v) / yMax * plotH }
        func f(_ v: Double) -> String { String(v, fractionDigits: 1) }
        // Axes and grid: a line per 5 units, a tick per year.
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
        for v in stride(from: 0, through: Int(yMax), by: 5) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#e0e0e0\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(v)</text>\n"
        }
        for yr in year(first)...year(last) + 1 {
            guard let day = dayNumber(String(yr, paddedTo: 4) + "-01-01"), day >= first, day <= last else { continue }
            svg += "<line x1=\"\(f(x(day)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(day)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>\n"
            svg += "<text x=\"\(f(x(day)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(yr)</text>\n"
        }
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">snapshot date</text>\n"
        // Snapshots without quorum intersection.
        for d in dated where d.report.hasQuorumIntersection == false {
            svg += "<rect x=\"\(f(x(d.day) - 2))\" y=\"\(f(top + plotH - 10))\" width=\"4\" height=\"10\" fill=\"#d62728\"><title>no quorum intersection</title></rect>\n"
        }
        for s in series {
            let points = dated.compactMap { d in value(d.report, s.path).map { (x(d.day), y($0)) } }
            guard !points.isEmpty else { continue }
            let path = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f($0.element.0)),\(f($0.element.1))" }.joined(separator: " ")
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.5\"" + (s.dash.isEmpty ? "" : " stroke-dasharray=\"\(s.dash)\"") + "/>\n"
            for p in points { svg += "<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"2.5\" fill=\"\(s.color)\"/>\n" }
        }
        // Legend.
        var ly = top + 10
        for s in series {
            svg += "<line x1=\"\(f(left + plotW + 20))\" y1=\"\(f(ly))\" x2=\"\(f(left + plotW + 50))\" y2=\"\(f(ly))\" stroke=\"\(s.color)\" stroke-width=\"2\"" + (s.dash.isEmpty ? "" : " stroke-dasharray=\"\(s.dash)\"") + "/>\n"
            svg += "<text x=\"\(f(left + plotW + 56))\" y=\"\(f(ly + 4))\">\(s.label)</text>\n"
            ly += 20
        }
        svg += "<rect x=\"\(f(left + plotW + 33))\" y=\"\(f(ly - 6))\" width=\"4\" height=\"10\" fill=\"#d62728\"/>\n"
        svg += "<text x=\"\(f(left + plotW + 56))\" y=\"\(f(ly + 4))\">no quorum intersection</text>\n"
        return svg + "</svg>\n"
    }

    static func value(_ r: NetworkReport, _ path: String) -> Int? {
        if case .number(let n)? = r.figures.first(where: { $0.path == path })?.value { return n }
        return nil
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
    static func dayNumber(_ date: String) -> Int? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var (y, m) = (parts[0], parts[1])
        let d = parts[2]
        if m <= 2 { y -= 1; m += 12 }
        let era = y / 400, yoe = y - era * 400
        let doy = (153 * (m - 3) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func year(_ day: Int) -> Int {
        // The year of day number `day`: count back from an estimate.
        var y = 1970 + day / 366
        while let next = dayNumber(String(y + 1, paddedTo: 4) + "-01-01"), next <= day { y += 1 }
        return y
    }
}
