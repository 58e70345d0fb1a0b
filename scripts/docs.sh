#!/usr/bin/env bash
# Builds the DocC documentation of swift-fbas's own modules (not of its dependencies) into
# .build/plugins/Swift-DocC/outputs/. Arguments go to the plugin.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(StrictJSON SeededRandom FBASModel FBASFormats FBASChecker FBASEncodings FBASAnalyses FBASReport FBASServer
         SolverCore SolverReference SolverCryptoMiniSat SolverZ3 SolverCardinality SolverMaxSAT FBASGenerators FBASBenchmarking)
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
exec swift package generate-documentation "${args[@]}" "$@"
