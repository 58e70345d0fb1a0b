import FBASAnalyses
import FBASCertificates
import FBASModel

extension NetworkReport {
    /// Computes the report of `fbas` under `options`.
    ///
    /// The parts run one after another (each blocking and splitting search already races two
    /// searches on two threads), sharing the deadline of `options.analysis` as they go: each
    /// part gets an equal share of the time left, so a part that finishes early leaves its time
    /// to those after it, and the time still left at the end goes to a second try of the parts
    /// cut short. A part that stays cut short reports its bounds and the report's status is
    /// `timeout`; the other parts still run.
    ///
    /// - Parameters:
    ///   - fbas: the network as loaded; its unknown-quorum-set policy applies in the default
    ///     profile (the stellarbeat profile always reads unknown quorum sets as never satisfied).
    ///   - options: profile, back end, deadline, groups and the validators already down.
    ///   - warnings: the input's data-quality problems, carried into the report.
    public static func compute(_ fbas: FBAS, options: ReportOptions = ReportOptions(),
                               warnings: [Diagnostic] = []) throws(ReportError) -> NetworkReport {
        var run = ReportRun(options: options)
        return try run.report(fbas, warnings: warnings)
    }
}

/// The state of one report computation: the parts done so far and the time they took.
struct ReportRun {
    /// With `certify`: the proof behind a finished figure's value (none smaller exists; with
    /// `noneIsAnswer`, a figure of "none" is certified too: no set at all exists). A value of 0
    /// or a figure cut short has nothing to certify.
    func certify(_ figure: Figure, _ question: CertifiedQuestion, _ fbas: FBAS, grouping: Grouping?, name: String,
                 noneIsAnswer: Bool = false) throws(ReportError) -> Certificate? {
        guard figure.status == .ok else { return nil }
        if let value = figure.value { guard value > 0 else { return nil } } else if !noneIsAnswer { return nil }
        return try certificate(question, fbas, grouping: grouping, name: name)
    }

    func certify(_ intersection: inout IntersectionFigure, _ fbas: FBAS) throws(ReportError) {
        switch intersection.outcome {
        case .intersects?: intersection.certificate = try certificate(.disjointQuorums, fbas, grouping: nil, name: "intersection")
        case .noQuorum?: intersection.certificate = try certificate(.quorumExists, fbas, grouping: nil, name: "no-quorum")
        default: break
        }
    }

    func certificate(_ question: CertifiedQuestion, _ fbas: FBAS, grouping: Grouping?, name: String) throws(ReportError) -> Certificate {
        let certification = Certification.Options(proofDirectory: options.proofDirectory, deadline: options.analysis.deadline,
                                                  interrupt: options.analysis.interrupt)
        do { return try Certification.run(question, fbas, certification, grouping: grouping, name: name) } catch { throw .analysis(error) }
    }

    let options: ReportOptions
    var parts: [PartTiming] = []
    /// Parts still to run, for sharing out the deadline.
    var partsLeft = 0

    init(options: ReportOptions) { self.options = options }

