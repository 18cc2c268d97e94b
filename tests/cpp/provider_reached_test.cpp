// Reached (seeds/002): POST /v1/campaigns/:id/leads with {leads:[...]}; each
// lead needs one of phone (E.164), email, lead_id (uuid); snake_case fields;
// dedup by phone OR email (OR lead_id) within the rows and against existing.
#include "test_helpers.h"

using lrtest::J;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;

namespace {
const char* kCampaign = "3f1c2d4e-0000-4000-8000-00000000000a";
std::string opts(const std::string& extra = "") {
  return std::string(R"({"campaignId":")") + kCampaign + "\"" + (extra.empty() ? "" : "," + extra) + "}";
}
}  // namespace

TEST(ProviderReached, PageExample) {
  const char* rows = R"([
      {"first_name": "Marie", "last_name": "Dupont", "phone": "+33698765432",
       "company_name": "TechCo", "title": "Head of Sales"},
      {"first_name": "Pierre", "last_name": "Martin", "phone": "+33612345678", "email": "pierre@startup.io"}])";
  Plan p = runPlan("reached", opts(), rows);
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_OK(p.row(1));
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  ASSERT_EQ(p.requests.size(), 1u);
  const J& q = p.request(0);
  EXPECT_EQ(q["method"], "POST");
  EXPECT_EQ(q["path"], std::string("/v1/campaigns/") + kCampaign + "/leads");
  EXPECT_EQ(q["headers"], J::parse(R"({"Authorization":"Bearer YOUR_API_KEY","Content-Type":"application/json"})"));
  EXPECT_EQ(q["body"], (J{{"leads", J::parse(rows)}}));
  EXPECT_EQ(q["indexes"], J::parse("[0,1]"));
}

TEST(ProviderReached, CampaignIdMustBeAUuid) {
  EXPECT_EQ(lrtest::plannerFailure("reached", R"({"campaignId":"camp_1"})"), "invalid_value/campaignId");
  EXPECT_EQ(lrtest::plannerFailure("reached", "{}"), "missing_field/campaignId");
  // Normalized (lowercase) in the path.
  Plan p =
      runPlan("reached", R"({"campaignId":"3F1C2D4E-0000-4000-8000-00000000000A"})", R"([{"email":"a@acme.com"}])");
  EXPECT_EQ(p.request(0)["path"], std::string("/v1/campaigns/") + kCampaign + "/leads");
}

TEST(ProviderReached, AtLeastOneIdentity) {
  Plan p = runPlan("reached", opts(), R"([
      {"title":"no identity", "first_name":"X"},
      {"phone":"", "email":"  ", "lead_id":null},
      {"phone":"+33698765432"},
      {"email":"only@acme.com"},
      {"lead_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}])");
  lrtest::expectWellFormed(p, 5);
  for (int i = 0; i < 2; ++i) {
    EXPECT_ROW_ERROR(p.row(i), "", "missing_identity");  // field: null
    ASSERT_EQ(p.row(i)["errors"].size(), 1u);
    EXPECT_TRUE(p.row(i)["errors"][0]["field"].is_null());
  }
  EXPECT_ROW_OK(p.row(2));
  EXPECT_ROW_OK(p.row(3));
  EXPECT_ROW_OK(p.row(4));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{2, 3, 4}}));
}

TEST(ProviderReached, PhoneMustBecomeE164) {
  Plan p = runPlan("reached", opts(R"("defaultCountry":"US")"), R"([
      {"phone":"(303) 514-0233"},
      {"phone":"+33 6 98 76 54 32"},
      {"phone":"12"},
      {"phone":"+0 123 456"},
      {"phone":5551234}])");
  lrtest::expectWellFormed(p, 5);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["phone"], "+13035140233");
  EXPECT_ROW_OK(p.row(1));
  EXPECT_EQ(p.row(1)["lead"]["phone"], "+33698765432");
  EXPECT_ROW_ERROR(p.row(2), "phone", "invalid_phone");
  EXPECT_ROW_ERROR(p.row(3), "phone", "invalid_phone");
  EXPECT_ROW_ERROR(p.row(4), "phone", "invalid_type");
  EXPECT_EQ(p.request(0)["body"]["leads"][0]["phone"], "+13035140233");

  // A national number without any default region cannot be made E.164.
  p = runPlan("reached", opts(), R"([{"phone":"(303) 514-0233"}])");
  EXPECT_ROW_ERROR(p.row(0), "phone", "invalid_phone");
}

