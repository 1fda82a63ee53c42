#!/usr/bin/env bash
# Issue 11's ack figure: USERS users (default 1,000) each acking a read state once a second for
# DURATION seconds (default 20), 100 of them with a gateway open (read.ack fan-out), on
# loopback against a fresh server. Beside it, in the same run, on fresh connections of the same
# users and at the same pacing: an idle phase (gateways open, no requests), the HTTP floor
# (GET /healthz: no auth, no database) and a reference (GET /api/account/me/). Server CPU from /proc/<pid>/stat (utime + stime) around each phase.
# The target is <= 10 % of one core.
#
#   bench/acks-bench.sh            env: USERS, CHANNELS (10), DURATION, GATEWAYS (100),
#                                  PARLEY_BIN (build/parley), JSON (where the summary goes)
#
# Kills only the server it started, by PID.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PARLEY_BIN:-$ROOT/build/parley}
USERS=${USERS:-1000}
CHANNELS=${CHANNELS:-10}
DURATION=${DURATION:-20}
GATEWAYS=${GATEWAYS:-100}
WORK=$(mktemp -d /tmp/parley-acks-bench.XXXXXX)
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

[ -x "$BIN" ] || { echo "no Parley binary at $BIN (set PARLEY_BIN)" >&2; exit 1; }
/usr/bin/python3 "$ROOT/bench/acks_load.py" fixture "$USERS" "$CHANNELS" >"$WORK/fixture.json"
echo "[acks] loading $USERS users (password hashing takes a while)" >&2
"$BIN" load --data-dir "$WORK/data" "$WORK/fixture.json" >"$WORK/load.log" 2>&1
KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --data-dir "$WORK/data" --listen "127.0.0.1:$PORT" --secret-key "$KEY" \
  --log-level warn --message-rate 1000000 --message-burst 1000000 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/readyz" && break
  sleep 0.1
done
echo "[acks] server pid $SERVER_PID on 127.0.0.1:$PORT; $(nproc) cores, $(uname -r)" >&2
/usr/bin/python3 "$ROOT/bench/acks_load.py" run --port "$PORT" --pid "$SERVER_PID" \
  --secret-key "$KEY" --database "$WORK/data/parley.sqlite3" --users "$USERS" \
  --duration "$DURATION" --gateways "$GATEWAYS" ${JSON:+--json "$JSON"}