    mutating func report(_ input: FBAS, warnings: [Diagnostic]) throws(ReportError) -> NetworkReport {
        var scope = NetworkScope(validators: input.count, analysed: input.count, setAside: [], reachableFrom: options.reachableFrom)
        var fbas = input
        if let key = options.reachableFrom {
            guard let v = fbas.index(of: key) else { throw .unknownValidator(option: "reachableFrom", publicKey: key) }
            let kept = fbas.reachable(from: v)
            if kept.count < fbas.count {
                scope.setAside.append(SetAside(step: "reachableFrom", count: fbas.count - kept.count,
                                               explanation: "not reachable from \(key) in the trust graph"))
                fbas = fbas.restricted(to: kept)
            }
        }
        let profile = ProfileRules(options.profile, organizations: options.organizations)
        let prepared = profile.prepare(fbas)
        scope.setAside += prepared.setAside
        let analysed = prepared.fbas
        scope.analysed = analysed.isDefined.filter { $0 }.count

        let downIDs: [Int]
        if let keys = options.down {
            var ids: [Int] = []
            for key in Set(keys).sorted() {
                guard let v = input.index(of: key) else { throw .unknownValidator(option: "down", publicKey: key) }
                if let w = analysed.index(of: input.validators[v].publicKey) { ids.append(w) }
            }
            downIDs = ids.sorted()
        } else {
            // Both profiles: `isValidating == false`. stellarbeat counts a node without a measurement
            // as not validating, but its own data always carries the field; other crawls may
            // carry none, and then nobody is known to be down.
            downIDs = Analyses.notValidating(analysed)
        }
        let levels: [(name: String, grouping: Grouping?)] = [
            ("node", nil),
            ("organization", profile.organizationLevel(analysed)),
            ("isp", profile.attributeLevel("isp", of: analysed)),
            ("country", profile.attributeLevel("geoData.countryName", of: analysed)),
        ]
        partsLeft = 2 + 3 * levels.count

        var (intersection, checked) = try intersectionFigure(analysed)
        var top = try timed("topTier", { o throws(AnalysisError) in try profile.topTier(analysed, intersection: checked, options: o) }, status: \.status)
        // Each figure's computation, kept so that a figure the clock cut short can run again.
        typealias Job = (name: String, compute: (FBAS, AnalysisOptions) throws(AnalysisError) -> Figure)
        var jobs: [Job] = []
        for (name, grouping) in levels {
            jobs.append(("\(name).blocking", { f, o throws(AnalysisError) in
                blockingFigure(try Analyses.minimumBlockingSet(f, grouping: grouping, options: o), in: f, grouping: grouping)
            }))
            jobs.append(("\(name).blockingFiltered", { f, o throws(AnalysisError) in
                let down = downIDs.compactMap { f.index(of: analysed.validators[$0].publicKey) }
                return blockingFigure(try Analyses.minimumBlockingSet(f, grouping: grouping, down: down, options: o), in: f, grouping: grouping)
            }))
            jobs.append(("\(name).splitting", { [checked, policy = analysed.policy] f, o throws(AnalysisError) in
                // The intersection answer is about `analysed`; the same figure is also asked of
                // it under the `dead` policy (`underDead`), where that answer does not hold.
                try profile.splittingFigure(f, grouping: grouping, intersection: f.policy == policy ? checked : nil, options: o)
            }))
        }
        var results: [Figure] = []
        for job in jobs { results.append(try figure(job.name, analysed, job.compute)) }

        // A second pass gives the time the first left unused to the parts it cut short, shared
        // among them: with even shares a hard part (the top tier of tiered-1000, about a
        // second) times out at its 0.15 s share while the easy ones leave most of the limit
        // unused. A retry starts afresh, and its answer replaces the first only if it finished.
        let retries = (intersection.status == .timeout ? 1 : 0) + (top.value.status == .timeout ? 1 : 0)
            + results.filter { $0.status == .timeout }.count
        if retries > 0, !options.analysis.isExpired {
            partsLeft = retries
            if intersection.status == .timeout {
                let again = try intersectionFigure(analysed, name: "intersection.retry")
                if again.0.status == .ok { (intersection, checked) = again }
            }
            if top.value.status == .timeout {
                let again = try timed("topTier.retry", { o throws(AnalysisError) in try profile.topTier(analysed, intersection: checked, options: o) }, status: \.status)
                if again.value.status == .ok { top = again }
            }
            for (i, job) in jobs.enumerated() where results[i].status == .timeout {
                let again = try figure(job.name + ".retry", analysed, job.compute)
                if again.status == .ok { results[i] = again }
            }
        }

        if options.certify {
            try certify(&intersection, analysed)
            for (l, (name, grouping)) in levels.enumerated() {
                results[3 * l].certificate = try certify(results[3 * l], .blockingSetOfAtMost((results[3 * l].value ?? 0) - 1, down: []),
                                                         analysed, grouping: grouping, name: "\(name).blocking")
                results[3 * l + 1].certificate = try certify(results[3 * l + 1], .blockingSetOfAtMost((results[3 * l + 1].value ?? 0) - 1, down: downIDs),
                                                             analysed, grouping: grouping, name: "\(name).blockingFiltered")
                let within = options.profile == .stellarbeat && grouping != nil
                let splitting = results[3 * l + 2]
                results[3 * l + 2].certificate = try certify(splitting, .splittingSetOfAtMost(splitting.value.map { $0 - 1 }, withinGroups: within),
                                                             analysed, grouping: grouping, name: "\(name).splitting", noneIsAnswer: true)
            }
        }

        let tier = top.value.topTier
        var figures: [String: LevelFigures] = [:]
        for (l, (name, grouping)) in levels.enumerated() {
            let blocking = results[3 * l], filtered = results[3 * l + 1], splitting = results[3 * l + 2]
            let tierSize = tier.map { t in grouping.map { g in Set(t.map { g.groupOf[$0] }).count } ?? t.count }
            figures[name] = LevelFigures(
                topTierSize: profile.reported(tierSize, status: top.value.status),
                blockingSetsMinSize: profile.reported(blocking.value, status: blocking.status),
                blockingSetsFilteredMinSize: profile.reported(filtered.value, status: filtered.status),
                splittingSetsMinSize: profile.reported(splitting.value, status: splitting.status),
                units: grouping?.groups.count ?? analysed.count,
                blockingSet: blocking, blockingSetFiltered: filtered, splittingSet: splitting)
        }
        // A figure cut short by the clock says `timeout`; else one refused for its size, `tooLarge`.
        let statuses = [intersection.status, top.value.status] + results.map(\.status)
        let status: AnalysisStatus = statuses.contains(.timeout) ? .timeout : statuses.contains(.tooLarge) ? .tooLarge : .ok
        return NetworkReport(
            hasQuorumIntersection: intersection.outcome.map { $0 == .intersects },
            hasSymmetricTopTier: top.value.status == .ok ? (top.value.symmetric ?? false) : nil,
            node: figures["node"]!, organization: figures["organization"]!, isp: figures["isp"]!, country: figures["country"]!,
            profile: options.profile, status: status, unknownQsetPolicy: analysed.policy, network: scope,
            intersection: intersection,
            topTier: TopTierFigure(status: top.value.status, validators: tier.map(analysed.refs), symmetric: top.value.symmetric,
                                   seconds: top.seconds),
            down: analysed.refs(downIDs),
            unknownQsetValidators: analysed.refs(relevantUnknownQsetValidators(analysed)),
            warnings: warnings, parts: parts)
    }

