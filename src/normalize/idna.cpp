// Internationalized domain names: UTS #46 processing (ToASCII,
// non-transitional) from Unicode's own data, generated into
// src/normalize/idna_tables.inc by scripts/gen-idna-tables.js (the IDNA
// mapping table and General_Category=Mark of the npm package tr46, the NFC
// data of the ICU Node runs, the one tr46 normalizes with):
//  1. Map: every code point by the IDNA mapping table (mapped, valid,
//     deviation kept as is, ignored deleted; a disallowed one refuses the
//     host). U+3002, U+FF0E and U+FF61 map to '.'; in email addresses
//     (mapDots false) anything that maps to a '.' is refused instead (an
//     address is not rewritten beyond its IDN form).
//  2. Normalize to NFC (canonical decomposition, reordering by combining
//     class, canonical composition, Hangul included).
//  3. Split into labels and check each as UTS #46 does with CheckHyphens and
//     UseSTD3ASCIIRules: NFC, no "--" in places 3-4, no '-' first or last,
//     not starting with a combining mark (General_Category=Mark), every code
//     point valid (or a deviation), ASCII only [a-z0-9-]. An "xn--" label is
//     decoded (it must be valid punycode of non-ASCII text) and its Unicode
//     form checked the same way; it is kept as written (lowercased).
//  4. Punycode-encode each non-ASCII label.
// What is not implemented, and refused or left out instead:
//  - CheckJoiners (CONTEXTJ): ZWJ and ZWNJ (deviations) are refused wherever
//    they are, rather than allowed after a virama or between joining letters.
//  - CheckBidi and the CONTEXTO rules are not checked (tr46's default too).
//  - IDNA2008 on top: the symbols and punctuation UTS #46 leaves valid (its
//    NV8 code points: emoji, U+2603, U+00A9 ...) are refused, taken as the
//    valid code points outside General_Category L, M and Nd less RFC 5892's
//    exceptions (the generator marks them).
//  - Lengths (VerifyDnsLength) are left to the caller's hostname rules.
// tests/js/differential-idna.test.js compares this with tr46 on a corpus.
#include "normalize/idna.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "normalize/text.h"

