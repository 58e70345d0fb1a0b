import FBASModel

/// The part of a network an analysis needs to encode, and what was cut away.
///
/// Two cuts, each sound by a short argument (papers/encodings.md, "Reduction"):
/// - every quorum lies inside the union of all quorums, the greatest fixpoint of the whole
///   network, so questions about real quorums (intersection, least quorums) need nothing else;
/// - a validator with an unknown quorum set that no quorum set references counts towards no
///   threshold and has no requirement, so removing it from any witness leaves a witness: it can
///   be left out of every question, splitting sets included.
public struct Reduction: Sendable, Equatable {
    /// Validators the encoding keeps.
    public var universe: BitSet
    /// Validators left out, by reason.
    public var outsideEveryQuorum: Int
    public var unreferencedUnknown: Int

    /// For questions about real quorums: the union of all quorums, less unreferenced unknowns.
    public static func quorums(_ fbas: FBAS) -> Reduction {
        let union = fbas.maximalQuorum(within: fbas.allValidators)
        let unreferenced = unreferencedUnknown(fbas)
        return Reduction(universe: union.subtracting(unreferenced),
                         outsideEveryQuorum: fbas.count - union.count,
                         unreferencedUnknown: union.intersection(unreferenced).count)
    }

    /// For splitting sets, whose quorums hold lying members: only unreferenced unknowns go.
    public static func splitting(_ fbas: FBAS) -> Reduction {
        let unreferenced = unreferencedUnknown(fbas)
        return Reduction(universe: fbas.allValidators.subtracting(unreferenced), outsideEveryQuorum: 0,
                         unreferencedUnknown: unreferenced.count)
    }

    static func unreferencedUnknown(_ fbas: FBAS) -> BitSet {
        var referenced = BitSet(capacity: fbas.count)
        for q in fbas.qsets { for v in q.validators { referenced.insert(v) } }
        return fbas.set((0..<fbas.count).filter { !fbas.hasKnownQSet($0) && !referenced.contains($0) })
    }

    /// One sentence for reports.
    public var explanation: String {
        "encoded \(universe.count) validators; left out \(outsideEveryQuorum) that belong to no quorum (every quorum lies in the union of all quorums) and \(unreferencedUnknown) with unknown quorum sets that no quorum set references (they count towards no threshold, so dropping them from a witness leaves a witness)"
    }
}
