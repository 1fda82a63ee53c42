#!/usr/bin/env bash
# WebSocket fan-out benchmark: start a fresh server, run `parley-load fanout` on the
# "Load Test" server, stop the server, print the results.
#
#   bench/ws-fanout.sh [--target parley|django] [parley-load fanout options...]
#
# Defaults: --target parley; users are registered (--register --users M --password ...) with
# M = max(--senders, 1) unless you pass --user/--users-file/--register yourself. Everything
# else goes to parley-load (see `parley-load --help`), e.g.
#   bench/ws-fanout.sh --connections 100 --senders 5 --closed-loop --duration 10
#   bench/ws-fanout.sh --connections 1000 --senders 100 --rate 1000 --duration 20 --json /tmp/f.json
#   bench/ws-fanout.sh --target django --connections 50 --senders 5 --closed-loop
# Parley limits each user to ~10 msgs/s: spread --rate over enough --senders (one user each).
# The peer has no such limit. Environment: see bench/bench-lib.sh (PARLEY_BIN, PARLEY_LOAD, ...).
set -euo pipefail
# shellcheck source=bench-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

begin_run "$0" 16 "$@"

USER_ARGS=()
if ! has_user_args "${ARGS[@]+"${ARGS[@]}"}"; then
  SENDERS="$(arg_value --senders 1 "${ARGS[@]+"${ARGS[@]}"}")"
  M=$(( SENDERS > 1 ? SENDERS : 1 ))
  USER_ARGS=(--register --users "$M" --user-prefix loadu --password parley-load-pass-1)
fi

set +e
"$PARLEY_LOAD" fanout "${TARGET_ARGS[@]}" "${USER_ARGS[@]+"${USER_ARGS[@]}"}" "${ARGS[@]+"${ARGS[@]}"}"
RC=$?
set -e
log "target $TARGET: parley-load exited with $RC (0 = no failures, no loss, no duplicates)"
exit "$RC"
