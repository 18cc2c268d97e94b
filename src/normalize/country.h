// Country values to ISO 3166 alpha-2: alpha-2 in any case, alpha-3, English
// names and common forms ("United States", "USA", "U.S.", "UK", "Great Britain",
// "Deutschland"). The table is generated from Debian's iso-codes by
// scripts/gen-countries.py (country_table.inc).
#pragma once
#include <string>
#include <string_view>

#include "result.h"

namespace leadroster {

// {ok, value: "US"} or {code: invalid_country, message}. Never throws.
Normalized normalizeCountry(std::string_view input);

}  // namespace leadroster
