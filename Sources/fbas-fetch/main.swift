import FBASFormats
import FBASRemote
import Foundation

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

/// One line of JSON on standard output.
func emit(_ object: [String: Any]) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

guard let url, let remote = RemoteNetwork(url, maxBytes: maxBytes) else {
    emit(["error": "usage: fbas-fetch http(s)://… [--refresh] [--max-bytes N]", "file": url ?? ""])
    exit(64)
}
do {
    let fetched = try remote.fetch(refresh: refresh)
    var line: [String: Any] = ["file": remote.cacheFile.path, "fromCache": fetched.fromCache]
    if let date = fetched.fetched { line["fetched"] = date.formatted(Date.ISO8601FormatStyle()) }
    emit(line)
} catch {
    emit(["error": error.message, "file": error.file])
    exit(2)
}
