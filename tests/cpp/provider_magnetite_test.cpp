// Magnetite (seeds/000): POST /api/campaigns/:campaignId/leads, one lead per call,
// the body is the lead; companyName, contactName, email required; domain derived
// from the email unless free-mail; typed nested company/contact objects.
#include "test_helpers.h"

using lrtest::J;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;

namespace {

const char* kOpts = R"({"campaignId":"camp_42"})";
const char* kStrict = R"({"campaignId":"camp_42","strict":true})";

J minimal(const std::string& email = "john@acme.com") {
  return J{{"companyName", "Acme Corp"}, {"contactName", "John Smith"}, {"email", email}};
}

Plan one(const J& lead, const std::string& options = kOpts) {
  return runPlanJson("magnetite", J::parse(options), J::array({lead}));
}

}  // namespace

TEST(ProviderMagnetite, QuickExampleIsOneRequestWhoseBodyIsTheLead) {
  Plan p = one(minimal());
  lrtest::expectWellFormed(p, 1);
  EXPECT_ROW_OK(p.row(0));
  ASSERT_EQ(p.requests.size(), 1u);
  const J& q = p.request(0);
  EXPECT_EQ(q["method"], "POST");
  EXPECT_EQ(q["path"], "/api/campaigns/camp_42/leads");
  EXPECT_EQ(q["headers"], J::parse(R"({"Authorization":"Bearer YOUR_API_KEY","Content-Type":"application/json"})"));
  EXPECT_EQ(q["indexes"], J::array({0}));
  EXPECT_TRUE(q["envelope"].is_null());
  // Body is the lead object itself (no "leads" wrapper), domain auto-extracted.
  EXPECT_EQ(q["body"], J::parse(R"({"companyName":"Acme Corp","contactName":"John Smith",
                                    "email":"john@acme.com","domain":"acme.com"})"));
  EXPECT_EQ(q["body"], p.row(0)["lead"]);
}

TEST(ProviderMagnetite, OneLeadPerRequest) {
  J rows = J::array();
  for (int i = 0; i < 5; ++i) rows.push_back(minimal("user" + std::to_string(i) + "@acme.com"));
  Plan p = runPlanJson("magnetite", J::parse(kOpts), rows);
  lrtest::expectWellFormed(p, 5);
  ASSERT_EQ(p.requests.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(p.request(i)["indexes"], J::array({i}));
    EXPECT_FALSE(p.request(i)["body"].contains("leads"));
    EXPECT_EQ(p.request(i)["body"]["email"], "user" + std::to_string(i) + "@acme.com");
  }
  // The page allows one lead per call: any other batch size is an option error.
  EXPECT_EQ(lrtest::plannerFailure("magnetite", R"({"campaignId":"c","batchSize":2})"), "invalid_value/batchSize");
  EXPECT_EQ(lrtest::plannerError("magnetite", R"({"campaignId":"c","batchSize":1})"), "");
}

TEST(ProviderMagnetite, CampaignIdIsRequired) {
  EXPECT_EQ(lrtest::plannerFailure("magnetite", "{}"), "missing_field/campaignId");
  std::string e = lrtest::plannerError("magnetite", "{}");
  EXPECT_NE(e.find("campaignId"), std::string::npos) << e;
}

TEST(ProviderMagnetite, RequiredFieldsMissingAreMissingField) {
  for (const char* f : {"companyName", "contactName", "email"}) {
    SCOPED_TRACE(f);
    J lead = minimal();
    lead.erase(f);
    Plan p = one(lead);
    lrtest::expectWellFormed(p, 1);
    EXPECT_ROW_ERROR(p.row(0), f, "missing_field");
    EXPECT_EQ(p.row(0)["errors"].size(), 1u) << p.row(0).dump();
    EXPECT_TRUE(p.requests.empty());
    // A blank or null value is missing too.
    lead[f] = "   ";
    EXPECT_ROW_ERROR(one(lead).row(0), f, "missing_field");
    lead[f] = nullptr;
    EXPECT_ROW_ERROR(one(lead).row(0), f, "missing_field");
  }
  // All three missing: three errors, one per field.
  Plan p = one(J{{"title", "VP"}});
  EXPECT_ROW_ERROR(p.row(0), "companyName", "missing_field");
  EXPECT_ROW_ERROR(p.row(0), "contactName", "missing_field");
  EXPECT_ROW_ERROR(p.row(0), "email", "missing_field");
}

