// The list of providers leadroster knows.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"
#include "result.h"

namespace leadroster {

// In registry order: magnetite, sendpilot, reached, sendkit, puffle, instantly, smartlead, lemlist.
const std::vector<const Provider*>& allProviders();
// A provider by its id: api/lookup.h (findProvider, requireProvider).

// What is wrong with a provider's description, one sentence each (empty: nothing).
// Checked by the test suite for every registered provider: a field without its
// one-line description, a path given twice, a dotted path whose parent is not an
// object field, an identity, dedup key or custom-field object that names no field
// of the table, a default batch outside 1..max, a missing hook.
std::vector<std::string> providerDefects(const Provider& p);

}  // namespace leadroster
