// LinkedIn profile and company URLs.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

enum class LinkedInKind { Profile, Company };

struct [[nodiscard]] LinkedInResult : Normalized {
  using Normalized::Normalized;
  LinkedInKind kind = LinkedInKind::Profile;
};

// Canonical https://www.linkedin.com/in/<slug> or /company/<slug>.
// Error code: invalid_linkedin_url. Never throws.
LinkedInResult normalizeLinkedInUrl(std::string_view input);

namespace detail {
// The same without the one-pass path for common spellings: what that path
// must agree with (tests and the fuzzer compare the two).
LinkedInResult normalizeLinkedInUrlGeneral(std::string_view input);
}  // namespace detail

inline const char* kindName(LinkedInKind k) { return k == LinkedInKind::Profile ? "profile" : "company"; }

}  // namespace leadroster
