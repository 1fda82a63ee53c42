#!/usr/bin/env bash
# Reconnect storm (issue 15): start a fresh server, add members to "Load Test" straight into
# its database (tokens signed with the run's own --secret-key: no logins), run
# `parley-load storm`, stop the server, print the results.
#
#   bench/storm.sh [parley-load storm options...]
#
# Members: --connections + --senders (one user per socket). Examples:
#   bench/storm.sh --connections 10000 --senders 10 --rate 10 --threads 2
#   bench/storm.sh --gateway --connections 10000 --senders 10 --rate 10 --threads 2
#   bench/storm.sh --connections 1000 --senders 10 --rate 10        # a lighter storm
# Raises the descriptor limit to 65536 (root) for the tool and the server. Environment: see
# bench/bench-lib.sh (PARLEY_BIN, PARLEY_LOAD, PARLEY_SERVE_ARGS, BENCH_KEEP, ...).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench-lib.sh
source "$HERE/bench-lib.sh"

ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
N="$(arg_value --connections 1000 "$@")"
K="$(arg_value --senders 1 "$@")"
MEMBERS=$((N + K))
SECRET="$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(32))')"
PARLEY_SERVE_ARGS="${PARLEY_SERVE_ARGS:-} --secret-key $SECRET"
bench_prepare() {
  /usr/bin/python3 "$HERE/storm/prepare_members.py" --data-dir "$1" --members "$MEMBERS" \
    --secret-key "$SECRET" --tokens-out "$1/storm-tokens.txt"
}

begin_run "$0" 14 "$@"

set +e
"$PARLEY_LOAD" storm "${TARGET_ARGS[@]}" --tokens-file "$WORK_DIR/data/storm-tokens.txt" \
  --connections "$N" --senders "$K" "${ARGS[@]+"${ARGS[@]}"}"
RC=$?
set -e
log "parley-load storm exited with $RC (0 = every client recovered every event once, in order, none refused)"
log "server CPU/RSS: see the output; load: $(uptime)"
exit "$RC"
