import Foundation
import Testing
@testable import StrictJSON

/// The network descriptions under `shared/data`, found next to the package: `<root>/../shared/data`
/// (the layout of both the main checkout and a fresh clone with `shared/` beside it), or
/// `<root>/shared/data`.
enum JSONSharedData {
    static let directory: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // FBASFormatsTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let candidates = [
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data"),
            packageRoot.appendingPathComponent("shared/data"),
        ]
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }()

    /// Paths of every `.json` file, relative to `directory`, sorted.
    static let jsonFiles: [String] = {
        guard let directory, let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static func bytes(of relativePath: String) throws -> [UInt8] {
        let directory = try #require(directory, "shared/data not found next to the package")
        return [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }
}

@Suite struct JSONDataFileTests {
    @Test func sharedDataDirectoryIsFound() {
        #expect(JSONSharedData.directory != nil, "expected shared/data beside the package root")
        #expect(JSONSharedData.jsonFiles.count >= 100)
        #expect(JSONSharedData.jsonFiles.contains("pubnet/pubnet_obsrvr.json"))
    }

    @Test(arguments: JSONSharedData.jsonFiles)
    func sharedDataFileParsesAndRoundTrips(_ path: String) throws {
        let bytes = try JSONSharedData.bytes(of: path)
        let value = try JSONParser.parse(bytes)
        // Both formats in shared/data are an array (stellarbeat) or an object (python-fbas).
        #expect(value.array != nil || value.object != nil)
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.write(value, pretty: true)) == value)
    }

    /// An independent check of what the parser reads: Foundation must see the same structure.
    @Test(arguments: JSONSharedData.jsonFiles)
    func sharedDataFileAgreesWithFoundation(_ path: String) throws {
        let bytes = try JSONSharedData.bytes(of: path)
        let ours = try JSONParser.parse(bytes)
        let theirs = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        #expect(Self.disagreement(ours, theirs, at: "$") == nil)
    }

    /// Files written by `json.dumps` (compact, or with indent=2) come back byte for byte, which
    /// pins the writer's layout to the common convention.
    @Test(arguments: [
        ("pubnet/pubnet_obsrvr.json", false),
        ("pubnet/stellarbeat_nodes_2019-09-17.json", false),
        ("pubnet/validators_broken_1.json", true),
        ("small/circular_1.json", true),
        ("random/almost_symmetric_network_8_orgs_.json", true),
    ])
    func writerReproducesFileByteForByte(path: String, pretty: Bool) throws {
        var bytes = try JSONSharedData.bytes(of: path)
        while bytes.last == 0x0A { bytes.removeLast() }
        let value = try JSONParser.parse(bytes)
        #expect(JSONWriter.writeUTF8(value, pretty: pretty) == bytes)
    }

    /// The path of the first place where the two parses differ, or `nil` if they agree.
    private static func disagreement(_ ours: JSONValue, _ theirs: Any, at path: String) -> String? {
        let mismatch = "\(path): ours \(ours.kindDescription) \(ours.array == nil && ours.object == nil ? ours.description : ""), Foundation \(theirs)"
        switch ours {
        case .null:
            return theirs is NSNull ? nil : mismatch
        case .bool(let b):
            return (theirs as? Bool) == b ? nil : mismatch
        case .number(let n):
            guard let number = theirs as? NSNumber else { return mismatch }
            if let int = n.intValue { return number.int64Value == Int64(int) ? nil : mismatch }
            // Foundation on Linux reads fractions as NSDecimalNumber, whose doubleValue can be a
            // few ulps off (52.516998291015625 comes out as 52.516998291015604), while ours is
            // correctly rounded; so compare with a tolerance far below any real difference.
            guard let ourDouble = n.doubleValue else { return mismatch }
            return abs(number.doubleValue - ourDouble) <= 1e-12 * max(1, abs(ourDouble)) ? nil : mismatch
        case .string(let s):
            return (theirs as? String) == s ? nil : mismatch
        case .array(let elements):
            guard let array = theirs as? [Any], array.count == elements.count else { return mismatch }
            for (index, (element, other)) in zip(elements, array).enumerated() {
                if let found = disagreement(element, other, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let object):
            // Foundation keeps one value per key, so compare only objects without duplicates.
            guard let dictionary = theirs as? [String: Any], object.duplicateKeys.isEmpty,
                  dictionary.count == object.count else { return mismatch }
            for member in object.members {
                guard let other = dictionary[member.key] else { return "\(path): Foundation lacks key \(member.key)" }
                if let found = disagreement(member.value, other, at: "\(path).\(member.key)") { return found }
            }
            return nil
        }
    }
}
