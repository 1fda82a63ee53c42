#!/usr/bin/env bash
# Search (SPEC §13) on SQLite, in-process (bench/store/search_bench.cpp): the writer's durable
# messages/s without and with the index in interleaved rounds of the same run, the index build
# of a 1,000,000-message channel, and two-word query latency on it. Targets: build <= 60 s,
# p50 <= 20 ms, p99 <= 100 ms, indexing <= 15 % of the writer's messages/s.
#   bench/search-bench.sh [--messages N (100000)] [--rounds R (3)] [--history H (1000000)]
#                         [--queries Q (500)]
set -euo pipefail
cd "$(dirname "$0")/.."
bench_bin=${PARLEY_BENCH_BIN:-build/bench/parley-search-bench}
[ -x "$bench_bin" ] || { echo "search-bench: no $bench_bin (make build)" >&2; exit 1; }
work=$(mktemp -d /tmp/parley-search-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
# Bounded: the binary refuses sizes beyond 5,000,000; the whole run is capped at 15 minutes.
timeout 900 "$bench_bin" --dir "$work" "$@"
echo "load after: $(uptime | sed 's/.*load average: //')"
