/// What one run of the `cbc` executable reported: read from its solution file (first line the
/// status, then `index name value reduced-cost` per nonzero column) and its log (the bounds it
/// proved).
struct CBCReport: Sendable, Equatable {
    enum Status: Sendable, Equatable {
        case optimal
        case infeasible
        /// Stopped by its time limit, or killed (interrupt, deadline); the rest may still hold a
        /// solution and a bound.
        case stopped
        /// Anything else, with CBC's own words.
        case failed(String)
    }

    var status: Status
    /// The 0-1 solution CBC printed, when it printed an integer one.
    var solution: [Bool]?
    /// The best bound CBC proved on the LP objective (without the model's offset), if it said;
    /// only finite values of at most 10¹⁵ are kept (CBC writes 1e+50 for "none").
    var bestPossible: Double?

    init(status: Status, solution: [Bool]?, bestPossible: Double?) {
        self.status = status
        self.solution = solution
        self.bestPossible = bestPossible
    }

    init(solution: String?, log: String, variableCount: Int, killed: Bool) {
        // A killed CBC may stop in the middle of a line (it writes its log unflushed, its
        // solution file last): a cut-off number can read larger than the one written
        // ("2.220446e-16" cut to "2.220446e-1"), so a last line without its newline is dropped.
        func whole(_ text: String) -> [Substring] {
            let lines = text.split(separator: "\n")
            return killed && !text.hasSuffix("\n") ? Array(lines.dropLast()) : lines
        }
        var bound: Double?
        for line in whole(log) {
            // "... best possible 31.999996 (0.87 seconds)" and "(best possible 14.031571)".
            guard let range = line.firstRange(of: "best possible ") else { continue }
            let number = line[range.upperBound...].prefix { !$0.isWhitespace && $0 != ")" && $0 != "," }
            if let value = Double(String(number)), value.isFinite, abs(value) <= 1e15 { bound = max(bound ?? value, value) }
        }
        bestPossible = bound
        guard let solution, let header = whole(solution).first else {
            status = killed ? .stopped : .failed(log.split(separator: "\n").suffix(3).joined(separator: " / "))
            self.solution = nil
            return
        }
        if header.hasPrefix("Optimal") { status = killed ? .stopped : .optimal }
        else if header.hasPrefix("Infeasible") || header.hasPrefix("Integer infeasible") { status = killed ? .stopped : .infeasible }
        else if header.hasPrefix("Stopped") { status = .stopped }
        else { status = .failed(String(header)) }
        // A continuous solution is no model.
        guard status != .infeasible, !header.contains("no integer solution") else {
            self.solution = nil
            return
        }
        var values = [Bool](repeating: false, count: variableCount)
        for line in whole(solution).dropFirst() {
            let fields = line.split(separator: " ").filter { $0 != "**" }
            guard fields.count >= 3, fields[1].first == "x", let v = Int(fields[1].dropFirst()), v < variableCount,
                  let value = Double(fields[2]) else { continue }
            values[v] = value > 0.5
        }
        self.solution = values
    }
}
