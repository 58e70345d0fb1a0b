#!/usr/bin/env bash
# Certifies the negative answers of the bundled snapshot and of every network in
# ../shared/data/pubnet and ../shared/data/real (release build, 60 s per run) and prints a
# Markdown table: per network and command, the answer, whether it was certified, the plain
# encoding's size, the proof's lemmas and bytes, and the solve and check times.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fbas >&2
FBAS=.build/release/fbas
networks=("" $(ls ../shared/data/pubnet/*.json ../shared/data/real/*.json ../shared/data/real/stellar-core/*.json | grep -v -e organizations))
echo "| network | question refuted | certified | clauses | lemmas | proof bytes | solve s | check s |"
echo "|---|---|---|---|---|---|---|---|"
for network in "${networks[@]}"; do
  for command in check-intersection min-splitting-set min-quorum history-loss; do
    args=("$command" --certify --format json --timeout 60)
    [ -n "$network" ] && args+=(--fbas "$network")
    out=$("$FBAS" "${args[@]}" 2>/dev/null || true)
    python3 - "$network" "$command" "$out" <<'PY'
import json, sys, os
network, command, out = sys.argv[1], sys.argv[2], sys.argv[3]
name = os.path.basename(network) if network else "bundled pubnet_obsrvr.json"
try:
    env = json.loads(out)
except Exception:
    print(f"| {name} | {command}: no output | | | | | | |"); sys.exit()
r = env.get("result", {})
c = r.get("certificate")
if env.get("status") == "error":
    msg = (r.get("error") or {}).get("message", "")[:60]
    print(f"| {name} | {command}: input error ({msg}) | – | | | | | |"); sys.exit()
if c is None:
    print(f"| {name} | {command}: nothing to certify (status {env.get('status')}; the answer is a checked witness) | – | | | | | |"); sys.exit()
ok = "yes" if c["certified"] else "no: " + (c.get("reason") or "")
print(f"| {name} | {c['refutes']} | {ok} | {c['clauses']} | {c['lemmas']} | {c['proofBytes']} | {c['solveSeconds']:.3f} | {c['checkSeconds']:.3f} |")
PY
  done
done
