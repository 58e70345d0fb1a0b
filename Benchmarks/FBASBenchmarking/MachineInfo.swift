import Foundation

/// What a reader needs to judge the numbers: the machine and how busy it was.
public enum MachineInfo {
    /// e.g. "2 cores (Intel Xeon ...), 24.0 GiB".
    public static func summary() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        var model = ""
        if let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let colon = line.firstIndex(of: ":") {
            model = " (" + line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) + ")"
        }
        return "\(cores) cores\(model), \(Format.fixed(memory, 1)) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }

    /// The 1, 5 and 15 minute load averages from /proc/loadavg, or nil elsewhere.
    public static func loadAverage() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
