// Phone numbers to E.164 ("+<calling code><national significant number>").
//
// The metadata (src/phone_metadata.inc) is generated from libphonenumber-js by
// scripts/gen-phone-metadata.js. The parsing steps follow libphonenumber's own
// order, with lengths standing in for its national-number regexes:
//   1. "+" -> calling code (1-3 digits) from the table.
//   2. Otherwise an international dial-out prefix of the default country
//      ("00" when there is no default country) -> same as "+".
//   3. Otherwise a national number of the default country: trunk prefix
//      stripped (or a local number expanded with its area code), calling code
//      in front.
//   4. The national number's length must be possible for the calling code.
#include "phone.h"

#include <cstdint>
#include <string>

#include "text.h"

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
};

#include "phone_metadata.inc"

constexpr std::size_t kRegionCount = sizeof(kPhoneRegions) / sizeof(kPhoneRegions[0]);
constexpr std::size_t kMaxDigits = 17;  // per the rules; also libphonenumber's max NSN length
// Longest dial-out prefix in the table is 8 digits (Australia "14880011"):
// past this many digits no input can be valid, so scanning can stop.
constexpr std::size_t kMaxRawDigits = kMaxDigits + 8;

bool isoEquals(const char* iso, std::string_view region) {
  return iso[0] && iso[1] && !iso[2] && region.size() == 2 &&
         text::toUpper(region[0]) == iso[0] && text::toUpper(region[1]) == iso[1];
}

const PhoneRegion* findRegion(std::string_view region) {
  if (region.size() != 2 || !text::isAlpha(region[0]) || !text::isAlpha(region[1])) return nullptr;
  for (const PhoneRegion& r : kPhoneRegions)
    if (isoEquals(r.iso, region)) return &r;
  return nullptr;
}

// The main region of a calling code, or nullptr when no region uses it.
const PhoneRegion* mainRegionFor(unsigned cc) {
  for (const PhoneRegion& r : kPhoneRegions)
    if (r.callingCode == cc && r.mainForCode) return &r;
  return nullptr;
}

// Lengths possible for ANY region sharing the calling code (+1: US, CA, ...).
std::uint32_t lengthsForCode(unsigned cc) {
  std::uint32_t mask = 0;
  for (const PhoneRegion& r : kPhoneRegions)
    if (r.callingCode == cc) mask |= r.possibleLengths;
  return mask;
}

bool lengthIn(std::uint32_t mask, std::size_t n) { return n <= kMaxDigits && ((mask >> n) & 1u); }

std::size_t maxLength(std::uint32_t mask) {
  std::size_t m = 0;
  for (std::size_t n = 0; n <= kMaxDigits; ++n)
    if ((mask >> n) & 1u) m = n;
  return m;
}

