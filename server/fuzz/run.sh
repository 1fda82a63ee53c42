#!/bin/bash
# Runs every libFuzzer harness for a given time, one after the other, on its corpus in
# server/fuzz/corpus/<harness>/, then merges what added coverage back into that corpus
# (-merge=1 keeps only inputs that add coverage, so the corpus stays small). Crashes are
# saved as build-fuzz/artifacts/<harness>-crash-*; the exit status is non-zero if any.
# Usage: server/fuzz/run.sh BUILD_DIR SECONDS HARNESS...
set -uo pipefail
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/artifacts" "$build/logs"
failed=()
for harness in "$@"; do
  binary="$build/fuzz/fuzz_$harness"
  corpus="$here/corpus/$harness"
  # New inputs found this run; merged into the kept corpus afterwards.
  found="$build/found/$harness"
  log="$build/logs/$harness.log"
  mkdir -p "$corpus" "$found"
  # Frames reach 64 KiB plus a header; the other formats stay small.
  max_len=8192
  [ "$harness" = ws_frames ] && max_len=70000
  echo "== $harness: ${seconds}s"
  "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=25 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$harness-" "$found" "$corpus" \
    >"$log" 2>&1
  status=$?
  grep -E '^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb' "$log" | sed 's/^/   /'
  if [ $status -ne 0 ]; then
    failed+=("$harness")
    echo "   FINDING (exit $status): see $log"
    grep -E 'ERROR|SUMMARY|invariant failed|Test unit written' "$log" | head -5 | sed 's/^/   /'
  fi
  "$binary" -merge=1 -max_len="$max_len" "$corpus" "$found" >>"$log" 2>&1
  rm -rf "$found"
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "findings in: ${failed[*]}"
  exit 1
fi
echo "no findings"
