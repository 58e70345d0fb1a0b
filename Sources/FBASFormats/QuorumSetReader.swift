import FBASModel
import StrictJSON

extension NetworkReader {
    /// Reads one quorum set, as an operator writes it for `fbas what-if --set-qset`: stellarbeat's
    /// `{threshold, validators, innerQuorumSets}` or stellar-core's `{t, v}`, or a node record
    /// holding either under `quorumSet` or `qset`.
    public static func readQuorumSet(_ bytes: [UInt8], file: String) throws(FBASInputError) -> QuorumSet {
        let document = try parse(bytes, file: file)
        guard var o = document.object else {
            throw FBASInputError(.shape, file: file, "expected a quorum set object, but the file holds \(describe(document))")
        }
        if let inner = (o["quorumSet"] ?? o["qset"])?.object { o = inner }
        do {
            if o["threshold"] != nil { return try StellarbeatFormat.quorumSet(.object(o)) }
            if o["t"] != nil { return try StellarCoreFormat.quorumSet(.object(o)) }
        } catch {
            throw FBASInputError(.shape, file: file, "the quorum set is malformed: \(error.reason)")
        }
        throw FBASInputError(.shape, file: file,
                             "expected a quorum set ({\"threshold\", \"validators\", \"innerQuorumSets\"} or stellar-core's {\"t\", \"v\"}), but the object has neither \"threshold\" nor \"t\"")
    }

    /// Reads `path` with ``readQuorumSet(_:file:)``.
    public static func readQuorumSet(path: String, maxInputBytes: Int = LoadOptions.defaultMaxInputBytes) throws(FBASInputError) -> QuorumSet {
        try readQuorumSet(readFile(path, limit: maxInputBytes), file: displayName(path))
    }

    /// Reads node records to add to a network (`fbas what-if --add`): a network file in any format.
    public static func readValidators(path: String, options: LoadOptions = LoadOptions()) throws(FBASInputError) -> (validators: [Validator], diagnostics: [Diagnostic]) {
        let loaded = try read(path: path, options: options)
        return (loaded.fbas.records, loaded.diagnostics)
    }
}
