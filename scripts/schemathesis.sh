#!/usr/bin/env bash
# Property-based test of fbas-server against its own GET /openapi.json with schemathesis (PyPI):
# every documented operation, 200 generated requests each (valid and schema-violating), every
# response check but positive_data_acceptance (a body of the right JSON shape can still be a
# network the reader refuses with a 400 naming the problem, which JSON Schema cannot express).
# Arguments go to schemathesis (e.g. -n 1000 for a longer run). Exit 75: schemathesis could not
# be installed (no PyPI), nothing was tested.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.32.5
VENV=.build/schemathesis-venv
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >&2 || exit 75
  fi
  rm -rf "$VENV"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "schemathesis==$VERSION"; } >&2 || exit 75
fi
swift build --product fbas-server >&2
LOG=.build/schemathesis-server.log
# Port 0: any free port, read back from the server's first log line.
.build/debug/fbas-server --port 0 --max-timeout 10 --log-format text > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 300); do
  PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { echo "fbas-server did not start; its log:" >&2; cat "$LOG" >&2; exit 1; }
"$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/openapi.json" --checks all --exclude-checks positive_data_acceptance \
  --workers 1 --seed 1 -n 200 "$@"
# The server answered every request and is still serving.
python3 -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$PORT/health').status == 200 else 1)"
echo "schemathesis: no failure; fbas-server still healthy" >&2
