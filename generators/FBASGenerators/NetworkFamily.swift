/// The kinds of synthetic network the generators build. Each is a different stress for the
/// analyses: symmetric trust, a realistic tiered structure, an untrusted cluster, networks that
/// are unsafe on purpose, and unstructured trust.
public enum NetworkFamily: String, CaseIterable, Sendable {
    /// Organizations of three validators (2-of-3 inside) that all trust each other, with some
    /// entries dropped at random: the "almost symmetric" networks of python-fbas's benchmark.
    case flat
    /// A symmetric top tier of organizations that everybody else trusts subsets of, through
    /// quorum sets nested two or three levels deep, like the Stellar public network.
    case tiered
    /// A tiered network plus a cluster of validators that trusts mostly itself and that some
    /// honest validators list among their friends.
    case sybil
    /// A tiered network built to lack quorum intersection, or to have a splitting set of a
    /// promised small size, so that the "split" answers get timed too.
    case broken
    /// Random quorum sets over a random trust graph with popular and unpopular validators,
    /// for robustness; it promises nothing about its answers.
    case random
}
