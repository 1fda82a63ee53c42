#!/usr/bin/env bash
# Two Parley nodes on one private PostgreSQL and one private Redis, 100 sockets split over
# both (socket i on node i mod 2, senders too), messages at --rate: loss, order (seq checked
# on every socket) and latency, same-node and cross-node (parley-load fanout --node).
#
#   bench/multinode-bench.sh [--outage START STOP] [parley-load fanout options...]
#
# --outage 5 10 kills Redis 5 s after sending starts and starts it again at 10 s (sending
# lasts --duration; give --grace so that what was missed can arrive). Defaults:
#   --connections 100 --senders 10 --rate 100 --duration 10 --grace 5 --events
# Everything runs on 127.0.0.1 and Unix sockets in a temporary directory; every process is
# stopped by its PID at the end. PARLEY_BIN, PARLEY_LOAD as in bench/bench-lib.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${PARLEY_BIN:-$here/build/parley}"
load="${PARLEY_LOAD:-$here/build/bench/parley-load}"
[ -x "$bin" ] && [ -x "$load" ] || { echo "multinode-bench: build parley and parley-load first" >&2; exit 1; }

outage=()
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --outage) outage=("$2" "$3"); shift 3 ;;
    *) args+=("$1"); shift ;;
  esac
done
has() { local a; for a in "${args[@]+"${args[@]}"}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
defaults=()
has --connections || defaults+=(--connections 100)
has --senders || defaults+=(--senders 10)
has --rate || has --closed-loop || defaults+=(--rate 100)
has --duration || defaults+=(--duration 10)
has --grace || defaults+=(--grace 5)

work="$(mktemp -d /tmp/parley-multinode-bench.XXXXXX)"
chmod 755 "$work"  # the PostgreSQL account must reach its directory inside
pids=()
redis_pid=""
cleanup() {
  for p in ${pids[@]+"${pids[@]}"} $redis_pid; do
    kill -TERM "$p" 2>/dev/null || true
  done
  for p in ${pids[@]+"${pids[@]}"} $redis_pid; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  "$here/scripts/test-postgres" stop "$work/postgres" >/dev/null 2>&1 || true
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

start_redis() {
  rm -f "$work/redis.sock"
  redis-server --port 0 --unixsocket "$work/redis.sock" --unixsocketperm 700 --save "" \
    --appendonly no --dir "$work" >>"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do [ -S "$work/redis.sock" ] && break; sleep 0.05; done
}

# scripts/test-postgres runs without fsync (as the tests do): commit cost here is a floor.
"$here/scripts/test-postgres" start "$work/postgres" >/dev/null
database="$("$here/scripts/test-postgres" url "$work/postgres" parley)"
start_redis
"$bin" load --data-dir "$work/data" --database "$database" "$here/data/demo.json" >"$work/load.log" 2>&1
ports=()
for n in 1 2; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  ports+=("$port")
  "$bin" serve --data-dir "$work/data" --database "$database" --bus "unix://$work/redis.sock" \
    --listen "127.0.0.1:$port" --log-level "${BENCH_LOG_LEVEL:-warn}" --register-per-minute 1000000 \
    --login-failures-per-minute 1000000 --login-failures-per-address-per-minute 1000000 \
    --access-token-lifetime 3600 --message-rate 1000000 --message-burst 1000000 \
    >"$work/node$n.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.05; done
done
read -r S C _ < <("$load" discover --url "ws://127.0.0.1:${ports[0]}" --server-name "Load Test" --channel-name load-1)
echo "multinode-bench: nodes ${ports[*]} (pids ${pids[*]}), server $S channel $C, data in $work" >&2

if [ "${#outage[@]}" -eq 2 ]; then
  (
    sleep "$((outage[0] + 3))"   # sockets connect and users log in first (about 3 s)
    echo "multinode-bench: killing Redis (pid $redis_pid) at $(date +%T.%N)" >&2
    kill -KILL "$redis_pid"
    sleep "$((outage[1] - outage[0]))"
    start_redis
    echo "multinode-bench: Redis is back at $(date +%T.%N) (pid $redis_pid)" >&2
    echo "$redis_pid" >"$work/redis.pid"
  ) &
  outage_pid=$!
fi

echo "multinode-bench: fanout starts at $(date +%T.%N)" >&2
set +e
"$load" fanout --url "ws://127.0.0.1:${ports[0]}" --node "ws://127.0.0.1:${ports[1]}" \
  --server-id "$S" --channel-id "$C" --path-style parley --events \
  --register --users 20 --user-prefix loadu --password parley-load-pass-1 \
  --server-pid "${pids[0]}" "${defaults[@]}" "${args[@]+"${args[@]}"}"
rc=$?
set -e
echo "multinode-bench: fanout ended at $(date +%T.%N)" >&2
if [ "${#outage[@]}" -eq 2 ]; then
  wait "$outage_pid" || true
  [ -f "$work/redis.pid" ] && redis_pid="$(cat "$work/redis.pid")"
fi
grep -h "bus\." "$work"/node*.log | tail -20 >&2 || true
exit "$rc"
