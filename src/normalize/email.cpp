// Email addresses: the value sent and the dedup key.
//
// Choices where the rules were silent:
//  - Non-ASCII local parts: accepted, to match validator.js isEmail's default
//    (allow_utf8_local_part: true) at no real cost. The accepted code points
//    are exactly validator's: U+00A1-U+D7FF, U+F900-U+FDCF, U+FDF0-U+FFEF
//    (so no emoji or other astral characters, no U+00A0, no C1 controls), and
//    the bytes must be well-formed UTF-8. Lowercasing is ASCII only, so a
//    non-ASCII letter keeps its case. Such an address needs SMTPUTF8 at the
//    receiving server; leadroster sends it as written (policy: accept, as
//    validator.js does; nothing is transliterated).
//  - Internationalized domains (info@müller.de) are sent in their ASCII form
//    (info@xn--mller-kva.de) by UTS #46 processing and punycode (normalize/idna.cpp
//    says what it refuses); the "xn--" form given directly is the same address,
//    so the two are one identity for dedup. An "xn--" label must be valid punycode.
//  - Quoted local parts ("john doe"@x.com) are rejected, even though RFC 5322
//    and validator.js allow them: providers do not hand them out.
//  - IP-literal domains ([1.2.3.4]) and bare IPs (a@1.2.3.4) are rejected.
//  - Lengths are in bytes: local part <= 64, whole address <= 254 (with the
//    domain in its ASCII form).
#include "normalize/email.h"

#include "normalize/domain.h"
#include "normalize/idna.h"
#include "normalize/text.h"

namespace leadroster {

namespace {

// RFC 5322 atext (letters are checked lowercase: the address is lowercased
// before the check).
bool isAtext(char c) {
  if (text::isAlnum(c)) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~': return true;
    default: return false;
  }
}

// The non-ASCII code points validator.js accepts in a local part.
bool isAllowedUnicode(unsigned cp) {
  return (cp >= 0xA1 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) || (cp >= 0xFDF0 && cp <= 0xFFEF);
}

std::string hexCodePoint(unsigned cp) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (int shift = 20; shift >= 0; shift -= 4) {
    unsigned d = (cp >> shift) & 0xF;
    if (out.empty() && d == 0 && shift > 12) continue;  // at least 4 digits
    out += digits[d];
  }
  return "U+" + out;
}

EmailResult fail(std::string msg) { return Error{code::invalid_email, std::move(msg), {}}; }

// "" when the local part (already lowercased, non-empty, <= 64 bytes) is fine.
std::string localPartProblem(std::string_view local) {
  if (local.front() == '"') return "email has a quoted local part, which is not supported";
  if (local.front() == '.') return "email local part starts with a dot";
  if (local.back() == '.') return "email local part ends with a dot";
  for (size_t i = 0; i < local.size();) {
    char c = local[i];
    unsigned char u = (unsigned char)c;
    if (c == '.') {
      if (i + 1 < local.size() && local[i + 1] == '.') return "email local part has two dots in a row";
      ++i;
      continue;
    }
    if (u < 0x80) {
      if (!isAtext(c))
        return "email local part contains the character '" + std::string(1, c) + "', which is not allowed";
      ++i;
      continue;
    }
    char32_t cp = 0;
    size_t len = decodeUtf8(local, i, cp);  // (idna.h)
    if (len == 0) return "email local part contains bytes that are not valid UTF-8";
    if (!isAllowedUnicode(cp))
      return "email local part contains the non-ASCII character " + hexCodePoint(cp) + ", which is not allowed";
    i += len;
  }
  return "";
}

}  // namespace

EmailResult normalizeEmail(std::string_view input) {
  std::string_view s = text::trim(input);
  if (s.empty()) return fail("email is empty");
  // The limit applies to the ASCII form; an IDN domain is longer in UTF-8
  // than in punycode by a bounded factor, so anything this long fails either way.
  if (s.size() > 254) {
    bool ascii = true;
    for (char c : s) ascii &= (unsigned char)c < 0x80;
    if (ascii || s.size() > 1024) return fail("email is longer than 254 characters");
  }

  if (text::hasSpaceOrControlChar(s)) {  // which comes first names the problem
    for (char c : s) {
      unsigned char u = (unsigned char)c;
      if (c == ' ') return fail("email contains a space");
      if (u < 0x20 || u == 0x7F) return fail("email contains a control character");
    }
  }

  std::string addr = text::toLowerAscii(s);
  size_t at = addr.find('@');
  if (at == std::string::npos) return fail("email has no '@'");
  if (addr.find('@', at + 1) != std::string::npos) {
    if (addr.front() == '"') return fail("email has a quoted local part, which is not supported");
    return fail("email has more than one '@'");
  }

  std::string_view view(addr);
  std::string_view local = view.substr(0, at);
  std::string_view domain = view.substr(at + 1);
  if (local.empty()) return fail("email has nothing before the '@'");
  if (domain.empty()) return fail("email has nothing after the '@'");
  if (local.size() > 64) return fail("email local part is longer than 64 characters");

  std::string why = localPartProblem(local);
  if (!why.empty()) return fail(std::move(why));

  if (domain.front() == '[')
    return fail("email domain is an IP address literal in brackets; a domain name is required");
  if (mayBeIdn(domain)) {
    std::string ascii;
    why = toAsciiHost(domain, "email domain", ascii, /*mapDots=*/false);
    if (!why.empty()) return fail(std::move(why));
    addr.resize(at + 1);
    addr += ascii;
    view = addr;
    domain = view.substr(at + 1);
  }
  why = detail::hostnameProblem(domain, "email domain");
  if (!why.empty()) return fail(std::move(why));
  if (addr.size() > 254) return fail("email is longer than 254 characters");

  std::string domainText(domain);  // domain views addr
  EmailResult r(std::move(addr));
  r.domain = std::move(domainText);
  return r;
}

std::string emailDedupKey(std::string_view normalized, bool foldGmail) {
  std::string out(normalized);
  if (!foldGmail) return out;
  size_t at = normalized.rfind('@');
  if (at == std::string_view::npos) return out;
  std::string_view domain = normalized.substr(at + 1);
  if (!text::equalsIgnoreCase(domain, "gmail.com") && !text::equalsIgnoreCase(domain, "googlemail.com")) return out;
  std::string_view local = normalized.substr(0, at);
  std::string folded;
  folded.reserve(local.size() + 10);
  for (char c : local) {
    if (c == '+') break;
    if (c != '.') folded += c;
  }
  // "+tag@gmail.com" or ".@gmail.com" would fold to nothing: keep the address.
  if (folded.empty()) return out;
  folded += "@gmail.com";
  return folded;
}

}  // namespace leadroster
