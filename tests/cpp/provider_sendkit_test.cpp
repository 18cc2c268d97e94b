// SendKit (seeds/003): POST /v1/campaigns/{id}/leads in three modes: explicit
// leads (1..5000, each with leadId or email), filters, or selectAll + excludeIds.
#include "test_helpers.h"

using lrtest::J;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;

namespace {
const char* kOpts = R"({"campaignId":"example_string"})";

J filterAnswer(const std::string& filters, const std::string& campaign = "cmp_1") {
  return lrtest::parse(leadroster::api::sendkitFilterRequest(campaign, filters));
}
J selectAllAnswer(const std::string& excludeIds, const std::string& campaign = "cmp_1") {
  return lrtest::parse(leadroster::api::sendkitSelectAllRequest(campaign, excludeIds));
}
const J kHeaders = J::parse(
    R"({"X-Api-Key":"YOUR_API_KEY","Authorization":"Bearer YOUR_API_TOKEN","Content-Type":"application/json"})");
}  // namespace

TEST(SendkitLeads, PageExample) {
  const char* rows = R"([
      {"email": "john@acme.com", "firstName": "John", "lastName": "Doe", "companyName": "Acme Corp"},
      {"email": "jane@example.com", "firstName": "Jane"},
      {"leadId": "665d4e5f6a7b8c9d0e1f2a3b"}])";
  Plan p = runPlan("sendkit", kOpts, rows);
  lrtest::expectWellFormed(p, 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_ROW_OK(p.row(i));
    EXPECT_TRUE(p.row(i)["warnings"].empty()) << p.row(i).dump();
  }
  ASSERT_EQ(p.requests.size(), 1u);
  const J& q = p.request(0);
  EXPECT_EQ(q["method"], "POST");
  EXPECT_EQ(q["path"], "/v1/campaigns/example_string/leads");
  EXPECT_EQ(q["headers"], kHeaders);
  EXPECT_EQ(q["body"], (J{{"leads", J::parse(rows)}}));
}

TEST(SendkitLeads, LeadIdOrEmailRequired) {
  Plan p = runPlan("sendkit", kOpts, R"([
      {"firstName":"Nobody"},
      {"email":"invalid@"},
      {"leadId":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
      {"leadId":"665d4e5f6a7b8c9d0e1f2a3"},
      {"leadId":"665d4e5f6a7b8c9d0e1f2a3g"},
      {"leadId":"665D4E5F6A7B8C9D0E1F2A3B"},
      {"leadId":12345}])");
  lrtest::expectWellFormed(p, 7);
  EXPECT_ROW_ERROR(p.row(0), "", "missing_identity");
  EXPECT_ROW_ERROR(p.row(1), "email", "invalid_email");
  // A uuid is not SendKit's 24-hex id (too long for one, whichever code says so).
  EXPECT_EQ(p.row(2)["status"], "invalid");
  EXPECT_TRUE(lrtest::hasErrorOn(p.row(2), "leadId")) << p.row(2).dump();
  EXPECT_ROW_ERROR(p.row(3), "leadId", "invalid_value");
  EXPECT_ROW_ERROR(p.row(4), "leadId", "invalid_value");
  EXPECT_ROW_OK(p.row(5));
  EXPECT_EQ(p.row(5)["lead"]["leadId"], "665d4e5f6a7b8c9d0e1f2a3b");
  EXPECT_ROW_ERROR(p.row(6), "leadId", "invalid_type");
}

TEST(SendkitLeads, UpToFiveThousandPerRequest) {
  J rows = J::array();
  for (int i = 0; i < 5001; ++i) rows.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}});
  Plan p = runPlanJson("sendkit", J::parse(kOpts), rows);
  lrtest::expectWellFormed(p, 5001);
  ASSERT_EQ(p.requests.size(), 2u);
  EXPECT_EQ(lrtest::sentLeads(p.request(0)).size(), 5000u);
  EXPECT_EQ(lrtest::sentLeads(p.request(1)).size(), 1u);
  EXPECT_EQ(p.request(1)["indexes"], J::parse("[5000]"));
  EXPECT_EQ(lrtest::plannerFailure("sendkit", R"({"campaignId":"c","batchSize":5001})"), "invalid_value/batchSize");
  EXPECT_EQ(lrtest::plannerError("sendkit", R"({"campaignId":"c","batchSize":5000})"), "");
}

