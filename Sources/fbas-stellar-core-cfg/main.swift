import FBASFormats
import StellarCoreConfig
import StrictJSON
#if canImport(Glibc)
import Glibc
#endif

/// `fbas-stellar-core-cfg FILE --node KEY`: the quorum set stellar-core derives for validator
/// KEY from its configuration FILE (`StellarCoreConfigReader`), printed as one JSON line
/// `{"quorumSet": {threshold, validators, innerQuorumSets}}`, or `{"error": {kind, file,
/// message}}` with exit 2. A process of its own so that `fbas` does not link the TOML parser,
/// which loads Foundation with ICU (about 2 ms of every run): `fbas what-if --stellar-core-cfg`
/// runs it.
let arguments = Array(CommandLine.arguments.dropFirst())
var file: String?, node: String?
var i = 0
while i < arguments.count {
    if arguments[i] == "--node", i + 1 < arguments.count {
        node = arguments[i + 1]
        i += 2
    } else {
        file = arguments[i]
        i += 1
    }
}

/// What `fbas` reads back: the quorum set, or why there is none.
struct Line: Encodable {
    struct Failure: Encodable {
        var kind: String
        var file: String
        var message: String
    }
    var quorumSet: JSONValue?
    var error: Failure?
}

/// The line as one line of JSON on standard output.
func emit(_ line: Line) {
    let bytes = ((try? JSONValueEncoder().encode(line)).map { JSONWriter.writeUTF8($0, pretty: false) } ?? Array("{}".utf8)) + [0x0A]
    _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

guard let file, let node else {
    emit(Line(error: .init(kind: "usage", file: file ?? "", message: "usage: fbas-stellar-core-cfg FILE --node KEY")))
    exit(64)
}
do {
    let q = try StellarCoreConfigReader.quorumSet(path: file, node: node)
    emit(Line(quorumSet: NetworkWriter.json(quorumSet: q)))
} catch {
    emit(Line(error: .init(kind: error.kind.rawValue, file: error.file, message: error.message)))
    exit(2)
}
