#!/usr/bin/env bash
# Every benchmark of docs/BENCHMARKS.md, Parley and the djchat reference peer in the same run,
# loopback only, each step bounded in time. Prints the machine, each command and its output;
# also keeps it all in $OUT (default /tmp/parley-bench-<time>.txt).
#   bench/run-all.sh [--quick]     --quick: shorter runs, one round (a smoke check of the scripts)
# REPEAT=N (default 3): rounds of the paced fan-out loads.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
OUT=${OUT:-/tmp/parley-bench-$(date +%Y%m%d-%H%M%S).txt}
D=10
REPEAT=${REPEAT:-3}
[ "$QUICK" = 1 ] && D=3 && REPEAT=1

step() {
  echo
  echo "### $*"
  "$@" 2>&1 || echo "(exited with $?)"
}

{
  echo "## Machine"
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(uname -r)"
  echo "parley $(build/parley --version 2>&1 | awk '{print $2}'), commit $(git rev-parse --short HEAD)"
  echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"

  step bench/auth-bench.sh --duration "$D"
  step env DURATION="${D}s" bench/http-bench.sh

  # WebSocket fan-out: 100,000 deliveries/s as 1,000 msgs/s into 100 subscribers (with the
  # default commit interval, then without it) and as 100 msgs/s into 1,000. The machine's
  # speed drifts by tens of percent over minutes, so these run $REPEAT times, interleaved with
  # the kernel's floor under any fan-out: the same writes with no server around them.
  for round in $(seq "$REPEAT"); do
    echo; echo "## fan-out round $round of $REPEAT"
    step bench/ws-fanout.sh --connections 100 --senders 100 --rate 1000 --duration "$D"
    step env PARLEY_SERVE_ARGS="--message-commit-interval 0" \
      bench/ws-fanout.sh --connections 100 --senders 100 --rate 1000 --duration "$D"
    step build/bench/parley-send-floor --connections 100 --rounds $((D * 500)) --interval-us 1000
    step build/bench/parley-send-floor --connections 100 --rounds $((D * 500)) --interval-us 1000 --io-uring
    step bench/ws-fanout.sh --connections 1000 --senders 20 --rate 100 --duration "$D"
    step build/bench/parley-send-floor --connections 1000 --rounds $((D * 50)) --interval-us 10000 --io-uring
  done

  # Peak closed-loop throughput, then the reference under the closed-loop load it can take.
  step bench/ws-fanout.sh --connections 100 --senders 20 --closed-loop --duration "$D"
  step bench/ws-fanout.sh --target django --connections 100 --senders 5 --closed-loop --duration "$D"

  # Persistence: messages acknowledged after their group commit (fsync included).
  step build/bench/parley-writer-bench --messages 200000 --producers 4

  # Idle capacity: server RSS per authenticated socket.
  if [ "$QUICK" = 1 ]; then
    step bench/ws-idle.sh --connections 2000 --hold 5
  else
    step bench/ws-idle.sh --connections 19000 --hold 15
  fi
  step bench/ws-idle.sh --target django --connections 300 --hold 5

  # Events and the gateway (issue 10): mixed load vs messages only, gateways vs channel
  # sockets, connects/s, the ready frame, catch-up, the writer before/after (WRITER_V1).
  if [ "$QUICK" = 1 ]; then
    step bench/events-bench.sh --quick
  else
    step env REPEAT="$REPEAT" D="$D" bench/events-bench.sh
  fi

  # Reconnect storm, floods and slow clients (issue 15): 10,000 channel sockets and 10,000
  # gateways drop and resume while 10 msgs/s flow, with the 1,000-socket storm as reference;
  # 5,000 half-open connections and 1,000 non-readers against a probe, /healthz as the floor.
  if [ "$QUICK" = 1 ]; then
    step bench/storm.sh --connections 1000 --senders 10 --rate 10 --threads 2 --quiet
    step bench/storm.sh --gateway --connections 1000 --senders 10 --rate 10 --threads 2 --quiet
    step bench/flood.sh --half-open 500 --slow-readers 100 --phase-seconds 5 --quiet
  else
    for kind in "" --gateway; do  # shellcheck disable=SC2086  # $kind: nothing, or one word
      step bench/storm.sh $kind --connections 10000 --senders 10 --rate 10 --threads 2 --quiet
      step bench/storm.sh $kind --connections 1000 --senders 10 --rate 10 --threads 2 --quiet
    done
    step bench/flood.sh --quiet
    step bench/flood.sh --probe-path /healthz --quiet
  fi
} | tee "$OUT"
echo "results kept in $OUT"
