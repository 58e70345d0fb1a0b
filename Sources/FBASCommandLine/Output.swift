import ArgumentParser
import FBASFormats
import FBASReport
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

/// The JSON envelope every command prints with `--format json`.
struct CommandEnvelope: Encodable {
    var command: String
    var status: CommandReport.Status
    var result: JSONValue
    var warnings: [Diagnostic]
    var seconds: Double
    var solver: String?
}

/// What one command run produced, printed either as text or as the JSON envelope
/// `{"command", "status", "result", "warnings", "seconds", "solver"}`.
struct CommandReport {
    enum Status: String, Encodable { case ok, timeout, error }

    var command: String
    var status: Status = .ok
    /// The result object: a library report value, encoded (``setResult(_:)``).
    var result: JSONValue = .object(JSONObject())
    var warnings: [Diagnostic] = []
    var solver: String?
    /// The human-readable report, printed on stdout in text mode.
    var text: String = ""
    /// A one-line error, printed on stderr in both modes.
    var errorLine: String?
    /// A one-line warning about the result (not the input), printed on stderr in text mode.
    var warningLine: String?
    var exit: ExitStatus = .completed

    /// Sets the result to the JSON form of a library value.
    mutating func setResult(_ value: some Encodable) {
        result = (try? JSONValueEncoder().encode(value)) ?? .null
    }

    /// The result of a failed run: `{"error": {...}}`.
    mutating func setError(_ error: ErrorReport) {
        struct Wrapped: Encodable { var error: ErrorReport }
        setResult(Wrapped(error: error))
    }

    func emit(format: OutputFormat, seconds: Double) {
        switch format {
        case .json:
            let envelope = CommandEnvelope(command: command, status: status, result: result, warnings: warnings,
                                           seconds: (seconds * 1000).rounded() / 1000, solver: solver)
            printStandardOutput((try? JSONValueEncoder().encodeText(envelope)) ?? "{}")
        case .text:
            if !text.isEmpty { printStandardOutput(text) }
            if let warningLine { printStandardError("warning: \(warningLine)") }
        }
        if let errorLine { printStandardError("error: \(errorLine)") }
    }
}

func printStandardOutput(_ s: String) {
    FileHandle.standardOutput.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}

func printStandardError(_ s: String) {
    FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}
