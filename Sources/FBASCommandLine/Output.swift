import ArgumentParser
import FBASFormats
import FBASModel
import StrictJSON
import Foundation

/// Exit codes scripts can rely on.
public enum ExitStatus: Int32, Sendable {
    /// The command completed, whatever the answer.
    case completed = 0
    case internalError = 1
    case inputError = 2
    case timeout = 3
}

/// What one command run produced, printed either as text or as the JSON envelope
/// `{"command", "status", "result", "warnings", "seconds", "solver"}`.
struct CommandReport {
    enum Status: String { case ok, timeout, error }

    var command: String
    var status: Status = .ok
    var result: JSONObject = JSONObject()
    var warnings: [Diagnostic] = []
    var solver: String?
    /// The human-readable report, printed on stdout in text mode.
    var text: String = ""
    /// A one-line error, printed on stderr in both modes.
    var errorLine: String?
    /// A one-line warning about the result (not the input), printed on stderr in text mode.
    var warningLine: String?
    var exit: ExitStatus = .completed

    func emit(format: OutputFormat, seconds: Double) {
        switch format {
        case .json:
            let envelope = JSONObject([
                ("command", .string(command)),
                ("status", .string(status.rawValue)),
                ("result", .object(result)),
                ("warnings", .array(warnings.map(CommandReport.json))),
                ("seconds", .number(JSONNumber(text: formatSeconds(seconds)))),
                ("solver", solver.map { .string($0) } ?? .null),
            ])
            printStandardOutput(JSONWriter.write(.object(envelope), pretty: true))
        case .text:
            if !text.isEmpty { printStandardOutput(text) }
            if let warningLine { printStandardError("warning: \(warningLine)") }
        }
        if let errorLine { printStandardError("error: \(errorLine)") }
    }

    static func json(_ d: Diagnostic) -> JSONValue {
        .object(JSONObject([("kind", .string(d.kind.rawValue)),
                            ("validator", d.validator.map { .string($0) } ?? .null),
                            ("file", d.file.map { .string($0) } ?? .null),
                            ("message", .string(d.message))]))
    }

    static func json(_ error: FBASInputError) -> JSONValue {
        var o = JSONObject([("kind", .string(error.kind.rawValue)), ("file", .string(error.file))])
        if let p = error.position {
            o.members.append(("line", .number(JSONNumber(p.line))))
            o.members.append(("column", .number(JSONNumber(p.column))))
        }
        o.members.append(("message", .string(error.message)))
        if !error.diagnostics.isEmpty { o.members.append(("problems", .array(error.diagnostics.map(json)))) }
        return .object(o)
    }
}

func formatSeconds(_ s: Double) -> String {
    let ms = (s * 1000).rounded()
    return String(Double(ms) / 1000)
}

func printStandardOutput(_ s: String) {
    FileHandle.standardOutput.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}

func printStandardError(_ s: String) {
    FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}
