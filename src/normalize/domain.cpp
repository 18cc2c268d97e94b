// Company domains and free-mail detection.
//
// normalizeDomain choices where the rules were silent:
//  - Schemes: any "xxx://" (xxx = letter then letters/digits/+/./-), a
//    protocol-relative "//" and "mailto:" are stripped.
//  - The host is what follows the last '@' of the authority (userinfo or an
//    email address), the authority ending at the first '/', '?', '#' or '\'.
//    So an email whose local part holds '/' ("a/b@x.com", legal but very rare)
//    is read as a URL and rejected; "medium.com/@john" gives "medium.com".
//  - A port must be digits ("acme.com:8080"); "acme.com:abc" is rejected.
//  - One trailing dot is removed ("acme.com." is the same host).
//  - "www." is removed only when the first label is exactly "www" and at least
//    two labels remain ("www.com" stays "www.com").
//  - Internationalized hosts ("müller.de") become their ASCII form
//    ("xn--mller-kva.de") by UTS #46 processing (normalize/idna.cpp); an
//    "xn--" label must be valid punycode. The top-level domain must be 2+
//    letters in its Unicode form ("b.é" = "b.xn--9ca" is refused). IPv4 and bracketed IPv6 addresses
//    are rejected.
#include "normalize/domain.h"

#include <algorithm>
#include <array>

#include "normalize/idna.h"
#include "normalize/text.h"

namespace leadroster {

namespace detail {

std::string hostnameProblem(std::string_view host, std::string_view what) {
  std::string w(what);
  if (host.empty()) return w + " is empty";
  if (host.size() > 253) return w + " is longer than 253 characters";
  if (host.front() == '[') return w + " is an IP address in brackets; a domain name is required";
  for (char c : host) {
    unsigned char u = (unsigned char)c;
    if (u >= 0x80)
      return w +
             " contains a non-ASCII character; write internationalized domains in "
             "punycode (xn--...)";
    if (text::isSpace(c)) return w + " contains a space";
    if (u < 0x20 || u == 0x7F) return w + " contains a control character";
    if (c == '_') return w + " contains '_', which is not allowed in a hostname";
    if (!(text::isAlnum(c) || c == '-' || c == '.'))
      return w + " contains the character '" + std::string(1, c) + "', which is not allowed in a hostname";
  }
  if (host.front() == '.') return w + " starts with a dot";
  if (host.back() == '.') return w + " ends with a dot";

  size_t labels = 0;
  bool allLabelsNumeric = true;
  std::string_view tld;
  size_t start = 0;
  while (start <= host.size()) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    std::string_view label = host.substr(start, dot - start);
    ++labels;
    if (label.empty()) return w + " has two dots in a row (an empty label)";
    if (label.size() > 63) return w + " label " + text::quoteForMessage(label) + " is longer than 63 characters";
    if (label.front() == '-') return w + " label " + text::quoteForMessage(label) + " starts with '-'";
    if (label.back() == '-') return w + " label " + text::quoteForMessage(label) + " ends with '-'";
    for (char c : label)
      if (!text::isDigit(c)) {
        allLabelsNumeric = false;
        break;
      }
    tld = label;
    start = dot + 1;
  }
  if (labels < 2) return w + " " + text::quoteForMessage(host) + " has no top-level domain (like .com)";
  bool tldDigits = true, tldLetters = true;
  for (char c : tld) {
    if (!text::isDigit(c)) tldDigits = false;
    if (!text::isAlpha(c)) tldLetters = false;
  }
  if (tldDigits) {
    if (allLabelsNumeric) return w + " is an IP address, not a domain name";
    return w + " top-level domain " + text::quoteForMessage(tld) + " is all digits";
  }
  if (text::startsWith(tld, "xn--")) {
    // The top-level domain rule (2+ letters) holds for its Unicode form, as
    // validator.js's isFQDN checks it: "b.é" (xn--9ca) has a one-letter TLD.
    std::u32string u;
    if (!punycodeDecode(tld.substr(4), u)) return "";  // the IDN step reports bad punycode
    for (char32_t cp : u)
      if (cp < 0x80 && !text::isAlpha(char(cp)))
        return w + " top-level domain " + text::quoteForMessage(tld) +
               " must be letters only (or xn-- punycode of letters)";
    if (u.size() < 2)
      return w + " top-level domain " + text::quoteForMessage(tld) + " is shorter than 2 letters (in its Unicode form)";
    return "";
  }
  if (!tldLetters)
    return w + " top-level domain " + text::quoteForMessage(tld) + " must be letters only (or xn-- punycode)";
  if (tld.size() < 2) return w + " top-level domain " + text::quoteForMessage(tld) + " is shorter than 2 letters";
  return "";
}

}  // namespace detail

