#!/usr/bin/env bash
# `parley backup` of a big database while the server takes chat load (docs/BENCHMARKS.md).
#
#   bench/backup/backup-under-load.sh DATA_DIR USERS_FILE [RATE] [DURATION]
#
# DATA_DIR holds a Parley database (e.g. made with bench/import/make-djchat-db.py and
# `parley import-djchat`, then grown); USERS_FILE has NAME:PASS lines (RATE/10 of them at
# least: Parley allows ~10 msgs/s per user). Starts `parley serve` on a free loopback port,
# runs parley-load (server 1, channel 1, RATE msgs/s into 100 sockets) and an HTTP latency
# probe of the message history, starts the backup a few seconds in, prints all three results
# and stops what it started. NO_BACKUP=1: the same run without the backup (the baseline);
# BACKUP_ARGS: extra options for `parley backup` (e.g. --pause-ms 5). The backup goes next to DATA_DIR and is removed afterwards.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
BIN="${PARLEY_BIN:-$ROOT/build/parley}"
LOAD="${PARLEY_LOAD:-$ROOT/build/bench/parley-load}"
DATA_DIR="${1:?data dir}"; USERS="${2:?users file}"; RATE="${3:-1000}"; DURATION="${4:-40}"
PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BACKUP="$DATA_DIR/../backup-under-load.$$.sqlite3"
SERVER_PID=""; LOAD_PID=""; PROBE_PID=""
cleanup() {
  for pid in $PROBE_PID $LOAD_PID $SERVER_PID; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$BACKUP" "$BACKUP.part"
}
trap cleanup EXIT

"$BIN" serve --data-dir "$DATA_DIR" --listen "127.0.0.1:$PORT" --log-level warn \
  --login-failures-per-address-per-minute 100000 &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
SENDERS=$(( (RATE + 9) / 10 ))
"$LOAD" fanout --url "ws://127.0.0.1:$PORT" --server-id 1 --channel-id 1 --users-file "$USERS" \
  --connections 100 --senders "$SENDERS" --rate "$RATE" --duration "$DURATION" \
  --server-pid "$SERVER_PID" --login-concurrency 2 --quiet &
LOAD_PID=$!
FIRST="$(head -1 "$USERS")"
COOKIE="access_token=$(curl -s -c - -H 'Content-Type: application/json' \
  -d "{\"username\":\"${FIRST%%:*}\",\"password\":\"${FIRST#*:}\"}" \
  "http://127.0.0.1:$PORT/api/token/" | awk '$6=="access_token"{print $7}')"
# Logins of pbkdf2 accounts take a while; the probe and the backup start once messages flow.
sleep "$(( DURATION / 4 + 10 ))"
/usr/bin/python3 "$HERE/latency-probe.py" "http://127.0.0.1:$PORT/api/messages/?channel_id=1&limit=50" \
  "$(( DURATION / 2 ))" 10 "$COOKIE" &
PROBE_PID=$!
sleep 1
if [ "${NO_BACKUP:-0}" = 1 ]; then
  echo "baseline: no backup (NO_BACKUP=1)"
else
  echo "backup of $(du -h "$DATA_DIR/parley.sqlite3" | cut -f1) under $RATE msgs/s:"
  /usr/bin/time -f "backup wall %e s, CPU %U+%S s" "$BIN" backup --data-dir "$DATA_DIR" \
    --to "$BACKUP" ${BACKUP_ARGS:-} | tail -2
fi
wait "$PROBE_PID"; PROBE_PID=""
wait "$LOAD_PID" || echo "parley-load exit $?"
LOAD_PID=""
