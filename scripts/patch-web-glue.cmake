# Copies the browser glue into the npm package without the one URL Emscripten
# computes itself: `new URL("leadroster-web.wasm", import.meta.url)` names a
# file the package does not ship (it ships dist/leadroster.wasm), makes
# bundlers that follow `new URL(..., import.meta.url)` (webpack 5) look for it,
# and throws where import.meta.url is undefined (workerd). The entry always
# passes locateFile, so that branch only has to name the shipped file.
# Usage: cmake -DIN=<leadroster-web.js> -DOUT=<npm/dist/leadroster-web.mjs> -P patch-web-glue.cmake
file(READ "${IN}" text)
set(url_expr "new URL(\"leadroster-web.wasm\",import.meta.url).toString()")
string(FIND "${text}" "${url_expr}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "patch-web-glue: ${IN} no longer contains ${url_expr}; check the Emscripten glue")
endif()
string(REPLACE "${url_expr}" "\"leadroster.wasm\"" text "${text}")
string(REPLACE "leadroster-web.wasm" "leadroster.wasm" text "${text}")
file(WRITE "${OUT}" "${text}")
