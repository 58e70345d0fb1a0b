#!/usr/bin/env bash
# Sets up a fresh Debian machine, builds fbas-server in release mode and starts it
# (default 127.0.0.1:8080; arguments go to fbas-server, e.g. --port 9000 --workers 4).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product fbas-server >&2
exec .build/release/fbas-server "$@"
