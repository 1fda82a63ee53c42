#!/bin/bash
# Runs every libFuzzer harness for a given time on its corpus in server/fuzz/corpus/<harness>/,
# then merges what added coverage back into that corpus (-merge=1 keeps only inputs that add
# coverage, so the corpus stays small). FUZZ_JOBS harnesses run at once (default 1). Crashes
# are saved as BUILD_DIR/artifacts/<harness>-crash-*; the exit status is non-zero if any.
# Usage: [FUZZ_JOBS=N] server/fuzz/run.sh BUILD_DIR SECONDS HARNESS...
set -uo pipefail
build=$1 seconds=$2
shift 2
jobs=${FUZZ_JOBS:-1}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/artifacts" "$build/logs" "$build/summaries"

# One harness: its run, then the merge; a summary (executions, coverage, speed, memory, and
# the finding if any) in BUILD_DIR/summaries/<harness>, status 1 on a finding.
run_one() {
  local harness=$1
  local binary="$build/fuzz/fuzz_$harness"
  local corpus="$here/corpus/$harness"
  local found="$build/found/$harness"  # new inputs of this run, merged afterwards
  local log="$build/logs/$harness.log"
  local summary="$build/summaries/$harness"
  mkdir -p "$corpus" "$found"
  # Frames reach 64 KiB plus a header; the other formats stay small.
  local max_len=8192
  [ "$harness" = ws_frames ] && max_len=70000
  "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=25 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$harness-" "$found" "$corpus" \
    >"$log" 2>&1
  local status=$?
  {
    echo "== $harness: ${seconds}s"
    grep -E '^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb' "$log" | sed 's/^/   /'
    if [ $status -ne 0 ]; then
      echo "   FINDING (exit $status): see $log"
      grep -E 'ERROR|SUMMARY|invariant failed|Test unit written' "$log" | head -5 | sed 's/^/   /'
    fi
  } >"$summary"
  "$binary" -merge=1 -max_len="$max_len" -artifact_prefix="$build/artifacts/$harness-merge-" \
    "$corpus" "$found" >>"$log" 2>&1
  rm -rf "$found"
  return $status
}

failed=()
running=()
started=()
wait_for_one() {
  wait "${running[0]}" || failed+=("${started[0]}")
  cat "$build/summaries/${started[0]}"
  running=("${running[@]:1}")
  started=("${started[@]:1}")
}
for harness in "$@"; do
  [ ${#running[@]} -ge "$jobs" ] && wait_for_one
  run_one "$harness" &
  running+=($!)
  started+=("$harness")
done
while [ ${#running[@]} -gt 0 ]; do wait_for_one; done

if [ ${#failed[@]} -ne 0 ]; then
  echo "findings in: ${failed[*]}"
  exit 1
fi
echo "no findings"
