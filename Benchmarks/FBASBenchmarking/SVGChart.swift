import Foundation

/// A small SVG line chart: time against validators, one line per analysis and back end, with
/// a logarithmic time axis (benchmark times span milliseconds to the limit) and points whose
/// runs did not all finish drawn as crosses instead of dots. No plotting dependency: the chart is
/// a few hundred lines of SVG any browser opens.
public struct LineChart: Sendable {
    public enum Scale: Sendable { case linear, logarithmic }

    public struct Point: Sendable, Equatable {
        public var x: Double
        /// Seconds; for a point whose runs did not all finish, the time limit.
        public var y: Double
        /// How many of the runs behind this point did not finish (timed out, or failed).
        public var unfinished: Int
        public var runs: Int

        public init(x: Double, y: Double, unfinished: Int = 0, runs: Int = 1) {
            self.x = x
            self.y = y
            self.unfinished = unfinished
            self.runs = runs
        }
    }

    public struct Series: Sendable {
        public var label: String
        public var points: [Point]
        /// 0 solid, 1 dashed, 2 dotted (one style per back end).
        public var dash: Int
        public var color: Int

        public init(label: String, points: [Point], dash: Int = 0, color: Int = 0) {
            self.label = label
            self.points = points
            self.dash = dash
            self.color = color
        }
    }

    public var title: String
    public var xLabel = "validators"
    public var yLabel = "wall time (s, log scale)"
    public var xScale: Scale
    public var series: [Series]
    /// Drawn as a dashed horizontal line labelled "time limit".
    public var limit: Double?

