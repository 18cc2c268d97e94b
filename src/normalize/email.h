// Email addresses: the value sent and the dedup key.
#pragma once
#include <string>
#include <string_view>
#include "result.h"

namespace leadroster {

struct [[nodiscard]] EmailResult : Normalized {
  using Normalized::Normalized;
  std::string domain;  // the part after '@' when ok
};

// Trims, lowercases the whole address and checks it the way providers do.
// Error code: invalid_email. Never throws.
EmailResult normalizeEmail(std::string_view input);

// The dedup key of an already-normalized address. With foldGmail, dots and a
// "+tag" in the local part of gmail.com / googlemail.com addresses are removed
// and googlemail.com becomes gmail.com; otherwise the address itself.
std::string emailDedupKey(std::string_view normalized, bool foldGmail);

}  // namespace leadroster
