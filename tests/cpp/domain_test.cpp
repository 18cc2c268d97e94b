#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "normalize/domain.h"

using leadroster::isFreeMailDomain;
using leadroster::Normalized;
using leadroster::normalizeDomain;

namespace {
// Never print a megabyte of input in a failure message.
std::string traceOf(const std::string& s) {
  return s.size() <= 80 ? s : s.substr(0, 80) + "... (" + std::to_string(s.size()) + " bytes)";
}
void expectInvalid(const std::string& in) {
  SCOPED_TRACE("input: " + traceOf(in));
  Normalized r = normalizeDomain(in);
  EXPECT_FALSE(r.ok()) << "got " << traceOf(r.value());
  EXPECT_EQ(r.error().code, "invalid_domain");
  EXPECT_FALSE(r.error().message.empty());
}
std::string messageOf(const std::string& in) { return normalizeDomain(in).error().message; }
}  // namespace

TEST(Domain, RequiredExamples) {
  Normalized r = normalizeDomain("https://www.Soylent.fr/contact");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value(), "soylent.fr");
  EXPECT_EQ(normalizeDomain("Acme.com").value(), "acme.com");
  expectInvalid("soylent..fr");
  expectInvalid("localhost");
  expectInvalid("127.0.0.1");
}

TEST(Domain, AcceptsUrlsHostsAndEmails) {
  struct Case {
    const char* in;
    const char* out;
  };
  std::vector<Case> cases = {
      {"acme.com", "acme.com"},
      {"  ACME.COM  ", "acme.com"},
      {"http://acme.com", "acme.com"},
      {"HTTPS://WWW.ACME.COM/", "acme.com"},
      {"https://www.acme.com:8443/a/b?c=d#e", "acme.com"},
      {"acme.com:8080", "acme.com"},
      {"acme.com:", "acme.com"},
      {"acme.com/path/to?x=1", "acme.com"},
      {"acme.com?x=1", "acme.com"},
      {"acme.com#top", "acme.com"},
      {"acme.com.", "acme.com"},
      {"https://acme.com./x", "acme.com"},
      {"//www.acme.com/x", "acme.com"},
      {"ftp://files.acme.com", "files.acme.com"},
      {"git+ssh://git.acme.com", "git.acme.com"},
      {"https://user:pass@www.acme.com/", "acme.com"},
      {"https://a@b@acme.com", "acme.com"},
      {"mary.leroy@Soylent.FR", "soylent.fr"},
      {"mailto:mary@soylent.fr", "soylent.fr"},
      {"MAILTO:mary@soylent.fr?subject=hi", "soylent.fr"},
      {"medium.com/@john", "medium.com"},
      {"www.acme.co.uk", "acme.co.uk"},
      {"www2.acme.com", "www2.acme.com"},
      {"shop.www.acme.com", "shop.www.acme.com"},
      {"www.com", "www.com"},            // "www." not stripped when it would leave one label
      {"www.www.acme.com", "acme.com"},  // every leading www. label: the value normalizes to itself
      {"xn--80ak6aa92e.xn--p1ai", "xn--80ak6aa92e.xn--p1ai"},
      {"a-b.c-d.io", "a-b.c-d.io"},
      {"123.com", "123.com"},
      {"acme.com\\path", "acme.com"},
      {"\xEF\xBB\xBFhttps://acme.com\xC2\xA0", "acme.com"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    Normalized r = normalizeDomain(c.in);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), c.out);
  }
  std::string label63(63, 'a');
  EXPECT_TRUE(normalizeDomain(label63 + ".com").ok());
  // 253 characters exactly.
  std::string h253 = label63 + "." + label63 + "." + label63 + "." + std::string(57, 'b') + ".com";
  ASSERT_EQ(h253.size(), 253u);
  EXPECT_EQ(normalizeDomain(h253).value(), h253);
  EXPECT_EQ(normalizeDomain(h253 + ".").value(), h253);
}

TEST(Domain, Rejects) {
  for (const char* in : {"",
                         "   ",
                         "soylent..fr",
                         "localhost",
                         "http://localhost:3000/",
                         ".acme.com",
                         "acme.com..",
                         "-acme.com",
                         "acme-.com",
                         "acme.c",
                         "acme.c0m",
                         "acme.123",
                         "127.0.0.1",
                         "http://192.168.1.1/admin",
                         "[::1]",
                         "http://[2001:db8::1]:80/",
                         "acme_corp.com",
                         "acme corp.com",
                         "m\xE2\x98\x83nchen.de",
                         "acme.com:abc",
                         "https://",
                         "https:///path",
                         "user@",
                         "mary@soylent",
                         "@",
                         "acme%2ecom",
                         "acme.com:80:90",
                         "a..b",
                         ".",
                         "www.",
                         "www"}) {
    expectInvalid(in);
  }
  expectInvalid(std::string(64, 'a') + ".com");
  std::string label63(63, 'a');
  expectInvalid(label63 + "." + label63 + "." + label63 + "." + std::string(58, 'b') + ".com");

  EXPECT_EQ(messageOf(""), "domain is empty");
  EXPECT_EQ(messageOf("soylent..fr"), "domain has two dots in a row (an empty label)");
  EXPECT_NE(messageOf("localhost").find("no top-level domain"), std::string::npos);
  EXPECT_EQ(messageOf("127.0.0.1"), "domain is an IP address, not a domain name");
  EXPECT_NE(messageOf("[::1]").find("IP address"), std::string::npos);
  EXPECT_NE(messageOf("acme.com:abc").find("port"), std::string::npos);
  // IDN hosts are converted (issue 7); a symbol is no letter of any script.
  EXPECT_EQ(normalizeDomain("m\xC3\xBCnchen.de").value(), "xn--mnchen-3ya.de");
  EXPECT_NE(messageOf("m\xE2\x98\x83nchen.de").find("U+2603"), std::string::npos);
  EXPECT_NE(messageOf("xn--zz-.de").find("punycode"), std::string::npos);
  EXPECT_NE(messageOf(std::string(64, 'a') + ".com").find("longer than 63"), std::string::npos);
  EXPECT_NE(messageOf("-acme.com").find("starts with '-'"), std::string::npos);
}

