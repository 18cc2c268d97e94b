// describeProvider and codes(): read from the provider files, complete.
#include <gtest/gtest.h>

#include "api/api.h"
#include "json/json.h"
#include "providers/registry.h"
#include "test_helpers.h"

using namespace leadroster;

namespace {
Json describe(const std::string& id, const std::string& options = "") {
  return Json::parse(api::describeProvider(id, options));
}
}  // namespace

TEST(Describe, EveryFieldOfEveryProviderHasADescription) {
  for (const Provider* p : allProviders()) {
    Json d = describe(std::string(p->id));
    ASSERT_EQ(d["id"], std::string(p->id));
    ASSERT_EQ(d["fields"].size(), p->fields.size());
    for (const auto& f : d["fields"])
      EXPECT_FALSE(f["description"].get<std::string>().empty()) << p->id << " " << f["path"];
  }
}

TEST(Describe, ShapeOfSendpilot) {
  Json d = describe("sendpilot");
  EXPECT_EQ(d["method"], "POST");
  EXPECT_EQ(d["path"], "/v1/leads");
  EXPECT_EQ(d["body"], "campaignIdAndLeads");
  EXPECT_EQ(d["batch"], Json({{"min", 1}, {"max", 100}, {"default", 100}}));
  EXPECT_EQ(d["customFields"], true);
  EXPECT_TRUE(d["customFieldsIn"].is_null());
  EXPECT_EQ(d["headers"][0]["name"], "X-API-Key");
  EXPECT_EQ(d["fields"][0]["path"], "linkedinUrl");
  EXPECT_EQ(d["fields"][0]["required"], true);
  EXPECT_EQ(d["fields"][0]["format"], "linkedinProfile");
  EXPECT_EQ(d["identity"]["dedupKeys"][0], Json({{"field", "linkedinUrl"}, {"kind", "linkedin"}}));
  EXPECT_EQ(d["rateLimits"], Json::array());
  EXPECT_EQ(d["template"], Json({{"open", "{{"}, {"close", "}}"}}));
}

TEST(Describe, RateLimitsAndCustomObjects) {
  Json m = describe("magnetite");
  ASSERT_EQ(m["rateLimits"].size(), 1u);
  EXPECT_EQ(m["rateLimits"][0]["requests"], 10);
  EXPECT_EQ(m["rateLimits"][0]["windowSeconds"], 60);
  EXPECT_EQ(m["rateLimits"][0]["burst"], 5);
  EXPECT_EQ(m["customFieldsIn"], "customData");
  Json r = describe("reached");
  EXPECT_EQ(r["rateLimits"][0]["burst"], 100);
  EXPECT_EQ(r["customFields"], false);
  EXPECT_EQ(r["identity"]["anyOf"], Json({"phone", "email", "lead_id"}));
}

TEST(Describe, PuffleIdentityFollowsTheChannelAndListsIt) {
  EXPECT_EQ(describe("puffle")["identity"]["anyOf"], Json({"email"}));
  Json d = describe("puffle", R"({"channel":"linkedin"})");
  EXPECT_EQ(d["identity"]["anyOf"], Json({"linkedin_url"}));
  bool hasChannel = false;
  for (const auto& o : d["options"])
    if (o["name"] == "channel") hasChannel = o["values"] == Json({"email", "linkedin"});
  EXPECT_TRUE(hasChannel);
  const Json reached = describe("reached");  // a named value: a range-for over a temporary's member reads freed memory
  for (const auto& o : reached["options"]) EXPECT_NE(o["name"], "channel");
}

TEST(Describe, BatchSizeRangeIsTheProvidersAndBadArgumentsAreFatal) {
  const Json sendkit = describe("sendkit");
  for (const auto& o : sendkit["options"]) {
    if (o["name"] == "batchSize") {
      EXPECT_EQ(o["max"], 5000);
    }
  }
  EXPECT_EQ(lrtest::fatalOf(describe("nope")), "unknown_provider/");
  EXPECT_EQ(lrtest::fatalOf(describe("puffle", R"({"channel":"sms"})")), "invalid_value/channel");
}

TEST(Describe, CodesListEveryCode) {
  Json c = Json::parse(api::codes());
  EXPECT_EQ(c["errors"].size(), 12u);
  EXPECT_NE(std::find(c["warnings"].begin(), c["warnings"].end(), "invalid_country"), c["warnings"].end());
}
