import Foundation
import StrictJSON
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP answer as read off the socket.
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var json: JSONValue? { try? JSONParser.parse(body) }
}

/// A plain HTTP/1.1 client on a blocking socket, run on threads of its own (never on Swift's
/// cooperative pool, which the server's handlers need): it can open many connections at once
/// and close one mid-request, which a client library hides. Every read has a time limit, so a
/// test cannot hang.
final class LoopbackConnection: @unchecked Sendable {
    let fd: Int32

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
    }

    /// Sends a request (with `Connection: close`, so the answer ends at the end of the stream).
    func send(_ method: String, _ path: String, body: [UInt8] = [], headers: [String: String] = [:]) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        var fields = headers
        if fields["Content-Length"] == nil, method == "POST" { fields["Content-Length"] = String(body.count) }
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        write(Array(head.utf8) + body)
    }

    func write(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Reads to the end of the stream (or the time limit) and parses the answer.
    func receive() -> HTTPReply? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        close()
        guard let split = data.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPReply(status: status, headers: headers, body: Array(data[split.upperBound...]))
    }

    private var closed = false
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}

/// Runs `body` on a new thread and waits for it without holding a thread of the cooperative pool.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
        Thread { done.resume(returning: body()) }.start()
    }
}

/// One request on a connection of its own.
func exchange(port: Int, _ method: String, _ path: String, body: [UInt8] = [], headers: [String: String] = [:]) async -> HTTPReply? {
    await onThread {
        guard let connection = LoopbackConnection(port: port) else { return nil }
        connection.send(method, path, body: body, headers: headers)
        return connection.receive()
    }
}
