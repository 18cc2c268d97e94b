// The API calls in src/api/ and the providers' answer readers (src/providers/)
// run once per call (a provider description, a header row, one HTTP answer),
// never once per lead. Under -O3 the inlined nlohmann::json construction made
// several of them 10-34 KB of WebAssembly each; between these two macros clang
// optimizes every function for size (minsize) instead. Other compilers, and the
// engine's per-lead code, are left as they are.
#pragma once

#if defined(__clang__)
#define LEADROSTER_COLD_CODE_BEGIN _Pragma("clang attribute push(__attribute__((minsize)), apply_to = function)")
#define LEADROSTER_COLD_CODE_END _Pragma("clang attribute pop")
#else
#define LEADROSTER_COLD_CODE_BEGIN
#define LEADROSTER_COLD_CODE_END
#endif
