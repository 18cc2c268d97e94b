// The list of providers leadroster knows.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"
#include "result.h"

namespace leadroster {

// In registry order: magnetite, sendpilot, reached, sendkit, puffle.
const std::vector<const Provider*>& allProviders();
// nullptr when the id is unknown.
const Provider* findProvider(std::string_view id);
// The provider, or unknown_provider: "provider must be one of magnetite, ...;
// got \"x\"" (the list comes from the registry).
Result<const Provider*> requireProvider(std::string_view id);

}  // namespace leadroster
