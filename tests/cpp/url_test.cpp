// Direct tests of normalizeUrl (src/normalize/url.cpp): websites and photo URLs.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "normalize/url.h"

using leadroster::normalizeUrl;

namespace {
std::string valueOf(const std::string& in) {
  auto r = normalizeUrl(in);
  EXPECT_TRUE(r.ok()) << in << ": " << r.error().message;
  return r.value();
}
std::string messageOf(const std::string& in) {
  auto r = normalizeUrl(in);
  EXPECT_FALSE(r.ok()) << in << " gave " << r.value();
  EXPECT_EQ(r.error().code, "invalid_url") << in;
  EXPECT_TRUE(r.value().empty()) << in;
  return r.error().message;
}
}  // namespace

TEST(NormalizeUrl, AddsHttpsAndLowercasesSchemeAndHostOnly) {
  const std::pair<const char*, const char*> cases[] = {
      {"acme.com", "https://acme.com"},
      {"  acme.com/About \n", "https://acme.com/About"},
      {"HTTP://WWW.Acme.COM/Path?Q=1", "http://www.acme.com/Path?Q=1"},
      {"https://ACME.com#Frag", "https://acme.com#Frag"},
      {"https://Sub.ACME.co.uk?x=Y", "https://sub.acme.co.uk?x=Y"},
      {"\xC2\xA0https://acme.com\xE2\x80\x8B", "https://acme.com"},  // invisible spaces trimmed
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(valueOf(in), out);
    EXPECT_EQ(valueOf(out), out) << "idempotent";
  }
}

TEST(NormalizeUrl, RefusalsNameTheRule) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "URL is empty"},
      {" \t ", "URL is empty"},
      {"https://acme.com/a b", "URL contains spaces or control characters"},
      {"https://acme.com/\x01", "URL contains spaces or control characters"},
      {"https://acme.com/\xff", "URL is not valid UTF-8 text"},
      {"ftp://acme.com", "URL scheme must be http or https, not \"ftp\""},
      {"javascript://acme.com", "URL scheme must be http or https, not \"javascript\""},
      {"https://user@acme.com", "URL must not contain a user name"},
  };
  for (const auto& [in, message] : cases) EXPECT_EQ(messageOf(in), message) << in;
  for (const char* badHost : {"https://acme", "https:///path", "https://-acme.com"})
    EXPECT_EQ(messageOf(badHost).rfind("URL host is not a valid domain: ", 0), 0u) << badHost;
}
