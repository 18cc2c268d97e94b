// Internationalized domain names.
//
// The UTS #46 subset (ToASCII, non-transitional, UseSTD3ASCIIRules), chosen
// for the hosts of emails and websites; written out here rather than generated
// from the full IdnaMappingTable, to keep the engine small:
//  - Mapped: ASCII upper case; the upper case of Latin-1, Latin Extended-A,
//    the regular pairs of Latin Extended-B (Pinyin, Romanian s/t with comma)
//    and Latin Extended Additional (Vietnamese), Greek (with tonos forms) and
//    the Greek Extended capitals, Cyrillic (with its supplement and
//    Extended-B pairs), Armenian and Georgian; U+0130 to "i" + U+0307,
//    U+017F to "s", U+1E9E to "ss", U+00AA/U+00BA/U+00B2/U+00B3/U+00B9/U+00B5
//    as UTS #46 maps them; fullwidth ASCII to ASCII; U+3002, U+FF0E, U+FF61
//    to a dot in website hosts (in email addresses they are refused: an
//    address is not rewritten beyond its IDN form). ß and final sigma stay
//    (non-transitional).
//  - Ignored (deleted): soft hyphen, zero-width space, word joiner, BOM,
//    variation selectors.
//  - Refused (the address or host is invalid): C1 controls, spaces, Latin-1
//    symbols, the General Punctuation to Miscellaneous Symbols blocks
//    (U+2000-U+2BFF), CJK punctuation and compatibility forms, private use,
//    noncharacters, symbols and emoji (U+1F000-U+1FFFF), tags, presentation
//    forms and compatibility characters UTS #46 would map (ligatures,
//    mathematical alphanumerics, enclosed and letterlike forms), ZWJ/ZWNJ
//    (CONTEXTJ is not checked), and decomposed accents (U+0300-U+036F):
//    leadroster does not implement NFC, so "u" + U+0308 is refused rather than
//    encoded differently from "ü". A label may not start with a combining mark.
//  - Everything else (the letters of other scripts: CJK, Arabic, Hebrew,
//    Indic, Thai, Hangul, Kana ...) passes as written. The Bidi rule and the
//    CONTEXTO rules are not checked.
//  - An "xn--" label must be valid punycode that decodes to non-ASCII text
//    this mapping leaves unchanged; it is kept (lowercased) as written.
#include "normalize/idna.h"

#include <cstdint>

#include "normalize/text.h"

