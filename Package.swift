// swift-tools-version:6.0
import PackageDescription

// Module map (one job each):
//   Solver*        SAT / MaxSAT layer; knows nothing of FBAS.
//   ProofCheck     checks DRUP proofs of unsatisfiability; no solver, no FBAS.
//   SeededRandom   SplitMix64: the one seeded generator (search orders, generators, tests).
//   ContentHash    SHA-256, for the digests that name networks on disk.
//   StrictJSON     a strict, depth-safe JSON parser and writer with error positions.
//   FBASModel      validators, quorum sets, bitsets; knows nothing of solvers or file formats.
//   FBASFormats    JSON readers/writers and data-quality checks for the input formats.
//   StellarCoreConfig the quorum set stellar-core derives from its TOML configuration.
//   FBASRemote     `--fbas URL`: an explorer's node API over HTTP(S), with a local cache.
//   FBASHistory    `fbas history`: reports of a series of snapshots (CSV, JSON lines, SVG chart).
//   FBASChecker    re-checks witnesses from the definitions, with no solver.
//   FBASEncodings  translates FBAS questions into SAT / MaxSAT constraints.
//   FBASCertificates certifies negative answers: plain encodings, DRUP proofs, ProofCheck.
//   FBASAnalyses   the analyses: encodings + back ends + witness checks, typed results.
//   FBASReport     the network report (stellarbeat's AnalysisResult and our additions, per
//                  profile) and every analysis result as a Codable value named by public key.
//   FBASCommandLine the `fbas` command's subcommands (a thin client of the libraries).
//   FBASServer     the HTTP service `fbas-server` (Hummingbird 2), another thin client; nothing
//                  else depends on it.
//   FBASGenerators synthetic networks (flat, tiered, sybil, broken, random), deterministic from a
//                  seed, as stellarbeat JSON; `fbas-gen` is its command (generators/).
//   FBASBenchmarking run plans, measurements, statistics, CSV / Markdown / SVG output for
//                  `fbas-bench`, which times the `fbas` binary in child processes (Benchmarks/).
let package = Package(
    name: "swift-fbas",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "FBASModel", targets: ["FBASModel"]),
        .library(name: "FBASFormats", targets: ["FBASFormats"]),
        .library(name: "FBASAnalyses", targets: ["FBASAnalyses"]),
        .library(name: "FBASReport", targets: ["FBASReport"]),
        .library(name: "SolverCore", targets: ["SolverCore"]),
        .library(name: "SolverReference", targets: ["SolverReference"]),
        .library(name: "SolverCryptoMiniSat", targets: ["SolverCryptoMiniSat"]),
        .library(name: "SolverCaDiCaL", targets: ["SolverCaDiCaL"]),
        .library(name: "SolverILP", targets: ["SolverILP"]),
        .library(name: "SolverZ3", targets: ["SolverZ3"]),
        .library(name: "SolverCardinality", targets: ["SolverCardinality"]),
        .library(name: "SolverMaxSAT", targets: ["SolverMaxSAT"]),
        .executable(name: "fbas", targets: ["fbas"]),
        .executable(name: "fbas-fetch", targets: ["fbas-fetch"]),
        .executable(name: "fbas-stellar-core-cfg", targets: ["fbas-stellar-core-cfg"]),
        .executable(name: "fbas-server", targets: ["fbas-server"]),
        .library(name: "FBASGenerators", targets: ["FBASGenerators"]),
        .executable(name: "fbas-gen", targets: ["fbas-gen"]),
        .library(name: "FBASBenchmarking", targets: ["FBASBenchmarking"]),
        .executable(name: "fbas-bench", targets: ["fbas-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation` (DocC); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // fbas-server only; the CLI and the analysis libraries do not depend on it.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // stellar-core's TOML configuration (StellarCoreConfig).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MARK: Solver layer
        .target(name: "SolverCore"),
        .target(name: "SolverReference", dependencies: ["SolverCore"]),
        // Checks DRUP proofs; shares no code with any solver.
        .target(name: "ProofCheck"),
        .systemLibrary(name: "CCryptoMiniSat", path: "Sources/CCryptoMiniSat"),
        // C++ shim over CMSat::SATSolver for what the C API lacks (interrupt, conflict limit, counters).
        .target(name: "CCryptoMiniSatExtras", linkerSettings: [.linkedLibrary("cryptominisat5")]),
        .target(name: "SolverCryptoMiniSat", dependencies: ["SolverCore", "CCryptoMiniSat", "CCryptoMiniSatExtras"]),
        // Debian's libcadical-dev: a static C++ library with an IPASIR-style C API.
        .systemLibrary(name: "CCaDiCaL", path: "Sources/CCaDiCaL", providers: [.apt(["libcadical-dev"])]),
        .target(name: "SolverCaDiCaL", dependencies: ["SolverCore", "CCaDiCaL"]),
        // 0-1 integer programming through the `cbc` executable (Debian's coinor-cbc), run as a
        // process of its own: nothing of CBC is loaded until a question reaches it.
        .target(name: "SolverILP", dependencies: ["SolverCore", "ChildProcess"]),
        // Spawning a helper process and killing it from another thread (cbc, fbas-fetch).
        .target(name: "ChildProcess"),
        .systemLibrary(name: "CZ3", path: "Sources/CZ3", pkgConfig: "z3",
                       providers: [.apt(["libz3-dev"])]),
        .target(name: "SolverZ3", dependencies: ["SolverCore", "CZ3"]),
        .target(name: "SolverCardinality", dependencies: ["SolverCore"]),
        .target(name: "SolverMaxSAT", dependencies: ["SolverCore", "SolverCardinality"]),

        // MARK: FBAS
        .target(name: "SeededRandom"),
        .target(name: "StrictJSON"),
        .target(name: "FBASModel", dependencies: ["StrictJSON"]),
        .target(name: "FBASFormats", dependencies: ["FBASModel"]),
        .target(name: "FBASChecker", dependencies: ["FBASModel"]),
        .target(name: "FBASEncodings", dependencies: ["FBASModel", "SolverCore"]),
        // Certified "no" answers: a plain encoding of their own, a DRUP proof, our checker.
        .target(name: "FBASCertificates", dependencies: ["FBASModel", "SolverCore", "SolverReference", "ProofCheck"]),
        .target(
            name: "FBASAnalyses",
            dependencies: ["FBASModel", "FBASChecker", "FBASEncodings", "FBASCertificates", "SolverCore", "SolverReference",
                           "SolverCryptoMiniSat", "SolverCaDiCaL", "SolverZ3", "SolverILP", "SolverCardinality", "SolverMaxSAT", "SeededRandom"]
        ),
        // The quorum set stellar-core derives from its TOML configuration.
        .target(name: "StellarCoreConfig", dependencies: ["FBASModel", "FBASFormats", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "ContentHash"),
        .target(name: "FBASReport", dependencies: ["FBASModel", "FBASFormats", "FBASAnalyses", "FBASCertificates", "StrictJSON", "ContentHash"],
                // The results' JSON Schema, compiled in (`schemas/fbas.schema.json` links to it).
                resources: [.embedInCode("Resources/fbas.schema.json")]),
        // --fbas URL: an explorer's node API, downloaded and cached.
        .target(name: "FBASRemote", dependencies: ["FBASFormats", "ContentHash"]),
        // fbas history: the report of every snapshot of a series, CSV, JSON lines and a chart.
        .target(name: "FBASHistory", dependencies: ["FBASReport", "FBASFormats", "FBASAnalyses", "FBASModel", "StrictJSON", "ContentHash"]),
        .target(
            name: "FBASCommandLine",
            dependencies: [
                "FBASModel", "FBASFormats", "FBASAnalyses", "FBASCertificates", "FBASReport", "FBASHistory", "BundledSnapshot", "ChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The public-network snapshot `fbas` analyses by default, assembled into the binary
        // (snapshot.c says why neither a resource bundle nor `embedInCode`).
        .target(name: "BundledSnapshot", exclude: ["pubnet_obsrvr.json"],
                cSettings: [.define("FBAS_SNAPSHOT_PATH", to: "\"\(Context.packageDirectory)/Sources/BundledSnapshot/pubnet_obsrvr.json\"")]),
        // The release build links the Swift runtime and libraries in statically: resolving their
        // symbols in the dynamic loader was a fifth of a run on a real snapshot (issue 18,
        // start-up). FoundationEssentials' own dependencies are named because object files
        // compiled without -static-stdlib do not list them. Linked with the toolchain's lld:
        // gold warns on every release build that the static FoundationEssentials references
        // glibc's mktemp (start-up measured the same: 10.9–11.0 ms on the real snapshots).
        // Debug builds stay dynamic: the test bundles link this module, and there is no static
        // swift-testing.
        .executableTarget(name: "fbas", dependencies: ["FBASCommandLine"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld"], .when(configuration: .release)),
                                           .linkedLibrary("_FoundationCollections", .when(configuration: .release)),
                                           .linkedLibrary("_FoundationCShims", .when(configuration: .release))]),
        // `--fbas URL`'s downloader, a process of its own: `fbas` does not load libcurl.
        .executableTarget(name: "fbas-fetch", dependencies: ["FBASRemote", "FBASFormats", "StrictJSON"]),
        // `what-if --stellar-core-cfg`'s reader, a process of its own: `fbas` does not link the
        // TOML parser, which links Foundation and ICU.
        .executableTarget(name: "fbas-stellar-core-cfg", dependencies: ["StellarCoreConfig", "FBASFormats", "StrictJSON"]),
        // The HTTP service (fbas-server): a client of the report, like the CLI.
        .target(name: "FBASServer", dependencies: ["FBASReport", "FBASFormats", "FBASAnalyses", "FBASCertificates", "FBASModel", "StrictJSON", "SolverCore",
                                                   .product(name: "Hummingbird", package: "hummingbird"),
                                                   .product(name: "Prometheus", package: "swift-prometheus"),
                                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                   .product(name: "Logging", package: "swift-log"),
                                                   .product(name: "HTTPTypes", package: "swift-http-types")]),
        .executableTarget(name: "fbas-server", dependencies: ["FBASServer",
                                                              .product(name: "Hummingbird", package: "hummingbird"),
                                                              .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                              .product(name: "Logging", package: "swift-log"),
                                                              .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: Generators and benchmarks
        .target(name: "FBASGenerators", dependencies: ["FBASModel", "StrictJSON", "SeededRandom"], path: "generators/FBASGenerators"),
        .executableTarget(
            name: "fbas-gen",
            dependencies: ["FBASGenerators", "StrictJSON", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "generators/fbas-gen"
        ),
        .target(name: "FBASBenchmarking", dependencies: ["StrictJSON"], path: "Benchmarks/FBASBenchmarking"),
        .executableTarget(
            name: "fbas-bench",
            dependencies: ["FBASBenchmarking", "FBASGenerators", "StrictJSON",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/fbas-bench"
        ),

        // MARK: Tests
        // Helpers shared by the solver test targets: seeded generator, random formulas, brute
        // force, pigeonholes, the generic back-end checks and a plain DPLL solver.
        .target(name: "SolverTestSupport", dependencies: ["SolverCore", "SeededRandom"], path: "Tests/SolverTestSupport"),
        .testTarget(name: "SolverCoreTests", dependencies: ["SolverCore"]),
        .testTarget(name: "SolverReferenceTests", dependencies: ["SolverReference", "SolverTestSupport"]),
        .testTarget(name: "ProofCheckTests", dependencies: ["ProofCheck", "SolverReference", "SolverCore", "SolverTestSupport", "SeededRandom"]),
        .testTarget(name: "SolverCryptoMiniSatTests", dependencies: ["SolverCryptoMiniSat", "SolverTestSupport"]),
        .testTarget(name: "SolverCaDiCaLTests", dependencies: ["SolverCaDiCaL", "SolverTestSupport"]),
        .testTarget(name: "SolverILPTests", dependencies: ["SolverILP", "SolverTestSupport"]),
        .testTarget(name: "SolverZ3Tests", dependencies: ["SolverZ3", "SolverTestSupport"]),
        .testTarget(name: "SolverCardinalityTests", dependencies: ["SolverCardinality", "SolverTestSupport"]),
        .testTarget(name: "SolverMaxSATTests", dependencies: ["SolverMaxSAT", "SolverTestSupport"]),
        // Every SAT / MaxSAT back end against brute force and against each other.
        .testTarget(
            name: "SolverConformanceTests",
            dependencies: ["SolverCore", "SolverReference", "SolverCryptoMiniSat", "SolverCaDiCaL", "SolverZ3",
                           "SolverCardinality", "SolverMaxSAT", "SolverTestSupport"]
        ),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON", "SeededRandom"]),
        .testTarget(name: "FBASModelTests", dependencies: ["FBASModel", "SolverTestSupport"]),
        .testTarget(name: "FBASFormatsTests", dependencies: ["FBASFormats"]),
        .testTarget(name: "StellarCoreConfigTests", dependencies: ["StellarCoreConfig", "FBASModel", "FBASFormats"]),
        .testTarget(name: "FBASCheckerTests", dependencies: ["FBASChecker", "SolverTestSupport"]),
        .testTarget(name: "FBASAnalysesTests", dependencies: ["FBASAnalyses", "FBASEncodings", "FBASCertificates", "ProofCheck", "SolverReference", "SolverCore", "SolverILP", "SolverTestSupport"]),
        // The committed JSON Schema's checker and the shared data's location, for the report's
        // and the command line's tests.
        .target(name: "FBASTestSupport", dependencies: ["StrictJSON"], path: "Tests/FBASTestSupport"),
        .testTarget(name: "FBASReportTests", dependencies: ["FBASReport", "ContentHash", "FBASFormats", "FBASAnalyses", "FBASModel", "StrictJSON", "FBASTestSupport"]),
        // HostileCorpus/: crafted inputs every subcommand must end cleanly on (read by path).
        .testTarget(name: "FBASServerTests", dependencies: ["FBASServer", "FBASReport", "FBASFormats", "FBASAnalyses", "StrictJSON", "FBASTestSupport", "SolverCore",
                                                          .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                                          .product(name: "Logging", package: "swift-log"),
                                                          .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "FBASCommandLineTests", dependencies: ["FBASCommandLine", "fbas", "fbas-fetch", "fbas-stellar-core-cfg", "FBASTestSupport", "StrictJSON", "ProofCheck",
                                                                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["HostileCorpus"]),
        .testTarget(name: "FBASBenchmarkingTests", dependencies: ["FBASBenchmarking", "StrictJSON"]),
        .testTarget(name: "FBASGeneratorsTests", dependencies: ["FBASGenerators", "FBASFormats", "FBASAnalyses", "FBASModel", "StrictJSON"]),
    ]
)
