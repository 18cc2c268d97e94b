// Phone numbers to E.164 ("+<calling code><national significant number>").
//
// The metadata (src/normalize/phone_metadata.inc) is generated from libphonenumber-js by
// scripts/gen-phone-metadata.js. The parsing steps follow libphonenumber's own
// order (its national-number regexes included, evaluated by a small
// non-backtracking matcher below):
//   1. "+" -> calling code (1-3 digits) from the table.
//   2. Otherwise an international dial-out prefix of the default country
//      ("00" when there is no default country) -> same as "+".
//   3. Otherwise a national number of the default country: trunk prefix
//      stripped (or a local number expanded with its area code), calling code
//      in front; a number that starts with the calling code and only fits
//      the national pattern without it is read as international.
//   4. The national number's length must be possible for the region its
//      leading digits select among the regions sharing the calling code
//      (libphonenumber's getCountryByNationalNumber), else the main region.
#include "normalize/phone.h"

#include <array>

#include <cstdint>
#include <string>
#include <memory>
#include <vector>

#include "normalize/text.h"

namespace leadroster {

namespace {

struct PhoneRegion {
  const char* iso;                         // "FR", or "001" (non-geographic)
  std::uint16_t callingCode;               // 33
  bool mainForCode;                        // first region listed for the code
  const char* intlPrefixes;                // "00", "0011|0014|...": '|'-separated
  const char* nationalPrefix;              // trunk prefix: "0", "1", "8", "06", ""
  const char* nationalPrefixesForParsing;  // literals stripped from national numbers
  std::uint32_t possibleLengths;           // bit n: n-digit national number possible
  std::uint8_t localLength;                // 0, or length of a local number...
  std::uint16_t localFirstDigits;          // ...starting with one of these digits...
  const char* localAreaCode;               // ...that gets this area code in front
  const char* nationalNumberPattern;       // libphonenumber's regex, digits only
  const char* leadingDigits;               // regions sharing a code: the start of their numbers, or ""
};

#include "normalize/phone_metadata.inc"

constexpr std::size_t kRegionCount = sizeof(kPhoneRegions) / sizeof(kPhoneRegions[0]);
constexpr std::size_t kMaxDigits = 17;  // per the rules; also libphonenumber's max NSN length
// Longest dial-out prefix in the table is 8 digits (Australia "14880011"):
// past this many digits no input can be valid, so scanning can stop.
constexpr std::size_t kMaxRawDigits = kMaxDigits + 8;

const PhoneRegion* findRegion(std::string_view region) {
  if (region.size() != 2 || !text::isAlpha(region[0]) || !text::isAlpha(region[1])) return nullptr;
  // A 26x26 table from the two letters to the region, built once.
  static const auto table = [] {
    std::array<const PhoneRegion*, 26 * 26> t{};
    for (const PhoneRegion& r : kPhoneRegions)
      if (text::isAlpha(r.iso[0]) && text::isAlpha(r.iso[1]))
        t[size_t(text::toUpper(r.iso[0]) - 'A') * 26 + size_t(text::toUpper(r.iso[1]) - 'A')] = &r;
    return t;
  }();
  return table[size_t(text::toUpper(region[0]) - 'A') * 26 + size_t(text::toUpper(region[1]) - 'A')];
}

// Calling codes (1-3 digits) to their regions, built once: the main region
// first, then the others sharing the code, in table order.
struct CodeIndex {
  std::array<std::uint16_t, 1001> first{};  // regions of code c: order[first[c] .. first[c + 1])
  std::array<const PhoneRegion*, kRegionCount> order{};
};
const CodeIndex& codeIndex() {
  static const CodeIndex index = [] {
    CodeIndex x;
    std::array<std::uint16_t, 1001> count{};
    for (const PhoneRegion& r : kPhoneRegions)
      if (r.callingCode < 1000) ++count[r.callingCode];
    std::uint16_t at = 0;
    for (std::size_t c = 0; c < 1000; ++c) {
      x.first[c] = at;
      at = std::uint16_t(at + count[c]);
    }
    x.first[1000] = at;
    std::array<std::uint16_t, 1000> fill{};
    for (int pass = 0; pass < 2; ++pass)  // the main region of each code first
      for (const PhoneRegion& r : kPhoneRegions)
        if (r.callingCode < 1000 && r.mainForCode == (pass == 0))
          x.order[x.first[r.callingCode] + fill[r.callingCode]++] = &r;
    return x;
  }();
  return index;
}

// The main region of a calling code, or nullptr when no region uses it.
const PhoneRegion* mainRegionFor(unsigned cc) {
  if (cc >= 1000) return nullptr;
  const CodeIndex& x = codeIndex();
  if (x.first[cc] == x.first[cc + 1]) return nullptr;
  const PhoneRegion* r = x.order[x.first[cc]];
  return r->mainForCode ? r : nullptr;
}

bool lengthIn(std::uint32_t mask, std::size_t n) { return n <= kMaxDigits && ((mask >> n) & 1u); }

bool matchesPattern(const PhoneRegion& r, std::string_view digits);
bool matchesLeadingDigits(const PhoneRegion& r, std::string_view digits);

// The region of calling code `cc` a national (significant) number belongs to,
// as libphonenumber picks it (getCountryByNationalNumber): the only region of
// the code; else, in order (main region first), the first region whose
// leading digits start the number or, for a region without leading digits,
// whose national pattern and lengths the number fits; nullptr when none does.
// So under +44 "800754567" is GB's (freephone) and "1534..." Jersey's; under
// +290 "8999" is Tristan da Cunha's (TA: 4 digits), not St Helena's.
const PhoneRegion* regionFor(unsigned cc, std::string_view nsn) {
  if (cc >= 1000) return nullptr;
  const CodeIndex& x = codeIndex();
  if (x.first[cc + 1] - x.first[cc] == 1) return x.order[x.first[cc]];
  for (std::size_t k = x.first[cc]; k < x.first[cc + 1]; ++k) {
    const PhoneRegion& r = *x.order[k];
    if (*r.leadingDigits) {
      if (matchesLeadingDigits(r, nsn)) return &r;
    } else if (lengthIn(r.possibleLengths, nsn.size()) && matchesPattern(r, nsn)) {
      return &r;
    }
  }
  return nullptr;
}

// Whether an international number of calling code `cc` may have this national
// number: a length possible for the region its digits select (regionFor), or
// for the main region when none is selected. So "+1 514 555 0199" passes and
// a 7-digit "+1 555 0199" does not, although Canada has a few 7-digit service
// numbers (3xx xxxx), which still pass; "+290 8999 2" does not (TA: 4 digits).
bool possibleForCode(unsigned cc, const std::string& nsn) {
  const PhoneRegion* r = regionFor(cc, nsn);
  if (!r) r = mainRegionFor(cc);
  return r && lengthIn(r->possibleLengths, nsn.size());
}

std::size_t maxLength(std::uint32_t mask) {
  std::size_t m = 0;
  for (std::size_t n = 0; n <= kMaxDigits; ++n)
    if ((mask >> n) & 1u) m = n;
  return m;
}

// ---- national number regexes ----
// The metadata regexes use only digits, [classes], \d, (groups), (?:groups),
// |, ? and {n} / {n,m}. They are evaluated on sets of positions (bit i: the
// regex can be at digit i), so there is no backtracking: the cost is bounded
// by the pattern size times its repetition counts, whatever the input.
using PosSet = std::uint32_t;
constexpr std::size_t kMaxMatchLength = 30;

unsigned readNumber(std::string_view p, std::size_t& i) {
  unsigned n = 0;
  while (i < p.size() && text::isDigit(p[i]) && n < 1000) n = n * 10 + unsigned(p[i++] - '0');
  return n;
}

// The quantifier after an atom at p[i] ('?', '{n}', '{n,}', '{n,m}'), if any: lo and hi repetitions.
void readQuantifier(std::string_view p, std::size_t& i, unsigned& lo, unsigned& hi) {
  if (i < p.size() && p[i] == '?') {
    lo = 0;
    ++i;
  } else if (i < p.size() && p[i] == '{') {
    ++i;
    lo = readNumber(p, i);
    hi = lo;
    if (i < p.size() && p[i] == ',') {
      ++i;
      hi = (i < p.size() && text::isDigit(p[i])) ? readNumber(p, i) : unsigned(kMaxMatchLength);
    }
    if (i < p.size() && p[i] == '}') ++i;
  }
}

class PatternMatcher {
 public:
  PatternMatcher(std::string_view pattern, std::string_view digits) : p_(pattern), s_(digits) {}

