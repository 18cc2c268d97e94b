// libFuzzer target: the JSON intake. Byte 0 picks the options (bits: foldGmail,
// emitBodies, batchSize 2, maxBodyBytes 400, channel linkedin, defaultCountry
// FR, a template, existing leads); the rest is given to every provider's
// Planner as a JSON array, then as NDJSON, then finish(); then to a Roster
// (add, patch, list, remove, launch) and a LeadValidator. Invariants: plan_checks.h.
#include "plan_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzcheck::abortOn(fuzzcheck::checkPlannerInput(data, size));
  return 0;
}