TEST(ProviderReached, EmailAndLeadIdAreValidated) {
  Plan p = runPlan("reached", opts(), R"([
      {"email":"pierre@@startup.io"},
      {"lead_id":"not-a-uuid"},
      {"lead_id":"6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "email":"Pierre@Startup.IO"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_ERROR(p.row(0), "email", "invalid_email");
  EXPECT_FALSE(lrtest::hasError(p.row(0), "", "missing_identity"));
  EXPECT_ROW_ERROR(p.row(1), "lead_id", "invalid_uuid");
  EXPECT_ROW_OK(p.row(2));
  EXPECT_EQ(p.row(2)["lead"]["lead_id"], "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(p.row(2)["lead"]["email"], "pierre@startup.io");
}

TEST(ProviderReached, SnakeCaseFieldsOnly) {
  Plan p = runPlan("reached", opts(), R"([
      {"email":"a@acme.com","first_name":"Ann","last_name":"Lee","company_name":"Acme","title":"CTO",
       "linkedin_url":"linkedin.com/in/ann-lee/"},
      {"email":"b@acme.com","firstName":"Bob","companyName":"Acme"}])");
  lrtest::expectWellFormed(p, 2);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  EXPECT_EQ(p.row(0)["lead"]["linkedin_url"], "https://www.linkedin.com/in/ann-lee");
  EXPECT_ROW_OK(p.row(1));
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "firstName", "unknown_field"));
  EXPECT_TRUE(lrtest::hasWarning(p.row(1), "companyName", "unknown_field"));
  EXPECT_EQ(p.request(0)["body"]["leads"][1], J::parse(R"({"email":"b@acme.com"})"));
  // Typed: a name must be a string.
  p = runPlan("reached", opts(), R"([{"email":"c@acme.com","first_name":{"x":1}}])");
  EXPECT_ROW_ERROR(p.row(0), "first_name", "invalid_type");
}

TEST(ProviderReached, DuplicateByPhoneOrEmailOrLeadId) {
  Plan p = runPlan("reached", opts(R"("defaultCountry":"US")"), R"([
      {"first_name":"Isla","phone":"(303) 514-0233"},
      {"email":"isla@contoso.com","phone":"+13035140233"},
      {"title":"no identity"},
      {"email":"ISLA@contoso.com "},
      {"lead_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
      {"lead_id":"6BA7B810-9DAD-11D1-80B4-00C04FD430C8","email":"new@contoso.com"},
      {"phone":"+1 303 514 0234"}])");
  lrtest::expectWellFormed(p, 7);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "phone");
  EXPECT_ROW_ERROR(p.row(2), "", "missing_identity");
  EXPECT_ROW_DUPLICATE(p.row(3), 0, "email");  // the cluster of row 0 grew by row 1's email
  EXPECT_ROW_OK(p.row(4));
  EXPECT_ROW_DUPLICATE(p.row(5), 4, "lead_id");
  EXPECT_ROW_OK(p.row(6));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0, 4, 6}}));
}

TEST(ProviderReached, DuplicateOfExistingLead) {
  Plan p = runPlan("reached", opts(R"("existing":[{"phone":"+33698765432"},{"email":"known@acme.com"},
                                       {"lead_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}])"),
                   R"([{"phone":"+33 6 98 76 54 32","first_name":"Marie"},
                       {"email":"Known@Acme.com"},
                       {"lead_id":"{6ba7b810-9dad-11d1-80b4-00c04fd430c8}"},
                       {"email":"fresh@acme.com"}])");
  lrtest::expectWellFormed(p, 4);
  EXPECT_ROW_DUPLICATE(p.row(0), "existing", "phone");
  EXPECT_ROW_DUPLICATE(p.row(1), "existing", "email");
  EXPECT_ROW_DUPLICATE(p.row(2), "existing", "lead_id");
  EXPECT_ROW_OK(p.row(3));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{3}}));
}

