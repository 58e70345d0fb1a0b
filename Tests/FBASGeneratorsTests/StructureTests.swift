import FBASAnalyses
import FBASGenerators
import FBASModel
import Testing

/// Each family's structural promises, checked on the quorum sets themselves and with the
/// library's analyses (and by brute force where the network is small enough).
@Suite struct FlatStructureTests {
    @Test func flatHasOrganizationsOfThreeWithTwoOfThreeInside() throws {
        let network = try Generated.network(.flat, 100)
        #expect(network.organizations.count == 34)
        #expect(network.organizations.allSatisfy { $0.validators.count == 3 })
        let members = Dictionary(uniqueKeysWithValues: network.organizations.map { (Set($0.validators), $0.name) })
        for v in network.validators {
            #expect(v.quorumSet.validators.isEmpty)
            for inner in v.quorumSet.innerQuorumSets {
                #expect(inner.threshold == 2)
                #expect(inner.innerQuorumSets.isEmpty)
                #expect(members[Set(inner.validators)] != nil)
            }
            // Every organization keeps itself in its list.
            #expect(v.quorumSet.innerQuorumSets.contains { $0.validators.contains(v.publicKey) })
        }
    }

    @Test func defaultThresholdIsMoreThanTwoThirdsOfAllCappedAtTheListed() throws {
        let network = try Generated.network(.flat, 90) { $0.flatDropProbability = 0.4 }
        var capped = 0
        for v in network.validators {
            let listed = v.quorumSet.innerQuorumSets.count
            #expect(v.quorumSet.threshold == min(2 * 30 / 3 + 1, listed))
            if listed < 21 { capped += 1 }
        }
        #expect(capped > 0, "a drop probability of 0.4 shortens some lists below the threshold")
    }

    @Test func listedRuleAsksForTwoThirdsOfTheListed() throws {
        let network = try Generated.network(.flat, 90) { $0.flatDropProbability = 0.3; $0.flatThresholdRule = .twoThirdsOfListed }
        for v in network.validators {
            let listed = v.quorumSet.innerQuorumSets.count
            #expect(v.quorumSet.threshold == (2 * listed + 2) / 3)
        }
    }

    @Test func dropProbabilityDropsAboutThatShareOfEntries() throws {
        let network = try Generated.network(.flat, 300) { $0.flatDropProbability = 0.25 }
        let entries = network.organizations.indices.map { o in
            network.validators.first { $0.organization == o }!.quorumSet.innerQuorumSets.count
        }
        let dropped = Double(entries.map { 100 - $0 }.reduce(0, +)) / Double(100 * 99)
        #expect(abs(dropped - 0.25) < 0.03)
        // The default drops about one entry per list.
        let defaults = try Generated.network(.flat, 300)
        let missing = defaults.validators.map { 100 - $0.quorumSet.innerQuorumSets.count }
        #expect(Double(missing.reduce(0, +)) / Double(missing.count) < 2)
    }

    @Test func flatAtAHundredValidatorsHasQuorumIntersection() throws {
        let network = try Generated.network(.flat, 99)
        #expect(network.promises.quorumIntersection == true)
        let fbas = try Generated.load(network).fbas
        #expect(try Analyses.checkIntersection(fbas).outcome == .intersects)
    }
}

@Suite struct TieredStructureTests {
    @Test(arguments: [(20, 5), (60, 6), (100, 10), (200, 20), (300, 30), (1000, 30)])
    func topTierHasTheDefaultNumberOfOrganizations(_ size: Int, _ organizations: Int) throws {
        let network = try Generated.network(.tiered, size)
        #expect(network.promises.topTierOrganizations == organizations)
        #expect(network.promises.topTier?.count == 3 * organizations)
    }