TEST(Domain, JunkNeverCrashes) {
  std::vector<std::string> junk = {
      std::string("\0", 1),
      std::string("acme\0.com", 9),
      "\xFF\xFE",
      "\xC3",
      "://",
      "a://",
      ":::::",
      "@@@",
      "////",
      std::string(1 << 20, 'a'),
      std::string(1 << 20, '.'),
      "https://" + std::string(1 << 20, 'a') + ".com/",
      std::string(10 << 20, '\x80'),
      std::string(1 << 20, 'a') + ".com:8080",
  };
  for (size_t i = 0; i < junk.size(); ++i) {
    SCOPED_TRACE("junk #" + std::to_string(i));
    expectInvalid(junk[i]);
  }
  // A long path or query is fine: only the host matters.
  EXPECT_EQ(normalizeDomain("https://acme.com/" + std::string(1 << 20, 'x')).value(), "acme.com");
  // Any "scheme://" is removed, however long.
  EXPECT_EQ(normalizeDomain(std::string(1 << 20, 'a') + "://acme.com").value(), "acme.com");
  for (int b = 0; b < 256; ++b) {
    std::string s = "ac" + std::string(1, char(b)) + "me.com";
    (void)normalizeDomain(s);  // must not crash
    isFreeMailDomain(s);
  }
}

TEST(FreeMail, KnownProviders) {
  for (const char* d :
       {"gmail.com",      "GMAIL.COM",      "googlemail.com", "yahoo.com",      "yahoo.fr",    "yahoo.co.uk",
        "yahoo.de",       "yahoo.co.jp",    "yahoo.com.br",   "yahoo.com.ar",   "yahoo.co.in", "ymail.com",
        "rocketmail.com", "outlook.com",    "outlook.fr",     "outlook.com.br", "hotmail.com", "hotmail.fr",
        "hotmail.co.uk",  "hotmail.com.mx", "hotmail.be",     "live.com",       "live.fr",     "live.co.uk",
        "msn.com",        "icloud.com",     "me.com",         "mac.com",        "aol.com",     "proton.me",
        "protonmail.com", "pm.me",          "gmx.com",        "gmx.de",         "gmx.net",     "gmx.fr",
        "gmx.at",         "gmx.ch",         "web.de",         "mail.ru",        "inbox.ru",    "list.ru",
        "bk.ru",          "yandex.ru",      "yandex.com",     "yandex.com.tr",  "ya.ru",       "qq.com",
        "163.com",        "126.com",        "sina.com",       "naver.com",      "hanmail.net", "daum.net",
        "zoho.com",       "tutanota.com",   "fastmail.com",   "hey.com",        "mail.com",    "orange.fr",
        "wanadoo.fr",     "free.fr",        "sfr.fr",         "laposte.net",    "t-online.de", "libero.it",
        "virgilio.it",    "btinternet.com", "comcast.net",    "verizon.net",    "att.net",     "sbcglobal.net",
        "rediffmail.com", "seznam.cz",      "wp.pl",          "o2.pl",          "interia.pl",  "zohomail.com",
        "gmail.com."}) {
    EXPECT_TRUE(isFreeMailDomain(d)) << d;
  }
}

TEST(FreeMail, CompanyDomains) {
  for (const char* d : {"",
                        "soylent.fr",
                        "acme.com",
                        "gmail.co",
                        "gmail.com.evil.io",
                        "mygmail.com",
                        "live.acme.com",
                        "yahoo.acme.com",
                        "yahoo",
                        "yahoo.",
                        "outlook.office.com",
                        "hotmail.example.org",
                        "yahoo.co.acme.com",
                        "sub.gmail.com",
                        "google.com",
                        "microsoft.com",
                        "yahoo.c",
                        "yahooo.com",
                        "live.dev",
                        "gmx.email",
                        "outlook.office365.com",
                        "x.yahoo.com"}) {
    EXPECT_FALSE(isFreeMailDomain(d)) << d;
  }
  EXPECT_FALSE(isFreeMailDomain(std::string(1 << 20, 'a')));
  EXPECT_FALSE(isFreeMailDomain(std::string("gmail.com\0", 10)));
}

TEST(Domain, NormalizedDomainsAreIdempotent) {
  const char* pieces[] = {"a", "Z", "9",    ".",   "-",      "www.",     "https://", "@", ":", "80", "/",
                          "?", "#", ".com", ".fr", ".co.uk", "xn--p1ai", "\xC3\xA9", " ", "_", "[",  "]"};
  const size_t n = sizeof(pieces) / sizeof(pieces[0]);
  unsigned long long state = 0x2545F4914F6CDD1Dull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t len = next() % 10;
    for (size_t k = 0; k < len; ++k) s += pieces[next() % n];
    Normalized r = normalizeDomain(s);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, "invalid_domain");
      continue;
    }
    ++accepted;
    Normalized again = normalizeDomain(r.value());
    EXPECT_TRUE(again.ok()) << r.value();
    // Idempotent, except that a second pass may strip a "www." left by the first.
    if (r.value().rfind("www.", 0) != 0) {
      EXPECT_EQ(again.value(), r.value()) << s;
    }
  }
  EXPECT_GT(accepted, 100);
}
