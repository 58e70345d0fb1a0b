/// `results.csv`: one row per run, so that a later run can be compared with this one
/// (`--against`) and any spreadsheet can re-plot it.
public enum ResultsCSV {
    public static let header = ["mode", "network", "family", "validators", "analysis", "backend", "repetition", "status",
                                "wallSeconds", "reportedSeconds", "peakRSSMB", "answer", "timeoutSeconds"]

    /// The whole file: header and one line per measurement.
    public static func write(_ measurements: [RunRecord]) -> String {
        ([line(header)] + measurements.map(row)).joined()
    }

    /// One measurement as a CSV line (with its newline), for appending while a benchmark runs.
    public static func row(_ m: RunRecord) -> String {
        line([m.mode, m.network, m.family, String(m.validators), m.analysis, m.backend, String(m.repetition),
              m.status.rawValue, Format.fixed(m.wallSeconds, 4), m.reportedSeconds.map { Format.fixed($0, 4) } ?? "",
              m.peakRSSMB.map { Format.fixed($0, 1) } ?? "", m.answer ?? "", Format.fixed(m.timeoutSeconds, 3)])
    }

    /// The header line alone, to start a file that rows are appended to.
    public static func headerLine() -> String { line(header) }

    /// Reads a file written by ``write(_:)``. Columns are found by header name, so files with
    /// extra columns (or a different order) still read.
    public static func read(_ text: String) throws(BenchmarkError) -> [RunRecord] {
        let records = try parse(text)
        guard let head = records.first else { throw .malformedCSV(line: 1, reason: "empty file") }
        var column: [String: Int] = [:]
        for (i, name) in head.fields.enumerated() { column[name] = i }
        for name in header where column[name] == nil && name != "reportedSeconds" && name != "peakRSSMB" {
            throw .malformedCSV(line: 1, reason: "no \"\(name)\" column")
        }
        var result: [RunRecord] = []
        for record in records.dropFirst() {
            if record.fields == [""] { continue }
            func field(_ name: String) -> String {
                guard let i = column[name], i < record.fields.count else { return "" }
                return record.fields[i]
            }
            func number(_ name: String) throws(BenchmarkError) -> Double {
                guard let d = Double(field(name)) else { throw .malformedCSV(line: record.line, reason: "\(name) \"\(field(name))\" is not a number") }
                return d
            }
            guard let validators = Int(field("validators")), let repetition = Int(field("repetition")) else {
                throw .malformedCSV(line: record.line, reason: "validators or repetition is not a whole number")
            }
            guard let status = RunStatus(rawValue: field("status")) else {
                throw .malformedCSV(line: record.line, reason: "unknown status \"\(field("status"))\"")
            }
            let answer = field("answer")
            result.append(RunRecord(
                mode: field("mode"), network: field("network"), family: field("family"), validators: validators,
                analysis: field("analysis"), backend: field("backend"), repetition: repetition, status: status,
                wallSeconds: try number("wallSeconds"), reportedSeconds: Double(field("reportedSeconds")),
                peakRSSMB: Double(field("peakRSSMB")), answer: answer.isEmpty ? nil : answer,
                timeoutSeconds: try number("timeoutSeconds")))
        }
        return result
    }

    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\n"
    }

    /// RFC 4180: quote fields holding a comma, quote or line break; double inner quotes.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    struct Record { var line: Int; var fields: [String] }

    /// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
    static func parse(_ text: String) throws(BenchmarkError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)[...]
        func endRecord() {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
            fields = []
            field = ""
        }
        while let c = chars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\r": continue
            case "\n": endRecord(); line += 1; recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .malformedCSV(line: line, reason: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
