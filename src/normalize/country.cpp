#include "normalize/country.h"

#include <algorithm>
#include <array>

#include "normalize/text.h"

namespace leadroster {

namespace {
#include "normalize/country_table.inc"

constexpr std::string_view kKeys(kCountryKeys, sizeof kCountryKeys - 1);
static_assert(!kKeys.empty() && kKeys.back() == '\n', "every key ends with a newline");

// The alpha-2 code of a folded key, or nullptr: a binary search by bytes over
// kKeys, each entry a key then its two-letter code then '\n'.
const char* findCountry(std::string_view key) {
  size_t lo = 0, hi = kKeys.size();  // always at the start of an entry
  while (lo < hi) {
    size_t start = lo + (hi - lo) / 2;
    while (start > lo && kKeys[start - 1] != '\n') --start;
    size_t end = kKeys.find('\n', start);  // < hi: the entry before hi ends with '\n'
    int c = kKeys.substr(start, end - start - 2).compare(key);
    if (c == 0) return kKeys.data() + end - 2;
    if (c < 0)
      lo = end + 1;
    else
      hi = start;
  }
  return nullptr;
}
}  // namespace

namespace {
// The two-letter keys (ISO alpha-2 codes and a few others such as "uk"), by
// their letters: the common case needs no folding and no search.
const char* twoLetterKey(char a, char b) {
  static const auto table = [] {
    std::array<const char*, 26 * 26> t{};
    for (char x = 'a'; x <= 'z'; ++x)
      for (char y = 'a'; y <= 'z'; ++y) {
        const char key[2] = {x, y};
        t[size_t(x - 'a') * 26 + size_t(y - 'a')] = findCountry(std::string_view(key, 2));
      }
    return t;
  }();
  return table[size_t(text::toLower(a) - 'a') * 26 + size_t(text::toLower(b) - 'a')];
}
}  // namespace

Normalized normalizeCountry(std::string_view input) {
  std::string_view t = text::trim(input);
  if (t.size() == 2 && text::isAlpha(t[0]) && text::isAlpha(t[1])) {
    if (const char* a2 = twoLetterKey(t[0], t[1])) return Normalized::success(std::string(a2, 2));
  }
  // A column of country names repeats a few values: the last answers are kept
  // (by the input's bytes), so most rows skip the folding and the search.
  struct Recent {
    std::string input;
    const char* a2 = nullptr;
  };
  thread_local std::array<Recent, 16> recent;
  uint32_t h = uint32_t(t.size()) * 31u;
  for (char c : t) h = h * 131u + (unsigned char)c;
  Recent& slot = recent[(h ^ (h >> 7)) & 15];
  if (slot.a2 && text::sameBytes(slot.input, t)) return Normalized::success(std::string(slot.a2, 2));
  std::string key = text::foldKey(t);
  const char* a2 = key.empty() ? nullptr : findCountry(key);
  if (!a2 && key.size() > 3 && key.compare(0, 3, "the") == 0)
    a2 = findCountry(std::string_view(key).substr(3));  // "The Netherlands"
  if (!a2)
    return Normalized::failure(
        code::invalid_country,
        "country " + text::quoteForMessage(t) + " is not an ISO 3166 code or a country name leadroster knows");
  if (t.size() <= 64) {
    slot.input.assign(t.data(), t.size());
    slot.a2 = a2;
  }
  return Normalized::success(std::string(a2, 2));
}

}  // namespace leadroster