// First literal of a '|'-separated list that prefixes `digits`; its length,
// or npos when none does.
std::size_t matchPrefixList(const char* list, std::string_view digits) {
  std::string_view rest(list);
  while (!rest.empty()) {
    std::size_t bar = rest.find('|');
    std::string_view lit = rest.substr(0, bar);
    if (!lit.empty() && text::startsWith(digits, lit)) return lit.size();
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return std::string_view::npos;
}

// libphonenumber's extractNationalNumber, with possible lengths in place of
// the national-number regex: the national prefix is stripped (or the local
// number expanded) unless that leaves a number of impossible length.
std::string nationalSignificant(const PhoneRegion& r, std::string_view digits) {
  std::string after;
  bool changed = false;
  if (r.localLength && digits.size() == r.localLength &&
      ((r.localFirstDigits >> (digits[0] - '0')) & 1u)) {
    after.assign(r.localAreaCode);
    after.append(digits);
    changed = true;
  } else {
    std::size_t n = matchPrefixList(r.nationalPrefixesForParsing, digits);
    if (n != std::string_view::npos) {
      after.assign(digits.substr(n));
      changed = true;
    }
  }
  if (changed) {
    bool afterOk = lengthIn(r.possibleLengths, after.size());
    bool afterTooLong = after.size() > maxLength(r.possibleLengths);
    if (afterOk || (afterTooLong && !lengthIn(r.possibleLengths, digits.size()))) return after;
  }
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

Normalized finish(unsigned cc, const std::string& nsn) {
  if (!lengthIn(lengthsForCode(cc), nsn.size())) {
    return Normalized::failure(
        code::invalid_phone, "a phone number for " + codeName(cc) + " cannot have " +
                                 std::to_string(nsn.size()) + " digit" +
                                 (nsn.size() == 1 ? "" : "s") + " after the country code");
  }
  return Normalized::success("+" + std::to_string(cc) + nsn);
}

Normalized tooManyDigits() {
  return Normalized::failure(code::invalid_phone,
                             "a phone number has at most 17 digits (after any international prefix)");
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
  return Normalized::failure(code::invalid_phone,
                             "international number \"+" + shown +
                                 "...\" does not start with a known country calling code");
}

Normalized national(std::string_view digits, const PhoneRegion& r) {
  if (digits.size() > kMaxDigits) return tooManyDigits();
  std::string cc = std::to_string(r.callingCode);
  std::string nsn = nationalSignificant(r, digits);
  // A number written with its calling code but no "+" ("33 6 12 34 56 78"
  // under FR): libphonenumber reads it as international when it is not a
  // possible national number as it stands but is once the code is removed.
  if (text::startsWith(digits, cc)) {
    std::string shorter = nationalSignificant(r, digits.substr(cc.size()));
    if ((!lengthIn(r.possibleLengths, nsn.size()) && lengthIn(r.possibleLengths, shorter.size())) ||
        nsn.size() > maxLength(r.possibleLengths)) {
      const PhoneRegion* main = mainRegionFor(r.callingCode);
      return finish(r.callingCode, nationalSignificant(main ? *main : r, digits.substr(cc.size())));
    }
  }
  if (!lengthIn(lengthsForCode(r.callingCode), nsn.size())) {
    return Normalized::failure(code::invalid_phone,
                               std::string("a national phone number for ") + r.iso + " (+" + cc +
                                   ") cannot have " + std::to_string(nsn.size()) + " digit" +
                                   (nsn.size() == 1 ? "" : "s") + " (trunk prefix removed)");
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
      return Normalized::failure(code::invalid_phone,
                                 "unknown default country " + text::quoteForMessage(dc) +
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
        return Normalized::failure(code::invalid_phone,
                                   "'+' may only appear once, before the first digit");
      plus = true;
    } else if (u < 0x20 || u == 0x7F) {
      return Normalized::failure(code::invalid_phone, "phone number contains a control character");
    } else if (u >= 0x80) {
      return Normalized::failure(code::invalid_phone,
                                 "phone number contains a non-ASCII character: " +
                                     text::quoteForMessage(s));
    } else {
      return Normalized::failure(
          code::invalid_phone,
          std::string("phone number contains '") + c +
              "': only digits, a leading '+', spaces, dots, dashes, parentheses and slashes "
              "are allowed (no extensions)");
    }
  }
  if (nd == 0)
    return Normalized::failure(code::invalid_phone,
                               s.empty() ? "phone number is empty" : "phone number has no digits");
  std::string_view num(digits, nd);

  if (plus) return international(num);

  if (def) {
    std::size_t n = matchPrefixList(def->intlPrefixes, num);
    // As in libphonenumber, a dial-out prefix followed by 0 is not one.
    if (n != std::string_view::npos && n < num.size() && num[n] != '0')
      return international(num.substr(n));
    return national(num, *def);
  }
  if (num.size() > 2 && num[0] == '0' && num[1] == '0' && num[2] != '0')
    return international(num.substr(2));
  return Normalized::failure(code::invalid_phone,
                             "phone number has no '+' or international prefix, so a default country "
                             "is needed to read it as a national number");
}

}  // namespace leadroster
