// Puffle (seeds/004): /api/campaigns/:id/leads on a draft campaign; POST 1..1000
// leads as {leads:[...]}; identity per campaign channel (email or linkedin_url),
// the other captured when valid; custom_fields a JSON object used as
// %custom_fields.<key>%; dedup within the batch and against existing leads;
// imported- LinkedIn placeholders are invalid.
#include "test_helpers.h"

using lrtest::J;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;

namespace {
const char* kCampaign = "3f1c2d4e-0000-4000-8000-00000000000b";
std::string opts(const std::string& channel, const std::string& extra = "") {
  return std::string(R"({"campaignId":")") + kCampaign + R"(","channel":")" + channel + "\"" +
         (extra.empty() ? "" : "," + extra) + "}";
}
}  // namespace

TEST(ProviderPuffle, ConformanceCase) {
  Plan p = runPlan("puffle", opts("email", R"("existing":[{"email":"taken@contoso.com"}])"),
                   R"([{"email":"Taken@Contoso.com"},
                       {"email":"new@contoso.com","custom_fields":{"industry":"SaaS"}}])");
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_DUPLICATE(p.row(0), "existing", "email");
  EXPECT_ROW_OK(p.row(1));
  ASSERT_EQ(p.requests.size(), 1u);
  const J& q = p.request(0);
  EXPECT_EQ(q["method"], "POST");
  EXPECT_EQ(q["path"], std::string("/api/campaigns/") + kCampaign + "/leads");
  EXPECT_EQ(q["headers"], J::parse(R"({"Authorization":"Bearer YOUR_API_KEY","Content-Type":"application/json"})"));
  EXPECT_EQ(q["indexes"], J::parse("[1]"));
  EXPECT_EQ(q["body"], J::parse(R"({"leads":[{"email":"new@contoso.com","custom_fields":{"industry":"SaaS"}}]})"));
}

TEST(ProviderPuffle, CampaignIdMustBeAUuidAndChannelKnown) {
  EXPECT_EQ(lrtest::plannerFailure("puffle", R"({"campaignId":"draft-1"})"), "invalid_value/campaignId");
  EXPECT_EQ(lrtest::plannerFailure("puffle", opts("sms")), "invalid_value/channel");
  std::string e = lrtest::plannerError("puffle", opts("sms"));
  EXPECT_NE(e.find("channel"), std::string::npos) << e;
  EXPECT_EQ(lrtest::plannerFailure("puffle", std::string(R"({"campaignId":")") + kCampaign + R"(","channel":1})"),
            "invalid_type/channel");
  // The default channel is email.
  Plan p = runPlan("puffle", std::string(R"({"campaignId":")") + kCampaign + "\"}",
                   R"([{"linkedin_url":"https://www.linkedin.com/in/a"}])");
  EXPECT_ROW_ERROR(p.row(0), "", "missing_identity");
}

TEST(ProviderPuffle, EmailCampaignNeedsEmail) {
  Plan p = runPlan("puffle", opts("email"), R"([
      {"linkedin_url":"https://www.linkedin.com/in/a","first_name":"A"},
      {"email":"","first_name":"Blank"},
      {"email":"not-an-email"},
      {"email":"  Mary.Leroy@Soylent.FR "}])");
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_ERROR(p.row(0), "", "missing_identity");
  ASSERT_EQ(p.row(0)["errors"].size(), 1u);
  EXPECT_TRUE(p.row(0)["errors"][0]["field"].is_null());
  EXPECT_ROW_ERROR(p.row(1), "", "missing_identity");
  EXPECT_ROW_ERROR(p.row(2), "email", "invalid_email");
  EXPECT_ROW_OK(p.row(3));
  EXPECT_EQ(p.row(3)["lead"]["email"], "mary.leroy@soylent.fr");  // lowercased
}

TEST(ProviderPuffle, LinkedinCampaignNeedsLinkedinUrl) {
  Plan p = runPlan("puffle", opts("linkedin"), R"([
      {"email":"a@acme.com"},
      {"linkedin_url":"https://www.linkedin.com/company/acme"},
      {"linkedin_url":"https://www.linkedin.com/in/Mary-Leroy/?utm_source=x"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_ERROR(p.row(0), "", "missing_identity");
  EXPECT_ROW_ERROR(p.row(1), "linkedin_url", "invalid_linkedin_url");
  EXPECT_ROW_OK(p.row(2));
  // No trailing slash, no query.
  EXPECT_EQ(p.row(2)["lead"]["linkedin_url"], "https://www.linkedin.com/in/mary-leroy");
}

TEST(ProviderPuffle, OtherIdentityKeptWhenValidDroppedWithWarningWhenInvalid) {
  // Email campaign: linkedin_url is the other identity.
  Plan p = runPlan("puffle", opts("email"), R"([
      {"email":"a@acme.com","linkedin_url":"linkedin.com/in/ann/"},
      {"email":"b@acme.com","linkedin_url":"https://www.linkedin.com/company/acme"},
      {"email":"c@acme.com","linkedin_url":12}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["linkedin_url"], "https://www.linkedin.com/in/ann");
  EXPECT_TRUE(p.row(0)["warnings"].empty());
  EXPECT_ROW_OK(p.row(1));
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "linkedin_url", "invalid_linkedin_url")) << p.row(1).dump();
  EXPECT_FALSE(p.row(1)["lead"].contains("linkedin_url"));
  EXPECT_ROW_OK(p.row(2));
  EXPECT_TRUE(lrtest::hasWarning(p.row(2), "linkedin_url", "invalid_type")) << p.row(2).dump();
  EXPECT_FALSE(p.row(2)["lead"].contains("linkedin_url"));
  EXPECT_EQ(p.request(0)["body"]["leads"][1], J::parse(R"({"email":"b@acme.com"})"));

  // LinkedIn campaign: email is the other identity.
  p = runPlan("puffle", opts("linkedin"), R"([
      {"linkedin_url":"https://www.linkedin.com/in/a","email":"A@Acme.com"},
      {"linkedin_url":"https://www.linkedin.com/in/b","email":"b@@acme"}])");
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["email"], "a@acme.com");
  EXPECT_ROW_OK(p.row(1));
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "email", "invalid_email")) << p.row(1).dump();
  EXPECT_FALSE(p.row(1)["lead"].contains("email"));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 1}}));
}

