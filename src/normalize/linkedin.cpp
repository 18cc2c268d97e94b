// LinkedIn profile and company URLs -> one canonical form.
//
// Accepted:
//   [http[s]://]<host>/[mwlite/]in/<slug>[/anything][?query][#fragment]
//   [http[s]://]<host>/[mwlite/]company/<slug>[/anything][?query][#fragment]
//   [http[s]://]<host>/[mwlite/]pub/<name>/<a>/<b>/<c>[/anything][?query][#fragment]
// where <host> (any case, one optional trailing dot) is linkedin.com or
// <label>.linkedin.com with <label> one of www, m, mobile, mwlite or a
// two-letter country code ([a-z]{2}: uk, fr, de, ca ...). A scheme-relative
// "//host/..." is accepted too.
//
// Output: https://www.linkedin.com/in/<slug>, /company/<slug> or
// /pub/<name>/<a>/<b>/<c>. The query and fragment are dropped whole, and so is
// anything after the slug (/details/..., /recent-activity/..., /about ...).
//
// Legacy /pub/ URLs are kept in their /pub/ form (lowercased): LinkedIn
// redirects them to an /in/ URL we cannot compute offline, so mapping them to
// /in/<name> would invent a profile that may not exist.
//
// Slug canonical form (one form for every spelling of the same slug):
//   - %XX of an unreserved ASCII character (letters, digits, - . _ ~) is
//     decoded to the character;
//   - any other %XX is kept, with uppercase hex digits;
//   - raw non-ASCII UTF-8 bytes and raw ASCII characters outside the
//     unreserved set (',', '\'', '(' ...) are percent-encoded (uppercase hex),
//     so "a,b" and "a%2Cb" agree and "josé" and "jos%C3%A9" agree;
//   - an existing valid %XX is never re-encoded (no %25XX);
//   - ASCII letters are lowercased, except the hex digits of %XX and except
//     /in/ internal member ids ("ACoAA..." / "ACwAA..."), which are
//     case-sensitive and kept exactly.
// Rejected in a slug: empty, more than 100 characters (decoded), '.' / '..'
// or any ".." (raw or encoded), an encoded '/' or '\', spaces (ASCII or
// Unicode), control characters (raw or encoded, C0/C1), a '%' not followed by
// two hex digits, bytes that do not decode to valid UTF-8.
//
// Never throws; one pass over the input (O(n)), extra memory O(1) beyond a
// slug capped at 100 bytes.
#include "normalize/linkedin.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "normalize/text.h"

