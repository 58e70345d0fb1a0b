import Testing
@testable import FBASModel

/// Organisations X (x0, x1, x2) and Y (y0, y1, y2), 2-of-3 inside, every validator requiring
/// both organisations; `zNames` adds a validator z whose quorum set names those validators.
private func twoOrganisations(zNames: [String]? = nil) -> FBAS {
    let x = QuorumSet(threshold: 2, validators: ["x0", "x1", "x2"])
    let y = QuorumSet(threshold: 2, validators: ["y0", "y1", "y2"])
    let outer = QuorumSet(threshold: 2, innerQuorumSets: [x, y])
    var vs = ["x0", "x1", "x2", "y0", "y1", "y2"].map { Validator(publicKey: $0, quorumSet: outer) }
    if let zNames {
        vs.append(Validator(publicKey: "z", quorumSet: QuorumSet(threshold: 1, validators: zNames, innerQuorumSets: [outer])))
    }
    return FBAS(validators: vs)
}

@Suite struct SymmetryTests {
    @Test func validatorsOfOneOrganisationWithOneQuorumSetAreInterchangeable() {
        let f = twoOrganisations()
        let classes = f.interchangeableClasses().map { $0.map { f.validators[$0].publicKey } }
        #expect(classes == [["x0", "x1", "x2"], ["y0", "y1", "y2"]])
    }

    @Test func aValidatorNamedElsewhereLeavesItsClass() {
        let f = twoOrganisations(zNames: ["x1"])
        let classes = f.interchangeableClasses().map { $0.map { f.validators[$0].publicKey } }
        #expect(classes == [["x0", "x2"], ["y0", "y1", "y2"]])
        // x1 is named by z, so organisation X is no longer a block and cannot swap with Y.
        #expect(f.interchangeableBlocks().isEmpty)
    }

    @Test func organisationsReferencedAlikeAreInterchangeableBlocks() {
        let f = twoOrganisations()
        let blocks = f.interchangeableBlocks().map { $0.map { $0.map { f.validators[$0].publicKey } } }
        #expect(blocks == [[["x0", "x1", "x2"], ["y0", "y1", "y2"]]])
    }

    @Test func labelsSplitClassesAndKeepOnlyWholeGroupSwaps() {
        let f = twoOrganisations()
        let byKey = { (k: String) in f.index(of: k)! }
        // One label per organisation: whole groups, so the organisations may still swap.
        var labels = Array(repeating: 0, count: f.count)
        for k in ["y0", "y1", "y2"] { labels[byKey(k)] = 1 }
        #expect(f.interchangeableBlocks(labels: labels, labelsAreGroups: true).count == 1)
        // The same labels as mere marks (say, "down"): differently marked blocks never swap.
        #expect(f.interchangeableBlocks(labels: labels).isEmpty)
        // x2 labelled apart: X is not within one label, so no block swap, and x2 leaves its class.
        labels[byKey("x2")] = 2
        #expect(f.interchangeableBlocks(labels: labels, labelsAreGroups: true).isEmpty)
        #expect(f.interchangeableClasses(labels: labels).map { $0.count } == [2, 3])
    }

    @Test func classImagesTakeTheLastOrFirstMembersOfEachClass() {
        let f = twoOrganisations(zNames: ["x1"])
        let keys = { (ids: [Int]) in ids.map { f.validators[$0].publicKey } }
        let quorum = ["x0", "x1", "y0", "y1", "z"].map { f.index(of: $0)! }
        let symmetries = f.symmetries()
        // x1 is in no class (z names it), so it stays; x0 stands for one of {x0, x2}.
        #expect(Set(keys(symmetries.classImage(of: quorum, last: true))) == ["x2", "x1", "y1", "y2", "z"])
        #expect(Set(keys(symmetries.classImage(of: quorum, last: false))) == ["x0", "x1", "y0", "y1", "z"])
    }

    @Test func differentQuorumSetsAreNeverInterchangeable() {
        let x = QuorumSet(threshold: 2, validators: ["a", "b", "c"])
        let f = FBAS(validators: [
            Validator(publicKey: "a", quorumSet: x),
            Validator(publicKey: "b", quorumSet: x),
            Validator(publicKey: "c", quorumSet: QuorumSet(threshold: 3, validators: ["a", "b", "c"])),
        ])
        #expect(f.interchangeableClasses().map { $0.map { f.validators[$0].publicKey } } == [["a", "b"]])
    }
}

@Suite struct OrganisationalFormTests {
    static func org(_ name: String, _ size: Int) -> [String] { (0..<size).map { "\(name)\($0)" } }

    static func network(_ qsetOf: (String) -> QuorumSet?) -> FBAS {
        let keys = org("a", 3) + org("b", 3) + org("c", 2)
        return FBAS(validators: keys.map { Validator(publicKey: $0, quorumSet: qsetOf($0)) })
    }

    static let inner = [QuorumSet(threshold: 2, validators: org("a", 3)), QuorumSet(threshold: 2, validators: org("b", 3)),
                        QuorumSet(threshold: 1, validators: org("c", 2))]

    @Test func organisationsBehindInnerSetsAreItsClasses() throws {
        let f = Self.network { key in
            key.hasPrefix("c") ? QuorumSet(threshold: 2, innerQuorumSets: Array(Self.inner.prefix(2)))
                               : QuorumSet(threshold: 2, innerQuorumSets: Self.inner)
        }
        let form = try #require(f.organisationalForm())
        #expect(form.classes.map(\.members.count).sorted() == [2, 3, 3])
        #expect(form.classes.map(\.threshold).sorted() == [1, 2, 2])
        #expect(form.declaredQSets.count == 2)
        for k in form.classes { #expect(Set(k.members.map { f.qsetOf[$0] }).count == 1) }
    }

    @Test func aValidatorNamedDirectlyOrADeviantMemberBreaksTheForm() {
        let named = Self.network { _ in QuorumSet(threshold: 2, validators: ["a0"], innerQuorumSets: Self.inner) }
        #expect(named.organisationalForm() == nil)
        let deviant = Self.network { key in
            QuorumSet(threshold: key == "a1" ? 3 : 2, innerQuorumSets: Self.inner)
        }
        #expect(deviant.organisationalForm() == nil)
        let unknown = Self.network { key in key == "b2" ? nil : QuorumSet(threshold: 2, innerQuorumSets: Self.inner) }
        #expect(unknown.organisationalForm() == nil)
    }
}
