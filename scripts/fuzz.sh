#!/usr/bin/env bash
# Builds the libFuzzer harness over the network readers (stellarbeat, python-fbas, stellar-core,
# organizations) and runs it on a seed corpus made from ../shared/data and the hostile corpus.
# Usage: bash scripts/fuzz.sh [SECONDS]   (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
out=fuzz-build
mkdir -p "$out/modules" "$out/corpus"
# Each library is compiled as its own module with coverage instrumentation, then linked with
# the harness.
flags=(-O -sanitize=fuzzer -parse-as-library -I "$out/modules")
compile() { # module, sources...
  local module="$1"; shift
  swiftc "${flags[@]}" -module-name "$module" -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
    -emit-object -wmo -o "$out/$module.o" "$@"
}
compile StrictJSON Sources/StrictJSON/*.swift
compile FBASModel Sources/FBASModel/*.swift
compile FBASFormats Sources/FBASFormats/*.swift
swiftc "${flags[@]}" Fuzz/FuzzReaders.swift "$out"/StrictJSON.o "$out"/FBASModel.o "$out"/FBASFormats.o -o "$out/fuzz-readers"
if [ -d ../shared/data ]; then
  find ../shared/data -name '*.json' -size -200k -exec cp {} "$out/corpus/" \;
fi
# The crafted hostile inputs the command-line tests run (all three network formats).
cp Tests/FBASCommandLineTests/HostileCorpus/*.json "$out/corpus/" 2>/dev/null || true
"$out/fuzz-readers" "$out/corpus" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=4096 -print_final_stats=1
