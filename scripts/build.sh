#!/usr/bin/env bash
# Builds the engine natively (library, tools, GoogleTest suite) and to
# WebAssembly (npm/dist/leadroster.wasm + the Node and browser glue).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
# ccache, when the machine has it, shares native objects between checkouts.
LAUNCHER=()
if command -v ccache >/dev/null 2>&1; then
  LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$PWD"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "${LAUNCHER[@]}" >/dev/null
cmake --build build -j"$JOBS"

export NODE_PATH=/usr/share/nodejs  # em++'s optimizer needs acorn from Debian's node modules
if [ ! -f build-wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build-wasm -j"$JOBS"

raw=$(stat -c %s npm/dist/leadroster.wasm)
gz=$(gzip -9c npm/dist/leadroster.wasm | wc -c)
echo "built: npm/dist/leadroster.wasm ${raw} bytes (${gz} gzipped)"
