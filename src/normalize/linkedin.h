// LinkedIn profile and company URLs.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

enum class LinkedInKind { Profile, Company };

struct LinkedInResult : Normalized {
  LinkedInKind kind = LinkedInKind::Profile;
};

// Canonical https://www.linkedin.com/in/<slug> or /company/<slug>.
// Error code: invalid_linkedin_url. Never throws.
LinkedInResult normalizeLinkedInUrl(std::string_view input);

inline const char* kindName(LinkedInKind k) {
  return k == LinkedInKind::Profile ? "profile" : "company";
}

}  // namespace leadroster