TEST(SendkitLeads, DuplicatesSkippedByLeadIdThenEmail) {
  Plan p = runPlan("sendkit",
                   R"({"campaignId":"c","existing":[{"leadId":"aaaaaaaaaaaaaaaaaaaaaaaa"},{"email":"old@acme.com"}]})",
                   R"([
      {"leadId":"665d4e5f6a7b8c9d0e1f2a3b","email":"john@acme.com"},
      {"email":"JOHN@acme.com"},
      {"leadId":"665D4E5F6A7B8C9D0E1F2A3B"},
      {"leadId":"AAAAAAAAAAAAAAAAAAAAAAAA"},
      {"email":"old@acme.com","firstName":"Old"},
      {"leadId":"bbbbbbbbbbbbbbbbbbbbbbbb","email":"john@acme.com"}])");
  lrtest::expectWellFormed(p, 6);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "email");
  EXPECT_ROW_DUPLICATE(p.row(2), 0, "leadId");
  EXPECT_ROW_DUPLICATE(p.row(3), "existing", "leadId");
  EXPECT_ROW_DUPLICATE(p.row(4), "existing", "email");
  EXPECT_ROW_DUPLICATE(p.row(5), 0, "email");
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0}}));
}

TEST(SendkitLeads, UnknownFieldsWarnedNotSent) {
  Plan p = runPlan("sendkit", kOpts, R"([{"email":"a@acme.com","jobTitle":"CTO"}])");
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "jobTitle", "unknown_field"));
  EXPECT_EQ(p.request(0)["body"]["leads"][0], J::parse(R"({"email":"a@acme.com"})"));
}

TEST(SendkitFilter, ValidFiltersBuildTheRequest) {
  J a = filterAnswer(R"({"tags":["vip","2024"],"search":"acme","verificationStatus":"valid",
                         "country":"US","leadIds":["665d4e5f6a7b8c9d0e1f2a3b"]})");
  ASSERT_EQ(a["ok"], true) << a.dump();
  const J& q = a["request"];
  EXPECT_EQ(q["method"], "POST");
  EXPECT_EQ(q["path"], "/v1/campaigns/cmp_1/leads");
  EXPECT_EQ(q["headers"], kHeaders);
  EXPECT_EQ(q["body"], J::parse(R"({"filters":{"tags":["vip","2024"],"search":"acme","verificationStatus":"valid",
                                    "country":"US","leadIds":["665d4e5f6a7b8c9d0e1f2a3b"]}})"));
  EXPECT_FALSE(q["body"].contains("leads"));
  EXPECT_FALSE(q["body"].contains("selectAll"));

  // Each key alone is enough.
  for (const char* f : {R"({"tags":["x"]})", R"({"search":"bob"})", R"({"verificationStatus":"valid"})",
                        R"({"country":"fr"})", R"({"leadIds":["665d4e5f6a7b8c9d0e1f2a3b"]})"}) {
    SCOPED_TRACE(f);
    EXPECT_EQ(filterAnswer(f)["ok"], true);
  }
}

TEST(SendkitFilter, InvalidFiltersAreErrorsNamingTheKey) {
  struct Case {
    const char* filters;
    const char* field;
    const char* code;
  };
  const Case cases[] = {
      {R"({})", "filters", "missing_field"},
      {R"({"tags":"vip"})", "filters.tags", "invalid_type"},
      {R"({"tags":["vip",3]})", "filters.tags", "invalid_type"},
      {R"({"tags":[""]})", "filters.tags", "invalid_type"},
      {R"({"search":42})", "filters.search", "invalid_type"},
      {R"({"search":""})", "filters.search", "invalid_type"},
      {R"({"verificationStatus":["valid"]})", "filters.verificationStatus", "invalid_type"},
      {R"({"country":"Narnia"})", "filters.country", "invalid_value"},
      {R"({"country":7})", "filters.country", "invalid_value"},
      {R"({"leadIds":"665d4e5f6a7b8c9d0e1f2a3b"})", "filters.leadIds", "invalid_type"},
      {R"({"leadIds":["665d4e5f6a7b8c9d0e1f2a3b","nope"]})", "filters.leadIds", "invalid_value"},
      {R"({"owner":"me"})", "filters.owner", "invalid_value"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.filters);
    J a = filterAnswer(c.filters);
    EXPECT_EQ(a["ok"], false) << a.dump();
    EXPECT_TRUE(lrtest::hasProblem(a["errors"], c.field, c.code)) << a.dump();
    EXPECT_FALSE(a.contains("request"));
  }
  // A long search string.
  J a = filterAnswer(J{{"search", std::string(501, 'a')}}.dump());
  EXPECT_TRUE(lrtest::hasProblem(a["errors"], "filters.search", "too_long")) << a.dump();
  // Good and bad keys together: still refused.
  a = filterAnswer(R"({"tags":["ok"],"colour":"red"})");
  EXPECT_EQ(a["ok"], false);
}

