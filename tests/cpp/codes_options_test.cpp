// src/codes.def and src/engine/options.def: the tables of codes and options,
// read by result.h, codes(), parseOptions, describe and options().
#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "api/api.h"
#include "api/lookup.h"
#include "api/options_api.h"
#include "engine/option_table.h"
#include "engine/options.h"
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
    if (c["code"] == "invalid_type") {
      EXPECT_EQ(c["jsClass"], "TypeError");
    }
  }
  EXPECT_TRUE(sawUtf8);
  EXPECT_TRUE(sawRedirect);
  // The row lists keep their meaning: invalid_option is an argument error, never a row's.
  for (const auto& e : j["errors"]) EXPECT_NE(e, "invalid_option");
  EXPECT_EQ(j["warnings"].size(), 7u);  // with the list-quality warnings of issue 20
}

// src/engine/options.def: one table of options, read by parseOptions, describe and options().
namespace {
Json wrongTypeFor(option::Type t) {
  switch (t) {
    case option::STRING: return 5;
    case option::INTEGER: return "5";
    case option::BOOLEAN: return "yes";
    case option::LEADS: return Json::object();
    case option::ENTRIES: return "ann@acme.com";
  }
  return nullptr;
}
const Provider& sendkit() { return *api::findProvider("sendkit"); }
}  // namespace

TEST(OptionsTable, ParseOptionsTakesEveryNameOfTheTableAndRefusesOthers) {
  size_t n = 0;
  for (const option::Info& o : option::all) {
    ++n;
    SCOPED_TRACE(o.name);
    Result<PlanOptions> ok = parseOptions(sendkit(), Json{{o.name, nullptr}});
    EXPECT_TRUE(ok.ok()) << ok.error().message;
    std::string typo = std::string(o.name) + "x";
    Result<PlanOptions> bad = parseOptions(sendkit(), Json{{typo, 1}});
    EXPECT_EQ(bad.error().code, code::unknown_option);
    EXPECT_EQ(bad.error().option, typo);
    Result<PlanOptions> wrong = parseOptions(sendkit(), Json{{o.name, wrongTypeFor(o.type)}});
    EXPECT_EQ(wrong.error().code, code::invalid_type);
    EXPECT_EQ(wrong.error().option, o.name);
  }
  EXPECT_GE(n, 10u);
  EXPECT_NE(option::find("strict"), nullptr);
  EXPECT_EQ(option::find("defaultCountyr"), nullptr);
}

TEST(OptionsTable, RangesAndValuesComeFromTheTable) {
  const Provider& p = sendkit();
  auto codeOf = [&](Json o) { return parseOptions(p, o).error().code; };
  EXPECT_EQ(codeOf({{"batchSize", 0}}), code::invalid_value);
  EXPECT_EQ(codeOf({{"batchSize", double(p.maxPerRequest) + 1}}), code::invalid_value);
  EXPECT_EQ(codeOf({{"batchSize", 2.5}}), code::invalid_value);
  EXPECT_EQ(parseOptions(p, {{"batchSize", p.maxPerRequest}}).value().batchSize, p.maxPerRequest);
  EXPECT_EQ(codeOf({{"maxBodyBytes", 63}}), code::invalid_value);
  EXPECT_EQ(parseOptions(p, {{"maxBodyBytes", 64}}).value().maxBodyBytes, 64u);
  EXPECT_EQ(codeOf({{"channel", "sms"}}), code::invalid_value);
  EXPECT_EQ(parseOptions(p, {{"channel", "linkedin"}}).value().channel, "linkedin");
  EXPECT_TRUE(parseOptions(p, {{"strict", true}}).value().strict);
  EXPECT_TRUE(parseOptions(p, {{"foldGmail", true}}).value().foldGmail);
  EXPECT_EQ(parseOptions(p, {{"defaultCountry", "fr"}}).value().defaultCountry, "FR");
  EXPECT_EQ(parseOptions(p, Json::object()).value().batchSize, p.defaultPerRequest);
}

TEST(OptionsTable, DescribeAndOptionsListEveryOptionOfTheTable) {
  std::vector<std::string> table;
  for (const option::Info& o : option::all)
    if (o.scope != option::NATIVE) table.push_back(o.name);
  Json listed = Json::parse(api::options());
  std::vector<std::string> names;
  for (const auto& o : listed) names.push_back(o["name"].get<std::string>());
  EXPECT_EQ(names, table);
  std::vector<std::string> described;
  Json puffle = Json::parse(api::describeProvider("puffle", ""));
  for (const auto& o : puffle["options"]) described.push_back(o["name"].get<std::string>());
  EXPECT_EQ(described, table);  // puffle has channels: every option
  for (const auto& o : listed)
    if (o["name"] == "strict") {
      EXPECT_EQ(o["flag"], "strict");
    }
}