    public init(title: String, xScale: Scale, series: [Series], limit: Double?) {
        self.title = title
        self.xScale = xScale
        self.series = series
        self.limit = limit
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
    static let dashes = ["", "8 4", "2 3"]

    // Plot area inside the canvas.
    let width = 860.0, height = 520.0
    let left = 80.0, right = 250.0, top = 50.0, bottom = 60.0

    /// The SVG document. Axis ranges snap to decades (time) and to 1-2-5 steps (validators),
    /// so charts of different runs are easy to compare by eye.
    public func render() -> String {
        let points = series.flatMap(\.points)
        let ys = points.map(\.y).filter { $0 > 0 } + (limit.map { [$0] } ?? [])
        let yLow = Self.decadeBelow(max(ys.min() ?? 0.001, 0.001)), yHigh = Self.decadeAbove(max(ys.max() ?? 1, yLow * 10))
        let xs = points.map(\.x)
        var xLow = xs.min() ?? 1, xHigh = xs.max() ?? 10
        if xScale == .logarithmic {
            xLow = Self.niceBelow(max(xLow, 1))
            xHigh = Self.niceAbove(max(xHigh, xLow * 2))
        } else {
            xLow = 0
            xHigh = Self.niceAbove(max(xHigh, 1))
        }
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double {
            let f = xScale == .logarithmic ? (log10(x) - log10(xLow)) / (log10(xHigh) - log10(xLow)) : (x - xLow) / (xHigh - xLow)
            return left + f * plotW
        }
        func py(_ y: Double) -> Double {
            top + plotH - (log10(max(y, yLow)) - log10(yLow)) / (log10(yHigh) - log10(yLow)) * plotH
        }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">

        """
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"white\"/>\n"
        svg += "<text x=\"\(f(width / 2 - right / 2 + left / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(Self.escape(title))</text>\n"
        // Grid and y ticks: one per decade.
        var decade = yLow
        while decade <= yHigh * 1.0001 {
            let y = py(decade)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Self.escape(Self.tickLabel(decade)))</text>\n"
            decade *= 10
        }
        for x in xTicks(xLow, xHigh) {
            let p = px(x)
            svg += "<line x1=\"\(f(p))\" y1=\"\(f(top))\" x2=\"\(f(p))\" y2=\"\(f(top + plotH))\" stroke=\"#eee\"/>\n"
            svg += "<text x=\"\(f(p))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(Self.tickLabel(x))</text>\n"
        }
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#444\"/>\n"
        svg += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">\(Self.escape(xLabel + (xScale == .logarithmic ? " (log scale)" : "")))</text>\n"
        svg += "<text x=\"18\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(top + plotH / 2)))\">\(Self.escape(yLabel))</text>\n"
        if let limit {
            let y = py(limit)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#999\" stroke-dasharray=\"6 3\"/>\n"
            // Below the line, inside the plot, so it never collides with the frame or the title.
            svg += "<text x=\"\(f(left + 4))\" y=\"\(f(y + 14))\" fill=\"#666\">time limit \(Self.tickLabel(limit)) s</text>\n"
        }
        // Series: a polyline and a marker per point; a cross where some runs timed out.
        for (i, s) in series.enumerated() {
            let color = Self.palette[s.color % Self.palette.count]
            let dash = Self.dashes[s.dash % Self.dashes.count]
            let sorted = s.points.sorted { $0.x < $1.x }
            let coords = sorted.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") points=\"\(coords)\"/>\n"
            for p in sorted {
                let (cx, cy) = (px(p.x), py(p.y))
                let tip = "\(s.label): \(Self.tickLabel(p.x)) validators, \(p.unfinished > 0 ? "\(p.unfinished)/\(p.runs) unfinished" : "\(p.y) s")"
                if p.unfinished > 0 {
                    svg += "<g stroke=\"\(color)\" stroke-width=\"2.5\"><title>\(Self.escape(tip))</title><line x1=\"\(f(cx - 6))\" y1=\"\(f(cy - 6))\" x2=\"\(f(cx + 6))\" y2=\"\(f(cy + 6))\"/><line x1=\"\(f(cx - 6))\" y1=\"\(f(cy + 6))\" x2=\"\(f(cx + 6))\" y2=\"\(f(cy - 6))\"/></g>\n"
                } else {
                    svg += "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"4\" fill=\"\(color)\"><title>\(Self.escape(tip))</title></circle>\n"
                }
            }
            // Legend.
            let ly = top + 10 + Double(i) * 20
            let lx = left + plotW + 16
            svg += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 26))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            svg += "<text x=\"\(f(lx + 32))\" y=\"\(f(ly + 4))\">\(Self.escape(s.label))</text>\n"
        }
        let ly = top + 10 + Double(series.count) * 20 + 10
        let lx = left + plotW + 16
        svg += "<g stroke=\"#444\" stroke-width=\"2\"><line x1=\"\(f(lx + 7))\" y1=\"\(f(ly - 6))\" x2=\"\(f(lx + 19))\" y2=\"\(f(ly + 6))\"/><line x1=\"\(f(lx + 7))\" y1=\"\(f(ly + 6))\" x2=\"\(f(lx + 19))\" y2=\"\(f(ly - 6))\"/></g>\n"
        svg += "<text x=\"\(f(lx + 32))\" y=\"\(f(ly + 4))\">some runs did not finish</text>\n"
        svg += "</svg>\n"
        return svg
    }

    func xTicks(_ low: Double, _ high: Double) -> [Double] {
        if xScale == .logarithmic {
            var ticks: [Double] = []
            var d = Self.decadeBelow(low)
            while d <= high {
                for m in [1.0, 2, 5] where d * m >= low * 0.999 && d * m <= high * 1.001 { ticks.append(d * m) }
                d *= 10
            }
            return ticks
        }
        let step = Self.niceAbove((high - low) / 8)
        return stride(from: low, through: high * 1.0001, by: step).map { $0 }
    }

    static func decadeBelow(_ v: Double) -> Double { pow10(Int((log10(v)).rounded(.down))) }
    static func decadeAbove(_ v: Double) -> Double { pow10(Int((log10(v) - 1e-9).rounded(.up))) }

    /// The largest of 1, 2, 5 × 10^k not above `v`.
    static func niceBelow(_ v: Double) -> Double {
        let d = decadeBelow(v)
        return [5.0, 2, 1].map { $0 * d }.first { $0 <= v * 1.0001 } ?? d
    }

    /// The least of 1, 2, 5 × 10^k not below `v`.
    static func niceAbove(_ v: Double) -> Double {
        let d = decadeBelow(v)
        return [1.0, 2, 5, 10].map { $0 * d }.first { $0 >= v * 0.9999 } ?? 10 * d
    }

    static func pow10(_ k: Int) -> Double {
        var r = 1.0
        if k >= 0 { for _ in 0..<k { r *= 10 } } else { for _ in 0..<(-k) { r /= 10 } }
        return r
    }

    static func tickLabel(_ v: Double) -> String {
        if v >= 1, v == v.rounded() { return String(Int(v)) }
        var digits = 0
        var scaled = v
        while scaled != scaled.rounded(), digits < 6 { scaled *= 10; digits += 1 }
        return Format.fixed(v, digits)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    func f(_ v: Double) -> String { Format.fixed(v, 1) }
}

extension LineChart {
    /// The chart of a benchmark run: per analysis and back end, the median time of every run
    /// at each validator count (unfinished runs count as the limit, so a point on the limit
    /// line means at least half of its runs did not finish).
    public static func from(_ measurements: [RunRecord], title: String, xScale: Scale) -> LineChart {
        let analyses = unique(measurements.map(\.analysis))
        let backends = unique(measurements.map(\.backend))
        var series: [Series] = []
        for (ai, a) in analyses.enumerated() {
            for (bi, b) in backends.enumerated() {
                let ms = measurements.filter { $0.analysis == a && $0.backend == b }
                guard !ms.isEmpty else { continue }
                let points = Statistics.group(ms, by: \.validators).map { (x, runs) -> Point in
                    let times = runs.map { $0.status == .ok ? $0.wallSeconds : $0.timeoutSeconds }
                    let unfinished = runs.filter { $0.status != .ok }.count
                    return Point(x: Double(x), y: Statistics.median(times) ?? 0, unfinished: unfinished, runs: runs.count)
                }
                series.append(Series(label: backends.count > 1 ? "\(a) (\(b))" : a, points: points, dash: bi, color: ai))
            }
        }
        return LineChart(title: title, xScale: xScale, series: series, limit: measurements.map(\.timeoutSeconds).max())
    }
}