    /// The options of the next part: its share of the time left.
    func partOptions() -> AnalysisOptions {
        var o = options.analysis
        if let overall = o.deadline {
            let left = ContinuousClock.now.duration(to: overall)
            o.deadline = .now + left / max(1, partsLeft)
        }
        return o
    }

    /// Runs one part, timing it and recording its status.
    mutating func timed<T>(_ name: String, _ body: (AnalysisOptions) throws(AnalysisError) -> T,
                           status: (T) -> AnalysisStatus) throws(ReportError) -> (value: T, seconds: Double) {
        options.analysis.progress?(ProgressEvent(activity: "report", detail: "\(parts.count + 1) \(name)"))
        let start = ContinuousClock.now
        let value: T
        do { value = try body(partOptions()) } catch { throw .analysis(error) }
        let seconds = roundedSeconds(since: start)
        parts.append(PartTiming(name: name, status: status(value), seconds: seconds))
        partsLeft = max(0, partsLeft - 1)
        return (value, seconds)
    }

    /// Quorum intersection, and under `dead` too when a split rests on unknown quorum sets.
    mutating func intersectionFigure(_ fbas: FBAS, name: String = "intersection") throws(ReportError) -> (IntersectionFigure, IntersectionResult) {
        let r = try timed(name, { o throws(AnalysisError) in try Analyses.checkIntersection(fbas, options: o) }, status: \.status)
        let restsOn = r.value.outcome == .split ? fbas.unknownAmong((r.value.quorumA ?? []) + (r.value.quorumB ?? [])) : []
        var figure = IntersectionFigure(status: r.value.status, outcome: r.value.outcome, quorumA: r.value.quorumA.map(fbas.refs),
                                        quorumB: r.value.quorumB.map(fbas.refs), restsOn: fbas.refs(restsOn), underDead: nil,
                                        seconds: r.seconds)
        if !restsOn.isEmpty, options.explainUnknownQsets, fbas.policy == .free {
            figure.underDead = try underDead(name, fbas, { f, o throws(AnalysisError) in try Analyses.checkIntersection(f, options: o) },
                                             status: \.status).outcome
        }
        return (figure, r.value)
    }

