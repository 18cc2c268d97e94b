// Campaign ids: checked once when options are read, percent-encoded where
// they go into a request path.
#pragma once
#include <string>
#include <string_view>

namespace leadroster {

// "" when `id` may be used as a campaign id; otherwise a message naming
// options.campaignId (code invalid_option, option campaignId). Refused:
// surrounding whitespace (it is an error, not silently kept or trimmed),
// control characters (C0, DEL, C1), invalid UTF-8, more than 200 bytes, and
// when the id goes into a path (`inPath`), the dot segments "." and "..".
std::string campaignIdProblem(std::string_view id, bool inPath);

// Appends `segment` percent-encoded as one RFC 3986 path segment: unreserved
// characters (ALPHA DIGIT - . _ ~) pass, every other byte is %XX (upper-case hex).
void appendPathSegment(std::string& out, std::string_view segment);

}  // namespace leadroster