  bool fullMatch() {
    if (s_.size() > kMaxMatchLength) return false;
    std::size_t i = 0;
    PosSet end = alternation(i, 1u);
    return i == p_.size() && ((end >> s_.size()) & 1u);
  }

  // The pattern matches a prefix of the digits (JavaScript's search() == 0).
  bool prefixMatch() {
    if (s_.size() > kMaxMatchLength) s_ = s_.substr(0, kMaxMatchLength);
    std::size_t i = 0;
    PosSet end = alternation(i, 1u);
    return i == p_.size() && end != 0;
  }

 private:
  // alternation := sequence ('|' sequence)*; stops at ')' or the end.
  PosSet alternation(std::size_t& i, PosSet start) {
    PosSet out = sequence(i, start);
    while (i < p_.size() && p_[i] == '|') {
      ++i;
      out |= sequence(i, start);
    }
    return out;
  }

  PosSet sequence(std::size_t& i, PosSet start) {
    PosSet cur = start;
    while (i < p_.size() && p_[i] != '|' && p_[i] != ')') {
      std::size_t atomBegin = i;
      skipAtom(i);
      unsigned lo = 1, hi = 1;
      readQuantifier(p_, i, lo, hi);
      for (unsigned k = 0; k < lo && cur; ++k) cur = atom(atomBegin, cur);
      PosSet acc = cur;
      for (unsigned k = lo; k < hi && cur; ++k) {
        cur = atom(atomBegin, cur);
        acc |= cur;
      }
      cur = acc;
    }
    return cur;
  }

