// SendPilot (seeds/001): POST /v1/leads with {campaignId, leads:[...]}, 1..100
// leads per call, linkedinUrl required, extra flat properties are custom fields
// used as {{fieldName}} in templates, dedup by LinkedIn URL.
#include "test_helpers.h"

using lrtest::J;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;

namespace {

J leadsOf(size_t n) {
  J rows = J::array();
  for (size_t i = 0; i < n; ++i)
    rows.push_back(J{{"linkedinUrl", "https://www.linkedin.com/in/person-" + std::to_string(i)}});
  return rows;
}

}  // namespace

TEST(ProviderSendpilot, PageExampleBuildsOneRequestWithCampaignIdInBody) {
  const char* rows = R"([
      {"linkedinUrl": "https://www.linkedin.com/in/john-doe", "firstName": "John", "lastName": "Doe",
       "company": "TechCorp", "title": "VP of Engineering", "industry": "Technology", "region": "North America"},
      {"linkedinUrl": "https://www.linkedin.com/in/jane-smith", "firstName": "Jane", "lastName": "Smith",
       "referredBy": "Conference 2024", "customScore": 85, "icebreaker": "Loved your talk on AI automation"}])";
  Plan p = runPlan("sendpilot", R"({"campaignId":"camp_xyz789"})", rows);
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_OK(p.row(1));
  // Custom fields are accepted without a warning.
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  EXPECT_TRUE(p.row(1)["warnings"].empty()) << p.row(1).dump();
  ASSERT_EQ(p.requests.size(), 1u);
  const J& q = p.request(0);
  EXPECT_EQ(q["method"], "POST");
  EXPECT_EQ(q["path"], "/v1/leads");
  EXPECT_EQ(q["headers"], J::parse(R"({"X-API-Key":"YOUR_API_KEY","Content-Type":"application/json"})"));
  EXPECT_EQ(q["indexes"], J::parse("[0,1]"));
  EXPECT_EQ(q["envelope"], J::parse(R"({"campaignId":"camp_xyz789"})"));
  J want = J::object();
  want["campaignId"] = "camp_xyz789";
  want["leads"] = J::parse(rows);
  EXPECT_EQ(q["body"], want);
  EXPECT_EQ(q["body"]["leads"][1]["customScore"], 85);  // a number stays a number
}

TEST(ProviderSendpilot, CampaignIdIsRequired) {
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", "{}"), "missing_field/campaignId");
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", R"({"campaignId":42})"), "invalid_type/campaignId");
}

TEST(ProviderSendpilot, LinkedinUrlRequired) {
  Plan p = runPlan("sendpilot", R"({"campaignId":"c"})", R"([
      {"firstName":"NoUrl"},
      {"linkedinUrl":"", "firstName":"Blank"},
      {"linkedinUrl":null},
      {"linkedinUrl":"https://www.linkedin.com/in/ok-person"}])");
  lrtest::expectWellFormed(p, 4);
  for (int i = 0; i < 3; ++i) {
    EXPECT_ROW_ERROR(p.row(i), "linkedinUrl", "missing_field");
    EXPECT_EQ(p.row(i)["errors"].size(), 1u) << p.row(i).dump();
  }
  EXPECT_ROW_OK(p.row(3));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{3}}));
}

TEST(ProviderSendpilot, LinkedinUrlMustBeAProfile) {
  Plan p = runPlan("sendpilot", R"({"campaignId":"c"})", R"([
      {"linkedinUrl":"https://www.linkedin.com/company/acme"},
      {"linkedinUrl":"https://example.com/in/john"},
      {"linkedinUrl":"not a url"},
      {"linkedinUrl":42}])");
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_ERROR(p.row(0), "linkedinUrl", "invalid_linkedin_url");
  EXPECT_ROW_ERROR(p.row(1), "linkedinUrl", "invalid_linkedin_url");
  EXPECT_ROW_ERROR(p.row(2), "linkedinUrl", "invalid_linkedin_url");
  EXPECT_ROW_ERROR(p.row(3), "linkedinUrl", "invalid_type");
  EXPECT_TRUE(p.requests.empty());
}