namespace leadroster {

namespace {

constexpr uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72,
                   kInitialN = 128, kMaxInt = 0xFFFFFFFFu;

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

uint32_t threshold(uint32_t k, uint32_t bias) {
  return k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
}


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

bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// Upper case of a range of alternating pairs (upper at even or odd offsets).
bool pair(char32_t cp, char32_t lo, char32_t hi, bool upperEven, std::u32string& out) {
  if (!in(cp, lo, hi)) return false;
  bool even = (cp & 1) == 0;
  out += (even == upperEven) ? cp + 1 : cp;
  return true;
}

bool isCombiningMark(char32_t cp) {
  return in(cp, 0x300, 0x36F) || in(cp, 0x483, 0x489) || in(cp, 0x591, 0x5BD) || in(cp, 0x610, 0x61A) ||
         in(cp, 0x64B, 0x65F) || in(cp, 0x900, 0x903) || in(cp, 0x93A, 0x94F) || in(cp, 0xE31, 0xE31) ||
         in(cp, 0xE34, 0xE3A) || in(cp, 0xE47, 0xE4E) || in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF) ||
         in(cp, 0x20D0, 0x20FF) || in(cp, 0xFE20, 0xFE2F);
}

enum class Map { Ok, Disallowed, Decomposed };

// Appends the UTS #46 mapping (subset) of one code point.
Map mapCodePoint(char32_t cp, std::u32string& out) {
  if (cp < 0x80) {
    out += (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
    return Map::Ok;
  }
  if (cp < 0x100) {
    switch (cp) {
      case 0xAA: out += U'a'; return Map::Ok;
      case 0xBA: out += U'o'; return Map::Ok;
      case 0xB2: out += U'2'; return Map::Ok;
      case 0xB3: out += U'3'; return Map::Ok;
      case 0xB9: out += U'1'; return Map::Ok;
      case 0xB5: out += char32_t(0x3BC); return Map::Ok;
      case 0xAD: return Map::Ok;  // soft hyphen: ignored
      case 0xD7: case 0xF7: return Map::Disallowed;
      default: break;
    }
    if (cp < 0xC0) return Map::Disallowed;  // C1 controls, no-break space, Latin-1 symbols
    out += (cp <= 0xDE && cp != 0xDF) ? cp + 0x20 : cp;
    return Map::Ok;
  }
  if (cp < 0x180) {  // Latin Extended-A
    switch (cp) {
      case 0x130: out += U'i'; out += char32_t(0x307); return Map::Ok;
      case 0x131: case 0x138: out += cp; return Map::Ok;
      case 0x132: case 0x133: out += U"ij"; return Map::Ok;
      case 0x149: return Map::Disallowed;
      case 0x178: out += char32_t(0xFF); return Map::Ok;
      case 0x17F: out += U's'; return Map::Ok;
      default: break;
    }
    if (pair(cp, 0x100, 0x137, true, out) || pair(cp, 0x139, 0x148, false, out) ||
        pair(cp, 0x14A, 0x177, true, out) || pair(cp, 0x179, 0x17E, false, out))
      return Map::Ok;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x250) {  // Latin Extended-B: its regular pairs
    if (in(cp, 0x1C4, 0x1CC) || in(cp, 0x1F1, 0x1F3)) return Map::Disallowed;  // digraphs (compatibility)
    if (cp == 0x1F4) { out += char32_t(0x1F5); return Map::Ok; }
    if (pair(cp, 0x1CD, 0x1DC, false, out) || pair(cp, 0x1DE, 0x1EF, true, out) ||
        pair(cp, 0x1F8, 0x21F, true, out) || pair(cp, 0x222, 0x233, true, out))
      return Map::Ok;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x300) {  // IPA, spacing modifier letters
    if (in(cp, 0x2B0, 0x2B8) || in(cp, 0x2D8, 0x2DD) || in(cp, 0x2E0, 0x2E4)) return Map::Disallowed;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x370) return Map::Decomposed;
  if (cp < 0x400) {  // Greek and Coptic
    switch (cp) {
      case 0x386: out += char32_t(0x3AC); return Map::Ok;
      case 0x38C: out += char32_t(0x3CC); return Map::Ok;
      case 0x3CF: out += char32_t(0x3D7); return Map::Ok;
      case 0x3F7: out += char32_t(0x3F8); return Map::Ok;
      case 0x3FA: out += char32_t(0x3FB); return Map::Ok;
      case 0x374: case 0x375: case 0x37A: case 0x37E: case 0x37F: case 0x384: case 0x385: case 0x387:
      case 0x3F9:
        return Map::Disallowed;
      default: break;
    }
    if (in(cp, 0x388, 0x38A)) { out += cp + 0x25; return Map::Ok; }
    if (in(cp, 0x38E, 0x38F)) { out += cp + 0x3F; return Map::Ok; }
    if (in(cp, 0x391, 0x3AB) && cp != 0x3A2) { out += cp + 0x20; return Map::Ok; }
    if (in(cp, 0x3D0, 0x3D6) || in(cp, 0x3F0, 0x3F6) || in(cp, 0x3FD, 0x3FF)) return Map::Disallowed;
    if (pair(cp, 0x370, 0x373, true, out) || pair(cp, 0x376, 0x377, true, out) ||
        pair(cp, 0x3D8, 0x3EF, true, out))
      return Map::Ok;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x530) {  // Cyrillic and its supplement
    if (cp < 0x410) { out += cp + 0x50; return Map::Ok; }
    if (cp < 0x430) { out += cp + 0x20; return Map::Ok; }
    if (cp == 0x482 || cp == 0x488 || cp == 0x489) return Map::Disallowed;
    if (cp == 0x4C0) { out += char32_t(0x4CF); return Map::Ok; }
    if (pair(cp, 0x460, 0x481, true, out) || pair(cp, 0x48A, 0x4BF, true, out) ||
        pair(cp, 0x4C1, 0x4CE, false, out) || pair(cp, 0x4D0, 0x52F, true, out))
      return Map::Ok;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x590) {  // Armenian
    if (in(cp, 0x531, 0x556)) { out += cp + 0x30; return Map::Ok; }
    if (in(cp, 0x55A, 0x55F) || cp == 0x589 || cp == 0x58A) return Map::Disallowed;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x900) {  // Hebrew, Arabic, Syriac, Thaana ...: punctuation and format characters refused
    if (cp == 0x5BE || cp == 0x5C0 || cp == 0x5C3 || cp == 0x5C6 || in(cp, 0x600, 0x605) || cp == 0x60C ||
        cp == 0x61B || cp == 0x61C || cp == 0x61F || in(cp, 0x66A, 0x66D) || cp == 0x6D4 || cp == 0x6DD ||
        in(cp, 0x700, 0x70F))
      return Map::Disallowed;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x1E00) {
    if (cp == 0x964 || cp == 0x965 || cp == 0x970 || cp == 0xE3F || cp == 0xE4F || cp == 0xE5A ||
        cp == 0xE5B || cp == 0x10FB || cp == 0x10FC || in(cp, 0x1680, 0x1680) || in(cp, 0x1800, 0x180F) ||
        in(cp, 0x1D2C, 0x1D6A) || in(cp, 0x1D78, 0x1D78) || in(cp, 0x1D9B, 0x1DBF))
      return Map::Disallowed;  // punctuation, spaces, modifier letters UTS #46 maps
    if (in(cp, 0x10A0, 0x10C5) || cp == 0x10C7 || cp == 0x10CD) { out += cp + 0x1C60; return Map::Ok; }
    if (in(cp, 0x13F8, 0x13FD) || in(cp, 0x1C80, 0x1CBF)) return Map::Disallowed;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x1F00) {  // Latin Extended Additional
    if (cp == 0x1E9A) return Map::Disallowed;
    if (cp == 0x1E9B) { out += char32_t(0x1E61); return Map::Ok; }
    if (cp == 0x1E9E) { out += U"ss"; return Map::Ok; }
    if (pair(cp, 0x1E00, 0x1E95, true, out) || pair(cp, 0x1EA0, 0x1EFF, true, out)) return Map::Ok;
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x2000) {  // Greek Extended: the capitals of its base letters; the rest refused
    if (in(cp, 0x1F08, 0x1F0F) || in(cp, 0x1F18, 0x1F1D) || in(cp, 0x1F28, 0x1F2F) ||
        in(cp, 0x1F38, 0x1F3F) || in(cp, 0x1F48, 0x1F4D) || cp == 0x1F59 || cp == 0x1F5B || cp == 0x1F5D ||
        cp == 0x1F5F || in(cp, 0x1F68, 0x1F6F)) {
      out += cp - 8;
      return Map::Ok;
    }
    static const char32_t tonos[] = {0x3AC, 0x3AD, 0x3AE, 0x3AF, 0x3CC, 0x3CD, 0x3CE};
    if (in(cp, 0x1F71, 0x1F7D) && (cp & 1)) {
      out += tonos[(cp - 0x1F71) / 2];
      return Map::Ok;
    }
    if (in(cp, 0x1F00, 0x1F7D) && !in(cp, 0x1F16, 0x1F17) && !in(cp, 0x1F1E, 0x1F1F) &&
        !in(cp, 0x1F46, 0x1F47) && !in(cp, 0x1F4E, 0x1F4F) && !in(cp, 0x1F58, 0x1F58)) {
      out += cp;
      return Map::Ok;
    }
    return Map::Disallowed;
  }
  if (cp < 0x2C00) {
    if (cp == 0x200B || cp == 0x2060) return Map::Ok;  // ignored
    return Map::Disallowed;  // punctuation, super/subscripts, currency, letterlike, arrows, symbols
  }
  if (cp < 0x3000) {
    if (in(cp, 0x2E00, 0x2FFF)) return Map::Disallowed;  // punctuation, CJK radicals (compatibility)
    if (pair(cp, 0x2C80, 0x2CE3, true, out)) return Map::Ok;  // Coptic
    if (in(cp, 0x2C00, 0x2C2F)) { out += cp + 0x30; return Map::Ok; }  // Glagolitic capitals
    out += cp;
    return Map::Ok;
  }
  if (cp < 0x3400) {  // CJK symbols and punctuation, Kana, Bopomofo, compatibility Jamo, enclosed
    if (cp == 0x3002) { out += U'.'; return Map::Ok; }
    if (in(cp, 0x3005, 0x3007) || in(cp, 0x3021, 0x302F) || in(cp, 0x3041, 0x309A) ||
        in(cp, 0x309D, 0x309E) || in(cp, 0x30A1, 0x30FE) || in(cp, 0x3105, 0x312F) ||
        in(cp, 0x31A0, 0x31BF) || in(cp, 0x31F0, 0x31FF)) {
      out += cp;
      return Map::Ok;
    }
    return Map::Disallowed;
  }
  if (cp < 0xA000) { out += cp; return Map::Ok; }  // CJK ideographs
  if (cp < 0xD800) {
    if (pair(cp, 0xA640, 0xA66D, true, out) || pair(cp, 0xA680, 0xA69B, true, out)) return Map::Ok;
    if (in(cp, 0xA4FE, 0xA4FF) || in(cp, 0xA60D, 0xA60F) || in(cp, 0xA673, 0xA673) || in(cp, 0xA67E, 0xA67E) ||
        in(cp, 0xA6F2, 0xA6F7) || in(cp, 0xA700, 0xA721) || in(cp, 0xA789, 0xA78A) || in(cp, 0xA828, 0xA82F) ||
        in(cp, 0xA874, 0xA877) || in(cp, 0xA8CE, 0xA8CF) || in(cp, 0xA8F8, 0xA8FA) || in(cp, 0xA92E, 0xA92F) ||
        in(cp, 0xA95F, 0xA95F) || in(cp, 0xA9C1, 0xA9CD) || in(cp, 0xA9DE, 0xA9DF) || in(cp, 0xAA5C, 0xAA5F) ||
        in(cp, 0xAADE, 0xAADF) || in(cp, 0xAB5B, 0xAB5F) || in(cp, 0xAB70, 0xABBF))
      return Map::Disallowed;
    out += cp;  // Yi, Hangul syllables and the other scripts of the BMP
    return Map::Ok;
  }
  if (cp < 0xFE00) return Map::Disallowed;  // private use, CJK compatibility, presentation forms
  if (cp < 0xFE10) return Map::Ok;          // variation selectors: ignored
  if (cp < 0xFF00) return cp == 0xFEFF ? Map::Ok : Map::Disallowed;  // BOM ignored
  if (cp == 0xFF0E || cp == 0xFF61) { out += U'.'; return Map::Ok; }
  if (in(cp, 0xFF01, 0xFF5E)) return mapCodePoint(cp - 0xFEE0, out);  // fullwidth ASCII
  if (cp < 0x10000) return Map::Disallowed;  // halfwidth forms, specials, noncharacters
  if ((cp & 0xFFFE) == 0xFFFE) return Map::Disallowed;  // noncharacters of every plane
  if (in(cp, 0x1D000, 0x1FFFF) || in(cp, 0xE0000, 0x10FFFF)) {
    if (in(cp, 0xE0100, 0xE01EF)) return Map::Ok;  // variation selectors: ignored
    return Map::Disallowed;  // musical and mathematical symbols, emoji, tags, private use
  }
  if (in(cp, 0x10400, 0x10427)) { out += cp + 0x28; return Map::Ok; }  // Deseret
  out += cp;  // historic scripts, CJK extensions
  return Map::Ok;
}

bool isAscii(const std::u32string& s) {
  for (char32_t c : s)
    if (c >= 0x80) return false;
  return true;
}

// Checks a mapped Unicode label (not ASCII-only) and appends its "xn--" form.
std::string encodeLabel(const std::u32string& label, const std::string& what, std::string& out) {
  if (isCombiningMark(label.front())) return what + " has a label that starts with a combining mark";
  if (label.front() == U'-' || label.back() == U'-') return "";  // left to the ASCII rules
  if (label.size() >= 4 && label[2] == U'-' && label[3] == U'-')
    return what + " has a label with \"--\" in its third and fourth places";
  std::string encoded;
  if (!punycodeEncode(label, encoded)) return what + " has a label too long to encode";
  out += "xn--";
  out += encoded;
  return "";
}

}  // namespace

// Decodes one UTF-8 code point at s[i]; 0 when the bytes are not well-formed.
size_t decodeUtf8(std::string_view s, size_t i, char32_t& cp) {
  unsigned char c = (unsigned char)s[i];
  size_t len;
  if (c < 0x80) { cp = c; return 1; }
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return 0;
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
  // Map the whole host (dots included: U+3002 and its kin become '.').
  std::u32string mapped;
  for (size_t i = 0; i < host.size();) {
    char32_t cp = 0;
    size_t len = decodeUtf8(host, i, cp);
    if (len == 0) return what + " contains bytes that are not valid UTF-8";
    if (!mapDots && (cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61))
      return what + " contains the full stop " + codePointName(cp) + "; write '.' between labels";
    switch (mapCodePoint(cp, mapped)) {
      case Map::Ok: break;
      case Map::Disallowed:
        return what + " contains the character " + codePointName(cp) +
               ", which is not allowed in a domain name";
      case Map::Decomposed:
        return what + " contains a separate accent (" + codePointName(cp) +
               "); write the accented letter as one character";
    }
    i += len;
  }
  // Each label: ASCII as it is ("xn--" ones checked), others punycode-encoded.
  size_t start = 0;
  while (start <= mapped.size()) {
    size_t dot = mapped.find(U'.', start);
    if (dot == std::u32string::npos) dot = mapped.size();
    std::u32string label = mapped.substr(start, dot - start);
    if (start > 0) out += '.';
    if (label.empty() || isAscii(label)) {
      std::string ascii;
      for (char32_t c : label) ascii += char(c);
      if (text::startsWith(ascii, "xn--")) {
        std::u32string decoded, remapped;
        bool good = punycodeDecode(std::string_view(ascii).substr(4), decoded) && !decoded.empty() &&
                    !isAscii(decoded);
        for (size_t k = 0; good && k < decoded.size(); ++k)
          good = mapCodePoint(decoded[k], remapped) == Map::Ok;
        std::string reencoded;
        good = good && remapped == decoded && !isCombiningMark(decoded.front()) &&
               punycodeEncode(decoded, reencoded) && "xn--" + reencoded == ascii;
        if (!good)
          return what + " label " + text::quoteForMessage(ascii) +
                 " is not valid punycode for an internationalized name";
      }
      out += ascii;
    } else {
      std::string why = encodeLabel(label, what, out);
      if (!why.empty()) return why;
    }
    start = dot + 1;
  }
  return "";
}

}  // namespace leadroster
