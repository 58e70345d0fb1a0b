#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds fbas in release mode and runs `fbas analyze`
# (on the bundled Stellar snapshot unless arguments say otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product fbas >&2
exec .build/release/fbas analyze "$@"
