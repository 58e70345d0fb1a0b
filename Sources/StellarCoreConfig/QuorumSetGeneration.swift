import FBASModel

/// stellar-core's automatic quorum set (`Config::generateQuorumSet`): validators sorted by
/// quality (highest first) and home domain; each home domain an inner set with a simple
/// majority; each quality level a set of its domains plus, as its last entry, the set of the
/// next lower level present; the critical level needs all its entries, the others a Byzantine
/// fault-tolerant threshold. Normalised, as stellar-core does.
enum QuorumSetGeneration {
    static func generate(_ validators: [ConfiguredValidator]) throws -> QuorumSet {
        let sorted = validators.sorted { l, r in
            l.quality != r.quality ? l.quality > r.quality : Array(l.homeDomain.utf8).lexicographicallyPrecedes(Array(r.homeDomain.utf8))
        }
        return QuorumSetNormalisation.normalised(try helper(sorted[...], quality: .critical))
    }

    static func helper(_ todo: ArraySlice<ConfiguredValidator>, quality: Quality) throws -> QuorumSet {
        var set = QuorumSet(threshold: 0)
        var i = todo.startIndex
        while i < todo.endIndex, todo[i].quality == quality {
            var domain = QuorumSet(threshold: 0)
            var j = i
            while j < todo.endIndex, todo[j].homeDomain == todo[i].homeDomain {
                guard todo[j].quality == todo[i].quality else {
                    throw ConfigError("Validators '\(todo[i].name)' and '\(todo[j].name)' must have same quality")
                }
                domain.validators.append(todo[j].key)
                j += 1
            }
            if domain.validators.count < 3, quality >= .high {
                throw ConfigError("Critical and High quality validators for '\(todo[i].homeDomain)' must have redundancy of at least 3")
            }
            domain.threshold = defaultThreshold(domain, .simpleMajority)
            set.innerQuorumSets.append(domain)
            i = j
        }
        if i < todo.endIndex {
            set.innerQuorumSets.append(try helper(todo[i...], quality: todo[i].quality))
        }
        set.threshold = defaultThreshold(set, quality == .critical ? .allRequired : .byzantineFaultTolerance)
        return set
    }

    enum Level { case simpleMajority, allRequired, byzantineFaultTolerance }

    /// `computeDefaultThreshold`.
    static func defaultThreshold(_ q: QuorumSet, _ level: Level) -> Int {
        let n = q.entryCount
        guard n > 0 else { return 0 }
        switch level {
        case .simpleMajority where q.innerQuorumSets.isEmpty: return n - (n - 1) / 2
        case .allRequired: return n
        default: return n - (n - 1) / 3
        }
    }
}

/// SCP's `normalizeQSet`: an inner set of one validator at threshold 1 becomes that validator;
/// a set at threshold 1 with no validators and one inner set becomes the inner set; then
/// validators are sorted by their key bytes and inner sets by stellar-core's comparison.
enum QuorumSetNormalisation {
    static func normalised(_ q: QuorumSet) -> QuorumSet { reordered(simplified(q)) }

    static func simplified(_ q: QuorumSet) -> QuorumSet {
        var result = QuorumSet(threshold: q.threshold, validators: q.validators)
        for inner in q.innerQuorumSets.map(simplified) {
            if inner.threshold == 1, inner.validators.count == 1, inner.innerQuorumSets.isEmpty {
                result.validators.append(inner.validators[0])
            } else {
                result.innerQuorumSets.append(inner)
            }
        }
        if result.threshold == 1, result.validators.isEmpty, result.innerQuorumSets.count == 1 {
            return result.innerQuorumSets[0]
        }
        return result
    }

    static func reordered(_ q: QuorumSet) -> QuorumSet {
        QuorumSet(threshold: q.threshold, validators: q.validators.sorted(by: StrKey.precedes),
                  innerQuorumSets: q.innerQuorumSets.map(reordered).sorted { compare($0, $1) < 0 })
    }