  PosSet atom(std::size_t i, PosSet start) {
    if (p_[i] == '(') {
      ++i;
      if (i + 1 < p_.size() && p_[i] == '?' && p_[i + 1] == ':') i += 2;
      return alternation(i, start);
    }
    PosSet out = 0;
    for (std::size_t pos = 0; pos < s_.size(); ++pos)
      if (((start >> pos) & 1u) && charMatches(i, s_[pos])) out |= PosSet(1) << (pos + 1);
    return out;
  }

  bool charMatches(std::size_t i, char c) const {
    if (p_[i] == '\\') return text::isDigit(c);  // "\d": the only escape used
    if (p_[i] != '[') return p_[i] == c;
    for (std::size_t k = i + 1; k < p_.size() && p_[k] != ']'; ++k) {
      if (p_[k] == '\\') {
        if (text::isDigit(c)) return true;
        ++k;
      } else if (k + 2 < p_.size() && p_[k + 1] == '-' && p_[k + 2] != ']') {
        if (c >= p_[k] && c <= p_[k + 2]) return true;
        k += 2;
      } else if (p_[k] == c) {
        return true;
      }
    }
    return false;
  }

  void skipAtom(std::size_t& i) const {
    if (p_[i] == '\\') {
      i += 2;
      return;
    }
    if (p_[i] == '[') {
      while (i < p_.size() && p_[i] != ']') ++i;
      ++i;
      return;
    }
    if (p_[i] == '(') {
      int depth = 0;
      for (; i < p_.size(); ++i) {
        if (p_[i] == '[') {
          while (i < p_.size() && p_[i] != ']') ++i;
        } else if (p_[i] == '(') {
          ++depth;
        } else if (p_[i] == ')' && --depth == 0) {
          ++i;
          return;
        }
      }
      return;
    }
    ++i;
  }

