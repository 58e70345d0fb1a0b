import FBASFormats
import FBASModel
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TOMLKit

/// The quorum set stellar-core derives for a validator from its TOML configuration, as
/// stellar-core's `Config::processConfig` does it: a hand-written `[QUORUM_SET]` (nested tables,
/// `THRESHOLD_PERCENT`, `$name` references), or the automatic generation from
/// `[[HOME_DOMAINS]]` and `[[VALIDATORS]]` quality levels. The result is normalised as SCP
/// normalises every quorum set before using it (singletons folded in, keys and inner sets in
/// stellar-core's order), and checked with stellar-core's sanity checks.
///
/// The node's own key is the one the caller names (`--stellar-core-cfg KEY=FILE`): `NODE_SEED`
/// is a secret and is not read, beyond the name it may give the node.
public enum StellarCoreConfigReader {
    /// Reads the configuration at `path` for the validator `self` (its public key).
    public static func quorumSet(path: String, node: String? = nil) throws(FBASInputError) -> QuorumSet {
        let bytes = try NetworkReader.readFile(path, limit: LoadOptions.defaultMaxInputBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FBASInputError(.syntax, file: path, "the stellar-core configuration is not UTF-8 text")
        }
        return try quorumSet(toml: text, file: path, node: node)
    }

    /// Derives the quorum set from configuration text.
    public static func quorumSet(toml text: String, file: String, node: String? = nil) throws(FBASInputError) -> QuorumSet {
        do {
            let table: TOMLTable
            do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
                throw ConfigError("not valid TOML: \(e.description) (line \(e.source.begin.line))")
            }
            var derivation = try Derivation(table: table, node: node)
            return try derivation.quorumSet()
        } catch let error as ConfigError {
            throw FBASInputError(.shape, file: file, error.message)
        } catch {
            throw FBASInputError(.shape, file: file, "\(error)")
        }
    }
}

/// A configuration stellar-core would refuse, with its message.
struct ConfigError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One validator of `[[VALIDATORS]]` (or the node itself).
struct ConfiguredValidator {
    var name: String
    var key: String
    var homeDomain: String
    var quality: Quality
    var hasHistory: Bool
}

/// stellar-core's validator qualities, lowest first.
enum Quality: Int, Comparable {
    case low, medium, high, critical

    init(_ text: String) throws {
        switch text {
        case "LOW": self = .low
        case "MEDIUM": self = .medium
        case "HIGH": self = .high
        case "CRITICAL": self = .critical
        default: throw ConfigError("Unknown QUALITY '\(text)'")
        }
    }

    static func < (a: Quality, b: Quality) -> Bool { a.rawValue < b.rawValue }
}

struct Derivation {
    let table: TOMLTable
    let node: String?
    /// Validator names (`$name` references) by name.
    var keyByName: [String: String] = [:]

    init(table: TOMLTable, node: String?) throws {
        self.table = table
        self.node = node
        for entry in try strings("NODE_NAMES") { _ = try parseNodeID(entry) }
        // NODE_SEED="S… name": only the name is read, given to the node's own key.
        if let seed = table["NODE_SEED"]?.string, let node {
            let parts = seed.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count > 1 { try addName(String(parts[1]), for: node) }
        }
    }

