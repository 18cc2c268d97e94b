// libFuzzer target: the engine's input path (src/input/input_planner.h: CSV
// reader -> header mapping -> lead_writer, the streaming JSON array reader,
// NDJSON lines) into the planner.
// Invariants:
//  1. no crash, no hang;
//  2. chunk-split invariance: the input fed whole, cut at two points taken
//     from the data, and (inputs up to 96 bytes) byte by byte gives the same
//     plan: the same rows' lines, the same invalid and duplicate rows (index,
//     status, line, duplicateOfLine), the same cells, the same fatal (code and
//     line) and, concatenated, the same request bodies; an input refused with
//     a fatal is refused with the same code and line, however cut;
//  3. every answer's head is JSON; a fatal stays (every later call answers it);
//  4. each row's line is >= 1 and within the input's lines, and lines never
//     go back.
// Inputs that are not UTF-8 (every caller refuses them first) are only run for crashes.
// The first input byte picks the format argument (detected, csv, json,
// ndjson), the provider and whether cells are kept.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "input_planner_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string broken = fuzzcheck::checkInputPlanner(data, size);
  if (!broken.empty()) {
    std::fprintf(stderr, "INVARIANT BROKEN: %s (input %zu bytes)\n", broken.c_str(), size);
    std::abort();
  }
  return 0;
}