namespace leadroster {

namespace {

// LinkedIn allows custom profile URLs of up to 100 characters; a character may
// take up to 4 UTF-8 bytes, each 3 bytes once percent-encoded.
constexpr size_t kMaxSlugChars = 100;
constexpr size_t kMaxSlugBytes = kMaxSlugChars * 12;
constexpr const char* kHexDigits = "0123456789ABCDEF";
constexpr const char* kProfilePrefix = "https://www.linkedin.com/in/";
constexpr const char* kCompanyPrefix = "https://www.linkedin.com/company/";

LinkedInResult fail(std::string message) { return Error{code::invalid_linkedin_url, std::move(message), {}}; }

LinkedInResult succeed(std::string value, LinkedInKind kind) {
  LinkedInResult r(std::move(value));
  r.kind = kind;
  return r;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isUnreserved(unsigned char c) { return text::isAlnum(char(c)) || c == '-' || c == '.' || c == '_' || c == '~'; }

void appendPercent(std::string& out, unsigned char b) {
  out += '%';
  out += kHexDigits[b >> 4];
  out += kHexDigits[b & 0x0F];
}

// True when s (a raw path segment) is "." or ".." in any percent-encoded spelling.
bool isDotSegment(std::string_view s) {
  size_t dots = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '%' && i + 2 < s.size() && s[i + 1] == '2' && (s[i + 2] == 'e' || s[i + 2] == 'E')) {
      i += 3;
    } else {
      return false;
    }
    if (++dots > 2) return false;
  }
  return dots == 1 || dots == 2;
}

// Length of a Unicode space or C1 control character encoded in UTF-8 at
// s[i], or 0. `s` must be valid UTF-8.
size_t unicodeSpaceOrControlAt(std::string_view s, size_t i) {
  auto b = [&](size_t k) -> unsigned { return i + k < s.size() ? (unsigned char)s[i + k] : 0u; };
  unsigned c0 = b(0);
  if (c0 == 0xC2 && (b(1) <= 0x9F || b(1) == 0xA0)) return 2;  // C1 controls, U+00A0
  if (c0 == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;    // U+1680
  if (c0 == 0xE2 && b(1) == 0x80 && (b(2) <= 0x8F || (b(2) >= 0xA8 && b(2) <= 0xAF)))
    return 3;                                                                // U+2000-200F, U+2028-202F
  if (c0 == 0xE2 && b(1) == 0x81 && b(2) >= 0x9F && b(2) <= 0xA0) return 3;  // U+205F-2060
  if (c0 == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;                  // U+3000
  if (c0 == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;                  // U+FEFF
  return 0;
}

// Normalizes one slug (see the canonical form above). `what` names it in
// messages ("profile name", "company name"). On success the canonical slug is
// appended to `out` and "" is returned; otherwise a reason in plain words.
std::string normalizeSlug(std::string_view raw, const char* what, bool keepInternalIdCase, std::string& out) {
  const size_t base = out.size();  // the slug is out[base, ...)
  auto slug = [&] { return std::string_view(out).substr(base); };
  // Fast path: a slug of unreserved ASCII only (letters, digits, - . _ ~) is
  // its own decoded form: the checks below reduce to the dot rules.
  if (!raw.empty() && raw.size() <= kMaxSlugChars) {
    bool plain = true;
    for (char c : raw) plain = plain && isUnreserved((unsigned char)c);
    if (plain) {
      if (raw == "." || raw.find("..") != std::string_view::npos)
        return "the " + std::string(what) + " contains \"..\" or is \".\"";
      out.append(raw);
      if (!(keepInternalIdCase && (text::startsWith(raw, "ACoAA") || text::startsWith(raw, "ACwAA"))))
        for (size_t i = base; i < out.size(); ++i) out[i] = text::toLower(out[i]);
      return "";
    }
  }
  std::string decoded;  // the bytes the slug stands for, to check UTF-8 and dots
  const std::string name(what);
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = (unsigned char)raw[i];
    if (c == '%') {
      int hi = i + 1 < raw.size() ? hexValue(raw[i + 1]) : -1;
      int lo = i + 2 < raw.size() ? hexValue(raw[i + 2]) : -1;
      if (hi < 0 || lo < 0) return "the " + name + " has a '%' that is not followed by two hexadecimal digits";
      unsigned char v = (unsigned char)(hi * 16 + lo);
      i += 2;
      if (v == '/' || v == '\\') return "the " + name + " contains an encoded slash (%2F or %5C)";
      if (v < 0x20 || v == 0x7F) return "the " + name + " contains an encoded control character";
      if (v == ' ') return "the " + name + " contains a space";
      if (isUnreserved(v))
        out += char(v);
      else
        appendPercent(out, v);
      decoded += char(v);
    } else if (c >= 0x80) {
      appendPercent(out, c);
      decoded += char(c);
    } else if (isUnreserved(c)) {
      out += char(c);
      decoded += char(c);
    } else if (c <= 0x20 || c == 0x7F) {
      return "the " + name + " contains a space or a control character";
    } else if (c == '\\') {
      return "the " + name + " contains a backslash";
    } else {
      appendPercent(out, c);  // raw reserved or unsafe ASCII: one canonical spelling
      decoded += char(c);
    }
    if (out.size() - base > kMaxSlugBytes) return "the " + name + " is longer than 100 characters";
  }
  if (out.size() == base) return "the " + name + " is empty";
  if (decoded == "." || decoded.find("..") != std::string::npos) return "the " + name + " contains \"..\" or is \".\"";
  if (!text::isValidUtf8(decoded)) return "the " + name + " is not valid UTF-8 once decoded";
  size_t chars = 0;
  for (char c : decoded) chars += ((unsigned char)c & 0xC0) != 0x80;
  if (chars > kMaxSlugChars) return "the " + name + " is longer than 100 characters";
  for (size_t i = 0; i < decoded.size(); ++i)
    if (unicodeSpaceOrControlAt(decoded, i)) return "the " + name + " contains a space or a control character";

  const bool internalId =
      keepInternalIdCase && (text::startsWith(slug(), "ACoAA") || text::startsWith(slug(), "ACwAA"));
  if (!internalId) {
    for (size_t i = base; i < out.size(); ++i) {
      if (out[i] == '%')
        i += 2;  // keep the uppercase hex digits of %XX
      else
        out[i] = text::toLower(out[i]);
    }
  }
  return "";
}

bool isAllowedHost(std::string_view host) {
  constexpr std::string_view base = "linkedin.com";
  if (host == base) return true;
  if (host.size() <= base.size() + 1 || !text::endsWith(host, base)) return false;
  if (host[host.size() - base.size() - 1] != '.') return false;
  std::string_view label = host.substr(0, host.size() - base.size() - 1);
  if (label == "www" || label == "m" || label == "mobile" || label == "mwlite") return true;
  return label.size() == 2 && label[0] >= 'a' && label[0] <= 'z' && label[1] >= 'a' &&
         label[1] <= 'z';  // country subdomain
}

// True when s[0..] is a URL scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )).
// A candidate containing '.' is treated as a host (e.g. "linkedin.com:443").
bool looksLikeScheme(std::string_view s) {
  if (s.empty() || !text::isAlpha(s[0])) return false;
  for (char c : s)
    if (!(text::isAlnum(c) || c == '+' || c == '-')) return false;
  return true;
}

constexpr const char* kPublicProfileNeeded = "a public profile URL (linkedin.com/in/...) is needed";

// The common spellings, [http[s]:]//<host>/in|company/<slug>[/...][?...][#...]
// or without the scheme, with <host> one isAllowedHost accepts: when the host
// and path are letters, digits and - . _ ~ / : = & + only (no escapes, spaces,
// '@', '\\' or non-ASCII) and the query and fragment printable ASCII, the URL is
// read in one pass and its slug by normalizeSlug, as the general path below
// reads it. Anything else (and any error) is left to the general path, which
// gives the same value.
bool normalizeCommon(std::string_view s, LinkedInResult& result) {
  static const auto safe = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
      t[size_t(c)] = text::isAlnum(char(c)) || std::string_view("-._~/:=&+").find(char(c)) != std::string_view::npos;
    return t;
  }();
  size_t i = 0;
  auto take = [&](std::string_view lit) {
    if (s.size() - i < lit.size() || !text::equalsIgnoreCase(s.substr(i, lit.size()), lit)) return false;
    i += lit.size();
    return true;
  };
  if (!take("https://") && !take("http://")) take("//");
  // host: up to the first '/', which must come
  size_t hostStart = i;
  while (i < s.size() && (text::isAlnum(s[i]) || s[i] == '.' || s[i] == '-')) ++i;
  if (i == hostStart || i >= s.size() || s[i] != '/' || i - hostStart > 253) return false;
  char hostBuf[256];
  for (size_t k = hostStart; k < i; ++k) hostBuf[k - hostStart] = text::toLower(s[k]);
  std::string_view host(hostBuf, i - hostStart);
  if (host.back() == '.') host.remove_suffix(1);
  if (!isAllowedHost(host)) return false;
  ++i;
  // path segments, to the query or fragment
  std::string_view section, slug;
  size_t count = 0, from = i;
  for (;; ++i) {
    char c = i < s.size() ? s[i] : '?';
    if (c == '/' || c == '?' || c == '#') {
      std::string_view one = s.substr(from, i - from);
      if (one == "." || one == "..") return false;
      if (count == 0)
        section = one;
      else if (count == 1)
        slug = one;
      ++count;
      from = i + 1;
      if (c != '/') break;
    } else if (!safe[(unsigned char)c]) {
      return false;
    }
  }
  // The query and fragment: dropped, but checked as the general path does
  // (printable ASCII, no '\\'), 8 bytes at a time.
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    std::uint64_t del = w ^ (ones * 0x7F), bs = w ^ (ones * '\\');
    if ((w | ((w - ones * 0x21) & ~w) | ((del - ones) & ~del) | ((bs - ones) & ~bs)) & high) return false;
  }
  for (; i < s.size(); ++i)
    if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7F || s[i] == '\\') return false;
  bool profile = text::equalsIgnoreCase(section, "in");
  if (count < 2 || (!profile && !text::equalsIgnoreCase(section, "company"))) return false;
  // The slug as the general path reads it (same function, same arguments);
  // a slug it refuses is left to the general path, which says why.
  std::string value;
  value.reserve(33 + slug.size());
  value = profile ? kProfilePrefix : kCompanyPrefix;
  if (!normalizeSlug(slug, profile ? "profile name" : "company name", /*keepInternalIdCase=*/profile, value).empty())
    return false;
  result = succeed(std::move(value), profile ? LinkedInKind::Profile : LinkedInKind::Company);
  return true;
}

