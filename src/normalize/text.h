// Small text helpers shared by the normalizers: ASCII-only on purpose, so they
// behave the same on any input bytes (invalid UTF-8 included) and never throw.
#pragma once
#include <cstring>
#include <string>
#include <string_view>

namespace leadroster::text {

inline bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool isAlnum(char c) { return isDigit(c) || isAlpha(c); }
inline bool isHex(char c) {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline char toLower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
inline char toUpper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

// Trims ASCII whitespace and the UTF-8 encodings of U+00A0 (no-break space),
// U+FEFF (byte-order mark) and U+200B (zero-width space) from both ends.
std::string_view trim(std::string_view s);

// ASCII lowercase copy; bytes >= 0x80 are kept as they are.
std::string toLowerAscii(std::string_view s);
// ASCII uppercase copy.
std::string toUpperAscii(std::string_view s);

inline bool startsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}
inline bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
// a == b for short strings (field names, keys), 8 bytes a step: in
// WebAssembly the library's memcmp is a byte loop behind a call, and
// comparing keys was 8% of the engine's time there.
inline bool sameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t n = a.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    unsigned long long x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}
// Case-insensitive (ASCII) comparison.
inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (toLower(a[i]) != toLower(b[i])) return false;
  return true;
}

// True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view s);
// True when s contains an ASCII control character (0x00-0x1F or 0x7F).
bool hasControlChar(std::string_view s);
// Whether s has a byte <= 0x20 (space or C0 control) or 0x7F (SWAR, 8 bytes a step).
bool hasSpaceOrControlChar(std::string_view s);
// s.find_first_of(set) for a set of a few characters, without the library's
// memchr call per byte of s.
inline size_t findAny(std::string_view s, std::string_view set, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i)
    for (char d : set)
      if (s[i] == d) return i;
  return std::string_view::npos;
}

// A short, printable, quoted excerpt of s for error messages: at most 40 bytes,
// control characters and invalid UTF-8 shown as '?'.
std::string quoteForMessage(std::string_view s);

}  // namespace leadroster::text