TEST(ProviderMagnetite, RequiredFieldsWrongTypeOrInvalid) {
  J lead = minimal();
  lead["companyName"] = 42;
  Plan p = one(lead);
  EXPECT_ROW_ERROR(p.row(0), "companyName", "invalid_type");
  EXPECT_FALSE(lrtest::hasError(p.row(0), "companyName", "missing_field"));

  lead = minimal("john@@acme.com");
  p = one(lead);
  EXPECT_ROW_ERROR(p.row(0), "email", "invalid_email");
  EXPECT_FALSE(lrtest::hasError(p.row(0), "email", "missing_field"));
  EXPECT_TRUE(p.requests.empty());
}

TEST(ProviderMagnetite, EmailIsSentLowercasedAndTrimmed) {
  Plan p = one(minimal("  John.Smith@ACME.com "));
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.request(0)["body"]["email"], "john.smith@acme.com");
  EXPECT_EQ(p.request(0)["body"]["domain"], "acme.com");
}

TEST(ProviderMagnetite, DomainDerivedFromEmailWhenAbsent) {
  // The registrable domain by the Public Suffix List (issue 7), not the mail host.
  Plan p = one(minimal("jane@sales.initech.io"));
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.row(0)["lead"]["domain"], "initech.io");
  p = one(minimal("ann@mail.acme.co.uk"));
  EXPECT_EQ(p.row(0)["lead"]["domain"], "acme.co.uk");
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
}

TEST(ProviderMagnetite, GivenDomainIsNormalizedAndWins) {
  J lead = minimal("john@acme-mail.com");
  lead["domain"] = "https://www.Acme.com/about";
  Plan p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.request(0)["body"]["domain"], "acme.com");

  // An invalid optional domain is left out with a warning (issue 7), not replaced by a derived one.
  lead["domain"] = "acme..com";
  p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "domain", "invalid_domain")) << p.row(0).dump();
  EXPECT_FALSE(p.row(0)["lead"].contains("domain"));
  p = lrtest::runPlanJson("magnetite", J{{"campaignId", "c1"}, {"strict", true}}, J::array({lead}));
  EXPECT_ROW_ERROR(p.row(0), "domain", "invalid_domain");

  // A free-mail domain given explicitly: sent as given, with a warning.
  lead["domain"] = "gmail.com";
  p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "domain", "freemail_domain")) << p.row(0).dump();
  EXPECT_EQ(p.request(0)["body"]["domain"], "gmail.com");
}

TEST(ProviderMagnetite, FreeMailAddressDerivesNoDomainAndWarns) {
  for (const char* email : {"john.smith@gmail.com", "js@yahoo.fr", "js@hotmail.com", "js@outlook.com"}) {
    SCOPED_TRACE(email);
    Plan p = one(minimal(email));
    lrtest::expectWellFormed(p, 1);
    EXPECT_ROW_OK(p.row(0));
    EXPECT_TRUE(lrtest::hasWarning(p.row(0), "domain", "freemail_domain")) << p.row(0).dump();
    EXPECT_FALSE(p.row(0)["lead"].contains("domain")) << p.row(0).dump();
    EXPECT_FALSE(p.request(0)["body"].contains("domain"));
  }
}