LinkedInResult normalizeImpl(std::string_view input, bool common = true) {
  std::string_view s = text::trim(input);
  if (LinkedInResult r; common && normalizeCommon(s, r)) return r;
  if (s.empty()) return fail("The LinkedIn URL is empty.");
  if (text::hasControlChar(s)) return fail("The LinkedIn URL contains a control character.");
  if (!text::isValidUtf8(s)) return fail("The LinkedIn URL is not valid UTF-8 text.");
  if (s.find(' ') != std::string_view::npos)
    return fail("The LinkedIn URL contains a space: " + text::quoteForMessage(s) + ".");

  // Scheme.
  std::string_view rest = s;
  size_t colon = s.find(':');
  size_t firstDelim = text::findAny(s, "/?#");
  if (colon != std::string_view::npos && colon < firstDelim && looksLikeScheme(s.substr(0, colon))) {
    std::string_view scheme = s.substr(0, colon);
    if (!text::equalsIgnoreCase(scheme, "http") && !text::equalsIgnoreCase(scheme, "https"))
      return fail("Only http and https LinkedIn URLs are accepted, not " + text::quoteForMessage(scheme) + ".");
    rest = s.substr(colon + 1);
    if (!text::startsWith(rest, "//"))
      return fail("The LinkedIn URL must have \"//\" after \"" + std::string(scheme) + ":\".");
    rest.remove_prefix(2);
  } else if (text::startsWith(s, "//")) {
    rest.remove_prefix(2);  // scheme-relative
  }

  // Split off query and fragment (dropped whole, never inspected further).
  size_t qf = text::findAny(rest, "?#");
  std::string_view hostAndPath = rest.substr(0, qf == std::string_view::npos ? rest.size() : qf);
  if (hostAndPath.find('\\') != std::string_view::npos) return fail("The LinkedIn URL contains a backslash.");

  // Authority.
  size_t slash = hostAndPath.find('/');
  std::string_view authority = hostAndPath.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : hostAndPath.substr(slash);
  if (authority.empty()) return fail("The LinkedIn URL has no host name.");
  if (authority.find('@') != std::string_view::npos)
    return fail("The LinkedIn URL must not contain a user name or password (\"@\").");
  if (authority.find(':') != std::string_view::npos) return fail("The LinkedIn URL must not contain a port number.");
  if (authority.size() > 253) return fail("Not a LinkedIn URL: the host name is too long.");
  char hostBuf[256];  // authority.size() <= 253 (checked above): lowercased without allocating
  for (size_t i = 0; i < authority.size(); ++i) hostBuf[i] = text::toLower(authority[i]);
  std::string_view host(hostBuf, authority.size());
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (!isAllowedHost(host))
    return fail("Not a LinkedIn URL: the host " + text::quoteForMessage(authority) + " is not linkedin.com.");

  // Path segments: keep the first few, check every one for dot segments and
  // broken %-escapes (streaming, so a huge path costs O(n) time, O(1) memory).
  constexpr size_t kKept = 6;
  std::string_view seg[kKept];
  size_t count = 0;
  if (!path.empty()) {
    std::string_view p = path.substr(1);  // path starts with '/'
    for (;;) {
      size_t e = p.find('/');
      std::string_view one = p.substr(0, e);
      if (isDotSegment(one)) return fail("The LinkedIn URL path contains a \".\" or \"..\" segment.");
      for (size_t i = 0; i < one.size(); ++i) {
        if (one[i] != '%') continue;
        if (i + 2 >= one.size() || !text::isHex(one[i + 1]) || !text::isHex(one[i + 2]))
          return fail("The LinkedIn URL has a '%' that is not followed by two hexadecimal digits.");
      }
      if (count < kKept) seg[count] = one;
      ++count;
      if (e == std::string_view::npos) break;
      p.remove_prefix(e + 1);
    }
  }
  size_t first = 0;
  if (count > 0 && text::equalsIgnoreCase(seg[0], "mwlite")) first = 1;
  auto at = [&](size_t k) -> std::string_view {
    return first + k < count && first + k < kKept ? seg[first + k] : std::string_view();
  };
  std::string_view section = at(0);
  if (section.empty())
    return fail(
        "The LinkedIn URL has no profile or company path "
        "(expected linkedin.com/in/... or linkedin.com/company/...).");

  // The canonical URL is written in place: its prefix, then the slug.
  std::string value;
  std::string problem;
  if (text::equalsIgnoreCase(section, "in")) {
    value.reserve(28 + at(1).size());
    value = kProfilePrefix;
    problem = normalizeSlug(at(1), "profile name", /*keepInternalIdCase=*/true, value);
    if (!problem.empty()) return fail("Invalid LinkedIn profile URL: " + problem + ".");
    return succeed(std::move(value), LinkedInKind::Profile);
  }
  if (text::equalsIgnoreCase(section, "company")) {
    value.reserve(33 + at(1).size());
    value = kCompanyPrefix;
    problem = normalizeSlug(at(1), "company name", false, value);
    if (!problem.empty()) return fail("Invalid LinkedIn company URL: " + problem + ".");
    return succeed(std::move(value), LinkedInKind::Company);
  }
  if (text::equalsIgnoreCase(section, "pub")) {
    if (text::equalsIgnoreCase(at(1), "dir"))
      return fail("This is a LinkedIn directory search page, not a profile; " + std::string(kPublicProfileNeeded) +
                  ".");
    value = "https://www.linkedin.com/pub/";
    problem = normalizeSlug(at(1), "profile name", false, value);
    if (!problem.empty()) return fail("Invalid legacy LinkedIn /pub/ URL: " + problem + ".");
    for (size_t k = 2; k <= 4; ++k) {
      std::string_view part = at(k);
      bool good = !part.empty() && part.size() <= 10;
      for (char c : part) good = good && text::isAlnum(c);
      if (!good)
        return fail(
            "Invalid legacy LinkedIn /pub/ URL: expected /pub/<name>/<a>/<b>/<c> "
            "with three short letter-or-digit parts after the name.");
      value += '/';
      value += text::toLowerAscii(part);
    }
    return succeed(std::move(value), LinkedInKind::Profile);
  }
  if (text::equalsIgnoreCase(section, "sales") || text::equalsIgnoreCase(section, "talent") ||
      text::equalsIgnoreCase(section, "recruiter") || text::equalsIgnoreCase(section, "profile"))
    return fail("Sales Navigator, Recruiter and internal profile links are not accepted; " +
                std::string(kPublicProfileNeeded) + ".");
  if (text::equalsIgnoreCase(section, "school") || text::equalsIgnoreCase(section, "showcase"))
    return fail(
        "LinkedIn school and showcase pages are not supported; give a profile "
        "(linkedin.com/in/...) or company (linkedin.com/company/...) URL.");
  return fail("Not a LinkedIn profile or company URL: the path " + text::quoteForMessage(path) +
              " does not start with /in/ or /company/.");
}

}  // namespace

LinkedInResult detail::normalizeLinkedInUrlGeneral(std::string_view input) {
  try {
    return normalizeImpl(input, false);
  } catch (...) {
    return LinkedInResult(Error{code::invalid_linkedin_url, {}, {}});
  }
}

LinkedInResult normalizeLinkedInUrl(std::string_view input) {
  try {
    return normalizeImpl(input);
  } catch (...) {  // only std::bad_alloc is possible; keep the no-throw promise
    return LinkedInResult(Error{code::invalid_linkedin_url, {}, {}});
  }
}

}  // namespace leadroster
