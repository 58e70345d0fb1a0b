import FBASFormats
import FBASRemote
import Foundation
import StrictJSON

/// `fbas-fetch URL [--refresh] [--max-bytes N]`: downloads an explorer's node API into the
/// cache (`RemoteNetwork`) and prints one JSON line `{"file", "fromCache", "fetched"}` (or
/// `{"error", "file"}` with exit 2). A process of its own so that `fbas` itself does not load
/// the networking libraries (libcurl and some thirty more) on every run: `fbas --fbas URL`
/// runs it.
let arguments = Array(CommandLine.arguments.dropFirst())
var url: String?
var refresh = false
var maxBytes = LoadOptions.defaultMaxInputBytes
var i = 0
while i < arguments.count {
    switch arguments[i] {
    case "--refresh": refresh = true
    case "--max-bytes":
        i += 1
        maxBytes = i < arguments.count ? Int(arguments[i]) ?? maxBytes : maxBytes
    default: url = arguments[i]
    }
    i += 1
}

/// What `fbas` reads back: the cached file, or why there is none.
struct Line: Encodable {
    var file: String
    var fromCache: Bool?
    var fetched: String?
    var error: String?
}

/// The line as one line of JSON on standard output.
func emit(_ line: Line) {
    let json = (try? JSONValueEncoder().encode(line)).map { JSONWriter.writeUTF8($0) } ?? Array("{}".utf8)
    FileHandle.standardOutput.write(Data(json + [0x0A]))
}

guard let url, let remote = RemoteNetwork(url, maxBytes: maxBytes) else {
    emit(Line(file: url ?? "", error: "usage: fbas-fetch http(s)://… [--refresh] [--max-bytes N]"))
    exit(64)
}
do {
    let fetched = try remote.fetch(refresh: refresh)
    emit(Line(file: remote.cacheFile.path, fromCache: fetched.fromCache, fetched: fetched.fetched?.formatted(Date.ISO8601FormatStyle())))
} catch {
    emit(Line(file: error.file, error: error.message))
    exit(2)
}
