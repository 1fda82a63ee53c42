#!/usr/bin/env bash
# Floods and slow clients (issue 15): start a fresh server, add members to "Load Test"
# straight into its database (tokens signed with the run's --secret-key), run
# `parley-load flood`, stop the server, print the results.
#
#   bench/flood.sh [parley-load flood options...]
#
# Defaults: 5,000 half-open HTTP connections, 1,000 WebSockets that never read on load-1
# while 20 senders send 200 msgs/s of 1,000-byte messages there, and a probe of
# GET /api/account/me/ at 200/s over 4 keep-alive connections; 15 s phases. Examples:
#   bench/flood.sh
#   bench/flood.sh --probe-path /healthz          # the floor: a route that does no work
#   bench/flood.sh --half-open 0 --slow-readers 1000
# Raises the descriptor limit to 65536 (root). Environment: see bench/bench-lib.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench-lib.sh
source "$HERE/bench-lib.sh"

ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
SLOW="$(arg_value --slow-readers 1000 "$@")"
K="$(arg_value --senders 20 "$@")"
MEMBERS=$((SLOW + K + 1))
SECRET="$(/usr/bin/python3 -c 'import secrets; print(secrets.token_hex(32))')"
PARLEY_SERVE_ARGS="${PARLEY_SERVE_ARGS:-} --secret-key $SECRET"
bench_prepare() {
  /usr/bin/python3 "$HERE/storm/prepare_members.py" --data-dir "$1" --members "$MEMBERS" \
    --secret-key "$SECRET" --tokens-out "$1/flood-tokens.txt"
}

begin_run "$0" 15 "$@"

set +e
"$PARLEY_LOAD" flood "${TARGET_ARGS[@]}" --tokens-file "$WORK_DIR/data/flood-tokens.txt" \
  --senders "$K" --rate 200 --payload-size 1000 --phase-seconds 15 "${ARGS[@]+"${ARGS[@]}"}"
RC=$?
set -e
log "server log lines about slow consumers and timeouts:"
grep -c 'ws.slow_consumer' "$WORK_DIR/server.log" 2>/dev/null | sed 's/^/[bench]   ws.slow_consumer: /' >&2 || true
log "parley-load flood exited with $RC (0 = probe p99 within 20 ms during the flood); load: $(uptime)"
exit "$RC"
