// Phone numbers to E.164, from compact metadata generated out of libphonenumber.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

// Normalizes to E.164 ("+<cc><national>"). defaultCountry is an ISO 3166
// alpha-2 code (any case) or empty. Error code: invalid_phone. Never throws.
Normalized normalizePhone(std::string_view input, std::string_view defaultCountry = {});

// True when `region` (any case) is an ISO 3166 alpha-2 code the phone metadata knows.
bool isKnownRegion(std::string_view region);

}  // namespace leadroster
