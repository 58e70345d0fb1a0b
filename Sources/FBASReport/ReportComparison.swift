#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FBASAnalyses
import FBASCertificates

/// A figure of the report as it compares: a number, a yes/no, or nothing (not computed).
public enum FigureValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case number(Int)
    case flag(Bool)
    case none

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .flag(let b): try c.encode(b)
        case .none: try c.encodeNil()
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .none } else if let b = try? c.decode(Bool.self) { self = .flag(b) } else { self = .number(try c.decode(Int.self)) }
    }

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .flag(let b): return b ? "yes" : "no"
        case .none: return "–"
        }
    }
}

/// One of stellarbeat's figures in two reports (before and after a change, or two snapshots).
public struct FigureChange: Codable, Sendable, Equatable {
    /// The figure's path in the report, e.g. `organization.blockingSetsMinSize`.
    public var figure: String
    public var before: FigureValue
    public var after: FigureValue
    public var changed: Bool
}

extension NetworkReport {
    /// stellarbeat's figures of this report, by path, in the report's order.
    public var figures: [(path: String, value: FigureValue)] {
        var list: [(String, FigureValue)] = [
            ("hasQuorumIntersection", hasQuorumIntersection.map(FigureValue.flag) ?? .none),
            ("hasSymmetricTopTier", hasSymmetricTopTier.map(FigureValue.flag) ?? .none),
        ]
        for (name, level) in levels {
            for (figure, value) in [("topTierSize", level.topTierSize), ("blockingSetsMinSize", level.blockingSetsMinSize),
                                    ("blockingSetsFilteredMinSize", level.blockingSetsFilteredMinSize),
                                    ("splittingSetsMinSize", level.splittingSetsMinSize)] {
                list.append(("\(name).\(figure)", value.map(FigureValue.number) ?? .none))
            }
        }
        return list
    }

    /// The four levels by name.
    public var levels: [(name: String, figures: LevelFigures)] {
        [("node", node), ("organization", organization), ("isp", isp), ("country", country)]
    }

    /// The certificates the report carries (`certify`): the intersection's, then each level's
    /// blocking, filtered blocking and splitting figures'.
    public var certificates: [Certificate] {
        ([intersection.certificate] + levels.flatMap { l in
            [l.figures.blockingSet.certificate, l.figures.blockingSetFiltered.certificate, l.figures.splittingSet.certificate]
        }).compactMap { $0 }
    }

    /// Every figure of `before` and `after` side by side, each marked when it moved.
    public static func compare(_ before: NetworkReport, _ after: NetworkReport) -> [FigureChange] {
        zip(before.figures, after.figures).map { b, a in
            FigureChange(figure: b.path, before: b.value, after: a.value, changed: b.value != a.value)
        }
    }
}

