// normalizeCountry: codes in any case, alpha-3, names and common forms -> alpha-2.
#include <gtest/gtest.h>

#include "normalize/country.h"

using leadroster::normalizeCountry;

TEST(Country, CodesNamesAndCommonForms) {
  const std::pair<const char*, const char*> cases[] = {
      {"US", "US"},
      {"us", "US"},
      {" fr ", "FR"},
      {"USA", "US"},
      {"usa", "US"},
      {"U.S.", "US"},
      {"U.S.A.", "US"},
      {"United States", "US"},
      {"United States of America", "US"},
      {"UK", "GB"},
      {"Great Britain", "GB"},
      {"United Kingdom", "GB"},
      {"GBR", "GB"},
      {"Deutschland", "DE"},
      {"Germany", "DE"},
      {"DEU", "DE"},
      {"France", "FR"},
      {"FRANCE", "FR"},
      {"The Netherlands", "NL"},
      {"Netherlands", "NL"},
      {"España", "ES"},
      {"Espana", "ES"},
      {"Österreich", "AT"},
      {"Côte d'Ivoire", "CI"},
      {"Cote D'Ivoire", "CI"},
      {"South Korea", "KR"},
      {"Korea, Republic of", "KR"},
      {"Türkiye", "TR"},
      {"Czech Republic", "CZ"},
      {"Czechia", "CZ"},
      {"Brasil", "BR"},
      {"UAE", "AE"},
      {"Russian Federation", "RU"},
      {"Viet Nam", "VN"},
      {"Åland Islands", "AX"},
      {"united-states", "US"},
  };
  for (const auto& [in, want] : cases) {
    auto r = normalizeCountry(in);
    EXPECT_TRUE(r.ok()) << in;
    EXPECT_EQ(r.value(), want) << in;
  }
}

TEST(Country, UnknownIsInvalidCountry) {
  for (const char* in : {"", "ZZ", "Narnia", "U", "USAA", "Europe", "12", "\xff\xfe"}) {
    auto r = normalizeCountry(in);
    EXPECT_FALSE(r.ok()) << in;
    EXPECT_EQ(r.error().code, "invalid_country") << in;
  }
}
