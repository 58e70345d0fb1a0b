import FBASModel
import StrictJSON

/// Writes a network in any of the formats.
public enum NetworkWriter {
    /// The most entries one quorum set may have once written out as a tree, as the stellarbeat
    /// and stellar-core formats must write it: a python-fbas network whose sets share inner sets
    /// can be a few kilobytes that written out are gigabytes. Real quorum sets have a few dozen.
    public static let maximumTreeEntries = 1_000_000

    /// Refuses to write `fbas` as `format` when a quorum set would exceed ``maximumTreeEntries``
    /// written out as a tree, naming the first validator whose set would.
    public static func checkWritable(_ fbas: FBAS, as format: NetworkFormat, file: String) throws(FBASInputError) {
        guard format != .pythonFBAS else { return }
        // Resolved sets come inner first, so one pass counts every expansion, saturating.
        var entries: [Int] = []
        entries.reserveCapacity(fbas.qsets.count)
        for s in fbas.qsets {
            var total = s.entryCount
            for q in s.innerQSets {
                let (sum, overflow) = total.addingReportingOverflow(entries[q])
                total = overflow ? Int.max : sum
            }
            entries.append(total)
        }
        for v in 0..<fbas.count where fbas.isDefined[v] {
            guard let q = fbas.qsetOf[v], entries[q] > maximumTreeEntries else { continue }
            let size = entries[q] == Int.max ? "astronomically many" : String(entries[q])
            throw FBASInputError(.tooLargeToWrite, file: file,
                                 "the quorum set of \(fbas.validators[v].publicKey) shares inner sets; written out in the \(format.rawValue) format it has \(size) entries, beyond the \(maximumTreeEntries) this tool writes (--to python-fbas keeps shared sets shared)")
        }
    }

    /// One quorum set in the stellarbeat form `{threshold, validators, innerQuorumSets}`.
    public static func json(quorumSet q: QuorumSet) -> JSONValue { StellarbeatFormat.json(q) }

    public static func document(for fbas: FBAS, format: NetworkFormat) -> JSONValue {
        switch format {
        case .stellarbeat: StellarbeatFormat.document(for: fbas)
        case .pythonFBAS: PythonFBASFormat.document(for: fbas)
        case .stellarCore: StellarCoreFormat.document(for: fbas)
        }
    }

    public static func write(_ fbas: FBAS, format: NetworkFormat, pretty: Bool = true) -> String {
        JSONWriter.write(document(for: fbas, format: format), pretty: pretty)
    }
}
