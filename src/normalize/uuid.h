// UUIDs, canonical lowercase 8-4-4-4-12.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

// Error code: invalid_uuid. Never throws.
Normalized normalizeUuid(std::string_view input);

// A 24-hex-digit id (SendKit's lead ids), any case.
bool isHexId24(std::string_view s);

}  // namespace leadroster