  std::string_view p_, s_;
};

// The same regexes compiled once (a tree of digit sets and groups), for
// inputs of digits only; the matcher above reads the pattern text again at
// every step. A digit set steps a whole position set at once: the positions
// holding one of its digits, shifted by one.
class CompiledPattern {
 public:
  explicit CompiledPattern(std::string_view pattern) : p_(pattern) {
    std::size_t i = 0;
    root_ = group(i);
    complete_ = i == p_.size();
    p_ = {};
  }

  // Same answers as PatternMatcher(pattern, digits).fullMatch() / prefixMatch().
  bool fullMatch(std::string_view digits) const {
    if (digits.size() > kMaxMatchLength || !complete_) return false;
    return (run(digits) >> digits.size()) & 1u;
  }
  bool prefixMatch(std::string_view digits) const {
    if (digits.size() > kMaxMatchLength) digits = digits.substr(0, kMaxMatchLength);
    return complete_ && run(digits) != 0;
  }

 private:
  struct Item {
    std::uint32_t node;
    unsigned lo, hi;
  };
  struct Node {
    std::uint16_t digits = 0;  // a digit set (bit d: digit d); unused for a group
    bool isGroup = false;
    std::vector<std::vector<Item>> alternatives;  // a group's sequences
  };

  PosSet run(std::string_view s) const {
    std::array<PosSet, 10> at{};
    for (std::size_t pos = 0; pos < s.size(); ++pos) at[std::size_t(s[pos] - '0')] |= PosSet(1) << pos;
    return evalGroup(root_, 1u, at);
  }
  PosSet evalGroup(std::uint32_t id, PosSet start, const std::array<PosSet, 10>& at) const {
    PosSet out = 0;
    for (const auto& seq : nodes_[id].alternatives) out |= evalSequence(seq, start, at);
    return out;
  }
  PosSet evalSequence(const std::vector<Item>& seq, PosSet start, const std::array<PosSet, 10>& at) const {
    PosSet cur = start;
    for (const Item& it : seq) {
      for (unsigned k = 0; k < it.lo && cur; ++k) cur = atom(it.node, cur, at);
      PosSet acc = cur;
      for (unsigned k = it.lo; k < it.hi && cur; ++k) {
        cur = atom(it.node, cur, at);
        acc |= cur;
      }
      cur = acc;
    }
    return cur;
  }
  PosSet atom(std::uint32_t id, PosSet start, const std::array<PosSet, 10>& at) const {
    const Node& n = nodes_[id];
    if (n.isGroup) return evalGroup(id, start, at);
    PosSet m = 0;
    for (unsigned b = n.digits; b; b &= b - 1) m |= at[std::size_t(__builtin_ctz(b))];
    return (start & m) << 1;
  }