    /// `qSetCompareInt`: validators lexicographically (a prefix first), then inner sets, then thresholds.
    static func compare(_ a: QuorumSet, _ b: QuorumSet) -> Int {
        for (x, y) in zip(a.validators, b.validators) where x != y { return StrKey.precedes(x, y) ? -1 : 1 }
        if a.validators.count != b.validators.count { return a.validators.count < b.validators.count ? -1 : 1 }
        for (x, y) in zip(a.innerQuorumSets, b.innerQuorumSets) {
            let c = compare(x, y)
            if c != 0 { return c }
        }
        if a.innerQuorumSets.count != b.innerQuorumSets.count { return a.innerQuorumSets.count < b.innerQuorumSets.count ? -1 : 1 }
        return a.threshold == b.threshold ? 0 : a.threshold < b.threshold ? -1 : 1
    }
}

/// stellar-core's checks of a quorum set (`isQuorumSetSane`, `isVBlocking`).
enum QuorumSetChecks {
    /// stellar-core's `MAXIMUM_QUORUM_NESTING_LEVEL`.
    static let maximumNesting = 4

    /// Why stellar-core would refuse `q`, or nil.
    static func insanity(_ q: QuorumSet, extraChecks: Bool) -> String? {
        var seen = Set<String>()
        var total = 0
        var stack = [(q, 0)]
        while let (set, depth) = stack.popLast() {
            if depth > maximumNesting { return "Maximum quorum nesting level exceeded" }
            if set.threshold < 1 { return "Threshold must be greater than 0" }
            let n = set.entryCount
            if set.threshold > n { return "Threshold exceeds total number of entries" }
            if extraChecks, set.threshold < n - set.threshold + 1 { return "Threshold is lower than the v-blocking size (< 51%)." }
            for v in set.validators {
                if !seen.insert(v).inserted { return "Duplicate node found in quorum configuration" }
            }
            total += set.validators.count
            for inner in set.innerQuorumSets { stack.append((inner, depth + 1)) }
        }
        return (1...1000).contains(total) ? nil : "Total number of nodes in a quorum must be within 1 and 1000"
    }

    /// Whether `nodes` meet every slice of `q` (`isVBlocking`): n - t + 1 entries hit.
    static func isVBlocking(_ q: QuorumSet, by nodes: Set<String>) -> Bool {
        guard q.threshold > 0 else { return false }
        let needed = q.entryCount - q.threshold + 1
        let hit = q.validators.filter(nodes.contains).count + q.innerQuorumSets.filter { isVBlocking($0, by: nodes) }.count
        return hit >= needed
    }
}

/// Stellar's public-key strings (`G…`): base32 of a version byte, 32 key bytes and a CRC16.
enum StrKey {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    static let digitOf: [UInt8: UInt8] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt8($0)) })

    /// Whether `s` is a well-formed account key: 56 base32 digits, version byte 6 << 3, a valid checksum.
    static func isPublicKey(_ s: String) -> Bool {
        guard let bytes = decode(s), bytes.count == 35, bytes[0] == 6 << 3 else { return false }
        let crc = crc16(bytes[0..<33])
        return bytes[33] == UInt8(crc & 0xFF) && bytes[34] == UInt8(crc >> 8)
    }

    static func decode(_ s: String) -> [UInt8]? {
        let chars = Array(s.utf8)
        guard chars.count == 56 else { return nil }
        var bytes: [UInt8] = []
        var buffer = 0, bits = 0
        for c in chars {
            guard let d = digitOf[c] else { return nil }
            buffer = (buffer << 5) | Int(d)
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        return bytes
    }

    /// Encodes a 32-byte key as a `G…` string (tests make keys with it).
    static func publicKey(_ key: [UInt8]) -> String {
        var bytes = [UInt8(6 << 3)] + key
        let crc = crc16(bytes[...])
        bytes += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for b in bytes {
            buffer = (buffer << 8) | Int(b)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[(buffer >> bits) & 31])
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// CRC16-XModem.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for b in bytes {
            crc ^= UInt16(b) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }

    /// stellar-core's key order: by key bytes, which for keys of one version is the order of
    /// their base32 digits (not of their characters: `2`–`7` come after `Z`).
    static func precedes(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8).map { digitOf[$0].map(Int.init) ?? Int($0) + 32 }
        let y = Array(b.utf8).map { digitOf[$0].map(Int.init) ?? Int($0) + 32 }
        return x.lexicographicallyPrecedes(y)
    }
}
