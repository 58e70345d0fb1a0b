#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds fbas in release mode and runs `fbas analyze`
# (on the bundled Stellar snapshot unless arguments say otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product fbas >&2
# `--fbas URL` downloads through fbas-fetch, beside fbas (fbas itself loads no networking).
if [[ " $* " == *" --fbas http"* ]]; then swift build -c release --product fbas-fetch >&2; fi
exec .build/release/fbas analyze "$@"
