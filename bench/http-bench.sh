#!/usr/bin/env bash
# HTTP load, keep-alive, loopback only: Parley vs the djchat reference peer in the same run.
#   GET /api/server/select/?with_num_members=true   (demo data)
#   GET /api/messages/?channel_id=...               (a 50-message page; channels of 10,000 and
#                                                    1,000,000 messages on Parley; the peer
#                                                    answers its whole 10,000-message history)
# Usage: bench/http-bench.sh   (env: DURATION=10s CONNS=8 THREADS=2 PEER=1 PARLEY_BIN=...
#                               BACKEND=sqlite|postgresql)
# BACKEND=postgresql serves Parley from a private PostgreSQL 15 (scripts/test-postgres, fsync on)
# seeded the same way. Needs wrk and sqlite3 (Debian). Kills only the processes it started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PARLEY_BIN:-$ROOT/build/parley}
PEER_DIR=${PEER_DIR:-$ROOT/../shared/peers/django}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-8}
THREADS=${THREADS:-2}
PEER=${PEER:-1}
BACKEND=${BACKEND:-sqlite}
case "$BACKEND" in sqlite | postgresql) ;; *) echo "BACKEND is sqlite or postgresql" >&2; exit 2 ;; esac
WORK=$(mktemp -d /tmp/parley-http-bench.XXXXXX)
chmod 755 "$WORK"  # a private cluster in it belongs to the postgres account when run as root
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  [ "$BACKEND" = postgresql ] && "$ROOT/scripts/test-postgres" stop "$WORK/pg" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for() {  # URL
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "not answering: $1" >&2
  return 1
}

# wrk with latency percentiles; prints "req/s p50 p99".
measure() {  # NAME URL [extra wrk args...]
  local name=$1 url=$2
  shift 2
  local out
  out=$(wrk -t"$THREADS" -c"${WRK_CONNS:-$CONNS}" -d"$DURATION" --timeout 30s --latency "$@" "$url")
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-52s %12s req/s   p50 %9s   p99 %9s %s\n' "$name" "$rps" "$p50" "$p99" \
    "${non2xx:+  NON-2xx: $non2xx}"
}

# Parley's database: the SQLite file, or the private PostgreSQL's database.
DATABASE=()
if [ "$BACKEND" = postgresql ]; then
  PARLEY_PG_DURABLE=1 "$ROOT/scripts/test-postgres" start "$WORK/pg" >/dev/null
  URL=$("$ROOT/scripts/test-postgres" url "$WORK/pg" parley)
  DATABASE=(--database "$URL")
fi
sql() {  # SQL text on stdin, or as $1; prints the rows
  if [ "$BACKEND" = postgresql ]; then
    psql "$URL" -Atq -v ON_ERROR_STOP=1 ${1:+-c "$1"}
  else
    sqlite3 "$WORK/parley/parley.sqlite3" ${1:+"$1"}
  fi
}

seed_messages() {  # CHANNEL_ID COUNT
  sql <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO messages (channel_id, sender_id, content, created_at)
SELECT $1, 1 + (i % 4), 'bench message number ' || i || ' with a little more text in it',
       1700000000000000 + i * 1000 FROM n;
SQL
}

echo "== seeding Parley on $BACKEND (demo + channels of 1,000,000 and 10,000 messages)"
"$BIN" load --data-dir "$WORK/parley" "${DATABASE[@]}" "$ROOT/data/demo.json" >/dev/null 2>&1
BIG=$(sql "INSERT INTO channels (server_id, owner_id, name, topic, position)
  VALUES (1, 1, 'bench-1m', '', 100) RETURNING id;")
SMALL=$(sql "INSERT INTO channels (server_id, owner_id, name, topic, position)
  VALUES (1, 1, 'bench-10k', '', 101) RETURNING id;")
seed_messages "$BIG" 1000000
seed_messages "$SMALL" 10000
# An operator's database has its statistics (autovacuum): the bulk insert's are taken now.
[ "$BACKEND" = postgresql ] && sql "VACUUM ANALYZE"

PORT=$(free_port)
"$BIN" serve --data-dir "$WORK/parley" "${DATABASE[@]}" --listen "127.0.0.1:$PORT" \
  --log-level warn >"$WORK/parley.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PORT/readyz"
P="http://127.0.0.1:$PORT"
TOKEN=$(curl -fs -c - -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"alice-demo-pass-1"}' "$P/api/token/" |
  awk '$6=="access_token" {print $7}')
[ -n "$TOKEN" ] || { echo "login failed" >&2; exit 1; }
COOKIE="Cookie: access_token=$TOKEN"

echo "== Parley ($("$BIN" --version)) on $BACKEND, wrk -t$THREADS -c$CONNS -d$DURATION, keep-alive"
measure "parley  /api/server/select/?with_num_members=true" \
  "$P/api/server/select/?with_num_members=true"
measure "parley  /api/messages/ 50 of 10,000" "$P/api/messages/?channel_id=$SMALL&limit=50" \
  -H "$COOKIE"
measure "parley  /api/messages/ 50 of 1,000,000" "$P/api/messages/?channel_id=$BIG&limit=50" \
  -H "$COOKIE"
MID=$(sql "SELECT id FROM messages WHERE channel_id = $BIG ORDER BY id LIMIT 1 OFFSET 500000")
measure "parley  /api/messages/ 50 before the middle of 1M" \
  "$P/api/messages/?channel_id=$BIG&before=$MID&limit=50" -H "$COOKIE"

if [ "$PEER" = 1 ] && [ -x "$PEER_DIR/run.sh" ]; then
  echo "== seeding the djchat peer (demo + a conversation of 10,000 messages)"
  PEER_DB="$WORK/djchat.sqlite3"
  PEER_PORT=$(free_port)
  DJCHAT_DEBUG=0 "$PEER_DIR/run.sh" --port "$PEER_PORT" --fresh --db "$PEER_DB" \
    >"$WORK/peer.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$PEER_PORT/api/server/category/"
  sqlite3 "$PEER_DB" <<'SQL'
INSERT INTO webchat_conversation (channel_id, created_at) VALUES ('9001', '2026-01-01 00:00:00');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO webchat_message (conversation_id, sender_id, content, timestamp)
SELECT (SELECT id FROM webchat_conversation WHERE channel_id = '9001'),
       (SELECT MIN(id) FROM account_account),
       'bench message number ' || i || ' with a little more text in it',
       '2026-01-01 00:00:00.000000' FROM n;
SQL
  Q="http://127.0.0.1:$PEER_PORT"
  echo "== djchat peer (Django, uvicorn, 1 worker, DEBUG off)"
  measure "djchat  /api/server/select/?with_num_members=true" \
    "$Q/api/server/select/?with_num_members=true"
  # Each answer is the whole history (~1 MB of JSON): few connections, long timeout.
  DURATION=${PEER_HISTORY_DURATION:-40s} WRK_CONNS=2 measure "djchat  /api/messages/ (whole history of 10,000)" \
    "$Q/api/messages/?channel_id=9001"
fi
