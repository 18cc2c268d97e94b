#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "normalize/email.h"

using leadroster::emailDedupKey;
using leadroster::EmailResult;
using leadroster::normalizeEmail;

namespace {
// Never print a megabyte of input in a failure message.
std::string traceOf(const std::string& s) {
  return s.size() <= 80 ? s : s.substr(0, 80) + "... (" + std::to_string(s.size()) + " bytes)";
}

void expectInvalid(const std::string& in) {
  SCOPED_TRACE("input: " + traceOf(in));
  EmailResult r = normalizeEmail(in);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "invalid_email");
  EXPECT_FALSE(r.error().message.empty());
  EXPECT_TRUE(r.value().empty());
}

std::string messageOf(const std::string& in) { return normalizeEmail(in).error().message; }

}  // namespace

TEST(Email, RequiredExamples) {
  EmailResult r = normalizeEmail("  Mary.Leroy@Soylent.FR ");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "mary.leroy@soylent.fr");
  EXPECT_EQ(r.domain, "soylent.fr");
  EXPECT_TRUE(r.error().code.empty());
  expectInvalid("mary@@soylent.fr");
  expectInvalid("mary@soylent");
}

TEST(Email, AcceptsAndNormalizes) {
  struct Case {
    const char* in;
    const char* value;
    const char* domain;
  };
  std::vector<Case> cases = {
      {"john@acme.com", "john@acme.com", "acme.com"},
      {"JOHN@ACME.COM", "john@acme.com", "acme.com"},
      {"\t john.doe+newsletter@Mail.Acme.co.uk \r\n", "john.doe+newsletter@mail.acme.co.uk", "mail.acme.co.uk"},
      {"a@b.co", "a@b.co", "b.co"},
      {"o'brien@acme.ie", "o'brien@acme.ie", "acme.ie"},
      {"!#$%&'*+/=?^_`{|}~-@acme.com", "!#$%&'*+/=?^_`{|}~-@acme.com", "acme.com"},
      {"user_name-1@sub-domain.acme-corp.io", "user_name-1@sub-domain.acme-corp.io", "sub-domain.acme-corp.io"},
      {"x@xn--80ak6aa92e.xn--p1ai", "x@xn--80ak6aa92e.xn--p1ai", "xn--80ak6aa92e.xn--p1ai"},
      {"123@456.com", "123@456.com", "456.com"},
      {"\xC2\xA0jo@acme.com\xE2\x80\x8B", "jo@acme.com", "acme.com"},  // NBSP / ZWSP trimmed
      // UTF-8 local part (validator.js default); only ASCII is lowercased.
      {"J\xC3\xA9r\xC3\xB4me@Acme.FR", "j\xC3\xA9r\xC3\xB4me@acme.fr", "acme.fr"},
      {"\xC3\x89lodie@acme.fr", "\xC3\x89lodie@acme.fr", "acme.fr"},
      {"\xE7\x94\xA8\xE6\x88\xB7@acme.cn", "\xE7\x94\xA8\xE6\x88\xB7@acme.cn", "acme.cn"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EmailResult r = normalizeEmail(c.in);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), c.value);
    EXPECT_EQ(r.domain, c.domain);
  }
}

TEST(Email, LengthLimits) {
  std::string local64(64, 'a');
  std::string local65(65, 'a');
  EXPECT_TRUE(normalizeEmail(local64 + "@acme.com").ok());
  expectInvalid(local65 + "@acme.com");
  EXPECT_NE(messageOf(local65 + "@acme.com").find("64"), std::string::npos);

  // Exactly 254 bytes: 64 + 1 + 189 (labels of 63 + 63 + 61 + "com").
  std::string domain = std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(57, 'd') + ".com";
  std::string at254 = local64 + "@" + domain;
  ASSERT_EQ(at254.size(), 254u);
  EXPECT_TRUE(normalizeEmail(at254).ok()) << messageOf(at254);
  std::string at255 = local64 + "@e" + domain;
  ASSERT_EQ(at255.size(), 255u);
  expectInvalid(at255);
  EXPECT_NE(messageOf(at255).find("254"), std::string::npos);

  std::string label63 = std::string(63, 'x');
  std::string label64 = std::string(64, 'x');
  EXPECT_TRUE(normalizeEmail("a@" + label63 + ".com").ok());
  expectInvalid("a@" + label64 + ".com");
  EXPECT_NE(messageOf("a@" + label64 + ".com").find("longer than 63 characters"), std::string::npos);
}