TEST(SendkitFilter, BadArgumentsAreFatal) {
  EXPECT_EQ(lrtest::fatalOf(filterAnswer(R"(["tags"])")), "invalid_type/");
  EXPECT_EQ(lrtest::fatalOf(filterAnswer("not json")), "invalid_type/");
  EXPECT_EQ(lrtest::fatalOf(filterAnswer(R"({"tags":["x"]})", "")), "invalid_type/");
}

TEST(SendkitSelectAll, BodyWithAndWithoutExcludeIds) {
  J a = selectAllAnswer("");
  ASSERT_EQ(a["ok"], true) << a.dump();
  EXPECT_EQ(a["request"]["body"], J::parse(R"({"selectAll":true})"));
  EXPECT_EQ(a["request"]["path"], "/v1/campaigns/cmp_1/leads");
  EXPECT_EQ(a["request"]["headers"], kHeaders);

  a = selectAllAnswer("[]");
  ASSERT_EQ(a["ok"], true);
  EXPECT_EQ(a["request"]["body"], J::parse(R"({"selectAll":true})"));

  a = selectAllAnswer(R"(["665d4e5f6a7b8c9d0e1f2a3b","aaaaaaaaaaaaaaaaaaaaaaaa"])");
  ASSERT_EQ(a["ok"], true) << a.dump();
  EXPECT_EQ(a["request"]["body"],
            J::parse(R"({"selectAll":true,"excludeIds":["665d4e5f6a7b8c9d0e1f2a3b","aaaaaaaaaaaaaaaaaaaaaaaa"]})"));
}

TEST(SendkitSelectAll, InvalidExcludeIds) {
  J a = selectAllAnswer(R"(["665d4e5f6a7b8c9d0e1f2a3b","6ba7b810-9dad-11d1-80b4-00c04fd430c8"])");
  EXPECT_EQ(a["ok"], false);
  EXPECT_TRUE(lrtest::hasProblem(a["errors"], "excludeIds", "invalid_value")) << a.dump();
  a = selectAllAnswer(R"({"ids":[]})");
  EXPECT_EQ(a["ok"], false);
  EXPECT_TRUE(lrtest::hasProblem(a["errors"], "excludeIds", "invalid_type")) << a.dump();
  a = selectAllAnswer(R"([12])");
  EXPECT_TRUE(lrtest::hasProblem(a["errors"], "excludeIds", "invalid_value")) << a.dump();
  EXPECT_EQ(lrtest::fatalOf(selectAllAnswer("[", "cmp_1")), "invalid_type/");
  EXPECT_EQ(lrtest::fatalOf(selectAllAnswer("[]", "")), "invalid_type/");
}

TEST(SendkitLeads, PredictedResponseShape) {
  Plan p = runPlan("sendkit", kOpts, R"([{"email":"a@acme.com"},{"email":"b@acme.com"}])");
  J plan{{"requests", p.requests}};
  J resp = lrtest::parse(leadroster::api::predictResponse("sendkit", plan.dump()));
  ASSERT_EQ(resp.size(), 1u);
  EXPECT_EQ(resp[0]["body"]["success"], true);
  EXPECT_EQ(resp[0]["body"]["data"]["added"], 2);
  EXPECT_EQ(resp[0]["body"]["data"]["skipped"], 0);
  EXPECT_TRUE(resp[0]["body"]["data"]["errors"].is_array());
}