TEST(ProviderPuffle, ImportedPlaceholderLinkedinUrlIsInvalid) {
  Plan p = runPlan("puffle", opts("linkedin"), R"([
      {"linkedin_url":"https://www.linkedin.com/in/imported-4f2a9c"},
      {"linkedin_url":"linkedin.com/in/Imported-123/"},
      {"linkedin_url":"https://www.linkedin.com/in/importedjoe"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_ERROR(p.row(0), "linkedin_url", "invalid_linkedin_url");
  EXPECT_FALSE(p.row(0)["lead"].contains("linkedin_url"));
  EXPECT_ROW_ERROR(p.row(1), "linkedin_url", "invalid_linkedin_url");
  EXPECT_ROW_OK(p.row(2));  // only the "imported-" prefix is a placeholder

  // On an email campaign it is the other identity: left out with a warning.
  p = runPlan("puffle", opts("email"),
              R"([{"email":"a@acme.com","linkedin_url":"https://www.linkedin.com/in/imported-77"}])");
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "linkedin_url", "invalid_linkedin_url")) << p.row(0).dump();
  EXPECT_FALSE(p.row(0)["lead"].contains("linkedin_url"));
}

TEST(ProviderPuffle, AtMostOneThousandPerPost) {
  J rows = J::array();
  for (int i = 0; i < 2001; ++i) rows.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}});
  Plan p = runPlanJson("puffle", J::parse(opts("email")), rows);
  lrtest::expectWellFormed(p, 2001);
  ASSERT_EQ(p.requests.size(), 3u);
  EXPECT_EQ(lrtest::sentLeads(p.request(0)).size(), 1000u);
  EXPECT_EQ(lrtest::sentLeads(p.request(1)).size(), 1000u);
  EXPECT_EQ(lrtest::sentLeads(p.request(2)).size(), 1u);
  EXPECT_EQ(lrtest::plannerFailure("puffle", opts("email", R"("batchSize":1001)")), "invalid_value/batchSize");
  EXPECT_EQ(lrtest::plannerError("puffle", opts("email", R"("batchSize":1000)")), "");
}

TEST(ProviderPuffle, CustomFieldsIsAnObject) {
  Plan p = runPlan("puffle", opts("email"), R"([
      {"email":"a@acme.com","custom_fields":{"industry":"SaaS","deal_size":50000,"notes":{"x":[1,2]}}},
      {"email":"b@acme.com","custom_fields":"industry=SaaS"},
      {"email":"c@acme.com","custom_fields":["SaaS"]},
      {"email":"d@acme.com","first_name":"Dee","last_name":"Lee","company_name":"Acme","title":"CEO",
       "phone":"+33698765432"}])");
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["custom_fields"],
            J::parse(R"({"industry":"SaaS","deal_size":50000,"notes":{"x":[1,2]}})"));
  EXPECT_ROW_ERROR(p.row(1), "custom_fields", "invalid_type");
  EXPECT_ROW_ERROR(p.row(2), "custom_fields", "invalid_type");
  EXPECT_ROW_OK(p.row(3));
  EXPECT_TRUE(p.row(3)["warnings"].empty()) << p.row(3).dump();
}

