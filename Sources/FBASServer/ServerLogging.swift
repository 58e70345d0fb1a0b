import Foundation
import Logging
import StrictJSON
import Synchronization

/// One JSON object per line on standard error: `time`, `level`, `message`, then the metadata
/// (`request` carries the request id). A log collector reads it without a pattern.
public struct JSONLineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = JSONObject()
        line.members.append(("time", .string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))))
        line.members.append(("level", .string(event.level.rawValue)))
        line.members.append(("message", .string(event.message.description)))
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() { line.members.append((key, Self.json(merged[key]!))) }
        var bytes = JSONWriter.writeUTF8(.object(line), pretty: false)
        bytes.append(0x0A)
        Self.standardError.withLock { _ in FileHandle.standardError.write(Data(bytes)) }
    }

    /// One writer at a time, so lines from different requests never interleave.
    static let standardError = Mutex(())

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c): return .string(c.description)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let d): return .object(JSONObject(d.keys.sorted().map { ($0, json(d[$0]!)) }))
        }
    }
}
