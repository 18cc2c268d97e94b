// src/codes.def: one table of codes, read by result.h and codes().
#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>

#include "api/api.h"
#include "json/json.h"
#include "result.h"

using namespace leadroster;

TEST(CodesTable, NamesAreUniqueAndEachHasAKindAndADoc) {
  std::set<std::string> seen;
  for (const code::Info& c : code::all) {
    EXPECT_TRUE(seen.insert(c.name).second) << "twice in codes.def: " << c.name;
    EXPECT_NE(c.kinds, 0u) << c.name;
    EXPECT_GT(std::string(c.doc).size(), 5u) << c.name;
  }
  // The constants are the table's names.
  EXPECT_STREQ(code::invalid_option, "invalid_option");
  EXPECT_EQ(code::find("invalid_option")->kinds & code::ARGUMENT, unsigned(code::ARGUMENT));
  EXPECT_EQ(code::find("no_such_code"), nullptr);
}

TEST(CodesTable, AnArgumentCodeAndOnlyOneHasAJsClass) {
  for (const code::Info& c : code::all) {
    bool argument = (c.kinds & code::ARGUMENT) != 0;
    EXPECT_EQ(argument, c.jsClass != code::JsClass::NONE) << c.name;
  }
  EXPECT_EQ(code::find("invalid_type")->jsClass, code::JsClass::TypeError);
  EXPECT_EQ(code::find("unknown_option")->jsClass, code::JsClass::RangeError);
  EXPECT_EQ(code::find("invalid_option")->jsClass, code::JsClass::RangeError);
  EXPECT_EQ(code::find("invalid_state")->jsClass, code::JsClass::Error);
}

TEST(CodesTable, CodesJsonListsEveryRowWithItsKindsAndClass) {
  Json j = Json::parse(api::codes());
  ASSERT_TRUE(j["all"].is_array());
  EXPECT_EQ(j["all"].size(), std::size(code::all));
  std::set<std::string> args;
  for (const auto& a : j["argumentErrors"]) args.insert(a.get<std::string>());
  EXPECT_EQ(args, (std::set<std::string>{"missing_field", "invalid_type", "invalid_value", "unknown_provider",
                                         "unknown_option", "invalid_option", "invalid_state", "internal_error"}));
  bool sawUtf8 = false, sawRedirect = false;
  for (const auto& c : j["all"]) {
    ASSERT_TRUE(c["kinds"].is_array() && !c["kinds"].empty()) << c.dump();
    if (c["code"] == "invalid_utf8") sawUtf8 = c["kinds"] == Json::array({"input"}) && c["jsClass"].is_null();
    if (c["code"] == "redirect_refused") sawRedirect = c["kinds"] == Json::array({"delivery_row"});
    if (c["code"] == "invalid_type") EXPECT_EQ(c["jsClass"], "TypeError");
  }
  EXPECT_TRUE(sawUtf8);
  EXPECT_TRUE(sawRedirect);
  // The row lists keep their meaning: invalid_option is an argument error, never a row's.
  for (const auto& e : j["errors"]) EXPECT_NE(e, "invalid_option");
  EXPECT_EQ(j["warnings"].size(), 4u);
}
