#!/usr/bin/env bash
# Runs every test: the GoogleTest suite (native), the JS tests of the package,
# CLI and differential checks (node --test), and the browser test of the page.
# Installs and builds first, so it works on a fresh machine.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1
bash scripts/build.sh || exit 1

passed=0
failed=0
status=0

echo "== Format (clang-format, prettier: bash scripts/format.sh --check)"
bash scripts/format.sh --check || status=1

echo "== C++ (GoogleTest)"
./build/leadroster_tests --gtest_brief=1 >build/gtest.log 2>&1
rc=$?
tail -n 40 build/gtest.log
p=$(grep -oE '\[  PASSED  \] [0-9]+' build/gtest.log | grep -oE '[0-9]+$' || echo 0)
f=$(grep -oE '\[  FAILED  \] [0-9]+ test' build/gtest.log | grep -oE '[0-9]+' | head -1 || echo 0)
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
[ $rc -eq 0 ] || status=1

echo "== C++ under ASan + UBSan (clang, build-asan/)"
# The same GoogleTest suite built by clang with -fsanitize=address,undefined
# (any finding aborts the test binary). On by default (LEADROSTER_SANITIZE_TESTS=0
# skips it): a second native build of the core and the test binary only, -O1 -g.
# Measured on the 2-core machine, JOBS=1, no ccache, under load from other jobs:
# build 637 s, run 19 s (ccache makes a rebuild seconds).
if [ "${LEADROSTER_SANITIZE_TESTS:-1}" != 0 ]; then
  t0=$(date +%s)
  LAUNCH=()
  if command -v ccache >/dev/null 2>&1; then LAUNCH=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); export CCACHE_BASEDIR="$PWD"; fi
  if CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
       -DLEADROSTER_SANITIZE=ON "${LAUNCH[@]}" >build/asan-configure.log 2>&1 &&
     cmake --build build-asan --target leadroster_tests -j"${JOBS:-$(nproc)}" >build/asan-build.log 2>&1; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      ./build-asan/leadroster_tests --gtest_brief=1 >build/gtest-asan.log 2>&1
    rc=$?
    tail -n 5 build/gtest-asan.log
    [ $rc -eq 0 ] || { grep -E 'ERROR: AddressSanitizer|runtime error|FAILED' build/gtest-asan.log | head -40; status=1; }
  else
    tail -n 40 build/asan-build.log
    status=1
  fi
  echo "sanitizer job: $(( $(date +%s) - t0 )) s"
fi

echo "== JS (node --test)"
files=$(ls tests/js/*.test.js tests/js/*.test.mjs tests/browser/*.test.js tests/browser/*.test.mjs 2>/dev/null)
node --test --test-reporter=tap $files >build/node-test.log 2>&1
rc=$?
grep -E '^# (tests|pass|fail|skipped)|^not ok|agreement|leads/s|push-figures' build/node-test.log
if [ $rc -ne 0 ]; then grep -B2 -A30 '^not ok' build/node-test.log | head -200; fi
p=$(grep -E '^# pass ' build/node-test.log | tail -1 | grep -oE '[0-9]+')
f=$(grep -E '^# fail ' build/node-test.log | tail -1 | grep -oE '[0-9]+')
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
[ $rc -eq 0 ] || status=1
[ -n "$p" ] || { echo "node --test printed no count"; status=1; }

echo "all: ${passed} passed, ${failed} failed"
exit $status
