import ArgumentParser
import FBASGenerators
import Foundation
import StrictJSON

extension NetworkFamily: ExpressibleByArgument {}
extension FlatThresholdRule: ExpressibleByArgument {}
extension BrokenKind: ExpressibleByArgument {}

/// `fbas-gen`: writes a synthetic network in stellarbeat JSON, the same bytes for the same
/// arguments, so benchmarks can name instances instead of shipping them.
struct FBASGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fbas-gen",
        abstract: "Generate a synthetic FBAS (stellarbeat JSON) of a given family, size and seed.",
        discussion: """
        Families: flat (organizations of 3 that all trust each other, python-fbas's "almost \
        symmetric" networks), tiered (a symmetric top tier and validators trusting subsets of it, \
        like the Stellar network), sybil (tiered plus a self-trusting cluster), broken (tiered \
        without quorum intersection, or with a small splitting set), random (random quorum sets).
        A summary and the network's promises are printed on stderr.
        """)

    @Argument(help: "flat, tiered, sybil, broken or random.")
    var family: NetworkFamily

    @Option(name: .long, help: "Number of validators (flat rounds up to a multiple of 3).")
    var validators: Int

    @Option(name: .long, help: "Seed; the same arguments always give the same bytes.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write the network here instead of standard output.")
    var output: String?

    @Option(name: .customLong("organizations-output"), help: "Also write an organizations file ([{id, name, validators}]) here.")
    var organizationsOutput: String?

    @Flag(name: .long, help: "Indent the JSON (files get several times larger).")
    var pretty = false

    @Option(name: .customLong("drop-probability"), help: "flat: probability of dropping each other organization from a list (default 1/organizations).")
    var dropProbability: Double?

    @Option(name: .customLong("threshold-rule"), help: "flat: moreThanTwoThirdsOfAll (python-fbas, default) or twoThirdsOfListed.")
    var thresholdRule: FlatThresholdRule = .moreThanTwoThirdsOfAll

    @Option(name: .customLong("top-tier-orgs"), help: "tiered, sybil, broken: top-tier organizations (default validators/10 within 5…30).")
    var topTierOrganizations: Int?

    @Option(name: .customLong("top-tier-drop"), help: "tiered, sybil: probability that a top-tier organization drops each other one from its list; above 0, validators outside the top tier also pick their own thresholds (default 0, symmetric).")
    var topTierDrop: Double = 0

    @Option(name: .long, help: "sybil: validators in the sybil cluster (default validators/5).")
    var sybils: Int?

    @Flag(name: .customLong("isolated-sybils"), help: "sybil: the cluster trusts only itself (and so splits the network).")
    var isolatedSybils = false

    @Option(name: .customLong("broken-kind"), help: "broken: noIntersection (default) or smallSplittingSet.")
    var brokenKind: BrokenKind = .noIntersection

    @Option(name: .customLong("splitting-set-size"), help: "broken smallSplittingSet: the promised least splitting-set size, 1…7 (default 2).")
    var splittingSetSize: Int = 2

    @Option(name: .customLong("not-validating"), help: "Share of validators with isValidating false.")
    var notValidating: Double = 0.05

    @Option(name: .customLong("archive-errors"), help: "Share of validators with historyArchiveHasError true.")
    var archiveErrors: Double = 0.15

    func run() throws {
        let parameters = GeneratorParameters(
            validators: validators, seed: seed, flatDropProbability: dropProbability, flatThresholdRule: thresholdRule,
            topTierOrganizations: topTierOrganizations, topTierDropProbability: topTierDrop, sybilValidators: sybils, sybilIsolated: isolatedSybils,
            brokenKind: brokenKind, splittingSetSize: splittingSetSize,
            notValidatingFraction: notValidating, archiveErrorFraction: archiveErrors)
        let network: GeneratedNetwork
        do {
            network = try NetworkGenerator.generate(family, parameters)
        } catch {
            throw ValidationError(error.description)
        }
        var bytes = network.stellarbeatBytes(pretty: pretty)
        bytes.append(0x0A)
        try write(bytes, to: output)
        if let organizationsOutput {
            var orgs = JSONWriter.writeUTF8(network.organizationsDocument(), pretty: true)
            orgs.append(0x0A)
            try write(orgs, to: organizationsOutput)
        }
        FileHandle.standardError.write(Data((summary(network) + "\n").utf8))
    }

    func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ValidationError("cannot write \(path)")
        }
    }

    func summary(_ n: GeneratedNetwork) -> String {
        var parts = ["\(n.family.rawValue): \(n.validators.count) validators in \(n.organizations.count) organizations"]
        let p = n.promises
        if let i = p.quorumIntersection { parts.append(i ? "quorum intersection holds" : "quorum intersection fails") }
        if let t = p.topTierOrganizations { parts.append("top tier of \(t) organizations (\(p.topTier?.count ?? 0) validators)") }
        if let k = p.minimumSplittingSetSize { parts.append("least splitting set: \(k) validators") }
        return parts.joined(separator: "; ")
    }
}

FBASGen.main()