namespace {

// Length of a leading "scheme://" (or "//", or "mailto:"), 0 if none.
size_t schemeLength(std::string_view s) {
  if (text::startsWith(s, "//")) return 2;
  if (s.size() >= 7 && text::equalsIgnoreCase(s.substr(0, 7), "mailto:")) return 7;
  if (s.empty() || !text::isAlpha(s[0])) return 0;
  size_t i = 1;
  while (i < s.size() && (text::isAlnum(s[i]) || s[i] == '+' || s[i] == '.' || s[i] == '-')) ++i;
  if (s.substr(i, 3) == "://") return i + 3;
  return 0;
}

}  // namespace

Normalized normalizeDomain(std::string_view input) {
  std::string_view s = text::trim(input);
  if (s.empty()) return Normalized::failure(code::invalid_domain, "domain is empty");

  s.remove_prefix(schemeLength(s));

  // Authority: up to the first '/', '?', '#' or '\'.
  size_t end = text::findAny(s, "/?#\\");
  std::string_view authority = s.substr(0, end == std::string_view::npos ? s.size() : end);
  // Host: after the last '@' (userinfo, or the domain of an email address).
  size_t at = authority.rfind('@');
  std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);

  if (host.empty())
    return Normalized::failure(code::invalid_domain, "domain has no host name in " + text::quoteForMessage(input));
  if (host.front() == '[')
    return Normalized::failure(code::invalid_domain, "domain is an IP address in brackets; a domain name is required");

  // Port: ":" followed by digits (possibly none).
  size_t colon = host.find(':');
  if (colon != std::string_view::npos) {
    for (size_t i = colon + 1; i < host.size(); ++i)
      if (!text::isDigit(host[i]))
        return Normalized::failure(code::invalid_domain, "domain has a port that is not a number: " +
                                                             text::quoteForMessage(host.substr(colon + 1)));
    host = host.substr(0, colon);
  }

  // Cheap early exit so a huge input never gets copied (an IDN host is at
  // most ~4x longer in UTF-8 than its ASCII form's 253 bytes).
  if (host.size() > 1024) return Normalized::failure(code::invalid_domain, "domain is longer than 253 characters");

  std::string h = text::toLowerAscii(host);
  if (mayBeIdn(h)) {
    std::string ascii;
    std::string why = toAsciiHost(h, "domain", ascii);
    if (!why.empty()) return Normalized::failure(code::invalid_domain, std::move(why));
    h = std::move(ascii);
  }
  if (!h.empty() && h.back() == '.') h.pop_back();
  // Every leading "www." label goes (while two labels remain), so the result
  // normalizes to itself: "www.www.acme.com" -> "acme.com".
  while (text::startsWith(h, "www.") && h.find('.', 4) != std::string::npos) h.erase(0, 4);

  std::string why = detail::hostnameProblem(h, "domain");
  if (!why.empty()) return Normalized::failure(code::invalid_domain, std::move(why));
  return Normalized::success(std::move(h));
}