TEST(ProviderReached, IdentityClustersFromTheIssue) {
  // row0 email x; row1 email x + phone y; row2 phone y -> rows 1 and 2 both duplicateOf 0.
  Plan p = runPlan("reached", opts(), R"([
      {"email":"x@acme.com"},
      {"email":"x@acme.com","phone":"+15124775071"},
      {"phone":"+15124775071"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "email");
  EXPECT_ROW_DUPLICATE(p.row(2), 0, "phone");
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0}}));
}

TEST(ProviderReached, DefaultBatchIsOneHundred) {
  J rows = J::array();
  for (int i = 0; i < 250; ++i) rows.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}});
  Plan p = runPlanJson("reached", J::parse(opts()), rows);
  lrtest::expectWellFormed(p, 250);
  ASSERT_EQ(p.requests.size(), 3u);
  EXPECT_EQ(lrtest::sentLeads(p.request(0)).size(), 100u);
  EXPECT_EQ(lrtest::sentLeads(p.request(1)).size(), 100u);
  EXPECT_EQ(lrtest::sentLeads(p.request(2)).size(), 50u);
  // batchSize may change it.
  p = runPlanJson("reached", J::parse(opts(R"("batchSize":250)")), rows);
  EXPECT_EQ(p.requests.size(), 1u);
  EXPECT_EQ(lrtest::plannerFailure("reached", opts(R"("batchSize":0)")), "invalid_value/batchSize");
}

TEST(ProviderReached, RowCountryIsThePhoneRegion) {
  Plan p = runPlan("reached", opts(R"("defaultCountry":"US")"), R"([
      {"phone":"06 98 76 54 32","country":"FR"},
      {"phone":"06 98 76 54 33","country":"fr"},
      {"phone":"(303) 514-0233"},
      {"phone":"(303) 514-0235","country":"ZZ"},
      {"phone":"06 98 76 54 34","country":"France"},
      {"phone":"020 7946 0958","country":"United Kingdom"},
      {"phone":"0151 496 0000","country":"UK"},
      {"phone":"030 123456","country":"deu"}])");
  lrtest::expectWellFormed(p, 8);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["phone"], "+33698765432");
  EXPECT_FALSE(p.row(0)["lead"].contains("country"));  // a leadroster column, not sent
  EXPECT_ROW_OK(p.row(1));
  EXPECT_EQ(p.row(1)["lead"]["phone"], "+33698765433");
  EXPECT_ROW_OK(p.row(2));
  EXPECT_EQ(p.row(2)["lead"]["phone"], "+13035140233");
  // An unknown country is a warning and the phone falls back to the default country.
  EXPECT_ROW_OK(p.row(3));
  EXPECT_EQ(p.row(3)["lead"]["phone"], "+13035140235");
  ASSERT_EQ(p.row(3)["warnings"].size(), 1u);
  EXPECT_EQ(p.row(3)["warnings"][0]["code"], "invalid_country");
  EXPECT_EQ(p.row(3)["warnings"][0]["field"], "country");
  // Names and alpha-3 codes are countries too.
  EXPECT_EQ(p.row(4)["lead"]["phone"], "+33698765434");
  EXPECT_EQ(p.row(5)["lead"]["phone"], "+442079460958");
  EXPECT_EQ(p.row(6)["lead"]["phone"], "+441514960000");
  EXPECT_EQ(p.row(7)["lead"]["phone"], "+4930123456");
  for (int i = 4; i < 8; ++i) EXPECT_ROW_OK(p.row(i));
}

TEST(ProviderReached, PredictedResponseIsPerEntry) {
  Plan p = runPlan("reached", opts(), R"([{"email":"a@acme.com"},
      {"lead_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"}])");
  J plan{{"requests", p.requests}};
  J resp = lrtest::parse(leadroster::api::predictResponse("reached", plan.dump()));
  ASSERT_EQ(resp.size(), 1u);
  const J& data = resp[0]["body"]["data"];
  EXPECT_EQ(data["campaign_id"], kCampaign);
  ASSERT_EQ(data["results"].size(), 2u);
  EXPECT_EQ(data["results"][0]["status"], "added");
  EXPECT_EQ(data["results"][1]["lead_id"], "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
}
