#!/usr/bin/env bash
# The house format: clang-format (.clang-format) for the C++ and prettier
# (.prettierrc.json, pinned in tests/package.json) for the JavaScript.
#   bash scripts/format.sh          rewrite the files in place
#   bash scripts/format.sh --check  list the files that differ and fail (CI: scripts/test.sh)
# Generated and vendored files are left out (.prettierignore; *.inc tables).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-write}
cpp=$(git ls-files 'src/*.cpp' 'src/*.h' 'bindings/*.cpp' 'tests/cpp/*.cpp' 'tests/cpp/*.h' 'fuzz/*.cpp' 'tools/*.cpp')
js=$(git ls-files '*.js' '*.mjs' '*.cjs' | grep -v -e '^npm/lib/vendor/' -e '^tests/fixtures/' -e '^npm/dist/' || true)
prettier=tests/node_modules/.bin/prettier
[ -x "$prettier" ] || { echo "format: $prettier is missing (bash scripts/install-deps.sh)"; exit 2; }
if [ "$mode" = "--check" ]; then
  status=0
  bad=$(for f in $cpp; do clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
  if [ -n "$bad" ]; then
    echo "format: these C++ files differ from clang-format (bash scripts/format.sh):"
    echo "$bad" | sed 's/^/  /'
    status=1
  fi
  if ! out=$("$prettier" --list-different $js 2>&1); then
    echo "format: these JS files differ from prettier (bash scripts/format.sh):"
    echo "$out" | sed 's/^/  /'
    status=1
  fi
  [ $status -eq 0 ] && echo "format: $(echo $cpp | wc -w) C++ and $(echo $js | wc -w) JS files as formatted"
  exit $status
fi
clang-format -i $cpp
"$prettier" --write --log-level warn $js