TEST(ProviderSendpilot, LinkedinUrlIsSentNormalized) {
  Plan p = runPlan("sendpilot", R"({"campaignId":"c"})",
                   R"([{"linkedinUrl":"de.linkedin.com/in/Mary-Leroy-090/?originalSubdomain=fr"}])");
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.request(0)["body"]["leads"][0]["linkedinUrl"], "https://www.linkedin.com/in/mary-leroy-090");
}

TEST(ProviderSendpilot, AtMostOneHundredLeadsPerRequest) {
  Plan p = runPlanJson("sendpilot", J{{"campaignId", "c"}}, leadsOf(250));
  lrtest::expectWellFormed(p, 250);
  ASSERT_EQ(p.requests.size(), 3u);
  EXPECT_EQ(lrtest::sentLeads(p.request(0)).size(), 100u);
  EXPECT_EQ(lrtest::sentLeads(p.request(1)).size(), 100u);
  EXPECT_EQ(lrtest::sentLeads(p.request(2)).size(), 50u);
  for (const auto& q : p.requests) EXPECT_EQ(q["body"]["campaignId"], "c");
  EXPECT_EQ(p.request(1)["indexes"][0], 100);

  // Exactly 100: one request.
  p = runPlanJson("sendpilot", J{{"campaignId", "c"}}, leadsOf(100));
  EXPECT_EQ(p.requests.size(), 1u);
}

TEST(ProviderSendpilot, BatchSizeOptionRange) {
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", R"({"campaignId":"c","batchSize":101})"), "invalid_value/batchSize");
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", R"({"campaignId":"c","batchSize":0})"), "invalid_value/batchSize");
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", R"({"campaignId":"c","batchSize":-5})"), "invalid_value/batchSize");
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", R"({"campaignId":"c","batchSize":1000})"), "invalid_value/batchSize");
  std::string e = lrtest::plannerError("sendpilot", R"({"campaignId":"c","batchSize":1000})");
  EXPECT_NE(e.find("batchSize"), std::string::npos) << e;
  EXPECT_EQ(lrtest::plannerError("sendpilot", R"({"campaignId":"c","batchSize":100})"), "");

  Plan p = runPlanJson("sendpilot", J{{"campaignId", "c"}, {"batchSize", 7}}, leadsOf(20));
  EXPECT_EQ(p.indexes().size(), 3u);
  EXPECT_EQ(p.indexes()[2], (std::vector<int64_t>{14, 15, 16, 17, 18, 19}));
}

TEST(ProviderSendpilot, FlatCustomFieldsAreSentAndNestedOnesRefused) {
  Plan p = runPlan("sendpilot", R"({"campaignId":"c"})", R"([
      {"linkedinUrl":"https://www.linkedin.com/in/a", "eventName":"SaaStr", "customScore":85.5, "vip":true, "note":null},
      {"linkedinUrl":"https://www.linkedin.com/in/b", "profile":{"industry":"Tech"}},
      {"linkedinUrl":"https://www.linkedin.com/in/c", "tags":[{"a":1}]},
      {"linkedinUrl":"https://www.linkedin.com/in/d", "customFields":{"industry":"Tech"}}])");
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_OK(p.row(0));
  const J& sent = p.request(0)["body"]["leads"][0];
  EXPECT_EQ(sent["eventName"], "SaaStr");
  EXPECT_EQ(sent["customScore"], 85.5);
  EXPECT_EQ(sent["vip"], true);
  // A nested object is not a flat custom field.
  EXPECT_ROW_ERROR(p.row(1), "profile", "invalid_type");
  EXPECT_ROW_ERROR(p.row(2), "tags", "invalid_type");
  // "No need for a nested customFields object": whatever is sent is flat.
  ASSERT_EQ(p.row(3)["status"], "ok") << p.row(3).dump();
  const J& flat = p.request(0)["body"]["leads"][1];
  for (auto it = flat.begin(); it != flat.end(); ++it) EXPECT_FALSE(it.value().is_object()) << flat.dump();
}