TEST(Email, RejectsStructure) {
  for (const char* in : {"", "   ", "\xC2\xA0", "mary", "mary.soylent.fr", "mary@", "@soylent.fr", "@", "a@b@c.com",
                         "mary@@soylent.fr", "\"mary\"@soylent.fr", "\"a@b\"@soylent.fr", "\"john doe\"@soylent.fr"}) {
    expectInvalid(in);
  }
  EXPECT_EQ(messageOf("mary.soylent.fr"), "email has no '@'");
  EXPECT_EQ(messageOf("a@b@c.com"), "email has more than one '@'");
  EXPECT_EQ(messageOf("mary@"), "email has nothing after the '@'");
  EXPECT_EQ(messageOf("@soylent.fr"), "email has nothing before the '@'");
  EXPECT_EQ(messageOf(""), "email is empty");
  EXPECT_NE(messageOf("\"a@b\"@soylent.fr").find("quoted"), std::string::npos);
  EXPECT_NE(messageOf("\"mary\"@soylent.fr").find("quoted"), std::string::npos);
}

TEST(Email, RejectsLocalPart) {
  for (const char* in : {".mary@acme.com",
                         "mary.@acme.com",
                         "ma..ry@acme.com",
                         "mary smith@acme.com",
                         "mary(x)@acme.com",
                         "mary,x@acme.com",
                         "mary:x@acme.com",
                         "mary;x@acme.com",
                         "mary<x>@acme.com",
                         "mary[x]@acme.com",
                         "ma\\ry@acme.com",
                         "ma\"ry@acme.com",
                         "ma\try@acme.com",
                         "mary\x7f@acme.com",
                         "\xF0\x9F\x98\x80@acme.com",     // emoji (astral): validator rejects too
                         "ma\xC2\xA0ry@acme.com",         // inner NBSP
                         "ma\xC2\x85ry@acme.com",         // C1 control
                         "ma\xFFry@acme.com",             // invalid UTF-8
                         "ma\xC3@acme.com",               // truncated sequence
                         "ma\xC0\xAFry@acme.com",         // overlong
                         "ma\xED\xA0\x80ry@acme.com"}) {  // surrogate
    expectInvalid(in);
  }
  EXPECT_EQ(messageOf(".mary@acme.com"), "email local part starts with a dot");
  EXPECT_EQ(messageOf("mary.@acme.com"), "email local part ends with a dot");
  EXPECT_EQ(messageOf("ma..ry@acme.com"), "email local part has two dots in a row");
  EXPECT_EQ(messageOf("mary smith@acme.com"), "email contains a space");
  EXPECT_EQ(messageOf(std::string("ma\0ry@acme.com", 14)), "email contains a control character");
  EXPECT_NE(messageOf("mary(x)@acme.com").find("'('"), std::string::npos);
  EXPECT_NE(messageOf("ma\xFFry@acme.com").find("UTF-8"), std::string::npos);
  EXPECT_NE(messageOf("\xF0\x9F\x98\x80@acme.com").find("U+1F600"), std::string::npos);
  EXPECT_NE(messageOf("ma\xC2\x85ry@acme.com").find("U+0085"), std::string::npos);
}

TEST(Email, RejectsDomain) {
  for (const char* in :
       {"mary@soylent", "mary@soylent.", "mary@.soylent.fr", "mary@soylent..fr", "mary@-soylent.fr", "mary@soylent-.fr",
        "mary@soylent.f", "mary@soylent.123", "mary@soylent.c0m", "mary@sub_domain.acme.com", "mary@[1.2.3.4]",
        "mary@[IPv6:2001:db8::1]", "mary@1.2.3.4", "mary@soylent.fr:25", "mary@m\xE2\x98\x83nchen.de",
        "mary@soylent.fr/x", "mary@soylent!.fr", "mary@localhost"}) {
    expectInvalid(in);
  }
  EXPECT_EQ(messageOf("mary@soylent..fr"), "email domain has two dots in a row (an empty label)");
  EXPECT_EQ(messageOf("mary@soylent."), "email domain ends with a dot");
  EXPECT_EQ(messageOf("mary@-soylent.fr"), "email domain label \"-soylent\" starts with '-'");
  EXPECT_EQ(messageOf("mary@soylent-.fr"), "email domain label \"soylent-\" ends with '-'");
  EXPECT_NE(messageOf("mary@soylent").find("no top-level domain"), std::string::npos);
  EXPECT_NE(messageOf("mary@soylent.f").find("shorter than 2 letters"), std::string::npos);
  EXPECT_NE(messageOf("mary@soylent.c0m").find("letters only"), std::string::npos);
  EXPECT_NE(messageOf("mary@1.2.3.4").find("IP address"), std::string::npos);
  EXPECT_NE(messageOf("mary@[1.2.3.4]").find("IP address"), std::string::npos);
  // IDN domains are converted (issue 7); a symbol is no letter of any script.
  EXPECT_EQ(normalizeEmail("mary@m\xC3\xBCnchen.de").value(), "mary@xn--mnchen-3ya.de");
  EXPECT_NE(messageOf("mary@m\xE2\x98\x83nchen.de").find("U+2603"), std::string::npos);
  EXPECT_NE(messageOf("mary@xn--zz-.de").find("punycode"), std::string::npos);
  EXPECT_NE(messageOf("mary@sub_domain.acme.com").find("'_'"), std::string::npos);
}