namespace {

// Free-mail domains, sorted (checked at compile time). The big brands that
// exist under many country suffixes (yahoo, hotmail, outlook, live, gmx,
// yandex) are not listed: a rule below matches them under any suffix.
constexpr std::array<std::string_view, 112> kFreeMail = {{
    "126.com",        "139.com",        "163.com",        "188.com",         "abv.bg",
    "aim.com",        "alice.it",       "aliyun.com",     "aol.co.uk",       "aol.com",
    "aol.de",         "aol.fr",         "att.net",        "azet.sk",         "bell.net",
    "bellsouth.net",  "bigpond.com",    "bk.ru",          "bluewin.ch",      "blueyonder.co.uk",
    "bol.com.br",     "btinternet.com", "centrum.cz",     "charter.net",     "citromail.hu",
    "comcast.net",    "cox.net",        "daum.net",       "earthlink.net",   "email.com",
    "email.cz",       "fastmail.com",   "fastmail.fm",    "foxmail.com",     "free.fr",
    "freemail.hu",    "freenet.de",     "gmail.com",      "gmx.net",         "googlemail.com",
    "hanmail.net",    "hey.com",        "hushmail.com",   "icloud.com",      "ig.com.br",
    "inbox.ru",       "interia.pl",     "juno.com",       "kakao.com",       "laposte.net",
    "libero.it",      "list.ru",        "mac.com",        "mail.com",        "mail.de",
    "mail.ru",        "mailbox.org",    "me.com",         "msn.com",         "nate.com",
    "naver.com",      "neuf.fr",        "ntlworld.com",   "o2.pl",           "onet.pl",
    "optonline.net",  "orange.fr",      "pm.me",          "posteo.de",       "posteo.net",
    "proton.me",      "protonmail.ch",  "protonmail.com", "qq.com",          "rambler.ru",
    "rediffmail.com", "rocketmail.com", "rogers.com",     "sapo.pt",         "sbcglobal.net",
    "seznam.cz",      "sfr.fr",         "shaw.ca",        "sina.cn",         "sina.com",
    "sky.com",        "skynet.be",      "sohu.com",       "sympatico.ca",    "t-online.de",
    "talktalk.net",   "telenet.be",     "telus.net",      "terra.com.br",    "tin.it",
    "tiscali.it",     "tuta.io",        "tutanota.com",   "tutanota.de",     "ukr.net",
    "uol.com.br",     "verizon.net",    "virgilio.it",    "virginmedia.com", "wanadoo.fr",
    "web.de",         "wp.pl",          "ya.ru",          "yeah.net",        "ymail.com",
    "zoho.com",       "zohomail.com",
}};

constexpr bool isSorted() {
  for (size_t i = 1; i < kFreeMail.size(); ++i)
    if (!(kFreeMail[i - 1] < kFreeMail[i])) return false;
  return true;
}
static_assert(isSorted(), "kFreeMail must be sorted and without duplicates");

constexpr std::array<std::string_view, 6> kFreeMailBrands = {{"gmx", "hotmail", "live", "outlook", "yahoo", "yandex"}};

bool isCountryCode(std::string_view s) { return s.size() == 2 && text::isAlpha(s[0]) && text::isAlpha(s[1]); }

// "<brand>.<suffix>" where suffix is "com", a two-letter country code, or
// "co."/"com." + country code: yahoo.com, yahoo.fr, yahoo.co.jp,
// hotmail.com.mx. A longer host such as "live.acme.com" does not match.
bool isBrandWithPublicSuffix(std::string_view d) {
  size_t dot = d.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view brand = d.substr(0, dot);
  if (std::find(kFreeMailBrands.begin(), kFreeMailBrands.end(), brand) == kFreeMailBrands.end()) return false;
  std::string_view suffix = d.substr(dot + 1);
  size_t dot2 = suffix.find('.');
  if (dot2 == std::string_view::npos) return suffix == "com" || isCountryCode(suffix);
  std::string_view second = suffix.substr(0, dot2);
  std::string_view cc = suffix.substr(dot2 + 1);
  return (second == "co" || second == "com") && isCountryCode(cc);
}

}  // namespace

bool isFreeMailDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 254) return false;
  std::string d = text::toLowerAscii(domain);
  if (d.back() == '.') d.pop_back();
  if (std::binary_search(kFreeMail.begin(), kFreeMail.end(), std::string_view(d))) return true;
  return isBrandWithPublicSuffix(d);
}

}  // namespace leadroster