/// A condition a change must keep (`fbas what-if --require`): quorum intersection, or a
/// smallest blocking or splitting set of at least a size at a level (validators by default).
public struct Requirement: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable { case intersection, blocking, splitting }
    public var kind: Kind
    /// `node`, `organization`, `isp` or `country`.
    public var level: String
    public var minimum: Int?

    /// Parses `intersection`, `blocking>=N`, `splitting>=N`, optionally prefixed by a level
    /// (`organization.blocking>=3`).
    public init(parsing text: String) throws(RequirementError) {
        let trimmed = text.trimmingSpaces
        if trimmed == "intersection" {
            self.init(kind: .intersection, level: "node", minimum: nil)
            return
        }
        let parts = trimmed.split(separator: ">=", maxSplits: 1).map { String($0).trimmingSpaces }
        guard parts.count == 2, let minimum = Int(parts[1]), minimum >= 0 else {
            throw RequirementError(text: text, reason: "expected intersection, blocking>=N or splitting>=N (optionally level.blocking>=N)")
        }
        var name = parts[0]
        var level = "node"
        if let dot = name.firstIndex(of: ".") {
            level = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        guard ["node", "organization", "isp", "country"].contains(level) else {
            throw RequirementError(text: text, reason: "the level must be node, organization, isp or country, not \(level)")
        }
        guard let kind = Kind(rawValue: name), kind != .intersection else {
            throw RequirementError(text: text, reason: "the figure must be blocking or splitting, not \(name)")
        }
        self.init(kind: kind, level: level, minimum: minimum)
    }

    public init(kind: Kind, level: String, minimum: Int?) {
        self.kind = kind
        self.level = level
        self.minimum = minimum
    }

    public var description: String {
        switch kind {
        case .intersection: return "intersection"
        case .blocking, .splitting: return (level == "node" ? "" : level + ".") + "\(kind.rawValue)>=\(minimum ?? 0)"
        }
    }

    /// Whether `report` meets the requirement, from proofs only: a figure cut short by its time
    /// limit meets it when its lower bound does, fails it when a witness smaller than the minimum
    /// was found, and is otherwise unknown.
    public func check(_ report: NetworkReport) -> RequirementResult {
        switch kind {
        case .intersection:
            let i = report.intersection
            switch i.outcome {
            case .intersects?:
                return RequirementResult(requirement: description, status: .met, detail: "every two quorums intersect")
            case .split?:
                var r = RequirementResult(requirement: description, status: .failed, detail: "two quorums are disjoint")
                r.quorumA = i.quorumA
                r.quorumB = i.quorumB
                return r
            case .noQuorum?:
                return RequirementResult(requirement: description, status: .failed, detail: "no quorum exists: the network cannot agree on anything")
            case nil:
                return RequirementResult(requirement: description, status: .unknown,
                                         detail: "the intersection check was cut short (\(i.status.rawValue))")
            }
        case .blocking, .splitting:
            let level = report.levels.first { $0.name == self.level }!.figures
            let figure = kind == .blocking ? level.blockingSet : level.splittingSet
            let minimum = self.minimum ?? 0
            let what = kind == .blocking ? "blocking" : "splitting"
            if let value = figure.value, figure.status == .ok {
                var r = RequirementResult(requirement: description, status: value >= minimum ? .met : .failed,
                                          detail: "the smallest \(what) set has \(value)")
                if value < minimum {
                    r.set = figure.set
                    r.validators = figure.validators
                    r.quorumA = figure.quorumA
                    r.quorumB = figure.quorumB
                }
                return r
            }
            if figure.lowerBound >= minimum {
                return RequirementResult(requirement: description, status: .met,
                                         detail: "every \(what) set has at least \(figure.lowerBound) (proved before the time limit)")
            }
            if let upper = figure.upperBound, upper < minimum {
                var r = RequirementResult(requirement: description, status: .failed,
                                          detail: "a \(what) set of \(upper) was found before the time limit")
                r.set = figure.set
                r.validators = figure.validators
                return r
            }
            return RequirementResult(requirement: description, status: .unknown,
                                     detail: "cut short (\(figure.status.rawValue)) with the \(what) figure between \(figure.lowerBound) and \(figure.upperBound.map(String.init) ?? "?")")
        }
    }
}

/// A requirement that does not parse.
public struct RequirementError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "--require \(text): \(reason)" }
}

/// Whether a report meets a ``Requirement``, with the witness when it does not.
public struct RequirementResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case met, failed, unknown }
    public var requirement: String
    public var status: Status
    public var detail: String
    /// The witness of a failed size requirement: group names or public keys.
    public var set: [String]?
    public var validators: [ValidatorRef]?
    /// Two disjoint quorums, when intersection fails (or the quorums a splitting set splits).
    public var quorumA: [ValidatorRef]?
    public var quorumB: [ValidatorRef]?

    public init(requirement: String, status: Status, detail: String) {
        self.requirement = requirement
        self.status = status
        self.detail = detail
    }
}

/// `fbas what-if`: the report before and after a change, the figures that moved, and the
/// requirements the change must keep.
public struct WhatIfReport: Codable, Sendable {
    /// The changes, as a person reads them.
    public var edits: [String]
    public var before: NetworkReport
    public var after: NetworkReport
    public var figures: [FigureChange]
    public var requirements: [RequirementResult]
    /// Every requirement met (the gate passes).
    public var passed: Bool

    public init(edits: [String], before: NetworkReport, after: NetworkReport, requirements: [Requirement]) {
        self.edits = edits
        self.before = before
        self.after = after
        figures = NetworkReport.compare(before, after)
        self.requirements = requirements.map { $0.check(after) }
        passed = self.requirements.allSatisfy { $0.status == .met }
    }
}