TEST(Email, JunkNeverCrashes) {
  std::vector<std::string> junk = {
      std::string("\0", 1),
      std::string("a\0@b.com", 8),
      std::string("a@b.com\0", 8),
      "\xFF\xFE\xFD",
      "\xC3",
      "@@@@",
      "....@....",
      std::string(1 << 20, 'a'),  // 1 MB, no '@'
      std::string(1 << 20, '@'),
      std::string(1 << 20, ' ') + "a@b.com" + std::string(1 << 20, ' '),  // trims fine
      "a@" + std::string(1 << 20, 'b') + ".com",
      std::string(10 << 20, '\xFF'),  // 10 MB invalid UTF-8
  };
  for (size_t i = 0; i < junk.size(); ++i) {
    SCOPED_TRACE("junk #" + std::to_string(i));
    EmailResult r = normalizeEmail(junk[i]);
    if (i == 9) {
      EXPECT_TRUE(r.ok());
      EXPECT_EQ(r.value(), "a@b.com");
      continue;
    }
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "invalid_email");
    EXPECT_LT(r.error().message.size(), 200u);
  }
  // Every single byte value, alone and in an address, never crashes.
  for (int b = 0; b < 256; ++b) {
    std::string one(1, char(b));
    EXPECT_EQ(normalizeEmail(one).error().code, "invalid_email") << b;
    (void)normalizeEmail("a" + one + "b@acme.com");
    (void)normalizeEmail("ab@ac" + one + "me.com");
  }
}

TEST(Email, DedupKey) {
  EXPECT_EQ(emailDedupKey("mary.leroy+news@gmail.com", true), "maryleroy@gmail.com");
  EXPECT_EQ(emailDedupKey("m.a.r.y@googlemail.com", true), "mary@gmail.com");
  EXPECT_EQ(emailDedupKey("mary+a+b@googlemail.com", true), "mary@gmail.com");
  EXPECT_EQ(emailDedupKey("mary.leroy+news@gmail.com", false), "mary.leroy+news@gmail.com");
  EXPECT_EQ(emailDedupKey("mary.leroy+news@soylent.fr", true), "mary.leroy+news@soylent.fr");
  EXPECT_EQ(emailDedupKey("mary.leroy@gmail.com.evil.io", true), "mary.leroy@gmail.com.evil.io");
  EXPECT_EQ(emailDedupKey("+tag@gmail.com", true), "+tag@gmail.com");  // would fold to nothing
  EXPECT_EQ(emailDedupKey("", true), "");
  EXPECT_EQ(emailDedupKey("no-at-sign", true), "no-at-sign");
  // Same person, same key.
  EXPECT_EQ(emailDedupKey(normalizeEmail(" Mary.Leroy+x@GoogleMail.com").value(), true),
            emailDedupKey(normalizeEmail("maryleroy@gmail.com").value(), true));
}

// Deterministic random inputs built from address-like pieces: never crashes,
// and a normalized address normalizes to itself.
TEST(Email, RandomInputsAreIdempotent) {
  const char* pieces[] = {
      "a",  "Z",     "9",    ".",    "..",      "@",        "-",  "+",    "_",        " ",    "\t",
      "\"", "(",     "[",    "]",    ".com",    ".fr",      ".c", "xn--", "\xC3\xA9", "\xFF", "\xF0\x9F\x98\x80",
      "\0", "gmail", "mary", "acme", "1.2.3.4", "\xC2\xA0", "'",  "{",    "~",        ":"};
  const size_t n = sizeof(pieces) / sizeof(pieces[0]);
  unsigned long long state = 0x9E3779B97F4A7C15ull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t len = next() % 12;
    for (size_t k = 0; k < len; ++k) {
      const char* p = pieces[next() % n];
      s += (p[0] == '\0') ? std::string(1, '\0') : std::string(p);
    }
    if (next() % 2) s = "mary" + s + "@acme.com";
    EmailResult r = normalizeEmail(s);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, "invalid_email");
      continue;
    }
    ++accepted;
    EXPECT_LE(r.value().size(), 254u);
    EmailResult again = normalizeEmail(r.value());
    EXPECT_TRUE(again.ok()) << r.value();
    EXPECT_EQ(again.value(), r.value());
    EXPECT_EQ(r.value().substr(r.value().size() - r.domain.size()), r.domain);
  }
  EXPECT_GT(accepted, 100);
}
