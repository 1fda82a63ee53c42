# shellcheck shell=bash
# Shared by ws-fanout.sh and ws-idle.sh (sourced, not run). Starts a server (Parley or the
# djchat peer) on a free loopback port with fresh data, finds the "Load Test" ids through the
# API, and stops the server by PID on exit.
#
# Environment:
#   PARLEY_BIN        Parley binary (default: build/parley of this checkout)
#   PARLEY_LOAD       parley-load binary (default: the newer of build/bench/parley-load and
#                     $BENCH_BUILD/parley-load; built in $BENCH_BUILD when neither exists)
#   BENCH_BUILD       standalone build directory for parley-load (default /tmp/bench-build)
#   PARLEY_SERVE_ARGS extra arguments for `parley serve` (registration/login throttles and the
#                     per-user message rate are relaxed by default; these add to them)
#   DJANGO_RUN        the peer's run.sh (default ../shared/peers/django/run.sh from the repo root)
#   BENCH_CHANNEL     channel of "Load Test" to use (default load-1)
#   BENCH_FIXTURE     data file `parley load` reads first (default data/demo.json; it must have
#                     the "Load Test" server)
#   BENCH_LOG_LEVEL   the server's --log-level (default warn); its log is $WORK_DIR/server.log
#
# A script may define `bench_prepare DATA_DIR` before begin_run: it runs after `parley load`
# and before `parley serve` (e.g. to add members straight into the database).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PARLEY_BIN="${PARLEY_BIN:-$REPO_ROOT/build/parley}"
BENCH_BUILD="${BENCH_BUILD:-/tmp/bench-build}"
DJANGO_RUN="${DJANGO_RUN:-$REPO_ROOT/../shared/peers/django/run.sh}"
BENCH_CHANNEL="${BENCH_CHANNEL:-load-1}"
BENCH_FIXTURE="${BENCH_FIXTURE:-$REPO_ROOT/data/demo.json}"
BENCH_LOG_LEVEL="${BENCH_LOG_LEVEL:-warn}"

# shellcheck disable=SC2034  # used by the scripts that source this file
TARGET_ARGS=()    # set by start_server
SERVER_PID=""     # the process we started (parley, or the peer's run.sh)
MEASURE_PID=""    # the process whose CPU/RSS is measured (parley, or the peer's uvicorn)
WORK_DIR=""
PORT=""

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] error: $*" >&2; exit 1; }

