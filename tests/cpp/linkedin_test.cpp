#include "normalize/linkedin.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using leadroster::LinkedInKind;
using leadroster::LinkedInResult;
using leadroster::normalizeLinkedInUrl;

namespace {

// The input as shown in failure messages: at most 80 bytes.
std::string shown(const std::string& input) { return input.size() <= 80 ? input : input.substr(0, 80) + "..."; }

void expectProfile(const std::string& input, const std::string& expected) {
  LinkedInResult r = normalizeLinkedInUrl(input);
  EXPECT_TRUE(r.ok()) << "input: " << shown(input) << " message: " << r.error().message;
  EXPECT_EQ(r.value(), expected) << "input: " << shown(input);
  EXPECT_EQ(r.kind, LinkedInKind::Profile) << "input: " << shown(input);
  EXPECT_TRUE(r.error().code.empty()) << "input: " << shown(input);
}

void expectCompany(const std::string& input, const std::string& expected) {
  LinkedInResult r = normalizeLinkedInUrl(input);
  EXPECT_TRUE(r.ok()) << "input: " << shown(input) << " message: " << r.error().message;
  EXPECT_EQ(r.value(), expected) << "input: " << shown(input);
  EXPECT_EQ(r.kind, LinkedInKind::Company) << "input: " << shown(input);
}

// Returns the message so callers can check its wording.
std::string expectRejected(const std::string& input) {
  LinkedInResult r = normalizeLinkedInUrl(input);
  EXPECT_FALSE(r.ok()) << "input: " << shown(input) << " value: " << r.value();
  EXPECT_EQ(r.error().code, "invalid_linkedin_url") << "input: " << shown(input);
  EXPECT_FALSE(r.error().message.empty()) << "input: " << shown(input);
  EXPECT_TRUE(r.value().empty()) << "input: " << shown(input);
  return r.error().message;
}

// A string literal with embedded NULs, whole (without the terminating NUL).
template <size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

// ---- the cases named in the issue ------------------------------------------

TEST(LinkedInUrl, RequiredCases) {
  expectProfile("de.linkedin.com/in/Mary-Leroy-090/?originalSubdomain=fr",
                "https://www.linkedin.com/in/mary-leroy-090");
  expectProfile("https://www.linkedin.com/in/mary-leroy-090/recent-activity/all/",
                "https://www.linkedin.com/in/mary-leroy-090");
  expectRejected("https://www.linkedin.com/talent/profile/AEMAAA");
  expectProfile("HTTP://M.LinkedIn.com/in/John-Doe?trk=abc#x", "https://www.linkedin.com/in/john-doe");
  expectCompany("linkedin.com/company/Acme/", "https://www.linkedin.com/company/acme");
  expectProfile("https://www.linkedin.com/in/ACoAAB123xyz", "https://www.linkedin.com/in/ACoAAB123xyz");
  expectRejected("https://www.linkedin.com/in/../admin");
  expectProfile("https://www.linkedin.com/in/jos%c3%a9", "https://www.linkedin.com/in/jos%C3%A9");
  expectProfile("https://www.linkedin.com/in/jos\xC3\xA9", "https://www.linkedin.com/in/jos%C3%A9");
  expectRejected("https://www.linkedin.com/in/a%2Fb");
  std::string msg = expectRejected("https://www.linkedin.com/sales/lead/ACwAA,NAME");
  EXPECT_TRUE(contains(msg, "public profile")) << msg;
  EXPECT_TRUE(contains(msg, "linkedin.com/in/")) << msg;
}

// ---- schemes, hosts, trimming -----------------------------------------------

TEST(LinkedInUrl, SchemesAndHostsAccepted) {
  const std::string want = "https://www.linkedin.com/in/john-doe";
  for (const char* in : {
           "https://www.linkedin.com/in/john-doe",
           "http://www.linkedin.com/in/john-doe",
           "HTTPS://WWW.LINKEDIN.COM/in/john-doe",
           "hTtPs://www.linkedin.com/in/john-doe",
           "www.linkedin.com/in/john-doe",
           "linkedin.com/in/john-doe",
           "https://linkedin.com/in/john-doe",
           "//www.linkedin.com/in/john-doe",
           "https://m.linkedin.com/in/john-doe",
           "https://mobile.linkedin.com/in/john-doe",
           "https://mwlite.linkedin.com/in/john-doe",
           "https://www.linkedin.com/mwlite/in/john-doe",
           "https://www.linkedin.com/MWLITE/in/john-doe",
           "https://uk.linkedin.com/in/john-doe",
           "https://fr.linkedin.com/in/john-doe",
           "https://CA.LinkedIn.com/in/john-doe",
           "https://www.linkedin.com./in/john-doe",
           "https://www.linkedin.com/IN/john-doe",
       })
    expectProfile(in, want);
}

TEST(LinkedInUrl, Trimming) {
  const std::string want = "https://www.linkedin.com/in/john-doe";
  expectProfile("  https://www.linkedin.com/in/john-doe  ", want);
  expectProfile("\t\nhttps://www.linkedin.com/in/john-doe\r\n", want);
  expectProfile("\xC2\xA0https://www.linkedin.com/in/john-doe\xE2\x80\x8B", want);
  expectProfile("\xEF\xBB\xBFlinkedin.com/in/john-doe", want);
}

TEST(LinkedInUrl, OtherSchemesRejected) {
  for (const char* in : {
           "ftp://www.linkedin.com/in/john-doe",
           "javascript:alert(1)",
           "mailto:john@linkedin.com",
           "file:///in/john-doe",
           "ws://www.linkedin.com/in/john-doe",
           "https:www.linkedin.com/in/john-doe",
           "https:/www.linkedin.com/in/john-doe",
           "data:text/html,linkedin.com/in/x",
       })
    expectRejected(in);
  EXPECT_TRUE(contains(expectRejected("ftp://www.linkedin.com/in/x"), "http"));
}

TEST(LinkedInUrl, ForeignHostsRejected) {
  for (const char* in : {
           "https://linkedin.com.evil.com/in/john-doe",
           "https://notlinkedin.com/in/john-doe",
           "https://evil.com/linkedin.com/in/john-doe",
           "https://www.linkedin.co/in/john-doe",
           "https://www.linkedin.cn/in/john-doe",
           "https://lnkd.in/abc123",
           "https://xlinkedin.com/in/john-doe",
           "https://a.b.linkedin.com/in/john-doe",
           "https://abc.linkedin.com/in/john-doe",
           "https://www.www.linkedin.com/in/john-doe",
           "https://1a.linkedin.com/in/john-doe",
           "https://.linkedin.com/in/john-doe",
           "https://linkedin.com../in/john-doe",
           "https://www%2Elinkedin.com/in/john-doe",
           "example.com",
           "john-doe",
       }) {
    std::string msg = expectRejected(in);
    EXPECT_TRUE(contains(msg, "Not a LinkedIn URL")) << in << " -> " << msg;
  }
}

TEST(LinkedInUrl, PortsUserInfoAndOddAuthoritiesRejected) {
  EXPECT_TRUE(contains(expectRejected("https://www.linkedin.com:443/in/john-doe"), "port"));
  EXPECT_TRUE(contains(expectRejected("linkedin.com:8080/in/john-doe"), "port"));
  EXPECT_TRUE(contains(expectRejected("https://www.linkedin.com:/in/john-doe"), "port"));
  EXPECT_TRUE(contains(expectRejected("https://user:pw@www.linkedin.com/in/john-doe"), "password"));
  expectRejected("https://www.linkedin.com@evil.com/in/john-doe");
  expectRejected("https://evil.com@www.linkedin.com/in/john-doe");
  expectRejected("https:///in/john-doe");
  expectRejected("https://");
  expectRejected("/in/john-doe");
  expectRejected("https://www.linkedin.com\\in\\john-doe");
  expectRejected("https://evil.com\\@www.linkedin.com/in/john-doe");
  expectRejected("https://www.linkedin.com/in/john\\doe");
  expectRejected(std::string("https://") + std::string(300, 'a') + ".linkedin.com/in/x");
}

// ---- paths --------------------------------------------------------------------

TEST(LinkedInUrl, TrailingSubPagesQueryAndFragmentDropped) {
  const std::string want = "https://www.linkedin.com/in/mary-leroy-090";
  for (const char* in : {
           "https://www.linkedin.com/in/mary-leroy-090/",
           "https://www.linkedin.com/in/mary-leroy-090//",
           "https://www.linkedin.com/in/mary-leroy-090/details/experience/",
           "https://www.linkedin.com/in/mary-leroy-090/overlay/contact-info/",
           "https://www.linkedin.com/in/mary-leroy-090/about",
           "https://www.linkedin.com/in/mary-leroy-090/posts",
           "https://www.linkedin.com/in/mary-leroy-090/recent-activity/shares/",
           "https://www.linkedin.com/in/mary-leroy-090?trk=public_profile",
           "https://www.linkedin.com/in/mary-leroy-090/?lipi=urn%3Ali%3Apage%3Ad_flagship3",
           "https://www.linkedin.com/in/mary-leroy-090?midToken=AQE&trk=eml&originalSubdomain=de",
           "https://www.linkedin.com/in/mary-leroy-090#experience",
           "https://www.linkedin.com/in/mary-leroy-090?",
           "https://www.linkedin.com/in/mary-leroy-090#",
           "https://www.linkedin.com/in/mary-leroy-090?a=%zz&b=..#%",
           "https://www.linkedin.com/in/mary-leroy-090#frag?x=1",
           "https://www.linkedin.com/in/mary-leroy-090?x=/../../admin",
           "https://www.linkedin.com/in/MARY-LEROY-090/",
       })
    expectProfile(in, want);
}

TEST(LinkedInUrl, Companies) {
  expectCompany("https://www.linkedin.com/company/acme-corp", "https://www.linkedin.com/company/acme-corp");
  expectCompany("https://www.linkedin.com/company/Acme-Corp/about/", "https://www.linkedin.com/company/acme-corp");
  expectCompany("https://fr.linkedin.com/company/acme/posts/?feedView=all", "https://www.linkedin.com/company/acme");
  expectCompany("https://www.linkedin.com/company/1035/", "https://www.linkedin.com/company/1035");
  expectCompany("https://www.linkedin.com/COMPANY/Acme", "https://www.linkedin.com/company/acme");
  // The internal-id exception is for /in/ only: company slugs are lowercased.
  expectCompany("https://www.linkedin.com/company/ACoAAxyz", "https://www.linkedin.com/company/acoaaxyz");
  expectRejected("https://www.linkedin.com/company/");
  expectRejected("https://www.linkedin.com/company");
  expectRejected("https://www.linkedin.com/company//acme");
}

TEST(LinkedInUrl, LegacyPubUrlsKeptInPubForm) {
  expectProfile("http://www.linkedin.com/pub/John-Smith/1A/2B3/4C5",
                "https://www.linkedin.com/pub/john-smith/1a/2b3/4c5");
  expectProfile("uk.linkedin.com/pub/john-smith/1a/2b3/4c5/?trk=x",
                "https://www.linkedin.com/pub/john-smith/1a/2b3/4c5");
  expectProfile("uk.linkedin.com/pub/john-smith/1a/2b3/4c5/en", "https://www.linkedin.com/pub/john-smith/1a/2b3/4c5");
  expectRejected("https://www.linkedin.com/pub/john-smith/1a/2b3");
  expectRejected("https://www.linkedin.com/pub/john-smith/1a/2b3/");
  expectRejected("https://www.linkedin.com/pub/john-smith");
  expectRejected("https://www.linkedin.com/pub/john-smith/1a/2-b/4c5");
  expectRejected("https://www.linkedin.com/pub/john-smith/1a/%41/4c5");
  expectRejected("https://www.linkedin.com/pub//1a/2b3/4c5");
  EXPECT_TRUE(contains(expectRejected("https://www.linkedin.com/pub/dir/John/Smith"), "public profile"));
}

TEST(LinkedInUrl, SalesNavigatorAndRecruiterNeedPublicProfile) {
  for (const char* in : {
           "https://www.linkedin.com/sales/lead/ACwAA,NAME",
           "https://www.linkedin.com/sales/people/ACwAAA123,NAME_SEARCH,abc",
           "https://www.linkedin.com/talent/profile/AEMAAA",
           "https://www.linkedin.com/recruiter/profile/123",
           "linkedin.com/Sales/lead/x",
           "https://www.linkedin.com/profile/view?id=12345",
       }) {
    std::string msg = expectRejected(in);
    EXPECT_TRUE(contains(msg, "public profile URL (linkedin.com/in/...)")) << in << " -> " << msg;
  }
}

TEST(LinkedInUrl, OtherLinkedInPathsRejected) {
  for (const char* in : {
           "https://www.linkedin.com/",
           "https://www.linkedin.com",
           "linkedin.com",
           "https://www.linkedin.com?trk=x",
           "https://www.linkedin.com/feed/",
           "https://www.linkedin.com/jobs/view/123456/",
           "https://www.linkedin.com/posts/john-doe_activity-123",
           "https://www.linkedin.com/school/mit/",
           "https://www.linkedin.com/showcase/acme-labs/",
           "https://www.linkedin.com/groups/12345/",
           "https://www.linkedin.com/mwlite/",
           "https://www.linkedin.com/mwlite/feed",
           "https://www.linkedin.com//in/john-doe",
           "https://www.linkedin.com/in",
           "https://www.linkedin.com/in/",
           "https://www.linkedin.com/in//john-doe",
           "https://www.linkedin.com/in?x=john-doe",
           "https://www.linkedin.com/inn/john-doe",
           "https://www.linkedin.com/%69n/john-doe",
       })
    expectRejected(in);
  EXPECT_TRUE(contains(expectRejected("https://www.linkedin.com/school/mit/"), "not supported"));
}

// ---- slug canonical form --------------------------------------------------------

TEST(LinkedInUrl, InternalIdsKeepTheirCase) {
  expectProfile("https://www.linkedin.com/in/ACwAAB_xY-z9/details/", "https://www.linkedin.com/in/ACwAAB_xY-z9");
  expectProfile("linkedin.com/in/ACoAAAbCdEf?trk=1", "https://www.linkedin.com/in/ACoAAAbCdEf");
  // Decoded unreserved characters keep their case too.
  expectProfile("https://www.linkedin.com/in/ACoAA%41b", "https://www.linkedin.com/in/ACoAAAb");
  // Only the exact prefixes count as internal ids.
  expectProfile("https://www.linkedin.com/in/AcoAAB123", "https://www.linkedin.com/in/acoaab123");
  expectProfile("https://www.linkedin.com/in/acoaab123", "https://www.linkedin.com/in/acoaab123");
  expectProfile("https://www.linkedin.com/in/ACOAAB123", "https://www.linkedin.com/in/acoaab123");
}

TEST(LinkedInUrl, PercentEncodingHasOneCanonicalForm) {
  const std::string jose = "https://www.linkedin.com/in/jos%C3%A9";
  expectProfile("https://www.linkedin.com/in/jos%C3%A9", jose);
  expectProfile("https://www.linkedin.com/in/jos%c3%a9", jose);
  expectProfile("https://www.linkedin.com/in/jos%C3%a9", jose);
  expectProfile("https://www.linkedin.com/in/JOS\xC3\xA9", jose);
  expectProfile("https://www.linkedin.com/in/J%4FS%C3%A9/", jose);
  // Unreserved characters are decoded (and lowercased).
  expectProfile("https://www.linkedin.com/in/john%2Ddoe", "https://www.linkedin.com/in/john-doe");
  expectProfile("https://www.linkedin.com/in/%4a%4F%48%4e-doe", "https://www.linkedin.com/in/john-doe");
  expectProfile("https://www.linkedin.com/in/a%5Fb%7Ec%2Ed", "https://www.linkedin.com/in/a_b~c.d");
  // Other ASCII escapes are kept with uppercase hex; raw reserved characters
  // are encoded the same way.
  expectProfile("https://www.linkedin.com/in/a%2cb", "https://www.linkedin.com/in/a%2Cb");
  expectProfile("https://www.linkedin.com/in/a,b", "https://www.linkedin.com/in/a%2Cb");
  expectProfile("https://www.linkedin.com/in/o'neil", "https://www.linkedin.com/in/o%27neil");
  expectProfile("https://www.linkedin.com/in/o%27Neil", "https://www.linkedin.com/in/o%27neil");
  // Never double-encoded: the '%' of a valid escape stays a '%'.
  expectProfile("https://www.linkedin.com/in/a%25b", "https://www.linkedin.com/in/a%25b");
  // Multi-byte scripts, raw or encoded.
  expectProfile("https://www.linkedin.com/in/\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD",
                "https://www.linkedin.com/in/%D0%B8%D0%B2%D0%B0%D0%BD");
  expectProfile("https://www.linkedin.com/in/%d0%b8\xD0\xB2%D0%B0\xD0\xBD",
                "https://www.linkedin.com/in/%D0%B8%D0%B2%D0%B0%D0%BD");
  expectProfile("https://www.linkedin.com/in/\xF0\x9F\x98\x80x", "https://www.linkedin.com/in/%F0%9F%98%80x");
  // Non-ASCII letters are not case-folded (ASCII-only lowercasing).
  expectProfile("https://www.linkedin.com/in/\xC3\x89lise", "https://www.linkedin.com/in/%C3%89lise");
}

TEST(LinkedInUrl, BadPercentEscapesRejected) {
  for (const char* in : {
           "https://www.linkedin.com/in/john%",    "https://www.linkedin.com/in/john%2",
           "https://www.linkedin.com/in/john%zz",  "https://www.linkedin.com/in/john%g1doe",
           "https://www.linkedin.com/in/%",        "https://www.linkedin.com/in/john-doe/%zz",
           "https://www.linkedin.com/in/a%2fb",    "https://www.linkedin.com/in/a%5Cb",
           "https://www.linkedin.com/in/a%00b",    "https://www.linkedin.com/in/a%0Ab",
           "https://www.linkedin.com/in/a%7Fb",    "https://www.linkedin.com/in/a%20b",
           "https://www.linkedin.com/in/a%C2%A0b", "https://www.linkedin.com/in/a%E2%80%8Bb",
           "https://www.linkedin.com/in/a%C2%85b", "https://www.linkedin.com/in/a%E3%80%80b",
           "https://www.linkedin.com/in/a%FFb",    "https://www.linkedin.com/in/a%C3",
           "https://www.linkedin.com/in/a%C3%28",  "https://www.linkedin.com/in/a%ED%A0%80",
           "https://www.linkedin.com/in/a%C0%AF",  "https://www.linkedin.com/in/a%C3\xC3\xA9",
       })
    expectRejected(in);
  EXPECT_TRUE(contains(expectRejected("https://www.linkedin.com/in/a%2Fb"), "slash"));
}

TEST(LinkedInUrl, DotSegmentsRejected) {
  for (const char* in : {
           "https://www.linkedin.com/in/../admin",
           "https://www.linkedin.com/in/./john-doe",
           "https://www.linkedin.com/in/..",
           "https://www.linkedin.com/in/.",
           "https://www.linkedin.com/in/%2e%2e/admin",
           "https://www.linkedin.com/in/%2E./admin",
           "https://www.linkedin.com/in/.%2e",
           "https://www.linkedin.com/in/john-doe/../../admin",
           "https://www.linkedin.com/in/john-doe/./x",
           "https://www.linkedin.com/../in/john-doe",
           "https://www.linkedin.com/./in/john-doe",
           "https://www.linkedin.com/in/john..doe",
           "https://www.linkedin.com/in/john%2E%2Edoe",
           "https://www.linkedin.com/company/..",
           "https://www.linkedin.com/pub/../1a/2b/3c",
       })
    expectRejected(in);
  // A single dot inside a slug is fine.
  expectProfile("https://www.linkedin.com/in/john.doe", "https://www.linkedin.com/in/john.doe");
  // Any ".." inside a slug is rejected, not only a whole ".." segment.
  expectRejected("https://www.linkedin.com/in/...x");
}

TEST(LinkedInUrl, SlugLength) {
  const std::string base = "https://www.linkedin.com/in/";
  expectProfile(base + std::string(100, 'a'), base + std::string(100, 'a'));
  expectRejected(base + std::string(101, 'a'));
  // The limit counts characters, as LinkedIn does: 100 x "é" (600 bytes
  // percent-encoded) is accepted, 101 are not.
  std::string accented, accentedWant;
  for (int i = 0; i < 100; ++i) {
    accented += "\xC3\xA9";
    accentedWant += "%C3%A9";
  }
  expectProfile(base + accented, base + accentedWant);
  std::string msg = expectRejected(base + accented + "\xC3\xA9");
  EXPECT_TRUE(contains(msg, "100 characters")) << msg;
  std::string msg2 = expectRejected(base + std::string(101, 'a'));
  EXPECT_TRUE(contains(msg2, "100 characters")) << msg2;
  // Decoded escapes count after decoding: 100 x "%61" is 100 characters ("a").
  std::string escaped;
  for (int i = 0; i < 100; ++i) escaped += "%61";
  expectProfile(base + escaped, base + std::string(100, 'a'));
}

TEST(LinkedInUrl, SpacesAndControlCharactersRejected) {
  expectRejected("https://www.linkedin.com/in/john doe");
  expectRejected("https://www.linkedin.com/in/john-doe (LinkedIn)");
  expectRejected("https://www.linkedin.com/in/john\tdoe");
  expectRejected(
      "https://www.linkedin.com/in/john\xC2\xA0"
      "doe");
  expectRejected(
      "https://www.linkedin.com/in/john\xE2\x80\x8B"
      "doe");
  expectRejected("https://www.linkedin.com/in/john-doe?x=a b");
  expectRejected(bytes("https://www.linkedin.com/in/john\0doe"));
  expectRejected(bytes("https://www.linkedin.com/in/john-doe\0"));
  expectRejected(bytes("\0https://www.linkedin.com/in/john-doe"));
  expectRejected("https://www.linkedin.com/in/john\x7F");
  expectRejected("https://www.linkedin.com/in/john\x1B[31m");
}

// ---- junk input: always an error, never a crash -------------------------------

TEST(LinkedInUrl, EmptyAndBlankRejected) {
  EXPECT_TRUE(contains(expectRejected(""), "empty"));
  expectRejected("   ");
  expectRejected("\t\r\n");
  expectRejected("\xC2\xA0\xEF\xBB\xBF");
  expectRejected(std::string(1, '\0'));
  expectRejected(std::string(16, '\0'));
}

TEST(LinkedInUrl, InvalidUtf8Rejected) {
  for (const char* in : {
           "https://www.linkedin.com/in/jos\xE9",
           "https://www.linkedin.com/in/\xC3",
           "https://www.linkedin.com/in/\xC0\xAF",
           "https://www.linkedin.com/in/\xED\xA0\x80",
           "https://www.linkedin.com/in/\xF4\x90\x80\x80",
           "https://www.linkedin.com/in/\xFF\xFE",
           "https://www.linkedin.com/in/john-doe?q=\xFF",
           "\xFFhttps://www.linkedin.com/in/john-doe",
           "https://www.linkedin\xC3.com/in/john-doe",
           "\x80\x80\x80",
       })
    expectRejected(in);
}

TEST(LinkedInUrl, HugeInputsRejectedWithoutCrash) {
  const size_t mb = 1u << 20;
  expectRejected(std::string(mb, 'a'));
  expectRejected(std::string(mb, '/'));
  expectRejected(std::string(mb, '%'));
  expectRejected(std::string(mb, '\0'));
  expectRejected(std::string(mb, '\xFF'));
  expectRejected(std::string(mb, ' ') + "x" + std::string(mb, ' ') + "y");
  expectRejected("https://www.linkedin.com/in/" + std::string(mb, 'a'));
  expectRejected("https://www.linkedin.com/in/" + std::string(mb, '\xC3'));
  std::string escapes;
  for (size_t i = 0; i < mb / 3; ++i) escapes += "%41";
  expectRejected("https://www.linkedin.com/in/" + escapes);
  expectRejected("https://" + std::string(mb, 'w') + ".linkedin.com/in/x");
  expectRejected("https://www.linkedin.com/" + std::string(mb, '/') + "in/x");
  expectRejected("https://www.linkedin.com/in/" + std::string(mb, '.'));
  // A huge tail after a valid slug, or a huge query, is dropped.
  std::string tail;
  for (size_t i = 0; i < mb / 8; ++i) tail += "/details";
  expectProfile("https://www.linkedin.com/in/john-doe" + tail, "https://www.linkedin.com/in/john-doe");
  expectProfile("https://www.linkedin.com/in/john-doe?q=" + std::string(mb, 'q'),
                "https://www.linkedin.com/in/john-doe");
  // 10 MB, as in the no-throw promise.
  expectRejected(std::string(10 * mb, 'x'));
}

TEST(LinkedInUrl, ArbitraryBytesNeverCrash) {
  // Every short prefix of some nasty inputs, plus every single byte value.
  const std::vector<std::string> seeds = {
      "https://www.linkedin.com/in/jos%C3%A9/?x=1#y",
      "HTTP://M.LinkedIn.com/pub/a/1/2/3",
      bytes("//linkedin.com/company/\0%\xFF:/@\\"),
      "https://u@www.linkedin.com:80/in/../%2f%",
  };
  for (const std::string& seed : seeds) {
    for (size_t n = 0; n <= seed.size(); ++n) {
      LinkedInResult r = normalizeLinkedInUrl(std::string_view(seed).substr(0, n));
      if (r.ok()) {
        EXPECT_TRUE(r.error().code.empty());
        EXPECT_EQ(r.value().rfind("https://www.linkedin.com/", 0), 0u) << r.value();
      } else {
        EXPECT_EQ(r.error().code, "invalid_linkedin_url");
        EXPECT_FALSE(r.error().message.empty());
      }
    }
  }
  for (int b = 0; b < 256; ++b) {
    std::string in = "https://www.linkedin.com/in/ab";
    in += char(b);
    LinkedInResult r = normalizeLinkedInUrl(in);
    if (!r.ok())
      EXPECT_EQ(r.error().code, "invalid_linkedin_url") << b;
    else
      EXPECT_EQ(r.value().rfind("https://www.linkedin.com/in/ab", 0), 0u) << b;
  }
}

TEST(LinkedInUrl, OutputIsAFixedPoint) {
  for (const char* in : {
           "de.linkedin.com/in/Mary-Leroy-090/?originalSubdomain=fr",
           "https://www.linkedin.com/in/jos\xC3\xA9",
           "https://www.linkedin.com/in/ACoAAB123xyz",
           "https://www.linkedin.com/in/a,b%2c%41",
           "linkedin.com/company/Acme/",
           "http://www.linkedin.com/pub/John-Smith/1A/2B3/4C5",
       }) {
    LinkedInResult once = normalizeLinkedInUrl(in);
    ASSERT_TRUE(once.ok()) << in << ": " << once.error().message;
    LinkedInResult twice = normalizeLinkedInUrl(once.value());
    ASSERT_TRUE(twice.ok()) << once.value() << ": " << twice.error().message;
    EXPECT_EQ(twice.value(), once.value());
    EXPECT_EQ(twice.kind, once.kind);
  }
}

TEST(LinkedInUrl, MessagesArePrintable) {
  // Messages quote the input through quoteForMessage: no raw control bytes.
  for (const std::string& in : {std::string("ftp\x01://x"), std::string("https://ev\xC3\xA9il.com/in/x"),
                                std::string("https://www.linkedin.com/feed\x7F")}) {
    LinkedInResult r = normalizeLinkedInUrl(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "invalid_linkedin_url");
    for (char c : r.error().message) {
      unsigned char u = (unsigned char)c;
      EXPECT_TRUE(u >= 0x20 && u < 0x7F) << "byte " << int(u) << " in: " << r.error().message;
    }
  }
}

// The one-pass path for common spellings must give exactly what the general
// path gives (value, kind, or code and message), on every combination of
// scheme, host, section, slug and tail, valid or not.
TEST(LinkedInUrl, CommonSpellingPathAgreesWithTheGeneralPath) {
  const std::vector<std::string> schemes = {"", "https://", "http://", "HTTPS://", "//", "ftp://", "https:/", "https:"};
  const std::vector<std::string> hosts = {"www.linkedin.com", "linkedin.com",      "WWW.LinkedIn.COM",
                                          "fr.linkedin.com",  "m.linkedin.com",    "mwlite.linkedin.com",
                                          "linkedin.com.",    "www.linkedin.co",   "x.y.linkedin.com",
                                          "linkedin.com:443", "user@linkedin.com", ""};
  const std::vector<std::string> sections = {"in", "IN", "company", "Company", "pub", "mwlite/in", "school", "", "in/"};
  const std::vector<std::string> slugs = {
      "jane-doe-1a2b",      "Jane_Doe.~x", "ACoAAB12cd", "ACwAAxY", "a..b", ".",   "..",      "",
      "jos%C3%A9",          "a%2Fb",       "a,b",        "a b",     "josé", "a:b", "a=b&c+d", std::string(100, 'a'),
      std::string(101, 'a')};
  const std::vector<std::string> tails = {"",
                                          "/",
                                          "/recent-activity/shares/",
                                          "/../x",
                                          "/./",
                                          "?trk=abc",
                                          "#top",
                                          "/details/?a=%zz",
                                          "?a b",
                                          "/a\\b",
                                          "?q=\\",
                                          "/x?y=1#z",
                                          "//",
                                          "/%2e%2E/",
                                          "?é"};
  size_t compared = 0, commonOk = 0;
  for (const auto& scheme : schemes)
    for (const auto& host : hosts)
      for (const auto& section : sections)
        for (const auto& slug : slugs)
          for (const auto& tail : tails) {
            std::string url = scheme + host + "/" + section + "/" + slug + tail;
            LinkedInResult fast = normalizeLinkedInUrl(url);
            LinkedInResult general = leadroster::detail::normalizeLinkedInUrlGeneral(url);
            ASSERT_EQ(fast.ok(), general.ok()) << url;
            ASSERT_EQ(fast.value(), general.value()) << url;
            ASSERT_EQ(fast.error().code, general.error().code) << url;
            ASSERT_EQ(fast.error().message, general.error().message) << url;
            if (fast.ok()) {
              ASSERT_EQ(fast.kind, general.kind) << url;
              ++commonOk;
            }
            ++compared;
          }
  EXPECT_EQ(compared, schemes.size() * hosts.size() * sections.size() * slugs.size() * tails.size());
  EXPECT_GT(commonOk, 1000u);  // the valid spellings are well represented
}
