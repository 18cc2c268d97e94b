// UUIDs, canonical lowercase 8-4-4-4-12.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

// Error code: invalid_uuid. Never throws.
Normalized normalizeUuid(std::string_view input);

}  // namespace leadroster
