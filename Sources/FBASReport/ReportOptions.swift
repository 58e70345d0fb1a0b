#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FBASAnalyses
import FBASModel

/// What a report is computed with.
public struct ReportOptions: Sendable {
    /// Which rules produce the figures.
    public var profile: ReportProfile
    /// Back end, deadline (for the whole report), interrupt flag and progress callback. The
    /// deadline is shared out over the parts as they run: each gets an equal share of what is
    /// left, so time a quick part does not use goes to the next.
    public var analysis: AnalysisOptions
    /// The organization level's groups; nil: each validator's `organizationId`, else its
    /// `homeDomain` (stellarbeat's profile: `organizationId` only).
    public var organizations: [Organization]?
    /// Public keys of validators already down for the filtered blocking figures; nil: those
    /// whose `isValidating` is false.
    public var down: [String]?
    /// Restrict the analysis to the validators reachable from this one in the trust graph
    /// (itself included), as explorers restrict to what the network's quorum set reaches.
    public var reachableFrom: String?
    /// When a witness rests on validators with unknown quorum sets, also compute that figure
    /// with them never in a quorum (`dead`). Off only where a caller wants the plain figures.
    public var explainUnknownQsets: Bool
    /// Certify every figure's negative part (``Certificate`` on the intersection and on each
    /// blocking and splitting figure): a DRUP proof over a plain encoding of the analysed
    /// network, checked without a solver.
    public var certify = false
    /// Where certificates' formulas and proofs are written, when set.
    public var proofDirectory: URL?

    public init(profile: ReportProfile = .default, analysis: AnalysisOptions = AnalysisOptions(),
                organizations: [Organization]? = nil, down: [String]? = nil, reachableFrom: String? = nil,
                explainUnknownQsets: Bool = true) {
        self.profile = profile
        self.analysis = analysis
        self.organizations = organizations
        self.down = down
        self.reachableFrom = reachableFrom
        self.explainUnknownQsets = explainUnknownQsets
    }
}

/// Why a report could not be computed.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option names a validator the network does not have.
    case unknownValidator(option: String, publicKey: String)
    /// An analysis failed (a witness rejected by the checker, a back-end failure): a bug.
    case analysis(AnalysisError)

    public var description: String {
        switch self {
        case .unknownValidator(let option, let key): "\(option) names \(key), which is not a validator of the network"
        case .analysis(let e): e.description
        }
    }
}
