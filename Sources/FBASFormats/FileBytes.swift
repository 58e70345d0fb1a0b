#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads through the C library, so that the readers need no Foundation. Bounded:
/// only regular files (or standard input, named `-`), and never more than a limit, so that
/// `/dev/zero`, a FIFO without a writer or a runaway file cannot hang or exhaust the process.
/// And the one loop that writes all of a buffer, for the clients' output files and streams.
public enum FileBytes {
    /// Writes every byte of `bytes` to `fd`, retrying short writes and interruptions; false on
    /// any other failure (errno says which).
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Why a file could not be read, in one sentence naming the cause that happened.
    struct Failure: Error {
        var reason: String
    }

    /// The bytes of `path` (`-`: standard input), at most `limit` of them.
    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let file: UnsafeMutablePointer<FILE>
        if path == "-" {
            guard let input = fdopen(dup(STDIN_FILENO), "rb") else { throw Failure(reason: "cannot read standard input: \(String(cString: strerror(errno)))") }
            file = input
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else { throw Failure(reason: "cannot read the file: \(String(cString: strerror(errno)))") }
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG else {
                let what = kind == S_IFDIR ? "a directory" : kind == S_IFIFO ? "a FIFO" : kind == S_IFCHR || kind == S_IFBLK ? "a device" : kind == S_IFSOCK ? "a socket" : "not a regular file"
                throw Failure(reason: "is \(what), not a regular file (use - to read standard input)")
            }
            guard Int(info.st_size) <= limit else {
                throw Failure(reason: "is \(Int(info.st_size)) bytes, over the limit of \(limit) bytes (raise it with --max-input-mb)")
            }
            guard let opened = fopen(path, "rb") else { throw Failure(reason: "cannot read the file: \(String(cString: strerror(errno)))") }
            file = opened
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if bytes.count > limit { throw Failure(reason: "holds more than the limit of \(limit) bytes (raise it with --max-input-mb)") }
            if n < chunk.count {
                if ferror(file) != 0 { throw Failure(reason: "reading failed: \(String(cString: strerror(errno)))") }
                break
            }
        }
        return bytes
    }
}
