#!/usr/bin/env bash
# Idle-socket benchmark: start a fresh server, open many authenticated idle sockets to a
# "Load Test" channel with `parley-load idle`, hold them, report survivors and the server's
# RSS per socket, stop the server.
#
#   bench/ws-idle.sh [--target parley|django] [parley-load idle options...]
#
# Defaults: --target parley, 5 registered users shared by all sockets (unless you pass
# --user/--users-file/--register), e.g.
#   bench/ws-idle.sh --connections 19000 --hold 60 --json /tmp/idle.json
#   bench/ws-idle.sh --target django --connections 300 --hold 20
# The fd limit is raised to the hard limit for both the server and the tool.
# Environment: see bench/bench-lib.sh (PARLEY_BIN, PARLEY_LOAD, ...).
set -euo pipefail
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

begin_run "$0" 14 "$@"

USER_ARGS=()
if ! has_user_args "${ARGS[@]+"${ARGS[@]}"}"; then
  USER_ARGS=(--register --users 5 --user-prefix idleu --password parley-load-pass-1)
fi

set +e
"$PARLEY_LOAD" idle "${TARGET_ARGS[@]}" "${USER_ARGS[@]+"${USER_ARGS[@]}"}" "${ARGS[@]+"${ARGS[@]}"}"
RC=$?
set -e
log "target $TARGET: parley-load exited with $RC (0 = every socket opened and stayed open)"
exit "$RC"
