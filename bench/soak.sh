#!/usr/bin/env bash
# Soak (issue 15): a mixed load on one fresh server for a given time, then a verdict.
#
#   bench/soak.sh [--duration S] [--quick] [--backend sqlite|postgresql] [--out DIR] [SOAK OPTIONS]
#
# Starts `parley serve` on a free loopback port with data/demo.json (bench-lib.sh; PostgreSQL:
# a private cluster from scripts/test-postgres), then bench/soak/soak.py runs for --duration
# seconds (default 1800; --quick: 60): parley-load fanout --mix on channel load-1, channel
# sockets and gateways of its own that count every event by seq, reconnects that resume with
# after_seq, real password logins, REST listings and history pages, edits and reactions,
# uploads. It samples the server's VmRSS and open fds every few seconds, and at the end
# reports RSS after warm-up against the warm-up figure (within +-5 %), fds (flat), events lost
# (0), warn/error lines in the server's log (0, start-up lines shown apart), and request
# counts and latencies; exit status 1 when a check fails. The server is stopped by its PID;
# log lines written while it shuts down are checked too.
#
# SOAK OPTIONS go to soak.py (`/usr/bin/python3 bench/soak/soak.py --help`), e.g.
# --login-rate 2 --fanout-rate 30 --gateways 10 --reconnect-every 5 --sample-every 5.
# Results: DIR (default a new temporary directory) gets soak.json, samples.csv, fanout.json,
# fanout.log and server.log.
set -euo pipefail
# shellcheck source=bench/bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

DURATION=1800
BACKEND=sqlite
OUT=""
SOAK_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --duration=*) DURATION="${1#*=}"; shift ;;
    --quick) DURATION=60; SOAK_ARGS+=(--sample-every 2 --reconnect-every 2); shift ;;
    --backend) BACKEND="$2"; shift 2 ;;
    --backend=*) BACKEND="${1#*=}"; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#*=}"; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) SOAK_ARGS+=("$1"); shift ;;
  esac
done
case "$BACKEND" in sqlite|postgresql) ;; *) die "--backend must be sqlite or postgresql" ;; esac
[ -n "$OUT" ] || OUT="$(mktemp -d "${TMPDIR:-/tmp}/parley-soak.XXXXXX")"
mkdir -p "$OUT"

PG_DIR=""
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && [ -n "$WORK_DIR" ]; then
    local before; before=$(stat -c %s "$WORK_DIR/server.log" 2>/dev/null || echo 0)
    stop_server_keep_log
    if [ -f "$OUT/server.log" ]; then
      local shutdown
      shutdown=$(tail -c +$((before + 1)) "$OUT/server.log" \
        | grep -E -i '\b(warn|warning|error|critical|fatal|panic)\b|Sanitizer|runtime error' || true)
      if [ -n "$shutdown" ]; then
        log "FAIL: the server logged at shutdown:"; echo "$shutdown" >&2
        [ "$rc" -ne 0 ] || rc=1
      else
        log "shutdown: no warn/error line"
      fi
    fi
  fi
  if [ -n "$PG_DIR" ]; then "$REPO_ROOT/scripts/test-postgres" stop "$PG_DIR" || true; fi
  log "results in $OUT"
  exit "$rc"
}

# bench-lib's stop_server, keeping the log: the data dir goes, server.log is copied to OUT.
stop_server_keep_log() {
  BENCH_KEEP=1 stop_server
  cp "$WORK_DIR/server.log" "$OUT/server.log" 2>/dev/null || true
  rm -rf "$WORK_DIR"
  WORK_DIR=""
}

trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

find_load_tool
if [ "$BACKEND" = postgresql ]; then
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/parley-soak-pg.XXXXXX")"
  "$REPO_ROOT/scripts/test-postgres" start "$PG_DIR" >/dev/null
  # `parley load` and `parley serve` (bench-lib.sh's start) both read PARLEY_DATABASE.
  export PARLEY_DATABASE; PARLEY_DATABASE="$("$REPO_ROOT/scripts/test-postgres" url "$PG_DIR" parley_soak)"
  log "PostgreSQL: $PARLEY_DATABASE"
fi
start_server parley
log "uptime at start: $(uptime)"
set +e
/usr/bin/python3 "$REPO_ROOT/bench/soak/soak.py" --port "$PORT" --server-pid "$MEASURE_PID" \
  --server-id "$S" --log "$WORK_DIR/server.log" --load-tool "$PARLEY_LOAD" --out "$OUT" \
  --duration "$DURATION" "${SOAK_ARGS[@]}"
rc=$?
set -e
log "uptime at end: $(uptime)"
exit "$rc"
