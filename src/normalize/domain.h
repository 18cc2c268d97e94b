// Company domains and free-mail detection.
#pragma once
#include <string>
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

namespace detail {
// Shared by normalizeDomain and normalizeEmail. `host` must already be
// lowercase. Returns "" when host is a valid public hostname (1..253 bytes,
// at least two labels of 1..63 [a-z0-9-] not starting or ending with '-',
// top-level domain of 2+ letters, or "xn--" punycode of 2+ letters); otherwise a reason in
// plain words starting with `what` (e.g. "email domain", "domain").
std::string hostnameProblem(std::string_view host, std::string_view what);
}  // namespace detail

}  // namespace leadroster