TEST(ProviderMagnetite, FullPageExampleIsAcceptedAndSentAsGiven) {
  J lead = J::parse(R"({
    "companyName": "Acme Corp",
    "domain": "acme.com",
    "contactName": "John Smith",
    "email": "john@acme.com",
    "title": "VP of Sales",
    "linkedInUrl": "https://linkedin.com/in/johnsmith",
    "companyLinkedInUrl": "https://linkedin.com/company/acme",
    "notes": "Met at SaaStr conference",
    "company": {"industry": "Software", "employeeCount": 250, "fundingStage": "Series B"},
    "contact": {"seniority": "VP", "department": "Sales"},
    "extraContext": {"referralSource": "Jane Doe introduced us",
                     "painPoints": ["Manual outreach", "Low response rates"]}
  })");
  Plan p = one(lead);
  lrtest::expectWellFormed(p, 1);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  J want = lead;
  want["linkedInUrl"] = "https://www.linkedin.com/in/johnsmith";
  want["companyLinkedInUrl"] = "https://www.linkedin.com/company/acme";
  EXPECT_EQ(p.request(0)["body"], want);
}

TEST(ProviderMagnetite, CompanyEnrichmentSchemaFromThePageIsAccepted) {
  J lead = minimal();
  lead["company"] = J::parse(R"({
    "description": "Enterprise software company...",
    "website": "https://acme.com",
    "linkedinUrl": "https://linkedin.com/company/acme",
    "industry": "Software", "subIndustry": "Enterprise SaaS",
    "employeeCount": 250, "employeeRange": "201-500",
    "revenue": 50000000, "revenueRange": "$10M-$50M",
    "foundedYear": 2015, "fundingStage": "Series B",
    "headquarters": "San Francisco, CA", "country": "United States",
    "technologies": ["Salesforce", "HubSpot", "AWS"],
    "signals": {
      "recentFunding": { "amount": 50000000, "date": "2024-06", "round": "Series B" },
      "hiringSignals": { "isHiring": true, "openRoles": 15 },
      "growthIndicators": { "employeeGrowth": 0.35, "revenueGrowth": 0.50 }
    }})");
  lead["contact"] = J::parse(R"({
    "bio": "20+ years in enterprise sales...", "photoUrl": "https://example.com/photo.jpg",
    "seniority": "VP", "department": "Sales", "city": "San Francisco",
    "state": "California", "country": "United States", "timezone": "America/Los_Angeles"})");
  Plan p = one(lead);
  lrtest::expectWellFormed(p, 1);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(p.row(0)["warnings"].empty()) << p.row(0).dump();
  const J& body = p.request(0)["body"];
  EXPECT_EQ(body["company"]["employeeCount"], 250);
  EXPECT_EQ(body["company"]["technologies"], J::parse(R"(["Salesforce","HubSpot","AWS"])"));
  EXPECT_EQ(body["company"]["signals"]["recentFunding"]["amount"], 50000000);
  EXPECT_EQ(body["company"]["signals"]["hiringSignals"]["isHiring"], true);
  EXPECT_DOUBLE_EQ(body["company"]["signals"]["growthIndicators"]["employeeGrowth"].get<double>(), 0.35);
  EXPECT_EQ(body["company"]["linkedinUrl"], "https://www.linkedin.com/company/acme");
  EXPECT_EQ(body["contact"]["timezone"], "America/Los_Angeles");
  EXPECT_EQ(body["contact"]["seniority"], "VP");
}

