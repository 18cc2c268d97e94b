#include "normalize/text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace leadroster::text {

namespace {
#include "normalize/fold_table.inc"

// Length of an invisible Unicode space at the front of s (0 if none).
size_t invisibleSpaceAtFront(std::string_view s) {
  if (s.size() >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) return 2;
  if (s.size() >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
    return 3;
  if (s.size() >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x8B)
    return 3;
  return 0;
}
size_t invisibleSpaceAtBack(std::string_view s) {
  size_t n = s.size();
  if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0) return 2;
  if (n >= 3 && (unsigned char)s[n - 3] == 0xEF && (unsigned char)s[n - 2] == 0xBB && (unsigned char)s[n - 1] == 0xBF)
    return 3;
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 1] == 0x8B)
    return 3;
  return 0;
}
}  // namespace

std::string_view trim(std::string_view s) {
  // Fast path: both ends are visible ASCII (nothing to trim).
  if (!s.empty() && (unsigned char)s.front() > 0x20 && (unsigned char)s.front() < 0x7F &&
      (unsigned char)s.back() > 0x20 && (unsigned char)s.back() < 0x7F)
    return s;
  for (;;) {
    if (!s.empty() && isSpace(s.front())) {
      s.remove_prefix(1);
      continue;
    }
    size_t k = invisibleSpaceAtFront(s);
    if (k) {
      s.remove_prefix(k);
      continue;
    }
    break;
  }
  for (;;) {
    if (!s.empty() && isSpace(s.back())) {
      s.remove_suffix(1);
      continue;
    }
    size_t k = invisibleSpaceAtBack(s);
    if (k) {
      s.remove_suffix(k);
      continue;
    }
    break;
  }
  return s;
}

std::string toLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = toLower(c);
  return out;
}

std::string toUpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = toUpper(c);
  return out;
}

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
inline uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
}  // namespace

bool isValidUtf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    // ASCII runs 8 bytes at a time
    while (i + 8 <= n && (load8(s.data() + i) & kHigh) == 0) i += 8;
    if (i >= n) break;
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else
      return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = (unsigned char)s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

bool hasControlChar(std::string_view s) {
  size_t i = 0, n = s.size();
  // 8 bytes at a time: a byte < 0x20 or 0x7F flags the word (exactly, or with
  // a false alarm the byte loop below settles)
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load8(s.data() + i);
    uint64_t del = w ^ (kOnes * 0x7F);
    if ((((w - kOnes * 0x20) & ~w) | ((del - kOnes) & ~del)) & kHigh) break;
  }
  for (; i < n; ++i) {
    unsigned char u = (unsigned char)s[i];
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

bool hasSpaceOrControlChar(std::string_view s) {
  size_t i = 0, n = s.size();
  for (; i + 8 <= n; i += 8) {  // a byte <= 0x20 or 0x7F flags the word
    uint64_t w = load8(s.data() + i);
    uint64_t del = w ^ (kOnes * 0x7F);
    if ((((w - kOnes * 0x21) & ~w) | ((del - kOnes) & ~del)) & kHigh) return true;
  }
  for (; i < n; ++i) {
    unsigned char u = (unsigned char)s[i];
    if (u <= 0x20 || u == 0x7F) return true;
  }
  return false;
}

std::string quoteForMessage(std::string_view s) {
  std::string out = "\"";
  size_t limit = s.size() > 40 ? 40 : s.size();
  for (size_t i = 0; i < limit; ++i) {
    unsigned char u = (unsigned char)s[i];
    out += (u < 0x20 || u >= 0x7F) ? '?' : char(u);
  }
  if (s.size() > 40) out += "...";
  out += "\"";
  return out;
}

}  // namespace leadroster::text
