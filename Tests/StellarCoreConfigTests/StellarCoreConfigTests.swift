import FBASFormats
import FBASModel
import Testing
@testable import StellarCoreConfig

/// A valid account key made from one byte repeated with a distinguishing last byte.
func key(_ n: Int) -> String { StrKey.publicKey(Array(repeating: UInt8(n % 251), count: 31) + [UInt8(n % 256)]) }

@Suite struct StellarCoreConfigTests {
    // The three validators of stellar-core's docs/stellar-core_example.cfg (SDF's testnet nodes).
    let sdf1 = "GDKXE2OZMJIPOSLNA6N6F2BVCI3O777I2OOC4BV7VOYUEHYX7RTRYA7Y"
    let sdf2 = "GCUCJTIYXSOXKBSNFGNFWW5MUQ54HKRPGJUTQFJ5RQXZXNOLNXYDHRAP"
    let sdf3 = "GC2V2EFSXN6SQTWVYA5EPJPBWWIMSD2XQNKUOHGEKB535AQE2I6IXV2Z"

    /// stellar-core's example configuration (its HOME_DOMAINS and VALIDATORS): one HIGH domain of
    /// three validators becomes 2 of the three, in key-byte order.
    @Test func stellarCoresExampleConfigurationGivesTwoOfItsThreeValidators() throws {
        let cfg = """
        NODE_IS_VALIDATOR=false
        [[HOME_DOMAINS]]
        HOME_DOMAIN="testnet.stellar.org"
        QUALITY="HIGH"

        [[VALIDATORS]]
        NAME="sdftest1"
        HOME_DOMAIN="testnet.stellar.org"
        PUBLIC_KEY="\(sdf1)"
        ADDRESS="core-testnet1.stellar.org"
        HISTORY="curl -sf http://history.stellar.org/prd/core-testnet/core_testnet_001/{0} -o {1}"

        [[VALIDATORS]]
        NAME="sdftest2"
        HOME_DOMAIN="testnet.stellar.org"
        PUBLIC_KEY="\(sdf2)"
        ADDRESS="core-testnet2.stellar.org"
        HISTORY="curl -sf http://history.stellar.org/prd/core-testnet/core_testnet_002/{0} -o {1}"

        [[VALIDATORS]]
        NAME="sdftest3"
        HOME_DOMAIN="testnet.stellar.org"
        PUBLIC_KEY="\(sdf3)"
        ADDRESS="core-testnet3.stellar.org"
        HISTORY="curl -sf http://history.stellar.org/prd/core-testnet/core_testnet_003/{0} -o {1}"
        """
        let q = try StellarCoreConfigReader.quorumSet(toml: cfg, file: "example.cfg")
        #expect(q == QuorumSet(threshold: 2, validators: [sdf2, sdf3, sdf1]))
    }

    /// The shape stellar-core's test "load validators config" pins for its
    /// stellar-core_example_validators.cfg (critical L, M, N; high A (with the node), B, K; medium
    /// C, D, I, J; low E, F, G, H), with keys of our own.
    @Test func qualityLevelsNestAsStellarCoresPinnedTestSays() throws {
        var n = 0
        func next() -> String { n += 1; return key(n) }
        struct V { var name: String; var domain: String; var quality: String?; var key: String; var history: Bool }
        var vs: [V] = []
        let domains: [(String, String?)] = [("domainA", "HIGH"), ("domainB", "HIGH"), ("domainC", "MEDIUM"), ("domainE", "LOW"),
                                             ("domainF", "LOW"), ("domainL", "CRITICAL"), ("domainM", "CRITICAL"), ("domainN", "CRITICAL")]
        func add(_ name: String, _ domain: String, _ quality: String? = nil) {
            let inherited = domains.first { $0.0 == domain }?.1
            let q = inherited ?? quality!
            vs.append(V(name: name, domain: domain, quality: inherited == nil ? quality : nil, key: next(), history: q == "HIGH" || q == "CRITICAL"))
        }
        add("a1", "domainA"); add("a2", "domainA")
        for b in ["b1", "b2", "b3"] { add(b, "domainB") }
        add("c1", "domainC"); add("c2", "domainC")
        add("d1", "domainD", "MEDIUM"); add("d2", "domainD", "MEDIUM")
        for e in ["e1", "e2", "e3"] { add(e, "domainE") }
        add("f1", "domainF"); add("g1", "domainG", "LOW"); add("h1", "domainH", "LOW")
        add("i1", "domainI", "MEDIUM"); add("j1", "domainJ", "MEDIUM")
        for k in ["K1", "K2", "K3"] { add(k, "domainK", "HIGH") }
        for d in ["L", "M", "N"] { for i in 1...3 { add("\(d)\(i)", "domain\(d)") } }
        let me = next()
        var cfg = "NODE_IS_VALIDATOR=true\nNODE_HOME_DOMAIN=\"domainA\"\n"
        for (d, q) in domains { cfg += "[[HOME_DOMAINS]]\nHOME_DOMAIN=\"\(d)\"\nQUALITY=\"\(q!)\"\n\n" }
        for v in vs {
            cfg += "[[VALIDATORS]]\nNAME=\"\(v.name)\"\nHOME_DOMAIN=\"\(v.domain)\"\nPUBLIC_KEY=\"\(v.key)\"\n"
            if let q = v.quality { cfg += "QUALITY=\"\(q)\"\n" }
            if v.history { cfg += "HISTORY=\"curl {0} -o {1}\"\n" }
            cfg += "\n"
        }
        let k = Dictionary(uniqueKeysWithValues: vs.map { ($0.name, $0.key) })
        func set(_ t: Int, _ names: [String], _ inner: [QuorumSet] = []) -> QuorumSet {
            QuorumSet(threshold: t, validators: names.map { $0 == "self" ? me : k[$0]! }, innerQuorumSets: inner)
        }
        let low = set(3, ["h1", "f1", "g1"], [set(2, ["e1", "e2", "e3"])])
        let medium = set(4, ["i1", "j1"], [low, set(2, ["d1", "d2"]), set(2, ["c1", "c2"])])
        let high = set(3, [], [medium, set(2, ["K1", "K2", "K3"]), set(2, ["a1", "a2", "self"]), set(2, ["b1", "b2", "b3"])])
        let expected = set(4, [], [high, set(2, ["N1", "N2", "N3"]), set(2, ["L1", "L2", "L3"]), set(2, ["M1", "M2", "M3"])])
        let q = try StellarCoreConfigReader.quorumSet(toml: cfg, file: "validators.cfg", node: me)
        #expect(q == QuorumSetNormalisation.normalised(expected))
        // The thresholds as stellar-core's test pins them, independent of the order.
        #expect(q.threshold == 4 && q.innerQuorumSets.map(\.threshold).sorted() == [2, 2, 2, 3])
    }

