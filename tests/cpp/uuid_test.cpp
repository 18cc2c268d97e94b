#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "normalize/uuid.h"

using leadroster::Normalized;
using leadroster::normalizeUuid;

namespace {
// Never print a megabyte of input in a failure message.
std::string traceOf(const std::string& s) {
  return s.size() <= 80 ? s : s.substr(0, 80) + "... (" + std::to_string(s.size()) + " bytes)";
}
const char* kCanon = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

void expectInvalid(const std::string& in) {
  SCOPED_TRACE("input: " + traceOf(in));
  Normalized r = normalizeUuid(in);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "invalid_uuid");
  EXPECT_FALSE(r.error().message.empty());
}
}  // namespace

TEST(Uuid, AcceptsAllForms) {
  for (const char* in : {"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6BA7B810-9DAD-11D1-80B4-00C04FD430C8",
                         "  6ba7b810-9DAD-11d1-80b4-00c04fd430c8\n", "6ba7b8109dad11d180b400c04fd430c8",
                         "6BA7B8109DAD11D180B400C04FD430C8", "{6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
                         "{6BA7B8109DAD11D180B400C04FD430C8}", "urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                         "URN:UUID:6ba7b8109dad11d180b400c04fd430c8"}) {
    SCOPED_TRACE(in);
    Normalized r = normalizeUuid(in);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), kCanon);
  }
  // Any version / variant, nil and max included.
  for (const char* in : {"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                         "017f22e2-79b0-7cc3-98c4-dc0c0c07398f", "123e4567-e89b-12d3-a456-426614174000",
                         "c232ab00-9414-11ec-b3c8-9f6bdeced846"}) {
    Normalized r = normalizeUuid(in);
    EXPECT_TRUE(r.ok()) << in << ": " << r.error().message;
    EXPECT_EQ(r.value(), in);
  }
}

TEST(Uuid, Rejects) {
  for (const char* in : {"",
                         "  ",
                         "6ba7b810-9dad-11d1-80b4-00c04fd430c",
                         "6ba7b810-9dad-11d1-80b4-00c04fd430c8a",
                         "6ba7b8109dad-11d1-80b4-00c04fd430c8",
                         "6ba7b810-9dad11d1-80b4-00c04fd430c8-",
                         "6ba7b81-09dad-11d1-80b4-00c04fd430c8",
                         "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
                         "6ba7b810-9dad-11d1-80b4-00c04fd430c8}",
                         "{6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                         "(6ba7b810-9dad-11d1-80b4-00c04fd430c8)",
                         "6ba7b810 9dad 11d1 80b4 00c04fd430c8",
                         "6ba7b8109dad11d180b400c04fd430cz",
                         "{}",
                         "{",
                         "}",
                         "urn:uuid:",
                         "not-a-uuid",
                         "6ba7b810-9dad-11d1-80b4-00c04fd430c8-6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                         "0x6ba7b8109dad11d180b400c04fd430c8"}) {
    expectInvalid(in);
  }
  EXPECT_EQ(normalizeUuid("").error().message, "uuid is empty");
  EXPECT_NE(normalizeUuid("6ba7b810-9dad-11d1-80b4-00c04fd430cg").error().message.find("hex"), std::string::npos);
  EXPECT_NE(normalizeUuid("{6ba7b810-9dad-11d1-80b4-00c04fd430c8").error().message.find("brace"), std::string::npos);
}

TEST(Uuid, JunkNeverCrashes) {
  std::vector<std::string> junk = {
      std::string(36, '\0'),     std::string("6ba7b810-9dad-11d1-80b4-00c04fd430c\0", 36),
      std::string(32, '\xFF'),   "6ba7b810-9dad-11d1-80b4-00c04fd430\xC3\xA9",
      std::string(1 << 20, 'a'), std::string(10 << 20, '-'),
  };
  for (const auto& j : junk) expectInvalid(j);
  for (int b = 0; b < 256; ++b) {
    std::string s = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    s[20] = char(b);
    Normalized r = normalizeUuid(s);
    EXPECT_EQ(r.ok(), (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')) << b;
  }
}