TEST(ProviderSendpilot, DuplicateByNormalizedLinkedinUrl) {
  Plan p = runPlan("sendpilot", R"({"campaignId":"camp_1"})", R"([
      {"linkedinUrl":"https://www.linkedin.com/in/mary-leroy-090", "firstName":"Mary"},
      {"linkedinUrl":"de.linkedin.com/in/MARY-LEROY-090/"},
      {"linkedinUrl":"https://linkedin.com/in/mary-leroy-090?trk=public_profile"},
      {"linkedinUrl":"http://m.linkedin.com/in/mary-leroy-090/details/experience/"},
      {"firstName":"NoUrl"},
      {"linkedinUrl":"https://www.linkedin.com/in/mary-leroy-091"}])");
  lrtest::expectWellFormed(p, 6);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "linkedinUrl");
  EXPECT_ROW_DUPLICATE(p.row(2), 0, "linkedinUrl");
  EXPECT_ROW_DUPLICATE(p.row(3), 0, "linkedinUrl");
  EXPECT_ROW_ERROR(p.row(4), "linkedinUrl", "missing_field");
  EXPECT_ROW_OK(p.row(5));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 5}}));
}

TEST(ProviderSendpilot, DuplicateOfExistingCampaignLead) {
  Plan p = runPlan("sendpilot", R"({"campaignId":"c","existing":[{"linkedinUrl":"linkedin.com/in/john-doe/"}]})",
                   R"([{"linkedinUrl":"https://www.linkedin.com/in/JOHN-DOE"},
                       {"linkedinUrl":"https://www.linkedin.com/in/jane-doe"}])");
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_DUPLICATE(p.row(0), "existing", "linkedinUrl");
  EXPECT_ROW_OK(p.row(1));
}

TEST(ProviderSendpilot, TemplateVariableMissingWarns) {
  Plan p =
      runPlan("sendpilot", R"({"campaignId":"c","template":"Hi {{firstName}}, how is {{ industry }} at {{company}}?"})",
              R"([
      {"linkedinUrl":"https://www.linkedin.com/in/a","firstName":"Ann","industry":"Tech","company":"Acme"},
      {"linkedinUrl":"https://www.linkedin.com/in/b","firstName":"Bob"},
      {"linkedinUrl":"https://www.linkedin.com/in/c","firstName":"Cy","industry":"","company":"Initech"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  // Warnings only: the rows are still sent.
  EXPECT_ROW_OK(p.row(1));
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "industry", "template_variable_missing")) << p.row(1).dump();
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "company", "template_variable_missing")) << p.row(1).dump();
  EXPECT_FALSE(lrtest::hasWarning(p.row(1), "firstName", "template_variable_missing"));
  EXPECT_ROW_OK(p.row(2));
  EXPECT_TRUE(lrtest::hasWarning(p.row(2), "industry", "template_variable_missing")) << p.row(2).dump();
  EXPECT_EQ(p.row(2)["warnings"].size(), 1u) << p.row(2).dump();
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 1, 2}}));

  // No template: no such warning.
  p = runPlan("sendpilot", R"({"campaignId":"c"})", R"([{"linkedinUrl":"https://www.linkedin.com/in/b"}])");
  EXPECT_TRUE(p.row(0)["warnings"].empty());
  // template must be a string.
  EXPECT_EQ(lrtest::plannerFailure("sendpilot", R"({"campaignId":"c","template":5})"), "invalid_type/template");
}

TEST(ProviderSendpilot, PredictedResponseCountsLeads) {
  Plan p = runPlanJson("sendpilot", J{{"campaignId", "c"}}, leadsOf(120));
  J plan{{"requests", p.requests}};
  J resp = lrtest::parse(leadroster::api::predictResponse("sendpilot", plan.dump()));
  ASSERT_EQ(resp.size(), 2u);
  EXPECT_EQ(resp[0]["body"]["success"], true);
  EXPECT_EQ(resp[0]["body"]["leadsAdded"], 100);
  EXPECT_EQ(resp[1]["body"]["leadsAdded"], 20);
  EXPECT_EQ(resp[1]["body"]["duplicatesSkipped"], 0);
  EXPECT_EQ(resp[1]["body"]["invalidEntries"], 0);
}
