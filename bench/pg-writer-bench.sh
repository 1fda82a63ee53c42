#!/usr/bin/env bash
# Durable messages/s through the group-committing writer (store::EventWriter), on SQLite (WAL,
# synchronous=FULL) and on a private PostgreSQL 15 with fsync on (PARLEY_PG_DURABLE=1), in the
# same run, on the same disk. Issue 14's target: >= 20,000 msgs/s on PostgreSQL.
#   bench/pg-writer-bench.sh [--messages N (200000)] [--producers P (4)] [--rounds R (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=200000 producers=4 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --messages) messages=$2; shift 2 ;;
    --producers) producers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pg-writer-bench: unknown option $1" >&2; exit 2 ;;
  esac
done
bench_bin=${PARLEY_BENCH_BIN:-build/bench/parley-writer-bench}
[ -x "$bench_bin" ] || { echo "pg-writer-bench: no $bench_bin (make build)" >&2; exit 1; }

work=$(mktemp -d /tmp/parley-pg-writer-XXXXXX)
chmod 755 "$work"  # the cluster belongs to the postgres account when run as root
pg="$work/pg"
cleanup() { scripts/test-postgres stop "$pg" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
PARLEY_PG_DURABLE=1 scripts/test-postgres start "$pg" >/dev/null
echo "machine: $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
for round in $(seq "$rounds"); do
  mkdir -p "$work/sqlite-$round"
  printf 'round %d sqlite     ' "$round"
  "$bench_bin" --messages "$messages" --producers "$producers" --dir "$work/sqlite-$round"
  url=$(scripts/test-postgres url "$pg" "writer$round")
  printf 'round %d postgresql ' "$round"
  "$bench_bin" --messages "$messages" --producers "$producers" --database "$url"
done
echo "load after: $(uptime | sed 's/.*load average: //')"
