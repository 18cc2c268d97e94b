// Web URLs (a company website, a photo): http(s) with a valid host.
#pragma once
#include <string_view>
#include "result.h"

namespace leadroster {

// Trims; adds "https://" when no scheme is given; checks the scheme is http or
// https and the host is a valid domain. Error code: invalid_url. Never throws.
Normalized normalizeUrl(std::string_view input);

}  // namespace leadroster
