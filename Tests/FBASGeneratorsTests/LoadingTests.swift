import FBASFormats
import FBASGenerators
import FBASModel
import StrictJSON
import Testing

/// Every generated file must load through our reader without a single warning, with every
/// validator defined and every quorum set known, and carry the metadata the grouping levels use.
@Suite struct LoadingTests {
    static let cases: [(NetworkFamily, Int)] = NetworkFamily.allCases.flatMap { f in [(f, 12), (f, 100), (f, 301)] }

    @Test(arguments: cases)
    func generatedNetworkLoadsWithoutWarnings(_ family: NetworkFamily, _ size: Int) throws {
        let network = try Generated.network(family, size)
        let loaded = try Generated.load(network)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.prefix(3))")
        #expect(loaded.format == .stellarbeat)
        #expect(loaded.fbas.count == network.validators.count)
        #expect(loaded.fbas.unknownQsetValidators.isEmpty)
        #expect(loaded.fbas.isDefined.allSatisfy { $0 })
    }

    @Test(arguments: NetworkFamily.allCases)
    func validatorCountIsTheSizeAskedFor(_ family: NetworkFamily) throws {
        // Flat rounds up to whole organizations of three.
        #expect(try Generated.network(family, 300).validators.count == 300)
        #expect(try Generated.network(family, 1000).validators.count == (family == .flat ? 1002 : 1000))
    }

    @Test(arguments: NetworkFamily.allCases)
    func metadataGivesEveryGroupingLevelSomethingToGroup(_ family: NetworkFamily) throws {
        let network = try Generated.network(family, 300)
        let fbas = try Generated.load(network).fbas
        let organizations = Grouping.organizationLevel(of: fbas, organizations: nil)
        let countries = Grouping.byAttribute("geoData.countryName", of: fbas)
        let isps = Grouping.byAttribute("isp", of: fbas)
        #expect(organizations.groups.count == network.organizations.count)
        #expect(countries.groups.count > 3)
        #expect(isps.groups.count > 3)
        for grouping in [organizations, countries, isps] {
            #expect(!grouping.groups.contains { $0.name == Grouping.unknownGroupName })
        }
        let notValidating = fbas.validators.filter { $0.metadata["isValidating"]?.bool == false }.count
        let archiveErrors = fbas.validators.filter { $0.metadata["historyArchiveHasError"]?.bool == true }.count
        #expect((1..<60).contains(notValidating))
        #expect((10..<120).contains(archiveErrors))
    }

    @Test func organizationsFileListsEveryValidatorOnce() throws {
        let network = try Generated.network(.tiered, 150)
        var diagnostics: [Diagnostic] = []
        let orgs = try NetworkReader.readOrganizations(JSONWriter.writeUTF8(network.organizationsDocument()),
                                                       file: "orgs.json", diagnostics: &diagnostics)
        let fbas = try Generated.load(network).fbas
        let grouping = Grouping.byOrganizations(orgs, of: fbas)
        #expect(diagnostics.isEmpty)
        #expect(grouping.diagnostics.isEmpty)
        #expect(orgs.flatMap(\.validators).count == 150)
        #expect(grouping.groups.count == orgs.count)
    }

    @Test func tooSmallOrOutOfRangeParametersAreTypedErrors() throws {
        #expect(throws: GeneratorError.tooFewValidators(family: .tiered, minimum: 6, given: 5)) {
            try Generated.network(.tiered, 5)
        }
        #expect(throws: GeneratorError.self) {
            try Generated.network(.broken, 100) { $0.brokenKind = .smallSplittingSet; $0.splittingSetSize = 8 }
        }
        #expect(throws: GeneratorError.self) {
            try Generated.network(.tiered, 30) { $0.topTierOrganizations = 11 }
        }
        #expect(throws: GeneratorError.self) {
            try Generated.network(.flat, 30) { $0.flatDropProbability = 1 }
        }
    }
}
