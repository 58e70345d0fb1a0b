import FBASFormats
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StrictJSON
#if canImport(Glibc)
import Glibc
#endif

/// One snapshot of a series: its file and the day it shows.
public struct Snapshot: Sendable, Equatable {
    public var path: String
    /// `YYYY-MM-DD`, or nil when neither the file nor its name says.
    public var date: String?
    /// Where the date came from: `document` (a top-level `date`, `time` or `timestamp` in the
    /// file), `name` (a `YYYY-MM-DD` in the file name) or `modified` (the file system).
    public var dateSource: String

    public init(path: String, date: String?, dateSource: String) {
        self.path = path
        self.date = date
        self.dateSource = dateSource
    }
}

/// Finds the snapshots of a series and their dates.
public enum HistoryInputs {
    /// The `.json` files among `paths`, directories searched recursively, sorted by path.
    public static func files(_ paths: [String]) throws(FBASInputError) -> [String] {
        var found: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw FBASInputError(.unreadable, file: path, "no such file or directory")
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                guard let walker = try? FileManager.default.subpathsOfDirectory(atPath: path) else {
                    throw FBASInputError(.unreadable, file: path, "cannot list the directory")
                }
                let directory = path.hasSuffix("/") ? path : path + "/"
                for relative in walker where relative.hasSuffix(".json") { found.append(directory + relative) }
            } else {
                found.append(path)
            }
        }
        return Array(Set(found)).sorted()
    }

    /// The date of a snapshot: the document's own, else the one in its name, else the file's
    /// modification day.
    public static func date(of path: String, document: JSONValue?) -> (date: String?, source: String) {
        if let o = document?.object {
            for key in ["date", "time", "timestamp", "crawlTime"] {
                if let s = o[key]?.string, let day = day(in: s) { return (day, "document") }
            }
        }
        if let day = day(in: String(path.split(separator: "/").last ?? "")) { return (day, "name") }
        if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
            return (String(modified.formatted(Date.ISO8601FormatStyle().year().month().day())), "modified")
        }
        return (nil, "none")
    }

    /// The first `YYYY-MM-DD` in `text` (also `YYYYMMDD` after a separator), if it is a real day.
    static func day(in text: String) -> String? {
        let chars = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= chars.count else { return nil }
            var v = 0
            for c in chars[at..<at + n] {
                guard (0x30...0x39).contains(c) else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        var i = 0
        while i + 10 <= chars.count {
            if let y = digits(i, 4), chars[i + 4] == UInt8(ascii: "-"), let m = digits(i + 5, 2), chars[i + 7] == UInt8(ascii: "-"),
               let d = digits(i + 8, 2), (1990...2200).contains(y), (1...12).contains(m), (1...31).contains(d),
               i + 10 == chars.count || !(0x30...0x39).contains(chars[i + 10]), i == 0 || !(0x30...0x39).contains(chars[i - 1]) {
                return String(y, paddedTo: 4) + "-" + String(m, paddedTo: 2) + "-" + String(d, paddedTo: 2)
            }
            i += 1
        }
        return nil
    }

    /// Shard `index` (1-based) of `count`: a contiguous block of `items`, so that the shards'
    /// outputs, concatenated in order, are the whole run's.
    public static func shard<T>(_ items: [T], index: Int, count: Int) -> ArraySlice<T> {
        let start = items.count * (index - 1) / count, end = items.count * index / count
        return items[start..<end]
    }
}
