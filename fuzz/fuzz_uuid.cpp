// libFuzzer target: the uuid normalizer on any bytes, with its invariants
// (see normalizer_checks.h). Build: cmake -DLEADROSTER_FUZZ=ON; run: scripts/fuzz.sh.
#include "normalizer_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzcheck::abortOn(fuzzcheck::checkUuid(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
