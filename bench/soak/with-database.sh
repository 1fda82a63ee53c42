#!/usr/bin/env bash
# Stands in for the parley binary when bench/soak.sh runs on PostgreSQL: bench-lib.sh's
# `parley load` and `parley serve` get `--database $SOAK_DATABASE_URL`. exec keeps the PID, so
# the process the soak samples is the server itself.
set -euo pipefail
: "${SOAK_PARLEY_BIN:?the real parley binary}" "${SOAK_DATABASE_URL:?a postgresql:// URL}"
case "${1:-}" in
  load|serve) exec "$SOAK_PARLEY_BIN" "$@" --database "$SOAK_DATABASE_URL" ;;
  *) exec "$SOAK_PARLEY_BIN" "$@" ;;
esac