    /// The part `name` once more with the validators of unknown quorum sets never in a quorum:
    /// the `underDead` answer beside one that rests on them.
    mutating func underDead<T>(_ name: String, _ fbas: FBAS, _ body: (FBAS, AnalysisOptions) throws(AnalysisError) -> T,
                               status: (T) -> AnalysisStatus) throws(ReportError) -> T {
        var dead = fbas
        dead.policy = .dead
        partsLeft += 1
        return try timed("\(name).underDead", { o throws(AnalysisError) in try body(dead, o) }, status: status).value
    }

    /// One optimum, and under `dead` too when its witness rests on unknown quorum sets.
    mutating func figure(_ name: String, _ fbas: FBAS,
                         _ compute: (FBAS, AnalysisOptions) throws(AnalysisError) -> Figure) throws(ReportError) -> Figure {
        let r = try timed(name, { o throws(AnalysisError) in try compute(fbas, o) }, status: \.status)
        var figure = r.value
        figure.seconds = r.seconds
        let restsOn = figure.restsOn
        if !restsOn.isEmpty, options.explainUnknownQsets, fbas.policy == .free {
            let d = try underDead(name, fbas, compute, status: \.status)
            figure.underDead = d.status == .ok ? d.value : nil
        }
        return figure
    }
}

/// A blocking-set result as a report figure.
func blockingFigure(_ r: BlockingSetResult, in fbas: FBAS, grouping: Grouping?) -> Figure {
    optimumFigure(r.status, size: r.size, lowerBound: r.lowerBound, set: r.set, validators: r.validators,
                  quorumA: nil, quorumB: nil, in: fbas, grouping: grouping)
}

/// A splitting-set result as a report figure.
func splittingFigure(_ r: SplittingSetResult, in fbas: FBAS, grouping: Grouping?) -> Figure {
    optimumFigure(r.status, size: r.size, lowerBound: r.lowerBound, set: r.set, validators: r.validators,
                  quorumA: r.quorumA, quorumB: r.quorumB, in: fbas, grouping: grouping)
}

/// An optimum as a report figure: its value only when proved, the best size found as an upper
/// bound otherwise, and the unknown quorum sets its witness (set and quorums) rests on.
func optimumFigure(_ status: AnalysisStatus, size: Int?, lowerBound: Int, set: [Int]?, validators: [Int]?,
                   quorumA: [Int]?, quorumB: [Int]?, in fbas: FBAS, grouping: Grouping?) -> Figure {
    let witness = (validators ?? []) + (quorumA ?? []) + (quorumB ?? [])
    return Figure(status: status, value: status == .ok ? size : nil, lowerBound: lowerBound,
                  upperBound: status == .ok ? nil : size, set: set.map { units($0, fbas: fbas, grouping: grouping) },
                  validators: validators.map(fbas.refs), quorumA: quorumA.map(fbas.refs), quorumB: quorumB.map(fbas.refs),
                  restsOn: fbas.refs(fbas.unknownAmong(witness)), underDead: nil, seconds: 0)
}

func roundedSeconds(since start: ContinuousClock.Instant) -> Double {
    let d = start.duration(to: .now)
    let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    return (s * 1000).rounded() / 1000
}
