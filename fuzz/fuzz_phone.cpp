// libFuzzer target: normalizePhone. Byte 0 picks the default country (0: none,
// 1..0xEF: one of the known regions, 0xF0..0xFF: the next two bytes taken raw);
// the rest is the number. Invariants: see normalizer_checks.h.
#include "normalizer_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzcheck::abortOn(fuzzcheck::checkPhoneInput(data, size));
  return 0;
}
