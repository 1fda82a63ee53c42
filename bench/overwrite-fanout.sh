#!/usr/bin/env bash
# Fan-out cost of channel permission overwrites (issue 12): the same paced fan-out into the
# "Load Test" channel, on a fresh server each time, once with the users merely joined
# ("plain") and once with five roles that every user holds and five role overwrites on the
# channel ("overwrites", set up through the REST API by bench/overwrites_setup.py);
# alternated for --rounds rounds so the machine's drift hits both alike. Prints the server's
# CPU microseconds per delivery of every run, the medians, and their ratio.
#
#   bench/overwrite-fanout.sh [--rounds 3] [--connections 100] [--senders 100] [--rate 1000]
#                             [--duration 15]
#
# Loopback only; every run stops by itself (parley-load --duration, then a drain).
set -euo pipefail
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

ROUNDS=3 CONNECTIONS=100 SENDERS=100 RATE=1000 DURATION=15
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --senders) SENDERS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

find_load_tool
trap stop_server EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
RESULTS="$(mktemp -d /tmp/parley-overwrites.XXXXXX)"
USERS=(--users "$SENDERS" --user-prefix loadu --password parley-load-pass-1)

one_run() {  # one_run MODE ROUND
  local mode="$1" round="$2"
  start_server parley
  local setup=()
  [ "$mode" = plain ] && setup=(--plain)
  python3 "$REPO_ROOT/bench/overwrites_setup.py" --url "http://127.0.0.1:$PORT" --server-id "$S" \
    --channel-id "$C" "${USERS[@]}" "${setup[@]+"${setup[@]}"}" >&2
  "$PARLEY_LOAD" fanout "${TARGET_ARGS[@]}" --register "${USERS[@]}" --connections "$CONNECTIONS" \
    --senders "$SENDERS" --rate "$RATE" --duration "$DURATION" \
    --json "$RESULTS/$mode-$round.json" >"$RESULTS/$mode-$round.txt" 2>&1 \
    || die "parley-load failed ($mode, round $round): $(tail -5 "$RESULTS/$mode-$round.txt")"
  stop_server
}

for round in $(seq "$ROUNDS"); do
  for mode in plain overwrites; do
    log "round $round/$ROUNDS: $mode"
    one_run "$mode" "$round"
  done
done

python3 - "$RESULTS" <<'PY'
import json, pathlib, statistics, sys
runs = {"plain": [], "overwrites": []}
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    mode = f.stem.rsplit("-", 1)[0]
    r = json.loads(f.read_text())
    d = r["deliveries"]
    if d["lost"] or d["duplicates"]:
        sys.exit(f"{f.name}: {d['lost']} lost, {d['duplicates']} duplicates")
    runs[mode].append((r["server"]["cpu_us_per_delivery"], d["unique_deliveries"],
                       r["latency_ms"]["p99"]))
for mode, rows in runs.items():
    shown = ", ".join(f"{us:.2f} µs ({n} deliveries, p99 {p99:.1f} ms)" for us, n, p99 in rows)
    print(f"{mode:11s} server CPU per delivery: {shown}")
plain = statistics.median(us for us, _, _ in runs["plain"])
over = statistics.median(us for us, _, _ in runs["overwrites"])
print(f"median: plain {plain:.2f} µs, overwrites {over:.2f} µs: "
      f"overwrites/plain = {over / plain:.3f} (target ≤ 1.05)")
PY
