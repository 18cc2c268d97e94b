// UUIDs, canonical lowercase 8-4-4-4-12.
//
// Accepted forms (after text::trim, any case), all giving the canonical
// lowercase dashed form:
//   6ba7b810-9dad-11d1-80b4-00c04fd430c8          dashed 8-4-4-4-12
//   6ba7b8109dad11d180b400c04fd430c8              32 hex digits, no dashes
//   {6ba7b810-9dad-11d1-80b4-00c04fd430c8}        Microsoft braces (either
//                                                 of the two forms above)
//   urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8 RFC 4122 URN
// Any version and variant is accepted, the nil UUID included. Dashes in other
// places, a missing or extra dash, or a lone brace are rejected.
#include "normalize/uuid.h"

#include "normalize/text.h"

namespace leadroster {

namespace {

Normalized fail(std::string msg) { return Normalized::failure(code::invalid_uuid, std::move(msg)); }

}  // namespace

Normalized normalizeUuid(std::string_view input) {
  std::string_view s = text::trim(input);
  if (s.empty()) return fail("uuid is empty");
  if (s.size() > 64) return fail("uuid is too long: a uuid is 32 hex digits");

  if (s.size() >= 9 && text::equalsIgnoreCase(s.substr(0, 9), "urn:uuid:")) s.remove_prefix(9);
  bool open = !s.empty() && s.front() == '{';
  bool close = !s.empty() && s.back() == '}';
  if (open != close) return fail("uuid has an unmatched brace");
  if (open) s = s.substr(1, s.size() - 2);

  std::string hex;
  hex.reserve(32);
  if (s.size() == 36) {
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      bool dashPlace = i == 8 || i == 13 || i == 18 || i == 23;
      if (dashPlace) {
        if (c != '-') return fail("uuid must be in the form 8-4-4-4-12 with dashes after hex digits 8, 12, 16 and 20");
        continue;
      }
      if (c == '-') return fail("uuid has a dash in the wrong place (the form is 8-4-4-4-12)");
      if (!text::isHex(c))
        return fail("uuid contains a character that is not a hex digit: " + text::quoteForMessage(s.substr(i, 1)));
      hex += text::toLower(c);
    }
  } else if (s.size() == 32) {
    for (char c : s) {
      if (!text::isHex(c))
        return fail("uuid contains a character that is not a hex digit: " +
                    text::quoteForMessage(std::string_view(&c, 1)));
      hex += text::toLower(c);
    }
  } else {
    return fail("uuid must be 32 hex digits, as 8-4-4-4-12 with dashes or without dashes");
  }

  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += hex[i];
  }
  return Normalized::success(std::move(out));
}

bool isHexId24(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s)
    if (!text::isHex(c)) return false;
  return true;
}

}  // namespace leadroster