    @Test func tieredAtAHundredHasIntersectionAndThePromisedSymmetricTopTier() throws {
        let network = try Generated.network(.tiered, 100)
        let fbas = try Generated.load(network).fbas
        #expect(try Analyses.checkIntersection(fbas).outcome == .intersects)
        let result = try Analyses.topTier(fbas)
        let tier = Set(try #require(result.topTier).map { fbas.validators[$0].publicKey })
        #expect(tier == Set(try #require(network.promises.topTier)))
        #expect(result.symmetric == true)
        let organizations = Set(network.validators.filter { tier.contains($0.publicKey) }.map(\.organization))
        #expect(organizations.count == 10)
    }

    @Test func explicitTopTierSizeIsHonoured() throws {
        let network = try Generated.network(.tiered, 100) { $0.topTierOrganizations = 7 }
        #expect(network.promises.topTierOrganizations == 7)
        let top = network.validators.filter { $0.name.hasPrefix("top") }
        #expect(top.count == 21)
        #expect(top.allSatisfy { $0.quorumSet.threshold == 5 && $0.quorumSet.innerQuorumSets.count == 7 })
    }

    @Test func quorumSetsOutsideTheTopTierAreTwoToThreeLevelsDeep() throws {
        let network = try Generated.network(.tiered, 500)
        let topKeys = Set(try #require(network.promises.topTier))
        // nestingDepth counts the levels below the outer set.
        let levels = network.validators.filter { !topKeys.contains($0.publicKey) }.map { $0.quorumSet.nestingDepth + 1 }
        #expect(levels.allSatisfy { (2...3).contains($0) })
        #expect(levels.contains(2))
        #expect(levels.contains(3))
        // Some trust validators outside the top tier (friends).
        #expect(network.validators.contains { v in
            !topKeys.contains(v.publicKey) && v.quorumSet.innerQuorumSets.contains { !$0.validators.isEmpty }
        })
    }
}

/// The asymmetric top tier of issue 18: each top-tier organization drops some of the others,
/// and validators outside the tier pick their own organizations and thresholds.
@Suite struct AsymmetricTopTierTests {
    @Test func eachTopTierOrganizationListsItselfAndMoreThanTwoThirdsOfWhatItLists() throws {
        let network = try Generated.network(.tiered, 300) { $0.topTierDropProbability = 0.25 }
        let top = network.validators.filter { $0.name.hasPrefix("top") }
        #expect(top.count == 90)
        var lists = Set<Int>()
        for v in top {
            let q = v.quorumSet
            lists.insert(q.innerQuorumSets.count)
            #expect(q.threshold == q.innerQuorumSets.count * 2 / 3 + 1)
            #expect(q.innerQuorumSets.contains { $0.validators.contains(v.publicKey) }, "an organization keeps itself")
        }
        #expect(lists.count > 1, "organizations list different numbers of others")
        #expect(network.promises == NetworkPromises(), "an asymmetric tier promises nothing")
        let fbas = try Generated.load(network).fbas
        let tier = try Analyses.topTier(fbas)
        #expect(tier.symmetric != true)
    }

    @Test func validatorsOutsideTheTierPickTheirOwnSubsetsAndThresholds() throws {
        let network = try Generated.network(.tiered, 300) { $0.topTierDropProbability = 0.25 }
        func quorumSetsPerOrganization(_ n: GeneratedNetwork) -> [Set<QuorumSet>] {
            var sets: [Int: Set<QuorumSet>] = [:]
            for v in n.validators where !v.name.hasPrefix("top") { sets[v.organization, default: []].insert(v.quorumSet) }
            return Array(sets.values)
        }
        #expect(quorumSetsPerOrganization(network).contains { $0.count > 1 }, "members of one organization trust differently")
        #expect(quorumSetsPerOrganization(try Generated.network(.tiered, 300)).allSatisfy { $0.count == 1 },
                "in the symmetric family an organization shares one quorum set")
    }

    @Test func aDropProbabilityOfZeroIsTheSymmetricFamilyByteForByte() throws {
        let plain = try Generated.network(.sybil, 200)
        let zero = try Generated.network(.sybil, 200) { $0.topTierDropProbability = 0 }
        #expect(plain.stellarbeatBytes() == zero.stellarbeatBytes())
        #expect(throws: GeneratorError.self) { try Generated.network(.broken, 200) { $0.topTierDropProbability = 0.2 } }
        #expect(throws: GeneratorError.self) { try Generated.network(.tiered, 200) { $0.topTierDropProbability = 1 } }
    }
}

