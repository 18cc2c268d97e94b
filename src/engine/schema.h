// The schema walk: each member of a row checked against the provider's field
// specs (type, length, format), normalized and stored in the lead to send.
#pragma once
#include <string>
#include <vector>

#include "engine/check_lead.h"
#include "json/json_reader.h"

namespace leadroster {

constexpr size_t kDefaultMaxLength = 2000;  // bytes, for string fields without their own limit

// Walks the top-level members of a row into check.lead; errors and warnings
// go to check. `region` is the default region of the row's phone.
void walkRow(const Provider& provider, const json::Member* members, size_t count, const std::string& region,
             LeadCheck& check);

}  // namespace leadroster