namespace leadroster {

namespace {

constexpr uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72, kInitialN = 128,
                   kMaxInt = 0xFFFFFFFFu;

uint32_t adapt(uint32_t delta, uint32_t numPoints, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / numPoints;
  uint32_t k = 0;
  while (delta > ((kBase - kTmin) * kTmax) / 2) {
    delta /= kBase - kTmin;
    k += kBase;
  }
  return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}

char encodeDigit(uint32_t d) { return char(d < 26 ? 'a' + d : '0' + (d - 26)); }

uint32_t decodeDigit(char c) {
  if (c >= '0' && c <= '9') return uint32_t(c - '0' + 26);
  if (c >= 'a' && c <= 'z') return uint32_t(c - 'a');
  if (c >= 'A' && c <= 'Z') return uint32_t(c - 'A');
  return kBase;
}

uint32_t threshold(uint32_t k, uint32_t bias) { return k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias; }

std::string codePointName(char32_t cp) {
  static const char* hex = "0123456789ABCDEF";
  std::string digits;
  for (int shift = 20; shift >= 0; shift -= 4) {
    unsigned d = (cp >> shift) & 0xF;
    if (digits.empty() && d == 0 && shift > 12) continue;
    digits += hex[d];
  }
  return "U+" + digits;
}

bool isAscii(const std::u32string& s) {
  for (char32_t c : s)
    if (c >= 0x80) return false;
  return true;
}

#include "normalize/idna_tables.inc"

template <class T, size_t N>
constexpr size_t countOf(const T (&)[N]) {
  return N;
}

// The tables idna_tables.inc stores delta-coded (LEB128), decoded once into
// the layout the lookups read: segment start | kind << 21; combining class
// range start | (length - 1) << 21; mark ranges as [first, last] pairs.
struct RangeTables {
  std::vector<uint32_t> segStart, cccStart, marks;
};

uint32_t readLeb(const unsigned char*& p) {
  uint32_t v = 0;
  for (int shift = 0;; shift += 7) {
    unsigned char b = *p++;
    v |= uint32_t(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
}

const RangeTables& rangeTables() {
  static const RangeTables t = [] {
    RangeTables r;
    const unsigned char* p = kIdnaSegStartCoded;
    uint32_t at = 0;
    for (unsigned i = 0; i < kIdnaSegCount; ++i) r.segStart.push_back((at += readLeb(p)) | kIdnaSegKind[i] << 21);
    p = kCccCoded, at = 0;
    for (unsigned i = 0; i < kCccCount; ++i) {
      at += readLeb(p);
      r.cccStart.push_back(at | readLeb(p) << 21);
    }
    p = kMarkCoded, at = 0;
    for (unsigned i = 0; i < kMarkCount; ++i) {
      at += readLeb(p);
      r.marks.push_back(at);
      r.marks.push_back(at += readLeb(p));
    }
    return r;
  }();
  return t;
}

// ---- the IDNA mapping table ----
enum class Status { Valid, Disallowed, Ignored, Mapped, Symbol };

// The status of cp; for a mapped one its mapping is appended to `out`.
Status lookup(char32_t cp, std::u32string* out) {
  if (cp < 0x80) {  // ASCII: upper case mapped, the rest valid (STD3 is checked on labels)
    if (cp >= 'A' && cp <= 'Z') {
      if (out) *out += cp + 0x20;
      return Status::Mapped;
    }
    return Status::Valid;
  }
  if (cp > 0x10FFFF) return Status::Disallowed;
  // The last segment starting at or before cp.
  const std::vector<uint32_t>& kIdnaSegStart = rangeTables().segStart;
  size_t lo = 0, hi = kIdnaSegStart.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if ((kIdnaSegStart[mid] & 0x1FFFFF) <= cp)
      lo = mid;
    else
      hi = mid;
  }
  const char32_t start = kIdnaSegStart[lo] & 0x1FFFFF;
  const int32_t payload = kIdnaSegPayload[lo];
  switch (kIdnaSegStart[lo] >> 21) {
    case kValid: return Status::Valid;
    case kIgnored: return Status::Ignored;
    case kDelta:
      if (out) *out += char32_t(int32_t(cp) + payload);
      return Status::Mapped;
    case kAlternate:
      if ((cp - start) & 1) return Status::Valid;
      if (out) *out += char32_t(int32_t(cp) + payload);
      return Status::Mapped;
    case kStrings: {
      size_t at = size_t(payload);
      for (char32_t k = start; k < cp; ++k) at += 1 + kIdnaPool[at];
      if (out) {
        std::string_view utf8(reinterpret_cast<const char*>(kIdnaPool + at + 1), kIdnaPool[at]);
        for (size_t i = 0; i < utf8.size();) {
          char32_t c = 0;
          size_t len = decodeUtf8(utf8, i, c);
          *out += c;
          i += len ? len : 1;
        }
      }
      return Status::Mapped;
    }
    case kSymbol: return Status::Symbol;
    default: return Status::Disallowed;
  }
}

bool isValidCodePoint(char32_t cp) { return lookup(cp, nullptr) == Status::Valid; }

bool isMark(char32_t cp) {
  const std::vector<uint32_t>& kMarkRanges = rangeTables().marks;
  size_t lo = 0, hi = kMarkRanges.size() / 2;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kMarkRanges[2 * mid + 1] < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < kMarkRanges.size() / 2 && kMarkRanges[2 * lo] <= cp;
}

// ---- NFC ----
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

// The order of cp's canonical combining class (0 for a starter).
unsigned cccRank(char32_t cp) {
  if (cp < 0x300) return 0;
  const std::vector<uint32_t>& kCccStart = rangeTables().cccStart;
  size_t lo = 0, hi = kCccStart.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if ((kCccStart[mid] & 0x1FFFFF) <= cp)
      lo = mid;
    else
      hi = mid;
  }
  char32_t start = kCccStart[lo] & 0x1FFFFF;
  return cp >= start && cp <= start + (kCccStart[lo] >> 21) ? kCccRank[lo] : 0;
}

char32_t decField(uint64_t w, int shift) { return char32_t((w >> shift) & 0x1FFFFF); }

// The one-level canonical decomposition of cp: its index in kNfcDecomp, or -1.
long findDecomp(char32_t cp) {
  size_t lo = 0, hi = countOf(kNfcDecomp);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (decField(kNfcDecomp[mid], 0) < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < countOf(kNfcDecomp) && decField(kNfcDecomp[lo], 0) == cp ? long(lo) : -1;
}

void decompose(char32_t cp, std::u32string& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    char32_t s = cp - kSBase;
    out += kLBase + s / kNCount;
    out += kVBase + (s % kNCount) / kTCount;
    if (s % kTCount) out += kTBase + s % kTCount;
    return;
  }
  long k = findDecomp(cp);
  if (k < 0) {
    out += cp;
    return;
  }
  decompose(decField(kNfcDecomp[size_t(k)], 21), out);
  out += decField(kNfcDecomp[size_t(k)], 42);
}

// The primary composite of (a, b), or 0.
char32_t compose(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  // (X, m) -> c for the entries that compose, sorted once by (X, m).
  static const std::vector<uint64_t> byPair = [] {
    std::vector<uint64_t> v;
    for (uint64_t w : kNfcDecomp)
      if (w >> 63) v.push_back(w);
    std::sort(v.begin(), v.end(), [](uint64_t x, uint64_t y) {
      return std::make_pair(decField(x, 21), decField(x, 42)) < std::make_pair(decField(y, 21), decField(y, 42));
    });
    return v;
  }();
  auto it = std::lower_bound(byPair.begin(), byPair.end(), std::make_pair(a, b),
                             [](uint64_t w, std::pair<char32_t, char32_t> key) {
                               return std::make_pair(decField(w, 21), decField(w, 42)) < key;
                             });
  if (it != byPair.end() && decField(*it, 21) == a && decField(*it, 42) == b) return decField(*it, 0);
  return 0;
}

std::u32string toNfc(const std::u32string& in) {
  std::u32string d;
  d.reserve(in.size() + 4);
  for (char32_t c : in) decompose(c, d);
  // Canonical order: marks of a run sorted (stably) by combining class.
  for (size_t i = 1; i < d.size(); ++i) {
    unsigned r = cccRank(d[i]);
    if (r == 0) continue;
    for (size_t j = i; j > 0; --j) {
      unsigned p = cccRank(d[j - 1]);
      if (p <= r) break;
      std::swap(d[j - 1], d[j]);
    }
  }
  if (d.empty()) return d;
  // Canonical composition (UAX #15).
  size_t starter = 0, out = 1;
  unsigned last = cccRank(d[0]) ? 256 : 0;
  for (size_t i = 1; i < d.size(); ++i) {
    char32_t c = d[i];
    unsigned r = cccRank(c);
    char32_t composite = last != 256 ? compose(d[starter], c) : 0;
    if (composite && (last < r || last == 0)) {
      d[starter] = composite;
      continue;
    }
    if (r == 0) starter = out;
    last = r;
    d[out++] = c;
  }
  d.resize(out);
  return d;
}

// "" when a label's Unicode form (NFC already, for a mapped label) passes the
// UTS #46 checks; else the reason.
std::string labelProblem(const std::u32string& label, const std::string& what, std::string_view shown) {
  if (toNfc(label) != label) return what + " label " + std::string(shown) + " is not in Unicode normal form C";
  if (label.size() >= 4 && label[2] == U'-' && label[3] == U'-')
    return what + " label " + std::string(shown) + " has \"--\" in its third and fourth places";
  if (label.front() == U'-') return what + " label " + std::string(shown) + " starts with '-'";
  if (label.back() == U'-') return what + " label " + std::string(shown) + " ends with '-'";
  if (isMark(label.front())) return what + " has a label that starts with a combining mark";
  for (char32_t c : label) {
    if (c == 0x200C || c == 0x200D)
      return what + " contains a zero-width joiner or non-joiner (" + codePointName(c) + "), which is not supported";
    if (c < 0x80) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        return what + " contains the character '" + std::string(1, char(c)) + "', which is not allowed in a hostname";
    } else if (!isValidCodePoint(c)) {
      return what + " contains the character " + codePointName(c) + ", which is not allowed in a domain name";
    }
  }
  return "";
}

std::string utf8Of(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80)
      out += char(c);
    else if (c < 0x800) {
      out += char(0xC0 | (c >> 6));
      out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += char(0xE0 | (c >> 12));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    } else {
      out += char(0xF0 | (c >> 18));
      out += char(0x80 | ((c >> 12) & 0x3F));
      out += char(0x80 | ((c >> 6) & 0x3F));
      out += char(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

// Decodes one UTF-8 code point at s[i]; 0 when the bytes are not well-formed.
size_t decodeUtf8(std::string_view s, size_t i, char32_t& cp) {
  unsigned char c = (unsigned char)s[i];
  size_t len;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
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
    return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = (unsigned char)s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool punycodeEncode(const std::u32string& input, std::string& out) {
  out.clear();
  for (char32_t c : input)
    if (c < 0x80) out += char(c);
  uint32_t h = uint32_t(out.size()), b = h;
  if (b > 0) out += '-';
  uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  while (h < input.size()) {
    uint32_t m = kMaxInt;
    for (char32_t c : input)
      if (c >= n && c < m) m = c;
    if ((m - n) > (kMaxInt - delta) / (h + 1)) return false;
    delta += (m - n) * (h + 1);
    n = m;
    for (char32_t c : input) {
      if (c < n && ++delta == 0) return false;
      if (c == n) {
        uint32_t q = delta;
        for (uint32_t k = kBase;; k += kBase) {
          uint32_t t = threshold(k, bias);
          if (q < t) break;
          out += encodeDigit(t + (q - t) % (kBase - t));
          q = (q - t) / (kBase - t);
        }
        out += encodeDigit(q);
        bias = adapt(delta, h + 1, h == b);
        delta = 0;
        ++h;
      }
    }
    ++delta;
    ++n;
  }
  return true;
}

bool punycodeDecode(std::string_view input, std::u32string& out) {
  out.clear();
  size_t b = input.rfind('-');
  if (b == std::string_view::npos) b = 0;
  for (size_t j = 0; j < b; ++j) {
    if ((unsigned char)input[j] >= 0x80) return false;
    out += char32_t(text::toLower(input[j]));
  }
  uint32_t n = kInitialN, i = 0, bias = kInitialBias;
  for (size_t pos = b > 0 ? b + 1 : 0; pos < input.size();) {
    uint32_t oldi = i, w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (pos >= input.size()) return false;
      uint32_t digit = decodeDigit(input[pos++]);
      if (digit >= kBase) return false;
      if (digit > (kMaxInt - i) / w) return false;
      i += digit * w;
      uint32_t t = threshold(k, bias);
      if (digit < t) break;
      if (w > kMaxInt / (kBase - t)) return false;
      w *= kBase - t;
    }
    uint32_t len = uint32_t(out.size()) + 1;
    bias = adapt(i - oldi, len, oldi == 0);
    if (i / len > kMaxInt - n) return false;
    n += i / len;
    i %= len;
    if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF) || n < 0x80) return false;
    out.insert(out.begin() + i, char32_t(n));
    ++i;
  }
  return true;
}

bool mayBeIdn(std::string_view host) {
  for (char c : host)
    if ((unsigned char)c >= 0x80) return true;
  for (size_t at = host.find("xn--"); at != std::string_view::npos; at = host.find("xn--", at + 1))
    if (at == 0 || host[at - 1] == '.') return true;
  return false;
}

std::string toAsciiHost(std::string_view host, std::string_view whatView, std::string& out, bool mapDots) {
  const std::string what(whatView);
  out.clear();
  // 1. Map the whole host (dots included: U+3002 and its kin become '.').
  std::u32string mapped;
  for (size_t i = 0; i < host.size();) {
    char32_t cp = 0;
    size_t len = decodeUtf8(host, i, cp);
    if (len == 0) return what + " contains bytes that are not valid UTF-8";
    size_t before = mapped.size();
    switch (lookup(cp, &mapped)) {
      case Status::Valid: mapped += cp; break;
      case Status::Ignored: break;
      case Status::Mapped:
        if (!mapDots && cp >= 0x80 && mapped.find(U'.', before) != std::u32string::npos)
          return what + " contains " + codePointName(cp) + ", which stands for a full stop; write '.' between labels";
        break;
      case Status::Disallowed:
        return what + " contains the character " + codePointName(cp) + ", which is not allowed in a domain name";
      case Status::Symbol:
        return what + " contains the symbol or punctuation " + codePointName(cp) +
               ", which IDNA2008 does not allow in a domain name";
    }
    i += len;
  }
  // 2. NFC.
  mapped = toNfc(mapped);
  // 3, 4. Each label checked; non-ASCII ones punycode-encoded, "xn--" ones decoded and checked.
  size_t start = 0;
  while (start <= mapped.size()) {
    size_t dot = mapped.find(U'.', start);
    if (dot == std::u32string::npos) dot = mapped.size();
    std::u32string label = mapped.substr(start, dot - start);
    if (start > 0) out += '.';
    start = dot + 1;
    if (label.empty()) continue;  // empty labels: the caller's hostname rules name them
    if (isAscii(label)) {
      std::string ascii(label.begin(), label.end());
      if (text::startsWith(ascii, "xn--")) {
        std::u32string decoded;
        const std::string shown = text::quoteForMessage(ascii);
        if (!punycodeDecode(std::string_view(ascii).substr(4), decoded) || decoded.empty() || isAscii(decoded))
          return what + " label " + shown + " is not valid punycode for an internationalized name";
        std::string why = labelProblem(decoded, what, shown);
        if (!why.empty()) return why;
      } else {
        std::string why = labelProblem(label, what, text::quoteForMessage(ascii));
        if (!why.empty()) return why;
      }
      out += ascii;
      continue;
    }
    std::string why = labelProblem(label, what, text::quoteForMessage(utf8Of(label)));
    if (!why.empty()) return why;
    std::string encoded;
    if (!punycodeEncode(label, encoded)) return what + " has a label too long to encode";
    out += "xn--";
    out += encoded;
  }
  return "";
}

}  // namespace leadroster
