// Company domains and free-mail detection.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

// A hostname from a website URL, a bare host or an email address: lowercased,
// without scheme, "www.", port, path, query or fragment; then validated.
// Error code: invalid_domain. Never throws.
Normalized normalizeDomain(std::string_view input);

// True for personal mailbox providers (gmail.com, yahoo.*, outlook.com ...).
// Accepts any case; expects a bare domain.
bool isFreeMailDomain(std::string_view domain);

}  // namespace leadroster
