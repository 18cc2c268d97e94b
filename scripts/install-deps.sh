#!/usr/bin/env bash
# Installs what leadroster needs to build and test, from Debian's archive and
# the npm registry only. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Debian packages: compilers and libraries (native + WASM), the fuzzing runtime,
# Node.js, and Chromium for the page's browser test.
# publicsuffix: the Public Suffix List that scripts/gen-public-suffix.js compiles in.
# postgresql: the ledger tests start a throwaway cluster (initdb + pg_ctl in a temp dir).
PKGS="cmake make g++ clang clang-format libclang-rt-14-dev libgtest-dev nlohmann-json3-dev emscripten nodejs npm chromium publicsuffix postgresql"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
# A Node.js installed outside dpkg (e.g. /usr/bin/node from another source) counts.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=$(echo "$missing" | tr ' ' '\n' | grep -vxE 'nodejs|npm' | tr '\n' ' ' || true)
fi
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
  echo "installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# Dev dependencies of the tests and scripts (libphonenumber-js, validator,
# playwright-core, typescript), pinned by tests/package-lock.json.
if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
# The package's runtime dependency (cli-progress, bundled into the tarball by
# bundleDependencies), pinned by npm/package-lock.json.
if [ ! -d npm/node_modules ] || [ npm/package-lock.json -nt npm/node_modules/.package-lock.json ]; then
  (cd npm && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "dependencies: ok"
