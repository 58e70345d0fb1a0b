import FBASAnalyses
import FBASModel

/// The rules a ``ReportProfile`` stands for: which validators are analysed, how the group
/// levels are formed, which splitting notion counts and how an absent optimum is reported.
struct ProfileRules {
    let profile: ReportProfile
    let organizations: [Organization]?

    init(_ profile: ReportProfile, organizations: [Organization]?) {
        self.profile = profile
        self.organizations = organizations
    }

    /// The network the figures are computed on, and what was set aside to get it.
    func prepare(_ fbas: FBAS) -> (fbas: FBAS, setAside: [SetAside]) {
        switch profile {
        case .default: return (fbas, [])
        case .stellarbeat: return StellarbeatPipeline.prepare(fbas)
        }
    }

    /// The organization level.
    func organizationLevel(_ fbas: FBAS) -> Grouping {
        switch profile {
        case .default: return Grouping.organizationLevel(of: fbas, organizations: organizations)
        case .stellarbeat: return StellarbeatPipeline.grouping(fbas, organizations: organizations, attribute: "organizationId")
        }
    }

    /// A level grouped by a metadata attribute (ISP, country).
    func attributeLevel(_ path: String, of fbas: FBAS) -> Grouping {
        switch profile {
        case .default: return Grouping.byAttribute(path, of: fbas)
        case .stellarbeat: return StellarbeatPipeline.grouping(fbas, organizations: nil, attribute: path)
        }
    }

    /// The least splitting set under the profile's notion.
    func splittingFigure(_ fbas: FBAS, grouping: Grouping?, intersection: IntersectionResult?,
                         options: AnalysisOptions) throws(AnalysisError) -> Figure {
        switch profile {
        case .default:
            return FBASReport.splittingFigure(try Analyses.minimumSplittingSet(fbas, grouping: grouping, knownIntersection: intersection,
                                                                               options: options),
                                              in: fbas, grouping: grouping)
        case .stellarbeat:
            guard let grouping else {
                return FBASReport.splittingFigure(try Analyses.minimumSplittingSet(fbas, knownIntersection: intersection, options: options),
                                                  in: fbas, grouping: nil)
            }
            return FBASReport.splittingFigure(try Analyses.minimumSplittingSetWithinGroups(fbas, grouping: grouping, options: options),
                                              in: fbas, grouping: grouping)
        }
    }

    /// The top tier: stellarbeat reports the union of all minimal quorums with or without
    /// quorum intersection; we report it only when intersection holds (semantics, 3).
    func topTier(_ fbas: FBAS, intersection: IntersectionResult?, options: AnalysisOptions) throws(AnalysisError) -> TopTierResult {
        var r = try Analyses.topTier(fbas, evenWithoutIntersection: profile == .stellarbeat, knownIntersection: intersection, options: options)
        if profile == .stellarbeat, r.status == .ok {
            r.symmetric = StellarbeatPipeline.hasSymmetricTopTier(fbas)
            if r.topTier == nil { r.topTier = [] }
        }
        return r
    }

    /// A figure as `AnalysisResult` shows it: stellarbeat reports the minimum of an empty
    /// collection (no blocking or splitting set at all) as 0; our profile says `null`.
    func reported(_ value: Int?, status: AnalysisStatus) -> Int? {
        guard status == .ok else { return nil }
        switch profile {
        case .default: return value
        case .stellarbeat: return value ?? 0
        }
    }
}
