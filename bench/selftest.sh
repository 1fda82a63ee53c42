#!/usr/bin/env bash
# Self-test of parley-load against parley-load-echo (no Parley needed): a clean run must report
# no loss, duplicates or order violations; a run with injected faults must report each kind.
#
#   bench/selftest.sh            (builds into $BENCH_BUILD, default /tmp/bench-build)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_BUILD="${BENCH_BUILD:-/tmp/bench-build}"
cmake -S "$HERE" -B "$BENCH_BUILD" -DPARLEY_LOAD_ECHO=ON >/dev/null
cmake --build "$BENCH_BUILD" -j 2 >/dev/null
LOAD="$BENCH_BUILD/parley-load"
ECHO="$BENCH_BUILD/parley-load-echo"
TMP="$(mktemp -d)"
ECHO_PID=""
cleanup() {
  if [ -n "$ECHO_PID" ]; then kill "$ECHO_PID" 2>/dev/null || true; wait "$ECHO_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
jget() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d$2)" "$1"; }

run_case() {  # name, echo fault args..., then parley-load args after "--"
  local name="$1"; shift
  local eargs=()
  while [ "$1" != "--" ]; do eargs+=("$1"); shift; done
  shift
  local p; p="$(port)"
  "$ECHO" --listen "127.0.0.1:$p" "${eargs[@]+"${eargs[@]}"}" >"$TMP/echo.log" 2>&1 &
  ECHO_PID=$!
  sleep 0.3
  "$LOAD" fanout --url "ws://127.0.0.1:$p" --server-id 1 --channel-id 1 --user a:pass --per-user-rate 1e9 \
    --quiet --json "$TMP/$name.json" "$@" >"$TMP/$name.txt" 2>&1 || true
  kill "$ECHO_PID"; wait "$ECHO_PID" 2>/dev/null || true; ECHO_PID=""
}

fail=0
check() {  # description, value, condition (python expression in v)
  if /usr/bin/python3 -c "import sys; v=float(sys.argv[1]); sys.exit(0 if ($3) else 1)" "$2"; then
    echo "ok    $1 = $2"
  else
    echo "FAIL  $1 = $2 (want $3)"; fail=1
  fi
}

run_case clean -- --connections 20 --senders 4 --rate 200 --duration 3 --grace 2 --verify-every 1
f="$TMP/clean.json"
check "clean: lost" "$(jget "$f" "['deliveries']['lost']")" "v == 0"
check "clean: expected" "$(jget "$f" "['deliveries']['expected']")" "v >= 20*550"
check "clean: duplicates" "$(jget "$f" "['deliveries']['duplicates']")" "v == 0"
check "clean: id order" "$(jget "$f" "['deliveries']['id_order_violations']")" "v == 0"
check "clean: verify mismatches" "$(jget "$f" "['deliveries']['verify_mismatches']")" "v == 0"
check "clean: latency samples = deliveries" "$(jget "$f" "['latency_ms']['samples'] - d['deliveries']['unique_deliveries']")" "v == 0"

run_case faults --drop-every 100 --dup-every 150 --swap-every 199 -- --connections 20 --senders 4 --rate 200 --duration 3 --grace 2 --verify-every 1
f="$TMP/faults.json"
check "faults: lost" "$(jget "$f" "['deliveries']['lost']")" "v >= 4"
check "faults: duplicates" "$(jget "$f" "['deliveries']['duplicates']")" "v >= 19"
check "faults: id order" "$(jget "$f" "['deliveries']['id_order_violations']")" "v >= 19"
check "faults: verify mismatches" "$(jget "$f" "['deliveries']['verify_mismatches']")" "v == 0"

run_case closed -- --connections 50 --senders 10 --closed-loop --duration 3 --grace 2
f="$TMP/closed.json"
check "closed loop: lost" "$(jget "$f" "['deliveries']['lost']")" "v == 0"
check "closed loop: acked" "$(jget "$f" "['messages']['acked']")" "v > 100"

if [ "$fail" = 0 ]; then
  echo "selftest passed"
else
  echo "selftest FAILED; outputs in $TMP"
  kill "$ECHO_PID" 2>/dev/null || true
  trap - EXIT
  exit 1
fi
