// libFuzzer target: the span JSON reader (src/json/json_reader.cpp) against
// nlohmann/json on the same bytes, plus the writer and intake's array split
// on what both accept. Invariants: json_reader_checks.h.
#include "json_reader_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzcheck::abortOn(fuzzcheck::checkJsonReader(std::string_view(reinterpret_cast<const char*>(data), size)));
  return 0;
}