find_load_tool() {
  if [ -n "${PARLEY_LOAD:-}" ]; then
    [ -x "$PARLEY_LOAD" ] || die "PARLEY_LOAD=$PARLEY_LOAD is not executable"
    return
  fi
  local top="$REPO_ROOT/build/bench/parley-load" own="$BENCH_BUILD/parley-load"
  if [ -x "$top" ] && { [ ! -x "$own" ] || [ "$top" -nt "$own" ]; }; then PARLEY_LOAD="$top"; return; fi
  if [ ! -x "$own" ]; then
    log "building parley-load in $BENCH_BUILD"
    cmake -S "$REPO_ROOT/bench" -B "$BENCH_BUILD" >/dev/null || die "cmake configure failed"
    cmake --build "$BENCH_BUILD" --target parley-load -j 2 >/dev/null || die "build failed"
  fi
  PARLEY_LOAD="$BENCH_BUILD/parley-load"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  if [ -n "$WORK_DIR" ] && [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$WORK_DIR"; fi
}

# wait_ready URL SECONDS: until discover answers.
wait_ready() {
  local url="$1" secs="$2" _
  for _ in $(seq $((secs * 10))); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited; log: $WORK_DIR/server.log"
    "$PARLEY_LOAD" discover --url "$url" --server-name "Load Test" --channel-name "$BENCH_CHANNEL" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "server not ready after ${secs}s; log: $WORK_DIR/server.log"
}

# shellcheck disable=SC2034
# start_server parley|django: sets PORT, SERVER_PID, MEASURE_PID, and TARGET_ARGS (the
# parley-load arguments that name the server, channel, path and pid).
start_server() {
  local target="$1"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # children inherit the raised fd limit
  WORK_DIR="$(mktemp -d /tmp/parley-bench.XXXXXX)"
  PORT="$(free_port)"
  local url="ws://127.0.0.1:$PORT"
  case "$target" in
    parley)
      [ -x "$PARLEY_BIN" ] || die "no Parley binary at $PARLEY_BIN (set PARLEY_BIN)"
      "$PARLEY_BIN" load --data-dir "$WORK_DIR/data" "$BENCH_FIXTURE" >"$WORK_DIR/load.log" 2>&1 \
        || die "parley load failed: $(tail -3 "$WORK_DIR/load.log")"
      if declare -F bench_prepare >/dev/null; then
        bench_prepare "$WORK_DIR/data" || die "bench_prepare failed"
      fi
      # Benchmarks measure capacity, not the abuse limits: relax registration and login
      # throttles and the per-user send rate, and give tokens room for long runs.
      local extra=(--register-per-minute 1000000 --login-failures-per-minute 1000000
        --login-failures-per-address-per-minute 1000000 --access-token-lifetime 3600
        --message-rate 1000000 --message-burst 1000000)
      # shellcheck disable=SC2206
      extra+=(${PARLEY_SERVE_ARGS:-})
      log "starting $PARLEY_BIN serve on 127.0.0.1:$PORT ${extra[*]}"
      "$PARLEY_BIN" serve --data-dir "$WORK_DIR/data" --listen "127.0.0.1:$PORT" --log-level "$BENCH_LOG_LEVEL" "${extra[@]}" \
        >"$WORK_DIR/server.log" 2>&1 &
      SERVER_PID=$!
      MEASURE_PID=$SERVER_PID
      wait_ready "$url" 60
      read -r S C J < <("$PARLEY_LOAD" discover --url "$url" --server-name "Load Test" --channel-name "$BENCH_CHANNEL") \
        || die "cannot find Load Test/$BENCH_CHANNEL"
      TARGET_ARGS=(--url "$url" --server-id "$S" --channel-id "$C" --path-style parley --server-pid "$MEASURE_PID")
      ;;
    django)
      [ -x "$DJANGO_RUN" ] || [ -f "$DJANGO_RUN" ] || die "no peer at $DJANGO_RUN"
      log "starting the djchat peer on 127.0.0.1:$PORT"
      DJCHAT_DEBUG=0 bash "$DJANGO_RUN" --port "$PORT" --fresh --db "$WORK_DIR/djchat.sqlite3" >"$WORK_DIR/server.log" 2>&1 &
      SERVER_PID=$!
      wait_ready "$url" 120
      MEASURE_PID="$(pgrep -P "$SERVER_PID" | head -1)"
      [ -n "$MEASURE_PID" ] || die "cannot find the peer's server process under pid $SERVER_PID"
      # The peer checks membership on the server whose id equals the channel id (a course bug it
      # keeps), so the Load Test channels cannot take messages there: use the channel whose id
      # equals the Load Test server's id, and have senders join Load Test.
      read -r S C J < <("$PARLEY_LOAD" discover --url "$url" --server-name "Load Test" --channel-id-as-server) \
        || die "cannot find a usable channel on the peer"
      log "peer: using server $S channel $C (senders join server $J; see bench-lib.sh)"
      TARGET_ARGS=(--url "$url" --server-id "$S" --channel-id "$C" --join-server "$J" --path-style original
                   --server-pid "$MEASURE_PID")
      ;;
    *) die "--target must be parley or django" ;;
  esac
  log "server pid $SERVER_PID (measured pid $MEASURE_PID), data in $WORK_DIR"
}

# has_user_args ARGS...: whether the caller chose users itself.
has_user_args() {
  local a
  for a in "$@"; do
    case "$a" in --user|--user=*|--users-file|--users-file=*|--register) return 0 ;; esac
  done
  return 1
}

# arg_value NAME DEFAULT ARGS...: value of --NAME in ARGS, else DEFAULT.
arg_value() {
  local name="$1" def="$2"; shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      "$name") echo "${2:-$def}"; return ;;
      "$name"=*) echo "${1#*=}"; return ;;
    esac
    shift
  done
  echo "$def"
}

# begin_run SCRIPT HELP_LINES ARGS...: the common start of ws-fanout.sh and ws-idle.sh. Takes
# --target out of ARGS (into TARGET; the rest into ARGS), prints the script's header comment
# (lines 2..HELP_LINES) for --help, then finds parley-load and starts the target server,
# which is stopped on exit.
begin_run() {
  local script="$1" help_lines="$2"; shift 2
  TARGET=parley
  ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --target) TARGET="$2"; shift 2 ;;
      --target=*) TARGET="${1#*=}"; shift ;;
      -h|--help) sed -n "2,${help_lines}p" "$script" | sed 's/^# \{0,1\}//'; exit 0 ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
  find_load_tool
  trap stop_server EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  start_server "$TARGET"
}
