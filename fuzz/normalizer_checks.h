// Normalizer invariants (fuzz_email, fuzz_phone, fuzz_linkedin, fuzz_domain, fuzz_uuid):
//  - normalizers never throw; !ok carries the normalizer's code and a message;
//  - an ok value is non-empty, valid UTF-8, and normalizing it again gives ok
//    and the same value (idempotence);
//  - every string the string-in/string-out API returns is valid JSON (UTF-8)
//    and agrees with the normalizer.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "harness_common.h"
#include "normalize/domain.h"
#include "normalize/email.h"
#include "normalize/linkedin.h"
#include "normalize/phone.h"
#include "normalize/url.h"
#include "normalize/uuid.h"

namespace fuzzcheck {

// ---- normalizers

inline std::string checkEmail(std::string_view in) {
  leadroster::EmailResult r = leadroster::normalizeEmail(in);
  std::string p = checkNormalized("normalizeEmail", leadroster::code::invalid_email, in, r,
                                  [](const std::string& v) { return leadroster::normalizeEmail(v); });
  if (!p.empty()) return p;
  if (r.ok()) {
    size_t at = r.value().find('@');
    if (at == std::string::npos || r.value().substr(at + 1) != r.domain)
      return "normalizeEmail: domain " + shown(r.domain) + " is not the part after '@' of " + shown(r.value());
    for (bool fold : {false, true}) {
      std::string key = leadroster::emailDedupKey(r.value(), fold);
      if (key.empty() || !leadroster::text::isValidUtf8(key))
        return "emailDedupKey: bad key " + shown(key) + " for " + shown(r.value());
    }
  }
  return checkApiJson("api::normalizeEmail", leadroster::api::normalizeEmail(in), r.ok());
}

inline std::string checkPhone(std::string_view in, std::string_view country) {
  Normalized r = leadroster::normalizePhone(in, country);
  std::string c(country);
  std::string p = checkNormalized("normalizePhone", leadroster::code::invalid_phone, in, r,
                                  [&](const std::string& v) { return leadroster::normalizePhone(v, c); });
  if (!p.empty()) return p + " (default country " + shown(country) + ")";
  if (r.ok()) {
    bool e164 = r.value().size() >= 3 && r.value().size() <= 21 && r.value()[0] == '+' && r.value()[1] != '0';
    for (size_t i = 1; i < r.value().size(); ++i) e164 = e164 && leadroster::text::isDigit(r.value()[i]);
    if (!e164) return "normalizePhone: " + shown(r.value()) + " is not E.164, for " + shown(in);
    // E.164 does not depend on a default country.
    Normalized bare = leadroster::normalizePhone(r.value(), "");
    if (!bare.ok() || bare.value() != r.value())
      return "normalizePhone: " + shown(r.value()) + " (from " + shown(in) + " under " + shown(country) + ") gives " +
             (bare.ok() ? shown(bare.value()) : "an error: " + bare.error().message) + " without a default country";
  }
  return checkApiJson("api::normalizePhone", leadroster::api::normalizePhone(in, country), r.ok());
}

// Every region the phone metadata knows, found once by asking isKnownRegion.
inline const std::vector<std::string>& phoneRegions() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> v;
    for (char a = 'A'; a <= 'Z'; ++a)
      for (char b = 'A'; b <= 'Z'; ++b) {
        std::string r{a, b};
        if (leadroster::isKnownRegion(r)) v.push_back(r);
      }
    return v;
  }();
  return list;
}

// The phone target's input: byte 0 picks the default country (0: none;
// 1..0xEF: a known region; 0xF0..0xFF: bytes 1-2 taken raw as the country,
// lowercase and bad codes included); the rest is the number.
inline void splitPhoneInput(const uint8_t* data, size_t size, std::string& country, std::string_view& number) {
  country.clear();
  number = std::string_view();
  if (size == 0) return;
  uint8_t sel = data[0];
  size_t skip = 1;
  if (sel == 0) {
  } else if (sel < 0xF0) {
    const auto& regions = phoneRegions();
    country = regions[(sel - 1) % regions.size()];
  } else {
    size_t k = size - 1 < 2 ? size - 1 : 2;
    country.assign((const char*)data + 1, k);
    skip += k;
  }
  number = std::string_view((const char*)data + skip, size - skip);
}

inline std::string checkPhoneInput(const uint8_t* data, size_t size) {
  std::string country;
  std::string_view number;
  splitPhoneInput(data, size, country, number);
  return checkPhone(number, country);
}

