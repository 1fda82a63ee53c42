#!/usr/bin/env bash
# Issue 10's figures (events and the gateway), each beside its reference measured in the same
# run, on loopback, every step bounded in time:
#   1. mixed load (messages 70 / reactions 20 / edits 5 / deletes 5) against messages only, at
#      1,000 events/s into 100 channel sockets, beside the kernel's floor for those writes;
#   2. 1,000 gateway sockets at 100 msgs/s against 1,000 channel sockets under the same load,
#      beside the floor; gateway connects/s (until ready) against channel-socket connects/s;
#   3. the ready frame of a user in 100 servers x 10 channels: bytes and time (server log
#      `gateway.ready` at debug level when the server writes it; the client's time otherwise);
#   4. catch-up of 10,000 events: the events route paged by 500, and a socket ?after_seq=0;
#   5. the message writer before (WRITER_V1) and after (WRITER_V2) on fresh data dirs.
# The paced loads run REPEAT rounds, interleaved (the machine's speed drifts over minutes).
#
#   bench/events-bench.sh [--quick]      --quick: short runs, one round (a smoke check)
#
# Environment: REPEAT (default 3), D (seconds per paced load, default 10), RESULTS_DIR (where
# the JSON results go; default a new /tmp/parley-events-bench.* directory), WRITER_V1 (the
# pre-v2 parley-writer-bench; skipped when unset), WRITER_V2 (default build/bench/
# parley-writer-bench), PARLEY_SEND_FLOOR (default next to parley-load), and bench-lib.sh's
# (PARLEY_BIN, PARLEY_LOAD, PARLEY_SERVE_ARGS, ...).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench-lib.sh
source "$HERE/bench-lib.sh"

QUICK=0
SECTION=""
case "${1:-}" in
  --quick) QUICK=1 ;;
  --section) SECTION="${2:?--section needs a name}" ;;  # internal: one section beside its own server
  -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) die "unknown argument $1 (--quick or nothing)" ;;
esac
REPEAT=${REPEAT:-3}
D=${D:-10}
CONNECTS=${CONNECTS:-2000}
WRITER_MESSAGES=200000
if [ "$QUICK" = 1 ]; then REPEAT=1; D=3; CONNECTS=300; WRITER_MESSAGES=20000; fi
RES="${RESULTS_DIR:-$(mktemp -d /tmp/parley-events-bench.XXXXXX)}"
mkdir -p "$RES"
export RESULTS_DIR="$RES" D CONNECTS
find_load_tool
FLOOR="${PARLEY_SEND_FLOOR:-$(dirname "$PARLEY_LOAD")/parley-send-floor}"
WRITER_V2="${WRITER_V2:-$REPO_ROOT/build/bench/parley-writer-bench}"
MIX=messages=70,reactions=20,edits=5,deletes=5
PASS=parley-load-pass-1

# retried NAME CMD...: runs CMD; exit codes 0 (clean) and 3 (measured, with failures) are
# results; anything else (the server did not start, or was being rebuilt) is retried after 30 s,
# twice at most. NAME.rc keeps the final code.
retried() {
  local name="$1" attempt rc=0
  shift
  for attempt in 1 2 3; do
    rc=0
    echo
    echo "### [$name] $*"
    "$@" 2>&1 || rc=$?
    if [ "$rc" = 0 ] || [ "$rc" = 3 ]; then break; fi
    echo "(exited with $rc; attempt $attempt of 3)"
    [ "$attempt" = 3 ] || sleep 30
  done
  echo "$rc" >"$RES/$name.rc"
  return 0
}

fanout() {  # NAME parley-load fanout options...
  local name="$1"
  shift
  retried "$name" "$HERE/ws-fanout.sh" "$@" --quiet --json "$RES/$name.json"
}

floor() {  # NAME parley-send-floor options...
  local name="$1"
  shift
  echo
  echo "### [$name] $FLOOR $*"
  "$FLOOR" "$@" 2>&1 | tee "$RES/$name.txt" || echo "(exited with $?)"
}

