#!/usr/bin/env bash
# Load test of fbas-server (release build) with wrk: 1, 8 and 64 concurrent clients POST the
# bundled snapshot to /analyze, against a server with its cache (every answer after the first
# is a cache hit) and one without (--cache-entries 0: every request is analysed). Prints a
# Markdown table: throughput, p50 and p99 latency, answers by status, socket errors, and the
# server's peak resident memory. Usage: scripts/loadtest.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
swift build -c release --product fbas-server >&2
export FBAS_LOAD_BODY=Sources/BundledSnapshot/pubnet_obsrvr.json
echo "| server | clients | requests/s | p50 ms | p99 ms | answers by status | socket errors | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|"
for mode in cached uncached; do
  cache=64; [ "$mode" = uncached ] && cache=0
  LOG=$(mktemp)
  .build/release/fbas-server --port 0 --cache-entries "$cache" --log-format text > "$LOG" 2>&1 &
  PID=$!
  PORT=""
  for _ in $(seq 300); do
    PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1); [ -n "$PORT" ] && break; sleep 0.1
  done
  for clients in 1 8 64; do
    threads=$(( clients < 2 ? 1 : 2 ))
    line=$(wrk -t "$threads" -c "$clients" -d "${DURATION}s" --timeout 120s -s Benchmarks/load/post-report.lua \
           "http://127.0.0.1:$PORT/analyze" | grep '^RESULT')
    eval "$(echo "$line" | sed 's/^RESULT //')"
    peak=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
    rps=$(awk -v r="$requests" -v s="$seconds" 'BEGIN {printf "%.1f", r/s}')
    echo "| $mode | $clients | $rps | $p50_ms | $p99_ms | $statuses | $socket_errors | $peak |"
  done
  kill "$PID"; wait "$PID" 2>/dev/null || true
  rm -f "$LOG"
done
