import SeededRandom
/// Countries and hosting providers to spread validators over, with a skew (the first entries
/// are the most common), as in the public network where a few clouds and countries dominate.
/// The skew gives the country and ISP levels of the analyses small blocking sets to find.
enum Geography {
    static let countries: [(name: String, code: String)] = [
        ("United States", "US"), ("Germany", "DE"), ("Finland", "FI"), ("France", "FR"),
        ("United Kingdom", "GB"), ("Netherlands", "NL"), ("Ireland", "IE"), ("Singapore", "SG"),
        ("Japan", "JP"), ("Canada", "CA"), ("Brazil", "BR"), ("India", "IN"), ("Australia", "AU"),
        ("Switzerland", "CH"), ("Sweden", "SE"), ("Poland", "PL"), ("Spain", "ES"), ("Italy", "IT"),
        ("South Korea", "KR"), ("South Africa", "ZA"),
    ]

    static let isps: [String] = [
        "Amazon.com, Inc.", "Hetzner Online GmbH", "OVH SAS", "DigitalOcean, LLC", "Google LLC",
        "Microsoft Corporation", "Linode, LLC", "Vultr Holdings, LLC", "Scaleway", "Oracle Corporation",
        "Contabo GmbH", "Alibaba (US) Technology Co., Ltd.",
    ]

    /// Zipf-like weights 1/(i+1).
    static func zipf(_ count: Int) -> [Double] { (0..<count).map { 1.0 / Double($0 + 1) } }
    static let countryWeights = zipf(countries.count)
    static let ispWeights = zipf(isps.count)
}

/// Deterministic fake Stellar public keys: "G" and 55 base32 characters, as long as real
/// keys so that file sizes and parsing costs are realistic. They carry no valid checksum.
enum FakeKeys {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func publicKey(family: NetworkFamily, seed: UInt64, index: Int) -> String {
        var rng = SplitMix64(seed: stableHash("\(family.rawValue)/\(seed)/\(index)"))
        // The second character of a real account key is one of A-D (the key's top bits).
        var bytes: [UInt8] = [UInt8(ascii: "G"), alphabet[rng.below(4)]]
        while bytes.count < 56 {
            var word = rng.next()
            for _ in 0..<12 where bytes.count < 56 {
                bytes.append(alphabet[Int(word & 31)])
                word >>= 5
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `n` written with at least `width` digits, for names that sort.
func padded(_ n: Int, width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
