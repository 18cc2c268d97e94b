#include "normalize/country.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "normalize/text.h"

namespace leadroster {

namespace {
#include "normalize/country_table.inc"
}  // namespace

std::string foldKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (text::isAlnum(char(c))) out += text::toLower(char(c));
      continue;
    }
    // Two-byte UTF-8 letters U+00C0..U+024F: folded by the generated table.
    if (c >= 0xC3 && c <= 0xC9 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      auto it = std::lower_bound(std::begin(kFold2), std::end(kFold2), cp,
                                 [](const FoldEntry& e, unsigned v) { return e.codePoint < v; });
      if (it != std::end(kFold2) && it->codePoint == cp) {
        out += it->ascii;
        ++i;
        continue;
      }
    }
    // U+00A0 no-break space and other punctuation-like bytes of Latin-1: dropped.
    if (c == 0xC2 && i + 1 < s.size()) {
      ++i;
      continue;
    }
    out += char(c);
  }
  return out;
}

namespace {
// The two-letter keys (ISO alpha-2 codes and a few others such as "uk"), by
// their letters: the common case needs no folding and no search.
const char* twoLetterKey(char a, char b) {
  static const auto table = [] {
    std::array<const char*, 26 * 26> t{};
    for (const CountryKey& k : kCountryKeys)
      if (std::strlen(k.key) == 2 && k.key[0] >= 'a' && k.key[0] <= 'z' && k.key[1] >= 'a' && k.key[1] <= 'z')
        t[size_t(k.key[0] - 'a') * 26 + size_t(k.key[1] - 'a')] = k.alpha2;
    return t;
  }();
  return table[size_t(text::toLower(a) - 'a') * 26 + size_t(text::toLower(b) - 'a')];
}
}  // namespace

Normalized normalizeCountry(std::string_view input) {
  std::string_view t = text::trim(input);
  if (t.size() == 2 && text::isAlpha(t[0]) && text::isAlpha(t[1])) {
    if (const char* a2 = twoLetterKey(t[0], t[1])) return Normalized::success(a2);
  }
  std::string key = foldKey(t);
  auto find = [](const std::string& k) -> const char* {
    auto it = std::lower_bound(std::begin(kCountryKeys), std::end(kCountryKeys), k,
                               [](const CountryKey& e, const std::string& v) { return std::strcmp(e.key, v.c_str()) < 0; });
    return it != std::end(kCountryKeys) && k == it->key ? it->alpha2 : nullptr;
  };
  const char* a2 = key.empty() ? nullptr : find(key);
  if (!a2 && key.size() > 3 && key.compare(0, 3, "the") == 0) a2 = find(key.substr(3));  // "The Netherlands"
  if (!a2)
    return Normalized::failure(code::invalid_country,
                               "country " + text::quoteForMessage(t) +
                                   " is not an ISO 3166 code or a country name leadroster knows");
  return Normalized::success(a2);
}

}  // namespace leadroster
