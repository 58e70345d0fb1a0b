/// Builds synthetic networks for tests and benchmarks. Deterministic: the family and the
/// ``GeneratorParameters`` (seed included) fix the network byte for byte, so a benchmark table
/// can name its instances by `family-size-seed` instead of shipping megabytes of JSON.
public enum NetworkGenerator {
    /// The network of `family` described by `parameters`.
    public static func generate(_ family: NetworkFamily, _ parameters: GeneratorParameters) throws(GeneratorError) -> GeneratedNetwork {
        try check(parameters)
        switch family {
        case .flat: return try FlatFamily.generate(parameters)
        case .tiered: return try TieredFamily.generate(parameters)
        case .sybil: return try SybilFamily.generate(parameters)
        case .broken: return try BrokenFamily.generate(parameters)
        case .random: return try RandomFamily.generate(parameters)
        }
    }

    static func check(_ p: GeneratorParameters) throws(GeneratorError) {
        func fraction(_ name: String, _ value: Double) throws(GeneratorError) {
            guard value >= 0, value <= 1 else { throw .invalidParameter(name: name, reason: "\(value) is not a probability in 0…1") }
        }
        try fraction("notValidatingFraction", p.notValidatingFraction)
        try fraction("archiveErrorFraction", p.archiveErrorFraction)
        if let drop = p.flatDropProbability {
            guard drop >= 0, drop < 1 else {
                throw .invalidParameter(name: "flatDropProbability", reason: "\(drop) is not in 0 ..< 1 (1 would drop every other organization)")
            }
        }
    }
}
