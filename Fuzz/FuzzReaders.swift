// libFuzzer entry point over both network readers and the organizations reader.
// Built by scripts/fuzz.sh with `swiftc -sanitize=fuzzer -parse-as-library` (a SwiftPM
// executable target built with -sanitize=fuzzer does not link as is).
import FBASFormats
import FBASModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReaders(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for policy in UnknownQsetPolicy.allCases {
        if let loaded = try? NetworkReader.read(bytes, file: "fuzz", options: LoadOptions(policy: policy)) {
            // Exercise what every analysis relies on: evaluation, writers, the round trip.
            let fbas = loaded.fbas
            _ = fbas.maximalQuorum(within: fbas.allValidators)
            for format in NetworkFormat.allCases {
                // A refusal names the problem (shared sets too large written out as trees).
                guard (try? NetworkWriter.checkWritable(fbas, as: format, file: "fuzz")) != nil else { continue }
                let text = NetworkWriter.write(fbas, format: format)
                guard let again = try? NetworkReader.read(Array(text.utf8), file: "rewritten") else {
                    fatalError("a written network does not read back")
                }
                precondition(again.fbas.count == fbas.count, "round trip changed the validator count")
            }
        }
    }
    var warnings: [Diagnostic] = []
    _ = try? NetworkReader.readOrganizations(bytes, file: "fuzz", diagnostics: &warnings)
    return 0
}