@Suite struct SybilStructureTests {
    @Test func sybilClusterLeavesIntersectionAndTopTierToTheHonestNetwork() throws {
        let network = try Generated.network(.sybil, 100)
        let sybils = network.validators.filter { $0.name.hasPrefix("sybil") }
        #expect(sybils.count == 20)
        #expect(Set(sybils.map(\.isp)).count == 1)
        let fbas = try Generated.load(network).fbas
        #expect(try Analyses.checkIntersection(fbas).outcome == .intersects)
        let tier = Set(try #require(try Analyses.topTier(fbas).topTier).map { fbas.validators[$0].publicKey })
        #expect(tier == Set(try #require(network.promises.topTier)))
        #expect(tier.isDisjoint(with: sybils.map(\.publicKey)))
        // Some honest validators were lured into trusting sybils.
        let sybilKeys = Set(sybils.map(\.publicKey))
        #expect(network.validators.contains { v in
            !sybilKeys.contains(v.publicKey) && v.quorumSet.innerQuorumSets.contains { !sybilKeys.isDisjoint(with: $0.validators) }
        })
    }

    @Test func isolatedSybilClusterSplitsTheNetwork() throws {
        let network = try Generated.network(.sybil, 100) { $0.sybilIsolated = true }
        #expect(network.promises.quorumIntersection == false)
        let fbas = try Generated.load(network).fbas
        #expect(try Analyses.checkIntersection(fbas).outcome == .split)
    }
}

@Suite struct BrokenStructureTests {
    @Test(arguments: [6, 9, 12])
    func noIntersectionNetworkIsSplitByBruteForce(_ size: Int) throws {
        let network = try Generated.network(.broken, size)
        #expect(network.promises.quorumIntersection == false)
        let fbas = try Generated.load(network).fbas
        #expect(BruteForce(fbas: fbas).isSplit == true)
        #expect(try Analyses.checkIntersection(fbas).outcome == .split)
    }

    @Test(arguments: [100, 500])
    func noIntersectionNetworkIsSplitByTheAnalysis(_ size: Int) throws {
        let fbas = try Generated.load(try Generated.network(.broken, size)).fbas
        #expect(try Analyses.checkIntersection(fbas).outcome == .split)
    }

    @Test(arguments: [(12, 1), (12, 2), (11, 2)])
    func smallSplittingSetHasThePromisedSizeByBruteForce(_ size: Int, _ k: Int) throws {
        let network = try Generated.network(.broken, size) { $0.brokenKind = .smallSplittingSet; $0.splittingSetSize = k }
        #expect(network.promises.minimumSplittingSetSize == k)
        let fbas = try Generated.load(network).fbas
        let brute = BruteForce(fbas: fbas)
        #expect(brute.isSplit == false)
        #expect(brute.minimumSplittingSetSize == k)
        #expect(try Analyses.minimumSplittingSet(fbas).size == k)
    }

    @Test(arguments: [(100, 2), (100, 3), (150, 5)])
    func smallSplittingSetHasThePromisedSizeByTheAnalysis(_ size: Int, _ k: Int) throws {
        let network = try Generated.network(.broken, size) { $0.brokenKind = .smallSplittingSet; $0.splittingSetSize = k }
        #expect(network.promises.minimumSplittingSetSize == k)
        #expect(network.promises.quorumIntersection == true)
        let fbas = try Generated.load(network).fbas
        #expect(try Analyses.checkIntersection(fbas).outcome == .intersects)
        let result = try Analyses.minimumSplittingSet(fbas, options: .timeout(60))
        #expect(result.status == .ok)
        #expect(result.size == k)
    }
}
