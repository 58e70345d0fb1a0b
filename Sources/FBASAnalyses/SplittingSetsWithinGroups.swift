import FBASChecker
import FBASEncodings
import FBASModel
import SolverCore
import SolverMaxSAT

extension Analyses {
    /// A least number of groups some of whose validators, lying, can split the network: the
    /// liars are any subset of the chosen groups' validators, and the others in those groups
    /// stay honest.
    ///
    /// This is fbas_analyzer's merge of splitting sets (the explorers' organization, ISP and
    /// country figures): each minimal splitting set is mapped to the groups it touches, and
    /// the least count is reported. It differs from ``minimumSplittingSet(_:grouping:options:)``,
    /// where every validator of a chosen group lies, only when a chosen group holds a whole
    /// side of the split: splitting is monotone in the liars until they swallow a quorum.
    /// One core-guided MaxSAT query, no races: the explorers' networks are their cores.
    public static func minimumSplittingSetWithinGroups(_ fbas: FBAS, grouping: Grouping,
                                                       options: AnalysisOptions = AnalysisOptions()) throws(AnalysisError) -> SplittingSetResult {
        let reduction = Reduction.splitting(fbas)
        var result = SplittingSetResult(status: .ok, size: nil, set: nil, validators: nil, quorumA: nil, quorumB: nil,
                                        lowerBound: 0, unknownQsetValidators: relevantUnknownQsetValidators(fbas), reduction: reduction)
        if options.isExpired {
            result.status = .timeout
            return result
        }
        if SplittingEncoding.size(fbas) > options.clauseBudget {
            result.status = .tooLarge
            return result
        }
        let solver = options.makeMaxSATSolver(algorithm: .coreGuided)
        solver.interruptFlag = options.interrupt
        let vars = SplittingEncoding.splitting(fbas, into: solver, grouping: grouping, universe: reduction.universe,
                                               liarsWithinGroups: true, limits: options.limits)
        if options.isExpired {
            result.status = .timeout
            return result
        }
        for l in vars.costLiterals { solver.addSoft(!l) }
        options.observeBounds(of: solver, as: "minimum splitting set")
        let outcome = solver.optimize(limits: options.limits)
        switch outcome.status {
        case .unsatisfiable:
            return result
        case .unknown(let reason):
            if case .backEnd(let message) = reason { throw .solverFailure(message) }
            result.status = .timeout
            result.lowerBound = outcome.lowerBound
            return result
        case .optimal:
            guard let model = outcome.model else { throw .solverFailure("optimum without a model") }
            let value = { (l: Literal) in l.isTrue(in: model) }
            let groups = vars.inSet.indices.filter { value(vars.inSet[$0]) }
            let liars = vars.exempt.indices.filter { vars.exempt[$0].map(value) ?? false }
            let qa = vars.a.members(in: value), qb = vars.b.members(in: value)
            try verify(fbas) { c throws(WitnessError) in try c.checkSplitting(fbas.keys(liars), fbas.keys(qa), fbas.keys(qb)) }
            if liars.contains(where: { !groups.contains(grouping.groupOf[$0]) }) {
                throw .witnessRejected("a liar outside the chosen groups")
            }
            result.size = groups.count
            result.set = groups
            result.validators = liars
            result.quorumA = qa
            result.quorumB = qb
            result.lowerBound = groups.count
            return result
        }
    }
}
