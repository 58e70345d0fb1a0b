import ContentHash
import FBASFormats
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A network read from an explorer's node API (`--fbas https://radar.withobsrvr.com/api/v1/node`),
/// kept in a local cache so that later runs work offline and see the same network until
/// `--refresh`, as the peer Python tool does.
public struct RemoteNetwork: Sendable {
    public var url: URL
    /// Where fetched documents are kept: `$FBAS_CACHE_DIR`, else `$XDG_CACHE_HOME/swift-fbas`,
    /// else `~/.cache/swift-fbas`.
    public var cacheDirectory: URL
    public var maxBytes: Int
    /// Seconds the download may take.
    public var timeout: Double = 60

    /// Whether `location` names a URL rather than a file.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("https://") || location.hasPrefix("http://")
    }

    public init?(_ location: String, maxBytes: Int, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard Self.isURL(location), let url = URL(string: location), url.host != nil else { return nil }
        self.url = url
        self.maxBytes = maxBytes
        if let dir = environment["FBAS_CACHE_DIR"], !dir.isEmpty {
            cacheDirectory = URL(fileURLWithPath: dir)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            cacheDirectory = URL(fileURLWithPath: xdg).appendingPathComponent("swift-fbas")
        } else {
            cacheDirectory = URL(fileURLWithPath: environment["HOME"] ?? NSTemporaryDirectory()).appendingPathComponent(".cache/swift-fbas")
        }
    }

    /// The cached copy of this URL's document.
    public var cacheFile: URL { cacheDirectory.appendingPathComponent(SHA256.hex(Array(url.absoluteString.utf8)) + ".json") }

    /// What was read, and from where.
    public struct Fetched: Sendable {
        public var bytes: [UInt8]
        /// Whether the bytes came from the cache (no request was made).
        public var fromCache: Bool
        /// When the cached copy was fetched.
        public var fetched: Date?
    }

    /// The document: the cached copy unless `refresh` or there is none, else downloaded (and cached).
    public func fetch(refresh: Bool) throws(FBASInputError) -> Fetched {
        if !refresh, let data = FileManager.default.contents(atPath: cacheFile.path) {
            let date = (try? FileManager.default.attributesOfItem(atPath: cacheFile.path))?[.modificationDate] as? Date
            return Fetched(bytes: Array(data), fromCache: true, fetched: date)
        }
        let bytes = try download()
        do {
            try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try Data(bytes).write(to: cacheFile, options: .atomic)
        } catch {
            throw FBASInputError(.unreadable, file: url.absoluteString, "downloaded, but the cache \(cacheFile.path) cannot be written: \(error.localizedDescription)")
        }
        return Fetched(bytes: bytes, fromCache: false, fetched: Date())
    }

    func download() throws(FBASInputError) -> [UInt8] {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("swift-fbas", forHTTPHeaderField: "User-Agent")
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral)
        session.dataTask(with: request) { data, response, error in
            outcome.set(data, response as? HTTPURLResponse, error)
            done.signal()
        }.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        let (data, response, error) = outcome.get()
        let name = url.absoluteString
        if let error { throw FBASInputError(.unreadable, file: name, "cannot download: \(error.localizedDescription)") }
        guard let response else { throw FBASInputError(.unreadable, file: name, "no HTTP response") }
        guard response.statusCode == 200 else {
            throw FBASInputError(.unreadable, file: name, "the server answered HTTP \(response.statusCode), not 200")
        }
        guard let data else { throw FBASInputError(.unreadable, file: name, "the server sent no body") }
        guard data.count <= maxBytes else {
            throw FBASInputError(.unreadable, file: name, "the download is \(data.count) bytes, over the limit of \(maxBytes) (--max-input-mb)")
        }
        return Array(data)
    }

    /// The completion handler's results, handed across threads.
    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, HTTPURLResponse?, (any Error)?) = (nil, nil, nil)
        func set(_ d: Data?, _ r: HTTPURLResponse?, _ e: (any Error)?) { lock.withLock { value = (d, r, e) } }
        func get() -> (Data?, HTTPURLResponse?, (any Error)?) { lock.withLock { value } }
    }
}
