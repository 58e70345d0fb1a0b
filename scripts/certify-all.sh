#!/usr/bin/env bash
# Certifies the negative answers of the bundled snapshot and of every network in
# ../shared/data/pubnet and ../shared/data/real (release build, 60 s per run) and prints two
# Markdown tables: per network and command, the statement refuted, whether it was certified,
# the plain encoding's size, the proof's lemmas and bytes, and the solve and check times; then
# per network and profile, `analyze --certify`: the figures certified and the wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fbas >&2
FBAS=.build/release/fbas
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
networks=("" $(ls ../shared/data/pubnet/*.json ../shared/data/real/*.json ../shared/data/real/stellar-core/*.json | grep -v -e organizations))
echo "| network | question refuted | certified | clauses | lemmas | proof bytes | solve s | check s |"
echo "|---|---|---|---|---|---|---|---|"
for network in "${networks[@]}"; do
  for command in check-intersection min-blocking-set min-splitting-set min-quorum history-loss; do
    args=("$command" --certify --format json --timeout 60)
    [ -n "$network" ] && args+=(--fbas "$network")
    "$FBAS" "${args[@]}" > "$OUT" 2>/dev/null || true
    python3 - "$network" "$command" "$OUT" <<'PY'
import json, sys, os
network, command = sys.argv[1], sys.argv[2]
out = open(sys.argv[3]).read()
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

echo
echo "| network | profile | certified figures | lemmas | wall s |"
echo "|---|---|---|---|---|"
for network in "${networks[@]}"; do
  for profile in default stellarbeat; do
    args=(analyze --certify --profile "$profile" --format json --timeout 60)
    [ -n "$network" ] && args+=(--fbas "$network")
    start=$(date +%s.%N)
    "$FBAS" "${args[@]}" > "$OUT" 2>/dev/null || true
    end=$(date +%s.%N)
    python3 - "$network" "$profile" "$OUT" "$start" "$end" <<'PY'
import json, sys, os
network, profile, path, start, end = sys.argv[1:6]
out = open(path).read()
name = os.path.basename(network) if network else "bundled pubnet_obsrvr.json"
try:
    r = json.loads(out)["result"]
except Exception:
    print(f"| {name} | {profile} | no output | | |"); sys.exit()
if "error" in r:
    print(f"| {name} | {profile} | input error | | |"); sys.exit()
cs = [r["intersection"].get("certificate")] + [r[l][k].get("certificate") for l in ["node", "organization", "isp", "country"]
                                               for k in ["blockingSet", "blockingSetFiltered", "splittingSet"]]
cs = [c for c in cs if c]
ok = sum(1 for c in cs if c["certified"])
print(f"| {name} | {profile} | {ok} of {len(cs)} | {sum(c['lemmas'] for c in cs)} | {float(end) - float(start):.2f} |")
PY
  done
done
