import ArgumentParser
import FBASFormats
import FBASReport
import FBASModel
import StrictJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit codes scripts can rely on.
public enum ExitStatus: Int32, Sendable {
    /// The command completed, whatever the answer.
    case completed = 0
    case internalError = 1
    case inputError = 2
    /// A limit was reached: the time limit, or the clause budget (`tooLarge`).
    case timeout = 3
    /// `fbas what-if --require`: the change fails a requirement (proved, with its witness).
    case requirementFailed = 4
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
    enum Status: String, Encodable { case ok, timeout, tooLarge, error }

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
        setResult(ErrorBody(error: error))
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

/// Writes `s` (plus a newline) to standard output; a write that fails (a closed pipe, a full
/// device) ends the process with exit code 1 and a message, never a trap.
func printStandardOutput(_ s: String) {
    writeLine(s, to: STDOUT_FILENO, name: "standard output")
}

/// Writes `s` (plus a newline) to standard error; if even that fails there is nobody to tell,
/// so the process ends with exit code 1.
func printStandardError(_ s: String) {
    writeLine(s, to: STDERR_FILENO, name: "standard error")
}

func writeLine(_ s: String, to fd: Int32, name: String) {
    var bytes = Array(terminalSafe(s).utf8)
    if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
    if !FileBytes.writeAll(bytes, to: fd) {
        let reason = String(cString: strerror(errno))
        if fd != STDERR_FILENO { _ = FileBytes.writeAll(Array("error: cannot write to \(name): \(reason)\n".utf8), to: STDERR_FILENO) }
        FBASCommand.finish(ExitStatus.internalError.rawValue)
    }
}

/// `s` with every control character but newline and tab written as a visible `\u00XX`, so
/// that names and keys from the input cannot move the cursor, erase lines or retitle a
/// terminal. In JSON output the same escape is the one JSON itself uses, and JSON strings
/// already escape U+0000–U+001F, so only DEL and the C1 controls (U+007F–U+009F) ever change
/// there, into escapes that decode to the same string.
func terminalSafe(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: isUnsafeControl) else { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        if isUnsafeControl(scalar) {
            let hex = String(scalar.value, radix: 16)
            out.append(contentsOf: "\\u\(String(repeating: "0", count: 4 - hex.count))\(hex)".unicodeScalars)
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

func isUnsafeControl(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v <= 0x9F)
}

/// Writes `bytes` to the file at `path`: a regular file is replaced in place (through a
/// symbolic link, whose target is written), a missing one created; anything else — a FIFO, a
/// device, a directory — is refused, so that `-o` can never block on a pipe or write into
/// `/dev/…`.
func writeRegularFile(_ path: String, _ bytes: [UInt8]) throws(FBASInputError) {
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
        throw FBASInputError(.unreadable, file: path, "is not a regular file; refusing to write the output there")
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FBASInputError(.unreadable, file: path, "cannot write the output file: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    guard FileBytes.writeAll(bytes, to: fd) else {
        throw FBASInputError(.unreadable, file: path, "writing the output file failed: \(String(cString: strerror(errno)))")
    }
}
