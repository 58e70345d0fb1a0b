import SeededRandom

/// The seeded generator of every randomised test (one definition for the whole package, in
/// `SeededRandom`), named here so that test targets reach it through their support module.
public typealias SplitMix64 = SeededRandom.SplitMix64