    @Test func aHandWrittenQuorumSetTakesItsPercentagesRoundedUpAndNames() throws {
        let (a, b, c, d, e) = (key(1), key(2), key(3), key(4), key(5))
        let cfg = """
        NODE_NAMES=["\(a) alpha"]
        UNSAFE_QUORUM=true
        [QUORUM_SET]
        THRESHOLD_PERCENT=66
        VALIDATORS=["$alpha", "\(b) beta", "$beta"]
        [QUORUM_SET.inner]
        VALIDATORS=["\(c)", "\(d)", "\(e)"]
        """
        // "$beta" names b again: stellar-core refuses the duplicate.
        #expect(throws: FBASInputError.self) { try StellarCoreConfigReader.quorumSet(toml: cfg, file: "x.cfg") }
        let fixed = cfg.replacingOccurrences(of: ", \"$beta\"", with: "")
        let q = try StellarCoreConfigReader.quorumSet(toml: fixed, file: "x.cfg")
        // top: 2 validators + 1 set at 66% → 2; inner: 3 at the default 67% → 3.
        #expect(q.threshold == 2)
        #expect(Set(q.validators) == [a, b])
        #expect(q.innerQuorumSets == [QuorumSet(threshold: 3, validators: [c, d, e].sorted(by: StrKey.precedes))])
    }

    @Test(arguments: [
        ("[QUORUM_SET]\nVALIDATORS=[\"$nobody\"]", "unknown key in config: $nobody"),
        ("[QUORUM_SET]\nTHRESHOLD_PERCENT=0\nVALIDATORS=[\"KEY1\"]", "invalid THRESHOLD_PERCENT"),
        ("[QUORUM_SET]\nVALIDATORS=[\"GABC\"]", "invalid key"),
        ("[QUORUM_SET.a.b.c.d.e]\nVALIDATORS=[\"KEY1\"]", "too many levels"),
        ("[QUORUM_SET]\nTHRESHOLD_PERCENT=40\nVALIDATORS=[\"KEY1\", \"KEY2\"]", "v-blocking size"),
        ("[[VALIDATORS]]\nNAME=\"x\"\nHOME_DOMAIN=\"d\"\nQUALITY=\"HIGH\"\nPUBLIC_KEY=\"KEY1\"", "must have an archive"),
        ("[[VALIDATORS]]\nNAME=\"x\"\nHOME_DOMAIN=\"d\"\nQUALITY=\"HIGH\"\nPUBLIC_KEY=\"KEY1\"\nHISTORY=\"h\"", "redundancy of at least 3"),
        ("[[VALIDATORS]]\nNAME=\"x\"\nHOME_DOMAIN=\"d\"\nQUALITY=\"GOOD\"\nPUBLIC_KEY=\"KEY1\"", "Unknown QUALITY 'GOOD'"),
        ("[[VALIDATORS]]\nNAME=\"x\"\nHOME_DOMAIN=\"d\"\nPUBLIC_KEY=\"KEY1\"", "missing quality"),
        ("[[VALIDATORS]]\nNAME=\"x\"\nHOME_DOMAIN=\"d\"\nQUALITY=\"LOW\"\nPUBLIC_KEY=\"KEY1\"", "higher than LOW"),
        ("NODE_IS_VALIDATOR=true\n[[HOME_DOMAINS]]\nHOME_DOMAIN=\"d\"\nQUALITY=\"LOW\"", "NODE_HOME_DOMAIN must be set"),
        ("THIS IS NOT TOML", "not valid TOML"),
        ("NODE_IS_VALIDATOR=false", "no validators defined"),
        ("a = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), "maximum nested value depth"),
    ] as [(String, String)])
    func configurationsStellarCoreRefusesAreRefusedWithItsReason(_ cfg: String, _ reason: String) {
        let text = cfg.replacingOccurrences(of: "KEY1", with: key(1)).replacingOccurrences(of: "KEY2", with: key(2))
        do {
            _ = try StellarCoreConfigReader.quorumSet(toml: text, file: "bad.cfg", node: key(9))
            Issue.record("accepted: \(cfg)")
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.file == "bad.cfg")
        }
    }

    @Test func keysAreCheckedAndOrderedByTheirBytes() {
        #expect(StrKey.isPublicKey(sdf1) && StrKey.isPublicKey(key(7)))
        #expect(!StrKey.isPublicKey(String(sdf1.dropLast()) + "A"), "a wrong checksum")
        #expect(StrKey.precedes(sdf2, sdf3) && StrKey.precedes(sdf3, sdf1), "GCUC… < GC2V… < GDKX…: digits 2-7 come after Z")
    }
}