# with_server NAME FUNCTION [VAR=VALUE...]: FUNCTION runs in a new process of this script
# beside a fresh server of its own (TARGET_ARGS, PORT, WORK_DIR, MEASURE_PID set; the
# assignments are its environment), retried like `retried`.
with_server() {
  local name="$1" fn="$2"
  shift 2
  retried "$name" env PARLEY_LOAD="$PARLEY_LOAD" "$@" "$0" --section "$fn"
}

# ---- 2b: connects/s, gateway (until ready) and channel socket (until 101), same server.
connect_rates() {
  local users=(--register --users 100 --user-prefix cu --password "$PASS")
  local r
  for r in 1 2; do
    "$PARLEY_LOAD" connect "${TARGET_ARGS[@]}" --gateway "${users[@]}" --connections "$CONNECTS" \
      --connect-concurrency 64 --quiet --json "$RES/connect-gateway-$r.json" || echo "(exited with $?)"
    "$PARLEY_LOAD" connect "${TARGET_ARGS[@]}" "${users[@]}" --connections "$CONNECTS" \
      --connect-concurrency 64 --quiet --json "$RES/connect-channel-$r.json" || echo "(exited with $?)"
  done
}

# ---- 3: the ready frame of a user in 100 servers of 10 channels.
ready_frame() {
  "$PARLEY_LOAD" connect --url "ws://127.0.0.1:$PORT" --server-pid "$MEASURE_PID" --gateway \
    --user "readyu:$PASS" --connections 20 --connect-concurrency 1 --quiet \
    --json "$RES/ready.json" || echo "(exited with $?)"
  # The server's own figure: structured debug lines `gateway.ready` with micros and bytes.
  /usr/bin/python3 - "$WORK_DIR/server.log" "$RES/ready-server.json" <<'EOF'
import json, re, statistics, sys
lines = [l for l in open(sys.argv[1], errors="replace") if "gateway.ready" in l]
def num(key, line):  # key=N or "key": N, the key whole (not the end of a longer name)
    m = re.search(r'(?<![A-Za-z_])"?%s"?\s*[:=]\s*"?(\d+)' % key, line)
    return int(m.group(1)) if m else None
# `micros` as asked of the server; this server has logged `render_micros` (its time to build
# the frame), which is reported under its own name.
key = next((k for k in ("micros", "render_micros") if any(num(k, l) is not None for l in lines)), "micros")
micros = [v for v in (num(key, l) for l in lines) if v is not None]
size = [v for v in (num("bytes", l) for l in lines) if v is not None]
out = {"lines": len(lines), "micros_key": key, "micros": micros, "bytes": size}
if micros:
    out["micros_median"] = statistics.median(micros)
    out["micros_max"] = max(micros)
json.dump(out, open(sys.argv[2], "w"))
print("server log: %d gateway.ready lines%s" % (len(lines), (", %s median %s max %s, bytes %s"
      % (key, out["micros_median"], out["micros_max"], sorted(set(size)))) if micros else
      " (none with micros: the client-side time is the upper bound)"))
for l in lines[:2]:
    print("  " + l.strip()[:300])
EOF
}

make_ready_fixture() {  # FILE: "Load Test" (for the scripts) + 100 servers x 10 channels with readyu
  /usr/bin/python3 - "$1" "$PASS" <<'EOF'
import json, sys
path, pw = sys.argv[1], sys.argv[2]
servers = [{"name": "Load Test", "category": "Science", "owner": "readyowner",
            "description": "A server for load and soak tests", "members": ["readyowner"],
            "channels": [{"name": "load-1", "topic": "fan-out"}]}]
messages = []
for s in range(1, 101):
    name = "Ready %03d" % s
    servers.append({"name": name, "category": "Science", "owner": "readyowner",
                    "description": "ready-frame benchmark server %d" % s,
                    "members": ["readyowner", "readyu"],
                    "channels": [{"name": "channel-%02d" % c, "topic": "topic of channel %d" % c}
                                 for c in range(1, 11)]})
    for c in range(1, 11):
        messages.append({"server": name, "channel": "channel-%02d" % c, "sender": "readyowner",
                         "content": "first message of %s channel %d" % (name, c)})
json.dump({"users": [{"username": "readyowner", "password": pw}, {"username": "readyu", "password": pw}],
           "categories": [{"name": "Science", "description": "Curious minds welcome"}],
           "servers": servers, "messages": messages}, open(path, "w"), indent=1)
EOF
}

