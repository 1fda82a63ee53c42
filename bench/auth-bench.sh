#!/usr/bin/env bash
# Login throughput/latency and authenticated GET throughput, Parley vs the djchat reference
# peer, in the same run, on loopback only.
#
#   bench/auth-bench.sh [--duration SECONDS] [--login-connections N] [--get-connections N]
#                       [--no-peer]
#
# Needs: build/parley (or PARLEY_BIN), wrk, curl, /usr/bin/python3; the peer in
# ../shared/peers/django (skipped with --no-peer or when absent). Starts both servers on free
# ports with throw-away data, and stops exactly the processes it started.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${PARLEY_BIN:-$HERE/build/parley}"
PEER="${DJCHAT_PEER:-$HERE/../shared/peers/django/run.sh}"
[ -x "$PEER" ] || PEER=/work/shared/peers/django/run.sh
DURATION=10
LOGIN_CONNECTIONS=4
GET_CONNECTIONS=32
USE_PEER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --login-connections) LOGIN_CONNECTIONS="$2"; shift 2 ;;
    --get-connections) GET_CONNECTIONS="$2"; shift 2 ;;
    --no-peer) USE_PEER=0; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "auth-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$BIN" ] || { echo "auth-bench: build first ($BIN missing)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "auth-bench: wrk is not installed" >&2; exit 1; }
[ -x "$PEER" ] || USE_PEER=0

WORK="$(mktemp -d /tmp/parley-auth-bench.XXXXXX)"
PARLEY_PID=""
PEER_PID=""
cleanup() {
  for pid in $PARLEY_PID $PEER_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_ready() {  # URL
  for _ in $(seq 300); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "auth-bench: $1 did not answer" >&2
  return 1
}
access_cookie() {  # BASE
  curl -fs -c - -H 'Content-Type: application/json' \
    -d '{"username":"alice","password":"alice-demo-pass-1"}' "$1/api/token/" |
    awk '$6 == "access_token" { print $7 }'
}

cat >"$WORK/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"alice","password":"alice-demo-pass-1"}'
local statuses = {}
response = function(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  io.write(string.format("  latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms; non-2xx/3xx: %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
LUA
cat >"$WORK/get.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("  latency p50 %.2f ms, p99 %.2f ms; non-2xx/3xx: %d, socket errors: %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

run_wrk() {  # LABEL CONNECTIONS SCRIPT URL [HEADER]
  local label="$1" connections="$2" script="$3" url="$4"
  shift 4
  echo "== $label"
  local shown="$*"
  [ "${#shown}" -le 48 ] || shown="${shown:0:48}…'"
  echo "   wrk -t1 -c$connections -d${DURATION}s -s $(basename "$script") $shown $url"
  wrk -t1 -c"$connections" -d"${DURATION}s" -s "$script" "$@" "$url" |
    grep -E 'Requests/sec|latency p50'
}

PARLEY_PORT="$(free_port)"
"$BIN" load --data-dir "$WORK/parley" "$HERE/data/demo.json" >/dev/null 2>&1
"$BIN" serve --data-dir "$WORK/parley" --listen "127.0.0.1:$PARLEY_PORT" --log-level warn \
  --access-token-lifetime 3600 --register-per-minute 100000 >"$WORK/parley.log" 2>&1 &
PARLEY_PID=$!
PARLEY="http://127.0.0.1:$PARLEY_PORT"
wait_ready "$PARLEY/readyz"

if [ "$USE_PEER" = 1 ]; then
  PEER_PORT="$(free_port)"
  DJCHAT_DEBUG=0 ACCESS_TOKEN_LIFETIME=3600 "$PEER" --port "$PEER_PORT" --fresh \
    --db "$WORK/djchat.sqlite3" >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!
  DJANGO="http://127.0.0.1:$PEER_PORT"
  wait_ready "$DJANGO/api/server/category/"
fi

echo "machine: $(nproc) cores; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg); ${DURATION}s per figure"
echo "parley: $("$BIN" --version), Argon2id m=19 MiB t=2 p=1 on the hashing pool"
echo

run_wrk "parley  POST /api/token/ (login)" "$LOGIN_CONNECTIONS" "$WORK/login.lua" "$PARLEY/api/token/"
if [ "$USE_PEER" = 1 ]; then
  run_wrk "djchat  POST /api/token/ (login, Django pbkdf2_sha256)" "$LOGIN_CONNECTIONS" \
    "$WORK/login.lua" "$DJANGO/api/token/"
fi
echo

PARLEY_ACCESS="$(access_cookie "$PARLEY")"
run_wrk "parley  GET /api/account/?user_id=1 (cookie)" "$GET_CONNECTIONS" "$WORK/get.lua" \
  "$PARLEY/api/account/?user_id=1" -H "Cookie: access_token=$PARLEY_ACCESS"
if [ "$USE_PEER" = 1 ]; then
  DJANGO_ACCESS="$(access_cookie "$DJANGO")"
  run_wrk "djchat  GET /api/account/?user_id=1 (cookie)" "$GET_CONNECTIONS" "$WORK/get.lua" \
    "$DJANGO/api/account/?user_id=1" -H "Cookie: access_token=$DJANGO_ACCESS"
fi
run_wrk "parley  GET /api/account/me/ (cookie)" "$GET_CONNECTIONS" "$WORK/get.lua" \
  "$PARLEY/api/account/me/" -H "Cookie: access_token=$PARLEY_ACCESS"