TEST(ProviderMagnetite, TypedFieldsReportTheDottedPath) {
  struct Case {
    const char* json;   // the lead's extra members
    const char* field;  // the dotted path in the error
  };
  const Case cases[] = {
      {R"({"company":{"employeeCount":"250"}})", "company.employeeCount"},
      {R"({"company":{"employeeCount":true}})", "company.employeeCount"},
      {R"({"company":{"technologies":"Salesforce"}})", "company.technologies"},
      {R"({"company":{"technologies":["AWS", 3]}})", "company.technologies"},
      {R"({"company":{"technologies":[{"name":"AWS"}]}})", "company.technologies"},
      {R"({"company":{"signals":{"recentFunding":{"amount":"50M"}}}})", "company.signals.recentFunding.amount"},
      {R"({"company":{"signals":{"recentFunding":"lots"}}})", "company.signals.recentFunding"},
      {R"({"company":{"signals":{"hiringSignals":{"isHiring":"yes"}}}})", "company.signals.hiringSignals.isHiring"},
      {R"({"company":{"signals":{"hiringSignals":{"openRoles":"15"}}}})", "company.signals.hiringSignals.openRoles"},
      {R"({"company":{"signals":{"growthIndicators":{"revenueGrowth":"50%"}}}})",
       "company.signals.growthIndicators.revenueGrowth"},
      {R"({"company":{"signals":[1]}})", "company.signals"},
      {R"({"company":{"revenue":"50000000"}})", "company.revenue"},
      {R"({"company":{"foundedYear":"2015"}})", "company.foundedYear"},
      {R"({"company":{"industry":7}})", "company.industry"},
      {R"({"company":"Acme"})", "company"},
      {R"({"company":["Acme"]})", "company"},
      {R"({"contact":{"seniority":3}})", "contact.seniority"},
      {R"({"contact":{"city":["Paris"]}})", "contact.city"},
      {R"({"contact":"John"})", "contact"},
      {R"({"researchData":"notes"})", "researchData"},
      {R"({"extraContext":[1,2]})", "extraContext"},
      {R"({"customData":5})", "customData"},
      {R"({"title":{"x":1}})", "title"},
      {R"({"notes":12})", "notes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.json);
    J lead = minimal();
    J extra = J::parse(c.json);
    for (auto it = extra.begin(); it != extra.end(); ++it) lead[it.key()] = it.value();
    Plan p = one(lead);
    lrtest::expectWellFormed(p, 1);
    EXPECT_ROW_ERROR(p.row(0), c.field, "invalid_type");
    EXPECT_TRUE(p.requests.empty());
  }
}

TEST(ProviderMagnetite, FreeJsonFieldsPassThroughUntouched) {
  J lead = minimal();
  lead["researchData"] = J::parse(R"({"any":{"deep":[1,"two",{"three":null}]},"n":1.5})");
  lead["extraContext"] = J::parse(R"({"referralSource":"Jane","painPoints":["a","b"]})");
  lead["customData"] = J::parse(R"({"crmId":12345,"flags":[true,false]})");
  Plan p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  const J& body = p.request(0)["body"];
  EXPECT_EQ(body["researchData"], lead["researchData"]);
  EXPECT_EQ(body["extraContext"], lead["extraContext"]);
  EXPECT_EQ(body["customData"], lead["customData"]);
}

TEST(ProviderMagnetite, OptionalBasicFieldsAreValidated) {
  // strict: true (issue 7): without it an invalid optional field is a warning (checked at the end).
  J lead = minimal();
  lead["linkedInUrl"] = "https://www.linkedin.com/company/acme";  // a company page, not a profile
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "linkedInUrl", "invalid_linkedin_url");

  lead = minimal();
  lead["companyLinkedInUrl"] = "https://www.linkedin.com/in/johnsmith";  // a profile, not a company
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "companyLinkedInUrl", "invalid_linkedin_url");

  lead = minimal();
  lead["company"] = J{{"linkedinUrl", "https://www.linkedin.com/in/johnsmith"}};
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "company.linkedinUrl", "invalid_linkedin_url");

  lead = minimal();
  lead["phone"] = "+1 512-477-5071";
  Plan p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.request(0)["body"]["phone"], "+15124775071");

  lead["phone"] = "not a phone";
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "phone", "invalid_phone");

  lead = minimal();
  lead["company"] = J{{"website", "ftp://acme.com"}};
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "company.website", "invalid_url");
  lead["company"] = J{{"website", "acme.com/about"}};
  p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  lead = minimal();
  lead["contact"] = J{{"photoUrl", "javascript:alert(1)"}};
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "contact.photoUrl", "invalid_url");

  // String limits: too_long names the field.
  lead = minimal();
  lead["companyName"] = std::string(201, 'a');
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "companyName", "too_long");
  lead["companyName"] = std::string(200, 'a');
  EXPECT_ROW_OK(one(lead).row(0));
  lead["notes"] = std::string(10001, 'n');
  EXPECT_ROW_ERROR(one(lead, kStrict).row(0), "notes", "too_long");
  lead = minimal();
  lead["phone"] = "not a phone";
  Plan lax = one(lead);
  EXPECT_ROW_OK(lax.row(0));
  EXPECT_TRUE(lrtest::hasWarning(lax.row(0), "phone", "invalid_phone")) << lax.row(0).dump();
}