TEST(ProviderPuffle, TemplateCustomFieldVariables) {
  Plan p = runPlan("puffle", opts("email", R"("template":"Hi %first_name%, a %custom_fields.industry% question")"),
                   R"([
      {"email":"a@acme.com","first_name":"Ann","custom_fields":{"industry":"SaaS"}},
      {"email":"b@acme.com","first_name":"Bob","custom_fields":{"size":"10"}},
      {"email":"c@acme.com"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  EXPECT_ROW_OK(p.row(1));
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "custom_fields.industry", "template_variable_missing")) << p.row(1).dump();
  EXPECT_EQ(p.row(1)["warnings"].size(), 1u);
  EXPECT_ROW_OK(p.row(2));
  EXPECT_TRUE(lrtest::hasWarning(p.row(2), "custom_fields.industry", "template_variable_missing"));
  EXPECT_TRUE(lrtest::hasWarning(p.row(2), "first_name", "template_variable_missing"));
  // A percent sign in prose does not make a variable.
  p = runPlan("puffle", opts("email", R"("template":"Save 30% more, %first_name%! 100 % sure.")"),
              R"([{"email":"c@acme.com","first_name":"Cy"},{"email":"d@acme.com"}])");
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  ASSERT_EQ(p.row(1)["warnings"].size(), 1u) << p.row(1).dump();
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "first_name", "template_variable_missing"));
  // {{...}} is not puffle's syntax: nothing to check.
  p = runPlan("puffle", opts("email", R"("template":"Hi {{first_name}}")"), R"([{"email":"c@acme.com"}])");
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
}

TEST(ProviderPuffle, DedupWithinBatchAndAgainstExisting) {
  Plan p = runPlan("puffle", opts("linkedin", R"("existing":[{"linkedin_url":"https://www.linkedin.com/in/old"},
                                                   {"linkedin_url":"https://www.linkedin.com/in/old2","email":"old2@acme.com"}])"),
                   R"([
      {"linkedin_url":"https://www.linkedin.com/in/ann/"},
      {"linkedin_url":"https://www.linkedin.com/in/ann?trk=abc"},
      {"linkedin_url":"https://www.linkedin.com/in/old/"},
      {"linkedin_url":"https://www.linkedin.com/in/bob","email":"OLD2@acme.com"},
      {"linkedin_url":"https://www.linkedin.com/in/cy"}])");
  lrtest::expectWellFormed(p, 5);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "linkedin_url");
  EXPECT_ROW_DUPLICATE(p.row(2), "existing", "linkedin_url");
  EXPECT_ROW_DUPLICATE(p.row(3), "existing", "email");  // both stay unique per campaign
  EXPECT_ROW_OK(p.row(4));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 4}}));
}

TEST(ProviderPuffle, ChannelIdentityIsComparedFirst) {
  // row 2 matches row 0 on linkedin_url and row 1 on email.
  const char* rows = R"([
      {"linkedin_url":"https://www.linkedin.com/in/a","email":"a@acme.com"},
      {"linkedin_url":"https://www.linkedin.com/in/b","email":"x@acme.com"},
      {"linkedin_url":"https://www.linkedin.com/in/a","email":"x@acme.com"}])";
  Plan li = runPlan("puffle", opts("linkedin"), rows);
  EXPECT_ROW_DUPLICATE(li.row(2), 0, "linkedin_url");
  Plan em = runPlan("puffle", opts("email"), rows);
  EXPECT_ROW_DUPLICATE(em.row(2), 1, "email");
}

TEST(ProviderPuffle, PredictedResponseSeparatesImportedAndDuplicates) {
  Plan p = runPlan("puffle", opts("email"), R"([{"email":"a@acme.com"},{"email":"b@acme.com"}])");
  J plan{{"requests", p.requests}};
  J resp = lrtest::parse(leadroster::api::predictResponse("puffle", plan.dump()));
  ASSERT_EQ(resp.size(), 1u);
  EXPECT_EQ(resp[0]["body"]["imported"], 2);
  EXPECT_EQ(resp[0]["body"]["duplicates"], 0);
}