inline std::string checkLinkedIn(std::string_view in) {
  leadroster::LinkedInResult r = leadroster::normalizeLinkedInUrl(in);
  {
    // the one-pass path for common spellings agrees with the general one
    leadroster::LinkedInResult g = leadroster::detail::normalizeLinkedInUrlGeneral(in);
    if (g.ok() != r.ok() || g.value() != r.value() || (r.ok() && g.kind != r.kind) ||
        g.error().code != r.error().code || g.error().message != r.error().message)
      return "normalizeLinkedInUrl: the common-spelling path gives " + shown(r.ok() ? r.value() : r.error().message) +
             ", the general path " + shown(g.ok() ? g.value() : g.error().message) + ", for " + shown(in);
  }
  std::string p = checkNormalized("normalizeLinkedInUrl", leadroster::code::invalid_linkedin_url, in, r,
                                  [](const std::string& v) { return leadroster::normalizeLinkedInUrl(v); });
  if (!p.empty()) return p;
  if (r.ok()) {
    if (!leadroster::text::startsWith(r.value(), "https://www.linkedin.com/"))
      return "normalizeLinkedInUrl: " + shown(r.value()) + " is not canonical, for " + shown(in);
    for (char c : r.value()) {
      unsigned char u = (unsigned char)c;
      if (u <= 0x20 || u >= 0x7F)
        return "normalizeLinkedInUrl: " + shown(r.value()) + " holds a raw space, control or non-ASCII byte";
    }
    if (leadroster::normalizeLinkedInUrl(r.value()).kind != r.kind)
      return "normalizeLinkedInUrl: kind changes on " + shown(r.value());
  }
  return checkApiJson("api::normalizeLinkedInUrl", leadroster::api::normalizeLinkedInUrl(in), r.ok());
}

inline std::string checkDomain(std::string_view in) {
  Normalized r = leadroster::normalizeDomain(in);
  std::string p = checkNormalized("normalizeDomain", leadroster::code::invalid_domain, in, r,
                                  [](const std::string& v) { return leadroster::normalizeDomain(v); });
  if (!p.empty()) return p;
  if (r.ok()) {
    if (leadroster::text::toLowerAscii(r.value()) != r.value())
      return "normalizeDomain: " + shown(r.value()) + " is not lowercase";
    std::string why = leadroster::detail::hostnameProblem(r.value(), "domain");
    if (!why.empty()) return "normalizeDomain: ok value " + shown(r.value()) + " fails hostnameProblem: " + why;
    // As a website and as an email domain, the host gives itself back.
    Normalized w = leadroster::normalizeDomain("https://" + r.value() + "/about");
    if (!w.ok() || w.value() != r.value())
      return "normalizeDomain: https://" + r.value() + "/about does not give " + shown(r.value());
  }
  (void)leadroster::isFreeMailDomain(in);
  p = checkApiJson("api::normalizeDomain", leadroster::api::normalizeDomain(in), r.ok());
  if (!p.empty()) return p;
  // URLs (magnetite's company.website) share the host rules.
  Normalized u = leadroster::normalizeUrl(in);
  return checkNormalized("normalizeUrl", leadroster::code::invalid_url, in, u,
                         [](const std::string& v) { return leadroster::normalizeUrl(v); });
}

inline std::string checkUuid(std::string_view in) {
  Normalized r = leadroster::normalizeUuid(in);
  std::string p = checkNormalized("normalizeUuid", leadroster::code::invalid_uuid, in, r,
                                  [](const std::string& v) { return leadroster::normalizeUuid(v); });
  if (!p.empty()) return p;
  if (r.ok()) {
    bool good = r.value().size() == 36;
    for (size_t i = 0; good && i < 36; ++i) {
      char c = r.value()[i];
      good = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : (leadroster::text::isDigit(c) || (c >= 'a' && c <= 'f'));
    }
    if (!good) return "normalizeUuid: " + shown(r.value()) + " is not 8-4-4-4-12 lowercase hex";
    std::string compact, upper = r.value();
    for (char c : r.value())
      if (c != '-') compact += c;
    for (char& c : upper) c = leadroster::text::toUpper(c);
    for (const std::string& form : {compact, upper, "{" + r.value() + "}", "urn:uuid:" + r.value()}) {
      Normalized f = leadroster::normalizeUuid(form);
      if (!f.ok() || f.value() != r.value())
        return "normalizeUuid: " + shown(form) + " does not give " + shown(r.value());
    }
  }
  return checkApiJson("api::normalizeUuid", leadroster::api::normalizeUuid(in), r.ok());
}

}  // namespace fuzzcheck