TEST(ProviderMagnetite, UnknownNestedKeysAreWarnedAndNotSent) {
  J lead = minimal();
  lead["company"] = J{{"industry", "Software"}, {"mascot", "Roadrunner"}};
  lead["favoriteColor"] = "blue";
  Plan p = one(lead);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "company.mascot", "unknown_field")) << p.row(0).dump();
  EXPECT_TRUE(lrtest::hasWarning(p.row(0), "favoriteColor", "unknown_field")) << p.row(0).dump();
  EXPECT_FALSE(p.request(0)["body"]["company"].contains("mascot"));
  EXPECT_FALSE(p.request(0)["body"].contains("favoriteColor"));
}

TEST(ProviderMagnetite, DuplicateEmailIsSkipped) {
  Plan p = runPlan("magnetite", kOpts, R"([
    {"companyName":"Acme","contactName":"John","email":"john@acme.com"},
    {"companyName":"Acme Inc","contactName":"Johnny","email":"JOHN@acme.com "},
    {"companyName":"Acme","contactName":"Jane","email":"jane@acme.com"}])");
  lrtest::expectWellFormed(p, 3);
  EXPECT_ROW_OK(p.row(0));
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "email");
  EXPECT_ROW_OK(p.row(2));
  EXPECT_EQ(p.indexes(), (std::vector<std::vector<int64_t>>{{0}, {2}}));

  // Against the campaign's existing leads.
  p = runPlan("magnetite", R"({"campaignId":"c","existing":[{"email":"Jane@Acme.com"}]})",
              R"([{"companyName":"Acme","contactName":"Jane","email":"jane@acme.com"}])");
  EXPECT_ROW_DUPLICATE(p.row(0), "existing", "email");
  EXPECT_TRUE(p.requests.empty());
}

TEST(ProviderMagnetite, RowCountryIsThePhoneRegionAndIsNotSent) {
  J lead = minimal();
  lead["phone"] = "06 12 34 56 78";
  lead["country"] = "FR";
  Plan p = one(lead, R"({"campaignId":"c","defaultCountry":"US"})");
  EXPECT_ROW_OK(p.row(0));
  EXPECT_EQ(p.request(0)["body"]["phone"], "+33612345678");
  EXPECT_FALSE(p.request(0)["body"].contains("country"));
}

TEST(ProviderMagnetite, PredictedResponseMatchesThePage) {
  Plan p = runPlan("magnetite", kOpts, R"([
    {"companyName":"Acme","contactName":"John","email":"john@acme.com"},
    {"companyName":"Acme","contactName":"Jane","email":"jane@acme.com"}])");
  J plan{{"requests", p.requests}};
  J resp = lrtest::parse(leadroster::api::predictResponse("magnetite", plan.dump()));
  ASSERT_TRUE(resp.is_array());
  ASSERT_EQ(resp.size(), 2u);
  for (const auto& r : resp) {
    EXPECT_EQ(r["status"], 200);
    EXPECT_EQ(r["body"]["success"], true);
    EXPECT_EQ(r["body"]["status"], "queued");
    EXPECT_TRUE(r["body"]["prospectId"].is_string());
  }
}
