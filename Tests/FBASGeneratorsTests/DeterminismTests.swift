import FBASGenerators
import Testing

/// A benchmark names its instances by family, size and seed; that only works if those three
/// fix the bytes.
@Suite struct DeterminismTests {
    @Test(arguments: NetworkFamily.allCases)
    func sameSeedGivesByteIdenticalNetworks(_ family: NetworkFamily) throws {
        let a = try Generated.network(family, 60, seed: 42).stellarbeatBytes()
        let b = try Generated.network(family, 60, seed: 42).stellarbeatBytes()
        #expect(a == b)
        #expect(a.count > 1000)
    }

    @Test(arguments: NetworkFamily.allCases)
    func differentSeedsGiveDifferentNetworks(_ family: NetworkFamily) throws {
        let a = try Generated.network(family, 60, seed: 1)
        let b = try Generated.network(family, 60, seed: 2)
        #expect(a.stellarbeatBytes() != b.stellarbeatBytes())
        #expect(Set(a.validators.map(\.publicKey)).isDisjoint(with: b.validators.map(\.publicKey)))
    }

    @Test func familiesWithTheSameSeedAreUnrelated() throws {
        let tiered = try Generated.network(.tiered, 60, seed: 5)
        let broken = try Generated.network(.broken, 60, seed: 5)
        #expect(Set(tiered.validators.map(\.publicKey)).isDisjoint(with: broken.validators.map(\.publicKey)))
    }

    @Test(arguments: NetworkFamily.allCases)
    func publicKeysLookLikeStellarKeysAndAreUnique(_ family: NetworkFamily) throws {
        let keys = try Generated.network(family, 120).validators.map(\.publicKey)
        #expect(Set(keys).count == keys.count)
        for key in keys {
            #expect(key.utf8.count == 56)
            #expect(key.hasPrefix("G"))
            #expect(key.allSatisfy { ("A"..."Z").contains($0) || ("2"..."7").contains($0) })
        }
    }

    @Test func suggestedFileNameNamesFamilySizeAndSeed() throws {
        #expect(try Generated.network(.tiered, 200, seed: 9).suggestedFileName == "tiered-200-seed9.json")
    }
}