# ---- 4: 10,000 events in load-1, then both ways of catching up from seq 0.
catch_up() {
  "$PARLEY_LOAD" fanout "${TARGET_ARGS[@]}" --events --register --users 10 --user-prefix fill \
    --password "$PASS" --connections 10 --senders 10 --rate 2000 --max-messages 10000 \
    --duration 20 --grace 10 --quiet --json "$RES/catchup-fill.json" >"$RES/catchup-fill.txt" 2>&1 \
    || { echo "filling the channel failed:"; tail -20 "$RES/catchup-fill.txt"; }
  grep -E '^(messages|events|  seq checks)' "$RES/catchup-fill.txt" || true
  "$PARLEY_LOAD" catchup "${TARGET_ARGS[@]}" --user "fill1:$PASS" --rounds 3 --page-limit 500 \
    --duration 30 --quiet --json "$RES/catchup.json" || echo "(exited with $?)"
}

if [ -n "$SECTION" ]; then
  case "$SECTION" in connect_rates|ready_frame|catch_up) ;; *) die "no section $SECTION" ;; esac
  trap stop_server EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  start_server parley
  "$SECTION"
  exit 0
fi

{
  echo "## Machine"
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(uname -r)"
  echo "parley $("$PARLEY_BIN" --version 2>&1 | awk '{print $2}') ($PARLEY_BIN), bench commit $(git -C "$REPO_ROOT" rev-parse --short HEAD)"
  echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ); results in $RES"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share these cores)"

  for round in $(seq "$REPEAT"); do
    echo
    echo "## events round $round of $REPEAT"
    fanout "mixed-$round" --connections 100 --senders 100 --rate 1000 --duration "$D" --mix "$MIX"
    fanout "messages-$round" --connections 100 --senders 100 --rate 1000 --duration "$D" --mix messages=100
    floor "floor100-$round" --connections 100 --rounds $((D * 500)) --interval-us 1000 --io-uring
    fanout "gateway-$round" --gateway --connections 1000 --senders 20 --rate 100 --duration "$D" \
      --register --users 100 --user-prefix gwu --password "$PASS"
    fanout "channel-$round" --events --connections 1000 --senders 20 --rate 100 --duration "$D" \
      --register --users 100 --user-prefix gwu --password "$PASS"
    floor "floor1000-$round" --connections 1000 --rounds $((D * 50)) --interval-us 10000 --io-uring
  done

  with_server connect connect_rates
  make_ready_fixture "$RES/ready-fixture.json"
  with_server ready ready_frame BENCH_FIXTURE="$RES/ready-fixture.json" BENCH_LOG_LEVEL=debug
  with_server catchup catch_up

  if [ -n "${WRITER_V1:-}" ] && [ -x "$WRITER_V1" ] && [ -x "$WRITER_V2" ]; then
    for round in $(seq "$REPEAT"); do
      echo
      echo "### [writer-v1-$round] $WRITER_V1 --messages $WRITER_MESSAGES --producers 4"
      "$WRITER_V1" --messages "$WRITER_MESSAGES" --producers 4 2>&1 | tee "$RES/writer-v1-$round.txt" || true
      echo "### [writer-v2-$round] $WRITER_V2 --messages $WRITER_MESSAGES --producers 4"
      "$WRITER_V2" --messages "$WRITER_MESSAGES" --producers 4 2>&1 | tee "$RES/writer-v2-$round.txt" || true
    done
  else
    echo
    echo "### writer before/after skipped (WRITER_V1=${WRITER_V1:-unset}, WRITER_V2=$WRITER_V2)"
  fi

  echo
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "## Summary"
  /usr/bin/python3 "$HERE/events-summary.py" "$RES"
} | tee "$RES/output.txt"
echo "results kept in $RES"
