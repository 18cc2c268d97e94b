#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/fuzz_*.cpp; clang + libclang-rt-14-dev)
# and runs each for a bounded time, two at a time.
#
#   bash scripts/fuzz.sh [seconds-per-target]        (default 60)
#
# Environment: TARGETS="fuzz_email fuzz_phone" (default: all), JOBS (default
# 2), BUILD (default build-fuzz), EXTRA (more libFuzzer flags).
# Invariants: fuzz/normalizer_checks.h, fuzz/plan_checks.h, fuzz/json_reader_checks.h.
# fuzz/<target>.dict is used as the target's dictionary when present.
# The committed seeds (fuzz/corpus/<target>/) are read-only inputs; new
# coverage goes to $BUILD/corpus/<target>/. Crash, leak, timeout and OOM inputs
# go to $BUILD/crashes/<target>-*; logs to $BUILD/logs/<target>.log.
# Prints the executions of each target (libFuzzer's final
# stat::number_of_executed_units) and the total. Exit status 1 if any target
# found something.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
JOBS=${JOBS:-2}
BUILD=${BUILD:-build-fuzz}

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DLEADROSTER_FUZZ=ON -DLEADROSTER_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 1
fi
if [ -z "${TARGETS:-}" ]; then
  TARGETS=$(for f in fuzz/fuzz_*.cpp; do basename "$f" .cpp; done | tr '\n' ' ')
fi
# shellcheck disable=SC2086
cmake --build "$BUILD" -j"$(nproc)" --target $TARGETS >"$BUILD/build.log" 2>&1 || {
  tail -n 40 "$BUILD/build.log"
  exit 1
}
mkdir -p "$BUILD/crashes" "$BUILD/logs"

run_one() {
  local t=$1 maxlen=1024
  [ "$t" = fuzz_planner ] && maxlen=8192
  mkdir -p "$BUILD/corpus/$t"
  local seeds=() dict=()
  [ -d "fuzz/corpus/$t" ] && seeds=("fuzz/corpus/$t")
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  # shellcheck disable=SC2086
  "$BUILD/$t" "$BUILD/corpus/$t" "${seeds[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -max_len=$maxlen \
    -timeout=10 -rss_limit_mb=2560 -artifact_prefix="$BUILD/crashes/$t-" "${dict[@]}" ${EXTRA:-} \
    >"$BUILD/logs/$t.log" 2>&1
  echo $? >"$BUILD/logs/$t.rc"
}

echo "fuzzing: $TARGETS(${SECONDS_PER_TARGET}s each, $JOBS at a time)"
running=0
for t in $TARGETS; do
  rm -f "$BUILD/logs/$t.rc"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

total=0
status=0
printf '%-16s %14s %8s  %s\n' target executions corpus result
for t in $TARGETS; do
  log="$BUILD/logs/$t.log"
  n=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  n=${n:-0}
  total=$((total + n))
  rc=$(cat "$BUILD/logs/$t.rc" 2>/dev/null || echo '?')
  files=$(find "$BUILD/corpus/$t" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    result=ok
  else
    status=1
    artifact=$(grep -oE "(Test unit|artifact_prefix.*; Test unit) written to [^ ]+" "$log" | tail -1 | awk '{print $NF}')
    why=$(grep -m1 -E 'INVARIANT BROKEN|ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer)|runtime error' "$log" | cut -c1-160)
    result="FOUND (rc $rc): ${why:-see $log} -> ${artifact:-?}"
  fi
  printf '%-16s %14s %8s  %s\n' "$t" "$n" "$files" "$result"
done
printf '%-16s %14s\n' total "$total"
exit $status