    func strings(_ key: String) throws -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw ConfigError("'\(key)' must be an array") }
        return try array.map { item in
            guard let s = item.string else { throw ConfigError("invalid element of '\(key)'") }
            return s
        }
    }

    mutating func addName(_ name: String, for key: String) throws {
        if keyByName[name] != nil { throw ConfigError("name already used: \(name)") }
        if keyByName.values.contains(key) { throw ConfigError("naming node twice: \(name)") }
        keyByName[name] = key
    }

    /// `parseNodeID`: `$name`, or `G…` optionally followed by a name it registers.
    mutating func parseNodeID(_ text: String) throws -> String {
        guard text.count >= 2 else { throw ConfigError("invalid key: \(text)") }
        if text.hasPrefix("$") {
            let name = String(text.dropFirst())
            guard let key = keyByName[name] else { throw ConfigError("unknown key in config: \(text)") }
            return key
        }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard let key = tokens.first, StrKey.isPublicKey(key) else { throw ConfigError("invalid key: \(text)") }
        if tokens.count > 1 { try addName(tokens[1], for: key) }
        return key
    }

    mutating func quorumSet() throws -> QuorumSet {
        let domains = try homeDomains()
        var validators = try configuredValidators(domains)
        let isValidator = table["NODE_IS_VALIDATOR"]?.bool ?? false
        let handWritten = table["QUORUM_SET"]
        if isValidator, !(validators.isEmpty && handWritten != nil) {
            guard let node else {
                throw ConfigError("NODE_IS_VALIDATOR is true: name the validator's public key (KEY=FILE) to add it to its own quorum set")
            }
            guard let domain = table["NODE_HOME_DOMAIN"]?.string else { throw ConfigError("NODE_HOME_DOMAIN must be set") }
            guard let quality = domains[domain] else {
                throw ConfigError("Validator configured with NODE_HOME_DOMAIN='\(domain)' but there is no matching HOME_DOMAINS")
            }
            validators.append(ConfiguredValidator(name: "self", key: node, homeDomain: domain, quality: quality, hasHistory: false))
        }
        let unsafe = table["UNSAFE_QUORUM"]?.bool ?? false
        var keys = Set<String>()
        for v in validators {
            guard keys.insert(v.key).inserted else { throw ConfigError("Duplicate validator entry for '\(v.key)'") }
        }
        let generated = try QuorumSetGeneration.generate(validators)
        var result: QuorumSet
        if let handWritten {
            guard let qsetTable = handWritten.table else { throw ConfigError("invalid quorum set, should be a group") }
            result = QuorumSetNormalisation.normalised(try loadQset(qsetTable, level: 0))
            if !validators.isEmpty, !unsafe, result != generated {
                throw ConfigError("Can't override [[VALIDATORS]] with QUORUM_SET unless you also set UNSAFE_QUORUM=true (SCP unsafe)")
            }
        } else {
            // (stellar-core says "SCP unsafe" here too, from its archive check; the cause is this.)
            guard !validators.isEmpty else { throw ConfigError("no validators defined in VALIDATORS/QUORUM_SET") }
            if !validators.contains(where: { $0.quality > .low }) {
                throw ConfigError("At least one validator must have a quality level higher than LOW")
            }
            result = generated
            let archives = Set(validators.filter(\.hasHistory).map(\.key))
            if !unsafe, !QuorumSetChecks.isVBlocking(result, by: archives) {
                throw ConfigError("Quorum can be reached without validators with an archive (SCP unsafe)")
            }
        }
        guard result.entryCount > 0 else { throw ConfigError("no validators defined in VALIDATORS/QUORUM_SET") }
        if let problem = QuorumSetChecks.insanity(result, extraChecks: !unsafe) { throw ConfigError("Invalid QUORUM_SET: \(problem)") }
        return result
    }

    /// `[[HOME_DOMAINS]]`: each domain's quality.
    func homeDomains() throws -> [String: Quality] {
        guard let value = table["HOME_DOMAINS"] else { return [:] }
        guard let entries = value.array else { throw ConfigError("malformed HOME_DOMAINS") }
        var result: [String: Quality] = [:]
        for entry in entries {
            guard let t = entry.table else { throw ConfigError("malformed HOME_DOMAINS") }
            for key in t.keys where key != "HOME_DOMAIN" && key != "QUALITY" { throw ConfigError("Unknown field '\(key)' in HOME_DOMAINS") }
            guard let domain = t["HOME_DOMAIN"]?.string, let quality = t["QUALITY"]?.string else {
                throw ConfigError("Malformed HOME_DOMAINS '\(t["HOME_DOMAIN"]?.string ?? "")'")
            }
            guard result[domain] == nil else { throw ConfigError("Malformed HOME_DOMAINS: duplicate '\(domain)'") }
            result[domain] = try Quality(quality)
        }
        return result
    }

    /// `[[VALIDATORS]]`, with qualities inherited from their home domains.
    mutating func configuredValidators(_ domains: [String: Quality]) throws -> [ConfiguredValidator] {
        guard let value = table["VALIDATORS"] else { return [] }
        guard let entries = value.array else { throw ConfigError("malformed VALIDATORS") }
        var result: [ConfiguredValidator] = []
        for entry in entries {
            guard let t = entry.table else { throw ConfigError("malformed VALIDATORS") }
            for key in t.keys where !["NAME", "HOME_DOMAIN", "QUALITY", "PUBLIC_KEY", "ADDRESS", "HISTORY"].contains(key) {
                throw ConfigError("malformed VALIDATORS entry, unknown element '\(key)'")
            }
            guard let name = t["NAME"]?.string else { throw ConfigError("malformed VALIDATORS entry: missing 'NAME'") }
            guard let key = t["PUBLIC_KEY"]?.string, let domain = t["HOME_DOMAIN"]?.string else {
                throw ConfigError("malformed VALIDATORS entry '\(name)'")
            }
            guard StrKey.isPublicKey(key) else { throw ConfigError("invalid key: \(key) (VALIDATORS entry '\(name)')") }
            let quality: Quality
            if let inherited = domains[domain] {
                if t["QUALITY"] != nil {
                    throw ConfigError("malformed VALIDATORS entry '\(name)': quality already defined in home domain '\(domain)'")
                }
                quality = inherited
            } else if let q = t["QUALITY"]?.string {
                quality = try Quality(q)
            } else {
                throw ConfigError("malformed VALIDATORS entry '\(name)' (missing quality)")
            }
            try addName(name, for: key)
            let hasHistory = t["HISTORY"] != nil
            if quality >= .high, !hasHistory {
                throw ConfigError("malformed VALIDATORS entry '\(name)' (critical and high quality must have an archive)")
            }
            result.append(ConfiguredValidator(name: name, key: key, homeDomain: domain, quality: quality, hasHistory: hasHistory))
        }
        return result
    }

    /// `loadQset`: THRESHOLD_PERCENT (default 67) of the entries, rounded up; VALIDATORS; every
    /// other key an inner set; at most 4 levels below the top.
    mutating func loadQset(_ t: TOMLTable, level: Int) throws -> QuorumSet {
        guard level <= QuorumSetChecks.maximumNesting else { throw ConfigError("too many levels in quorum set") }
        var percent = 67
        var validators: [String] = []
        var inner: [QuorumSet] = []
        for key in t.keys {
            let value = t[key]!
            switch key {
            case "THRESHOLD_PERCENT":
                guard value.type == .int, let p = value.int, p > 0, p <= 100 else { throw ConfigError("invalid THRESHOLD_PERCENT") }
                percent = p
            case "VALIDATORS":
                guard let array = value.array else { throw ConfigError("'VALIDATORS' must be an array") }
                for item in array {
                    guard let s = item.string else { throw ConfigError("invalid element of 'VALIDATORS'") }
                    validators.append(try parseNodeID(s))
                }
            default:
                guard let sub = value.table else { throw ConfigError("invalid quorum set, should be a group while parsing '\(key)'") }
                do { inner.append(try loadQset(sub, level: level + 1)) } catch let e as ConfigError {
                    throw ConfigError("\(e.message) while parsing '\(key)'")
                }
            }
        }
        let n = validators.count + inner.count
        guard n > 0 else { throw ConfigError("invalid quorum set definition") }
        return QuorumSet(threshold: 1 + (n * percent - 1) / 100, validators: validators, innerQuorumSets: inner)
    }
}