  // alternation := sequence ('|' sequence)*; stops at ')' or the end.
  std::uint32_t group(std::size_t& i) {
    std::uint32_t id = std::uint32_t(nodes_.size());
    nodes_.emplace_back();
    nodes_[id].isGroup = true;
    for (;;) {
      std::vector<Item> seq = sequence(i);
      nodes_[id].alternatives.push_back(std::move(seq));
      if (i < p_.size() && p_[i] == '|') {
        ++i;
        continue;
      }
      return id;
    }
  }
  std::vector<Item> sequence(std::size_t& i) {
    std::vector<Item> seq;
    while (i < p_.size() && p_[i] != '|' && p_[i] != ')') {
      std::uint32_t node;
      if (p_[i] == '(') {
        ++i;
        if (i + 1 < p_.size() && p_[i] == '?' && p_[i + 1] == ':') i += 2;
        node = group(i);
        if (i < p_.size() && p_[i] == ')') ++i;
      } else {
        node = digitSet(i);
      }
      unsigned lo = 1, hi = 1;
      readQuantifier(p_, i, lo, hi);
      seq.push_back({node, lo, hi});
    }
    return seq;
  }
  std::uint32_t digitSet(std::size_t& i) {
    std::uint16_t set = 0;
    auto range = [&](char a, char b) {
      for (char d = '0'; d <= '9'; ++d)
        if (d >= a && d <= b) set |= std::uint16_t(1u << (d - '0'));
    };
    if (p_[i] == '\\') {  // "\d": the only escape used
      set = 0x3ff;
      i += 2;
    } else if (p_[i] == '[') {
      std::size_t k = i + 1;
      for (; k < p_.size() && p_[k] != ']'; ++k) {
        if (p_[k] == '\\') {
          set = 0x3ff;
          ++k;
        } else if (k + 2 < p_.size() && p_[k + 1] == '-' && p_[k + 2] != ']') {
          range(p_[k], p_[k + 2]);
          k += 2;
        } else {
          range(p_[k], p_[k]);
        }
      }
      i = k + 1;
    } else {
      range(p_[i], p_[i]);
      ++i;
    }
    std::uint32_t id = std::uint32_t(nodes_.size());
    nodes_.emplace_back();
    nodes_[id].digits = set;
    return id;
  }
  std::string_view p_;  // only while compiling
  std::vector<Node> nodes_;
  std::uint32_t root_ = 0;
  bool complete_ = false;
};

constexpr std::size_t kRegions = sizeof kPhoneRegions / sizeof kPhoneRegions[0];
bool inTable(const PhoneRegion& r) { return &r >= kPhoneRegions && &r < kPhoneRegions + kRegions; }

// A region's pattern (which: 0 national, 1 leading digits), compiled at its
// first use (regions are entries of kPhoneRegions).
const CompiledPattern& compiled(const PhoneRegion& r, int which) {
  thread_local std::vector<std::unique_ptr<CompiledPattern>> cache(2 * kRegions);
  auto& slot = cache[std::size_t(&r - kPhoneRegions) * 2 + std::size_t(which)];
  if (!slot) slot = std::make_unique<CompiledPattern>(which ? r.leadingDigits : r.nationalNumberPattern);
  return *slot;
}

bool allDigits(std::string_view s) {
  for (char c : s)
    if (!text::isDigit(c)) return false;
  return true;
}

bool matchesPattern(const PhoneRegion& r, std::string_view digits) {
  if (inTable(r) && allDigits(digits)) return compiled(r, 0).fullMatch(digits);
  return PatternMatcher(r.nationalNumberPattern, digits).fullMatch();
}

bool matchesLeadingDigits(const PhoneRegion& r, std::string_view digits) {
  if (inTable(r) && allDigits(digits)) return compiled(r, 1).prefixMatch(digits);
  return PatternMatcher(r.leadingDigits, digits).prefixMatch();
}

// ---- prefix lists ----
// First entry of a '|'-separated list whose literal prefixes `digits`.
// An entry "a>b" replaces prefix a by b. Returns false when none matches.
bool matchPrefixList(const char* list, std::string_view digits, std::size_t* matchedLength,
                     std::string_view* replacement) {
  std::string_view rest(list);
  while (!rest.empty()) {
    std::size_t bar = rest.find('|');
    std::string_view entry = rest.substr(0, bar);
    std::size_t gt = entry.find('>');
    std::string_view lit = entry.substr(0, gt);
    if (!lit.empty() && text::startsWith(digits, lit)) {
      *matchedLength = lit.size();
      *replacement = gt == std::string_view::npos ? std::string_view() : entry.substr(gt + 1);
      return true;
    }
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return false;
}

// libphonenumber's extractNationalNumber: the national prefix is stripped (or
// rewritten, or a local number expanded) unless the number matched the
// national pattern before and does not after, or is then too short.
std::string nationalSignificant(const PhoneRegion& r, std::string_view digits) {
  std::string after;
  bool changed = false;
  std::size_t n = 0;
  std::string_view repl;
  if (r.localLength && digits.size() == r.localLength && ((r.localFirstDigits >> (digits[0] - '0')) & 1u)) {
    after.assign(r.localAreaCode);
    after.append(digits);
    changed = true;
  } else if (matchPrefixList(r.nationalPrefixesForParsing, digits, &n, &repl)) {
    after.assign(repl);
    after.append(digits.substr(n));
    changed = true;
  }
  if (!changed) return std::string(digits);
  if (matchesPattern(r, digits) && !matchesPattern(r, after)) return std::string(digits);
  // "Too short" or "invalid length" keeps the digits; "too long" does not. The
  // lengths are those of the region the stripped number belongs to (under JE,
  // "0800 754567" is GB's 9-digit freephone), else of `r`.
  const PhoneRegion* lr = regionFor(r.callingCode, after);
  if (!lr) lr = &r;
  if (lengthIn(lr->possibleLengths, after.size()) || after.size() > maxLength(lr->possibleLengths)) return after;
  return std::string(digits);
}

std::string codeName(unsigned cc) {
  std::string s = "+" + std::to_string(cc);
  const PhoneRegion* main = mainRegionFor(cc);
  if (main && main->iso[2] == '\0') {
    s += " (";
    s += main->iso;
    bool shared = false;
    for (const PhoneRegion& r : kPhoneRegions)
      if (r.callingCode == cc && &r != main) shared = true;
    if (shared) s += " and others";
    s += ")";
  } else if (main) {
    s += " (non-geographic)";
  }
  return s;
}

Normalized tooManyDigits() {
  return Normalized::failure(code::invalid_phone,
                             "a phone number has at most 17 digits (after any international prefix)");
}

Normalized finish(unsigned cc, const std::string& nsn) {
  // At most 17 digits after the "+", calling code included, as for a number
  // written internationally (so the value reads back the same).
  const std::size_t ccDigits = cc < 10 ? 1 : cc < 100 ? 2 : 3;
  if (ccDigits + nsn.size() > kMaxDigits) return tooManyDigits();
  // The value must read back the same: a number that still starts with a
  // trunk prefix once one is removed ("0 0 43 021906" under KE) would lose it
  // when read again as "+254...", so it is no number this country dials.
  if (const PhoneRegion* main = mainRegionFor(cc); main && nationalSignificant(*main, nsn) != nsn)
    return Normalized::failure(code::invalid_phone,
                               "a phone number for " + codeName(cc) + " cannot start with its trunk prefix twice");
  // NANP (+1): area codes and exchanges never start with 0 or 1, so such a
  // number is a typo or a national number of another country, never E.164.
  if (cc == 1 && nsn.size() == 10 && (nsn[0] < '2' || nsn[3] < '2')) {
    return Normalized::failure(code::invalid_phone,
                               "a +1 (NANP) number's area code and exchange cannot start with 0 or 1: " +
                                   nsn.substr(0, 3) + " " + nsn.substr(3, 3));
  }
  if (!possibleForCode(cc, nsn)) {
    return Normalized::failure(code::invalid_phone, "a phone number for " + codeName(cc) + " cannot have " +
                                                        std::to_string(nsn.size()) + " digit" +
                                                        (nsn.size() == 1 ? "" : "s") + " after the country code");
  }
  return Normalized::success("+" + std::to_string(cc) + nsn);
}

// `rest` follows "+" or a dial-out prefix: calling code, then national number.
Normalized international(std::string_view rest) {
  if (rest.size() > kMaxDigits) return tooManyDigits();
  // Calling codes never start with 0 and are prefix-free, so the first hit is it.
  for (std::size_t len = 1; len <= 3 && len <= rest.size() && rest[0] != '0'; ++len) {
    unsigned cc = 0;
    for (std::size_t i = 0; i < len; ++i) cc = cc * 10 + unsigned(rest[i] - '0');
    const PhoneRegion* main = mainRegionFor(cc);
    if (!main) continue;
    return finish(cc, nationalSignificant(*main, rest.substr(len)));
  }
  std::string shown(rest.substr(0, rest.size() < 3 ? rest.size() : 3));
  return Normalized::failure(code::invalid_phone, "international number \"+" + shown +
                                                      "...\" does not start with a known country calling code");
}

Normalized national(std::string_view digits, const PhoneRegion& r) {
  if (digits.size() > kMaxDigits) return tooManyDigits();
  std::string cc = std::to_string(r.callingCode);
  std::string nsn = nationalSignificant(r, digits);
  // A number written with its calling code but no "+" ("33 6 12 34 56 78"
  // under FR): as libphonenumber does, read it as international when it does
  // not match the national pattern as it stands but does once the code is
  // removed, or when it is too long to be national.
  if (text::startsWith(digits, cc)) {
    std::string shorter = nationalSignificant(r, digits.substr(cc.size()));
    if ((!matchesPattern(r, nsn) && matchesPattern(r, shorter)) || nsn.size() > maxLength(r.possibleLengths)) {
      const PhoneRegion* main = mainRegionFor(r.callingCode);
      return finish(r.callingCode, nationalSignificant(main ? *main : r, digits.substr(cc.size())));
    }
  }
  // A national number is checked against the lengths of the region its
  // digits select among those sharing the calling code (under JE, the GB
  // freephone "800754567"), else the default country's own: a 7-digit local
  // number under US is not made "+1" + 7 digits because Canada has a few
  // 7-digit service numbers (3xx xxxx, which would select CA). (A Canadian
  // 10-digit number under US still passes: NANP numbers share the US lengths.)
  const PhoneRegion* lr = r.callingCode == 1 ? &r : regionFor(r.callingCode, nsn);  // NANP: the rule above
  if (!lengthIn((lr ? lr : &r)->possibleLengths, nsn.size())) {
    return Normalized::failure(code::invalid_phone, std::string("a national phone number for ") + r.iso + " (+" + cc +
                                                        ") cannot have " + std::to_string(nsn.size()) + " digit" +
                                                        (nsn.size() == 1 ? "" : "s") + " (without its trunk prefix)");
  }
  return finish(r.callingCode, nsn);
}

}  // namespace

bool isKnownRegion(std::string_view region) { return findRegion(text::trim(region)) != nullptr; }

Normalized normalizePhone(std::string_view input, std::string_view defaultCountry) {
  const PhoneRegion* def = nullptr;
  std::string_view dc = text::trim(defaultCountry);
  if (!dc.empty()) {
    def = findRegion(dc);
    if (!def)
      return Normalized::failure(code::invalid_phone, "unknown default country " + text::quoteForMessage(dc) +
                                                          " (expected an ISO 3166 alpha-2 code such as \"US\")");
  }

  // One pass: keep the digits, skip separators, reject anything else.
  std::string_view s = text::trim(input);
  char digits[kMaxRawDigits];
  std::size_t nd = 0;
  bool plus = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    unsigned char u = static_cast<unsigned char>(c);
    if (text::isDigit(c)) {
      if (nd == kMaxRawDigits) return tooManyDigits();
      digits[nd++] = c;
    } else if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/') {
      continue;
    } else if (u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;  // U+00A0 no-break space
    } else if (c == '+') {
      if (plus || nd > 0)
        return Normalized::failure(code::invalid_phone, "'+' may only appear once, before the first digit");
      plus = true;
    } else if (u < 0x20 || u == 0x7F) {
      return Normalized::failure(code::invalid_phone, "phone number contains a control character");
    } else if (u >= 0x80) {
      return Normalized::failure(code::invalid_phone,
                                 "phone number contains a non-ASCII character: " + text::quoteForMessage(s));
    } else {
      return Normalized::failure(code::invalid_phone,
                                 std::string("phone number contains '") + c +
                                     "': only digits, a leading '+', spaces, dots, dashes, parentheses and slashes "
                                     "are allowed (no extensions)");
    }
  }
  if (nd == 0)
    return Normalized::failure(code::invalid_phone, s.empty() ? "phone number is empty" : "phone number has no digits");
  std::string_view num(digits, nd);

  if (plus) return international(num);

  if (def) {
    std::size_t n = 0;
    std::string_view unused;
    // As in libphonenumber, a dial-out prefix followed by 0 is not one.
    if (matchPrefixList(def->intlPrefixes, num, &n, &unused) && n < num.size() && num[n] != '0')
      return international(num.substr(n));
    return national(num, *def);
  }
  if (num.size() > 2 && num[0] == '0' && num[1] == '0' && num[2] != '0') return international(num.substr(2));
  return Normalized::failure(code::invalid_phone,
                             "phone number has no '+' or international prefix, so a default country "
                             "is needed to read it as a national number");
}

}  // namespace leadroster
