#include <gtest/gtest.h>

#include <string>

#include "normalize/phone.h"

using leadroster::isKnownRegion;
using leadroster::Normalized;
using leadroster::normalizePhone;

namespace {

::testing::AssertionResult Accepts(const std::string& in, const std::string& country, const std::string& expected) {
  Normalized r = normalizePhone(in, country);
  if (!r.ok())
    return ::testing::AssertionFailure() << "\"" << in << "\" [" << country << "] rejected: " << r.error().code << ": "
                                         << r.error().message;
  if (r.value() != expected)
    return ::testing::AssertionFailure() << "\"" << in << "\" [" << country << "] -> " << r.value() << ", expected "
                                         << expected;
  if (!r.error().code.empty() || !r.error().message.empty())
    return ::testing::AssertionFailure() << "success carries a code or message";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult Rejects(const std::string& in, const std::string& country = "") {
  Normalized r = normalizePhone(in, country);
  if (r.ok()) return ::testing::AssertionFailure() << "\"" << in << "\" [" << country << "] accepted as " << r.value();
  if (r.error().code != "invalid_phone")
    return ::testing::AssertionFailure() << "code " << r.error().code << ", expected invalid_phone";
  if (r.error().message.empty()) return ::testing::AssertionFailure() << "empty message";
  if (!r.value().empty()) return ::testing::AssertionFailure() << "failure carries a value";
  return ::testing::AssertionSuccess();
}

std::string messageOf(const std::string& in, const std::string& country = "") {
  return normalizePhone(in, country).error().message;
}

}  // namespace

TEST(Phone, RequiredCases) {
  EXPECT_TRUE(Accepts("07.53.71.43.02", "FR", "+33753714302"));
  EXPECT_TRUE(Accepts("+1 512-477-5071", "", "+15124775071"));
  EXPECT_TRUE(Accepts("(514) 555-0199", "US", "+15145550199"));
  EXPECT_TRUE(Rejects("+0 123 456"));
  EXPECT_TRUE(Accepts("+33 6 12 34 56 78", "US", "+33612345678"));
  EXPECT_TRUE(Accepts("0044 20 7946 0958", "FR", "+442079460958"));
  EXPECT_TRUE(Accepts("011 44 20 7946 0958", "US", "+442079460958"));
  EXPECT_TRUE(Accepts("020 7946 0958", "GB", "+442079460958"));
  EXPECT_TRUE(Accepts("030 123456", "DE", "+4930123456"));
  EXPECT_TRUE(Accepts("1 (512) 477-5071", "US", "+15124775071"));
}

TEST(Phone, PlusIsInternational) {
  EXPECT_TRUE(Accepts("+1 512-477-5071", "FR", "+15124775071"));
  EXPECT_TRUE(Accepts("+44 20 7946 0958", "DE", "+442079460958"));
  EXPECT_TRUE(Accepts("+7 912 345-67-89", "", "+79123456789"));
  EXPECT_TRUE(Accepts("+7 701 234 5678", "", "+77012345678"));  // Kazakhstan shares +7
  EXPECT_TRUE(Accepts("+49 30 123456", "", "+4930123456"));
  EXPECT_TRUE(Accepts("+61 4 1234 5678", "", "+61412345678"));
  EXPECT_TRUE(Accepts("+353 85 123 4567", "", "+353851234567"));  // 3-digit code
  EXPECT_TRUE(Accepts("+800 1234 5678", "", "+80012345678"));     // non-geographic
  EXPECT_TRUE(Accepts("(+44) 20 7946 0958", "", "+442079460958"));
  // A trunk prefix written after the country code is dropped, as libphonenumber does.
  EXPECT_TRUE(Accepts("+44 (0)20 7946 0958", "", "+442079460958"));
  EXPECT_TRUE(Accepts("+33 (0)6 12 34 56 78", "", "+33612345678"));
}

TEST(Phone, PlusWithBadCallingCode) {
  EXPECT_TRUE(Rejects("+0 123 456"));
  EXPECT_TRUE(Rejects("+0 123 456", "FR"));  // never re-read as national
  EXPECT_TRUE(Rejects("+999 123 456 789"));
  EXPECT_TRUE(Rejects("+28 123 4567"));  // 28x is unassigned
  EXPECT_NE(messageOf("+0 123 456").find("country calling code"), std::string::npos);
}

TEST(Phone, InternationalPrefixFollowsDefaultCountry) {
  EXPECT_TRUE(Accepts("00 44 20 7946 0958", "", "+442079460958"));  // no default: 00
  EXPECT_TRUE(Accepts("00 44 20 7946 0958", "GB", "+442079460958"));
  EXPECT_TRUE(Accepts("00 33 6 12 34 56 78", "DE", "+33612345678"));
  EXPECT_TRUE(Accepts("011 33 6 12 34 56 78", "US", "+33612345678"));
  EXPECT_TRUE(Accepts("011 33 6 12 34 56 78", "CA", "+33612345678"));
  EXPECT_TRUE(Accepts("0011 44 20 7946 0958", "AU", "+442079460958"));
  EXPECT_TRUE(Accepts("810 44 20 7946 0958", "RU", "+442079460958"));
  EXPECT_TRUE(Accepts("010 44 20 7946 0958", "JP", "+442079460958"));
  // "00" is not the dial-out prefix in the US, so this is a (bad) national number.
  EXPECT_TRUE(Rejects("0044 20 7946 0958", "US"));
  // ...and "011" is not one in France.
  EXPECT_TRUE(Rejects("011 44 20 7946 0958", "FR"));
  EXPECT_TRUE(Rejects("00 999 123456", ""));  // prefix then unknown code
}

TEST(Phone, NationalNumbers) {
  EXPECT_TRUE(Accepts("06 12 34 56 78", "fr", "+33612345678"));  // case-insensitive
  EXPECT_TRUE(Accepts("6 12 34 56 78", "FR", "+33612345678"));   // trunk prefix optional
  EXPECT_TRUE(Accepts("0151 23456789", "DE", "+4915123456789"));
  EXPECT_TRUE(Accepts("312 345 6789", "IT", "+393123456789"));
  EXPECT_TRUE(Accepts("06 1234 5678", "IT", "+390612345678"));  // Italy keeps its 0
  EXPECT_TRUE(Accepts("8 (912) 345-67-89", "RU", "+79123456789"));
  EXPECT_TRUE(Accepts("06 20 123 4567", "HU", "+36201234567"));  // trunk prefix "06"
  EXPECT_TRUE(Accepts("612 345 678", "ES", "+34612345678"));
  EXPECT_TRUE(Accepts("0412 345 678", "AU", "+61412345678"));
  EXPECT_TRUE(Accepts("090-1234-5678", "JP", "+819012345678"));
  EXPECT_TRUE(Accepts("9123 4567", "SG", "+6591234567"));
  EXPECT_TRUE(
      Accepts("  020\xC2\xA0"
              "7946\xC2\xA0"
              "0958\t",
              "GB", "+442079460958"));
  EXPECT_TRUE(Accepts("020/7946/0958", "GB", "+442079460958"));
  EXPECT_TRUE(
      Accepts("\xC2\xA0"
              "020 7946 0958",
              " gb ", "+442079460958"));
}

TEST(Phone, SharedCallingCodes) {
  EXPECT_TRUE(Accepts("(514) 555-0199", "CA", "+15145550199"));
  EXPECT_TRUE(Accepts("(512) 477-5071", "CA", "+15124775071"));
  EXPECT_TRUE(Accepts("1-514-555-0199", "US", "+15145550199"));
  EXPECT_TRUE(Accepts("8 701 234 5678", "KZ", "+77012345678"));
  // A 7-digit local number in Antigua gets its area code, as in libphonenumber.
  EXPECT_TRUE(Accepts("462-1234", "AG", "+12684621234"));
  EXPECT_TRUE(Accepts("07700 900123", "JE", "+447700900123"));
}

TEST(Phone, CallingCodeWithoutPlus) {
  // Written with the calling code but no "+": read as international only when
  // it is not a possible national number as it stands (libphonenumber does the same).
  EXPECT_TRUE(Accepts("33 6 12 34 56 78", "FR", "+33612345678"));
  EXPECT_TRUE(Accepts("44 20 7946 0958", "GB", "+442079460958"));
  EXPECT_TRUE(Accepts("1 512 477 5071", "US", "+15124775071"));
  // Decided by the national number pattern, not just the length: "393123456789"
  // is 12 digits, a possible Italian length, but not an Italian number.
  EXPECT_TRUE(Accepts("39 312 345 6789", "IT", "+393123456789"));
  EXPECT_TRUE(Accepts("49 30 123456", "DE", "+4930123456"));
}

TEST(Phone, NationalPrefixRewrites) {
  // Argentina: "0AA 15 xxxx" (mobile, national format) becomes "9 AA xxxx".
  EXPECT_TRUE(Accepts("011 15-2345-6789", "AR", "+5491123456789"));
  EXPECT_TRUE(Accepts("011 2345-6789", "AR", "+541123456789"));
  // Australia: carrier prefix 1831 is dropped like the trunk prefix.
  EXPECT_TRUE(Accepts("1831 412 345 678", "AU", "+61412345678"));
  // Hungary's trunk prefix is two digits.
  EXPECT_TRUE(Accepts("06 1 234 5678", "HU", "+3612345678"));
}

TEST(Phone, ImpossibleLengths) {
  EXPECT_TRUE(Rejects("06 12 34 56", "FR"));
  EXPECT_TRUE(Rejects("06 12 34 56 78 9", "FR"));
  EXPECT_TRUE(Rejects("+33 6 12 34 56 7"));
  EXPECT_TRUE(Rejects("+44 20 7946 09"));
  EXPECT_TRUE(Rejects("512 477 507", "US"));
  EXPECT_TRUE(Rejects("+1 512 477 50712"));
  EXPECT_TRUE(Rejects("+33"));
  EXPECT_TRUE(Rejects("0", "FR"));
  std::string m = messageOf("06 12 34 56", "FR");
  EXPECT_NE(m.find("FR"), std::string::npos) << m;
  EXPECT_NE(m.find("+33"), std::string::npos) << m;
  EXPECT_NE(m.find("8 digits"), std::string::npos) << m;
  m = messageOf("+44 20 7946 09");
  EXPECT_NE(m.find("+44"), std::string::npos) << m;
  EXPECT_NE(m.find("8 digits"), std::string::npos) << m;
}

TEST(Phone, TrunkPrefixKeptWhenStrippingLeavesAnImpossibleLength) {
  // Only lengths are checked (libphonenumber's isPossible()): when dropping the
  // trunk prefix leaves too few digits, the digits are kept as they are, and a
  // 9-digit French number is possible even when it starts with 0.
  EXPECT_TRUE(Accepts("06 12 34 56 7", "FR", "+33061234567"));
  EXPECT_TRUE(Accepts("8 123 456 789", "RU", "+78123456789"));  // 10 digits: 8 is not a prefix here
}

TEST(Phone, NeedsACountry) {
  EXPECT_TRUE(Rejects("06 12 34 56 78"));
  EXPECT_TRUE(Rejects("512 477 5071", ""));
  EXPECT_TRUE(Rejects("011 44 20 7946 0958"));  // 011 is only a prefix under NANP
  EXPECT_NE(messageOf("06 12 34 56 78").find("country"), std::string::npos);
}

TEST(Phone, UnknownDefaultCountry) {
  EXPECT_TRUE(Rejects("06 12 34 56 78", "XX"));
  EXPECT_TRUE(Rejects("06 12 34 56 78", "FRA"));
  EXPECT_TRUE(Rejects("06 12 34 56 78", "001"));
  EXPECT_TRUE(Rejects("+33 6 12 34 56 78", "ZZ"));  // reported even with "+"
  EXPECT_NE(messageOf("06 12 34 56 78", "XX").find("\"XX\""), std::string::npos);
}

TEST(Phone, BadCharacters) {
  EXPECT_TRUE(Rejects("+1 512 477 5071 ext 12"));
  EXPECT_TRUE(Rejects("+1 512 477 5071 x12"));
  EXPECT_TRUE(Rejects("+1 512 477 5071;ext=12"));
  EXPECT_TRUE(Rejects("tel:+15124775071"));
  EXPECT_TRUE(Rejects("1-800-FLOWERS", "US"));
  EXPECT_TRUE(Rejects("+1 512 477 5071 #"));
  EXPECT_TRUE(Rejects("++1 512 477 5071"));
  EXPECT_TRUE(Rejects("1+512 477 5071", "US"));
  EXPECT_TRUE(Rejects("06\t12 34 56 78", "FR"));  // control char inside
  EXPECT_TRUE(
      Rejects("06\xE2\x80\x89"
              "12 34 56 78",
              "FR"));                                                  // thin space
  EXPECT_TRUE(Rejects("\xEF\xBC\x90\xEF\xBC\x96 12 34 56 78", "FR"));  // fullwidth digits
  EXPECT_TRUE(Rejects(""));
  EXPECT_TRUE(Rejects("   ", "FR"));
  EXPECT_TRUE(Rejects("+"));
  EXPECT_TRUE(Rejects("().-/", "FR"));
}

TEST(Phone, TooManyDigits) {
  EXPECT_TRUE(Rejects("+49 1234 5678 9012 34567"));      // 18 digits
  EXPECT_TRUE(Rejects("0 1234 5678 9012 34567", "DE"));  // 18 digits
  EXPECT_TRUE(Accepts("+49 30 1234 5678 9012", "", "+4930123456789012"));
  EXPECT_NE(messageOf("+49 1234 5678 9012 34567").find("17"), std::string::npos);
}

TEST(Phone, JunkNeverThrows) {
  std::string nul("+33\0 6 12 34 56 78", 18);
  EXPECT_TRUE(Rejects(nul));
  EXPECT_TRUE(Rejects(std::string("\0", 1)));
  EXPECT_TRUE(Rejects("\xFF\xFE\xFD", "FR"));
  EXPECT_TRUE(Rejects("06 12 \xC3", "FR"));           // truncated UTF-8
  EXPECT_TRUE(Rejects("06 12 34 56 78 \xC2", "FR"));  // lone NBSP lead byte
  EXPECT_TRUE(Rejects(std::string(1 << 20, '1'), "US"));
  EXPECT_TRUE(Rejects(std::string(1 << 20, ' ') + "x", "US"));
  EXPECT_TRUE(Rejects(std::string(1 << 20, '('), "US"));
  std::string big(10 << 20, '\x80');
  EXPECT_TRUE(Rejects(big, "FR"));
  EXPECT_TRUE(Rejects("+33 6 12 34 56 78", std::string("F\0", 2)));
  EXPECT_TRUE(Rejects("+33 6 12 34 56 78", "\xC3\xA9"));
  // Every byte value alone, and after a valid number.
  for (int b = 0; b < 256; ++b) {
    std::string one(1, char(b));
    Normalized r = normalizePhone(one, "FR");
    EXPECT_FALSE(r.ok()) << b;
    EXPECT_EQ(r.error().code, "invalid_phone") << b;
    Normalized r2 = normalizePhone("06 12 34 56 78" + one, "FR");
    if (!r2.ok()) {
      EXPECT_EQ(r2.error().code, "invalid_phone") << b;
    }
  }
}

TEST(Phone, EveryRegionRoundTripsItsOwnNumbers) {
  // Calling the normalizer with every known region as default must never
  // crash, and "+" input never depends on the default country.
  const char* regions[] = {"US", "CA", "FR", "GB", "DE", "ES", "IT", "NL", "BE", "CH", "AU",
                           "IN", "BR", "MX", "JP", "CN", "RU", "SE", "PL", "ZA", "SG", "IE",
                           "AR", "KZ", "GA", "SM", "NF", "HU", "KR", "LU", "AG", "GG"};
  for (const char* r : regions) {
    EXPECT_TRUE(isKnownRegion(r)) << r;
    EXPECT_TRUE(Accepts("+44 20 7946 0958", r, "+442079460958")) << r;
    (void)normalizePhone("0 12 34 56 78", r);
    (void)normalizePhone("00 12 34 56 78", r);
    (void)normalizePhone("1", r);
  }
}

TEST(Phone, IsKnownRegion) {
  EXPECT_TRUE(isKnownRegion("US"));
  EXPECT_TRUE(isKnownRegion("fr"));
  EXPECT_TRUE(isKnownRegion("Gb"));
  EXPECT_TRUE(isKnownRegion("VA"));
  EXPECT_TRUE(isKnownRegion("XK"));  // Kosovo, in the metadata though user-assigned
  EXPECT_FALSE(isKnownRegion(""));
  EXPECT_FALSE(isKnownRegion("XX"));
  EXPECT_FALSE(isKnownRegion("USA"));
  EXPECT_FALSE(isKnownRegion("001"));
  EXPECT_FALSE(isKnownRegion("U"));
  EXPECT_FALSE(isKnownRegion(std::string("U\0", 2)));
  EXPECT_FALSE(isKnownRegion("\xC3\xA9"));
}

TEST(Phone, SevenDigitNanpNumbersAreNotE164) {
  // A 7-digit local number has no area code: never "+1" + 7 digits.
  EXPECT_EQ(leadroster::normalizePhone("555-0199", "US").error().code, "invalid_phone");
  EXPECT_EQ(leadroster::normalizePhone("+1 555 0199").error().code, "invalid_phone");
  // A Canadian 10-digit number under US, and written internationally, is fine.
  EXPECT_EQ(leadroster::normalizePhone("(514) 555-0199", "US").value(), "+15145550199");
  EXPECT_EQ(leadroster::normalizePhone("+1 514 555 0199").value(), "+15145550199");
}

TEST(Phone, NanpAreaCodesAndExchangesNeverStartWithZeroOrOne) {
  EXPECT_EQ(leadroster::normalizePhone("07.53.71.43.02", "US").error().code, "invalid_phone");
  EXPECT_EQ(leadroster::normalizePhone("(000) 000-0000", "US").error().code, "invalid_phone");
  EXPECT_EQ(leadroster::normalizePhone("+1 512 077 5071").error().code, "invalid_phone");
  EXPECT_EQ(leadroster::normalizePhone("+1 512 477 5071").value(), "+15124775071");
}

// Issue 16 section 7: a number is checked against the region its leading
// digits select among the regions sharing its calling code (libphonenumber's
// getCountryByNationalNumber), not against the main region or the default one.
TEST(Phone, RegionByLeadingDigits) {
  // Jersey and the Isle of Man dial the GB freephone range like GB does.
  EXPECT_TRUE(Accepts("0800 754567", "JE", "+44800754567"));
  EXPECT_TRUE(Accepts("0800 754567", "IM", "+44800754567"));
  EXPECT_TRUE(Accepts("0800 754567", "GB", "+44800754567"));
  EXPECT_TRUE(Accepts("01534 123456", "JE", "+441534123456"));
  EXPECT_TRUE(Accepts("07700 900123", "IM", "+447700900123"));
  // +290: St Helena (SH, 4 or 5 digits; [2569]...) and Tristan da Cunha (TA, 8xxx, 4 digits).
  EXPECT_TRUE(Accepts("+290 8999", "", "+2908999"));
  EXPECT_TRUE(Rejects("+290 8999 2"));
  EXPECT_TRUE(Accepts("+290 22158", "", "+29022158"));
  EXPECT_TRUE(Rejects("8999 2", "SH"));
  EXPECT_TRUE(Rejects("8999 2", "TA"));
  // +599: Curaçao (CW: [69]..., 7 or 8 digits) and the Caribbean Netherlands (BQ: [347]..., 7).
  EXPECT_TRUE(Accepts("+599 9 4612345", "", "+59994612345"));
  EXPECT_TRUE(Rejects("+599 7 1234567"));  // BQ: 7 digits only, although CW has 8-digit numbers
  EXPECT_TRUE(Accepts("+599 715 1234", "", "+5997151234"));
  EXPECT_TRUE(Rejects("715 12345", "CW"));
}
