// The list of providers leadroster knows.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"

namespace leadroster {

// In registry order: magnetite, sendpilot, reached, sendkit, puffle.
const std::vector<const Provider*>& allProviders();
// nullptr when the id is unknown.
const Provider* findProvider(std::string_view id);
// "provider must be one of magnetite, ...; got \"x\"" (the list comes from the registry).
std::string unknownProviderMessage(std::string_view id);

}  // namespace leadroster
