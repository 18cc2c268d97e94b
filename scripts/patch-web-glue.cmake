# Copies the browser glue into the npm package without the one URL Emscripten
# computes itself: `new URL("leadroster-web.wasm", import.meta.url)` names a
# file the package does not ship (it ships dist/leadroster.wasm), makes
# bundlers that follow `new URL(..., import.meta.url)` (webpack 5) look for it,
# and throws where import.meta.url is undefined (workerd). The entry always
# passes locateFile, so that branch only has to name the shipped file.
# Usage: cmake -DIN=<leadroster-web.js> -DOUT=<npm/dist/leadroster-web.mjs> -P patch-web-glue.cmake
file(READ "${IN}" text)
# (minified at -O3, with a space after the comma at -O1)
set(url_expr "new URL\\(\"leadroster-web\\.wasm\", ?import\\.meta\\.url\\)\\.toString\\(\\)")
string(REGEX MATCH "${url_expr}" found "${text}")
if(NOT found)
  message(FATAL_ERROR "patch-web-glue: ${IN} no longer contains new URL(\"leadroster-web.wasm\",import.meta.url).toString(); check the Emscripten glue")
endif()
string(REGEX REPLACE "${url_expr}" "\"leadroster.wasm\"" text "${text}")
string(REPLACE "leadroster-web.wasm" "leadroster.wasm" text "${text}")
file(WRITE "${OUT}" "${text}")
