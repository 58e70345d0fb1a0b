import FBASModel
import StrictJSON

/// Writes a network in any of the formats.
public enum NetworkWriter {
    /// The most entries the quorum sets of a network may have together once written out as
    /// trees, as the stellarbeat and stellar-core formats must write them (each validator's set
    /// in full): a python-fbas network whose sets share inner sets can be a few kilobytes that
    /// written out are gigabytes. The 2025 public network has about 20,000.
    public static let maximumTreeEntries = 1_000_000

    /// Refuses to write `fbas` as `format` when its quorum sets together would exceed
    /// ``maximumTreeEntries`` written out as trees, naming the validator whose set is largest.
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
        var total = 0, largest: (validator: Int, entries: Int)?
        for v in 0..<fbas.count where fbas.isDefined[v] {
            guard let q = fbas.qsetOf[v] else { continue }
            let (sum, overflow) = total.addingReportingOverflow(entries[q])
            total = overflow ? Int.max : sum
            if entries[q] > largest?.entries ?? -1 { largest = (v, entries[q]) }
        }
        guard total > maximumTreeEntries, let largest else { return }
        func count(_ n: Int) -> String { n == Int.max ? "astronomically many" : String(n) }
        throw FBASInputError(.tooLargeToWrite, file: file,
                             "written out in the \(format.rawValue) format the quorum sets would have \(count(total)) entries, beyond the \(maximumTreeEntries) this tool writes; the largest, of \(fbas.validators[largest.validator].publicKey), has \(count(largest.entries)) (python-fbas sets that share inner sets are written out once per path; --to python-fbas keeps them shared)")
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
