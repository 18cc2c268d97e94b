// Rules the five pages (and real spreadsheets) imply that the engine got
// wrong once (issue 7): optional invalid fields, campaign ids in paths,
// sendkit filter/select-all predictions, puffle's add limits, template
// variables and list statuses, sendkit leadId format-before-length, and the
// time a documented rate limit implies.
#include <string>

#include "test_helpers.h"

using lrtest::J;
using lrtest::parse;
using lrtest::Plan;
using lrtest::runPlan;
using lrtest::runPlanJson;

namespace {
const char* kReachedId = "3f1c2d4e-0000-4000-8000-00000000000a";
const char* kPuffle = R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000b","channel":"email"})";

J validate(const std::string& provider, const std::string& lead, const std::string& options = "{}") {
  auto v = leadroster::api::LeadValidator::create(provider, options);
  EXPECT_TRUE(v) << v.error().message;
  if (!v) return J();
  return parse(v.value()->check(lead));
}

std::string reachedOpts(const std::string& extra = "") {
  return std::string(R"({"campaignId":")") + kReachedId + "\"" + (extra.empty() ? "" : "," + extra) + "}";
}
}  // namespace

// ---- 1. an invalid optional field is dropped with a warning; strict makes it an error

TEST(OptionalField, MagnetitePhoneWithoutCountryIsAWarning) {
  J r = validate("magnetite", R"({"companyName":"A","contactName":"B","email":"a@acme.com","phone":"415-555-0100"})");
  EXPECT_EQ(r["ok"], true) << r.dump();
  EXPECT_TRUE(lrtest::hasProblem(r["warnings"], "phone", "invalid_phone")) << r.dump();
  EXPECT_FALSE(r["lead"].contains("phone")) << r.dump();
  EXPECT_EQ(r["lead"]["email"], "a@acme.com");
}

TEST(OptionalField, ReachedPhoneIsOptionalWhenTheEmailIsAnIdentity) {
  J r = validate("reached", R"({"email":"marie@techco.fr","phone":"06 98 76 54 32"})");
  EXPECT_EQ(r["ok"], true) << r.dump();
  EXPECT_TRUE(lrtest::hasProblem(r["warnings"], "phone", "invalid_phone")) << r.dump();
  EXPECT_FALSE(r["lead"].contains("phone"));
  // The row's only identity stays an error.
  J only = validate("reached", R"({"phone":"06 98 76 54 32","first_name":"Marie"})");
  EXPECT_EQ(only["ok"], false) << only.dump();
  EXPECT_TRUE(lrtest::hasProblem(only["errors"], "phone", "invalid_phone")) << only.dump();
}

TEST(OptionalField, NestedOptionalFieldIsAWarning) {
  J r = validate("magnetite", R"({"companyName":"A","contactName":"B","email":"a@acme.com",
                                  "company":{"website":"not a url","industry":"SaaS"}})");
  EXPECT_EQ(r["ok"], true) << r.dump();
  EXPECT_TRUE(lrtest::hasProblem(r["warnings"], "company.website", "invalid_url")) << r.dump();
  EXPECT_EQ(r["lead"]["company"], J::parse(R"({"industry":"SaaS"})"));
}

TEST(OptionalField, StrictMakesItAnError) {
  J r = validate("reached", R"({"email":"marie@techco.fr","phone":"06 98 76 54 32"})", R"({"strict":true})");
  EXPECT_EQ(r["ok"], false) << r.dump();
  EXPECT_TRUE(lrtest::hasProblem(r["errors"], "phone", "invalid_phone")) << r.dump();
  // Puffle's secondary identity follows the same rule.
  J p = validate("puffle", R"({"email":"a@acme.com","linkedin_url":"https://example.com/x"})",
                 R"({"channel":"email","strict":true})");
  EXPECT_EQ(p["ok"], false) << p.dump();
  EXPECT_TRUE(lrtest::hasProblem(p["errors"], "linkedin_url", "invalid_linkedin_url")) << p.dump();
  J lax =
      validate("puffle", R"({"email":"a@acme.com","linkedin_url":"https://example.com/x"})", R"({"channel":"email"})");
  EXPECT_EQ(lax["ok"], true) << lax.dump();
  EXPECT_TRUE(lrtest::hasProblem(lax["warnings"], "linkedin_url", "invalid_linkedin_url")) << lax.dump();
}

TEST(OptionalField, RequiredFieldsStayErrors) {
  J r = validate("magnetite", R"({"companyName":"A","contactName":"B","email":"not-an-email"})");
  EXPECT_EQ(r["ok"], false);
  EXPECT_TRUE(lrtest::hasProblem(r["errors"], "email", "invalid_email")) << r.dump();
  EXPECT_NE(lrtest::plannerError("reached", reachedOpts(R"("strict":"yes")")).find("strict"), std::string::npos);
  EXPECT_EQ(lrtest::plannerFailure("reached", reachedOpts(R"("strict":"yes")")), "invalid_type/strict");
}

TEST(OptionalField, PlanKeepsTheRowOk) {
  Plan p = runPlan("reached", reachedOpts(),
                   R"([{"email":"marie@techco.fr","phone":"06 98 76 54 32"},{"email":"Marie@TechCo.fr"}])");
  lrtest::expectWellFormed(p, 2);
  EXPECT_EQ(p.row(0)["status"], "ok") << p.row(0).dump();
  EXPECT_ROW_DUPLICATE(p.row(1), 0, "email");
  EXPECT_EQ(lrtest::sentLeads(p.request(0))[0], J::parse(R"({"email":"marie@techco.fr"})"));
}

// ---- 2. campaign ids in paths

TEST(CampaignIdPath, PercentEncodedSegment) {
  struct Case {
    const char* id;
    const char* path;
  } cases[] = {
      {"x?y=1", "/v1/campaigns/x%3Fy%3D1/leads"},     {"a/b", "/v1/campaigns/a%2Fb/leads"},
      {"x#y", "/v1/campaigns/x%23y/leads"},           {"camp 1", "/v1/campaigns/camp%201/leads"},
      {"a.b-c_d~e", "/v1/campaigns/a.b-c_d~e/leads"}, {"caf\xC3\xA9", "/v1/campaigns/caf%C3%A9/leads"},
      {"50%", "/v1/campaigns/50%25/leads"},
  };
  for (const auto& c : cases) {
    Plan p = runPlanJson("sendkit", J{{"campaignId", c.id}}, J::parse(R"([{"email":"a@acme.com"}])"));
    ASSERT_EQ(p.createError, "") << c.id;
    ASSERT_EQ(p.requests.size(), 1u);
    EXPECT_EQ(p.request(0)["path"], c.path) << c.id;
  }
  Plan m = runPlanJson("magnetite", J{{"campaignId", "../admin"}},
                       J::parse(R"([{"companyName":"A","contactName":"B","email":"a@acme.com"}])"));
  ASSERT_EQ(m.requests.size(), 1u) << m.createError;
  EXPECT_EQ(m.request(0)["path"], "/api/campaigns/..%2Fadmin/leads");
  Plan q = runPlanJson("magnetite", J{{"campaignId", "a/b"}},
                       J::parse(R"([{"companyName":"A","contactName":"B","email":"a@acme.com"}])"));
  ASSERT_EQ(q.requests.size(), 1u);
  EXPECT_EQ(q.request(0)["path"], "/api/campaigns/a%2Fb/leads");
  J f = parse(leadroster::api::sendkitFilterRequest("a/b", R"({"tags":["x"]})"));
  EXPECT_EQ(f["request"]["path"], "/v1/campaigns/a%2Fb/leads") << f.dump();
  J s = parse(leadroster::api::sendkitSelectAllRequest("x?y", "[]"));
  EXPECT_EQ(s["request"]["path"], "/v1/campaigns/x%3Fy/leads") << s.dump();
}

TEST(CampaignIdPath, DotSegmentsControlCharsAndPaddingRefused) {
  for (const char* id : {"..", ".", "../admin", "a\x01", "a\tb", " camp_1", "camp_1 ", "\xC2\x85x"}) {
    auto created = lrtest::createPlanner("sendkit", J{{"campaignId", id}}.dump());
    if (std::string(id) == "../admin") {
      EXPECT_TRUE(created) << "../admin is encoded, not refused: " << created.error().message;
      continue;
    }
    ASSERT_FALSE(created) << J(id).dump();
    EXPECT_EQ(created.error().code, "invalid_option") << J(id).dump() << " -> " << created.error().message;
    EXPECT_EQ(created.error().option, "campaignId");
    EXPECT_NE(created.error().message.find("campaignId"), std::string::npos) << created.error().message;
  }
  Plan p = runPlanJson("sendkit", J{{"campaignId", "../admin"}}, J::parse(R"([{"email":"a@acme.com"}])"));
  EXPECT_EQ(p.request(0)["path"], "/v1/campaigns/..%2Fadmin/leads");
  J f = parse(leadroster::api::sendkitFilterRequest("..", R"({"tags":["x"]})"));
  EXPECT_EQ(lrtest::fatalOf(f), "invalid_option/campaignId");
  J s = parse(leadroster::api::sendkitSelectAllRequest(" c1", "[]"));
  EXPECT_EQ(lrtest::fatalOf(s), "invalid_option/campaignId");
}

// ---- 5. sendkit filter / select-all predictions

TEST(SendkitModes, PredictionsCarryMatched) {
  J f = parse(leadroster::api::sendkitFilterRequest("c1", R"({"tags":["vip"]})"));
  J plan = J{{"requests", J::array({f["request"]})}};
  J resp = parse(leadroster::api::predictResponse("sendkit", plan.dump()));
  ASSERT_EQ(resp.size(), 1u) << resp.dump();
  EXPECT_EQ(resp[0]["body"]["success"], true);
  J data = resp[0]["body"]["data"];
  EXPECT_TRUE(data.contains("matched")) << resp.dump();
  EXPECT_FALSE(data.contains("errors")) << resp.dump();
  EXPECT_EQ(data["added"].get<int>() + data["skipped"].get<int>(), data["matched"].get<int>());

  J ids = parse(leadroster::api::sendkitFilterRequest(
      "c1", R"({"leadIds":["665d4e5f6a7b8c9d0e1f2a3b","665d4e5f6a7b8c9d0e1f2a3c","665d4e5f6a7b8c9d0e1f2a3b"]})"));
  resp = parse(leadroster::api::predictResponse("sendkit", J{{"requests", J::array({ids["request"]})}}.dump()));
  EXPECT_EQ(resp[0]["body"]["data"], J::parse(R"({"added":2,"skipped":0,"matched":2})")) << resp.dump();

  J all = parse(leadroster::api::sendkitSelectAllRequest("c1", R"(["665d4e5f6a7b8c9d0e1f2a3b"])"));
  resp = parse(leadroster::api::predictResponse("sendkit", J{{"requests", J::array({all["request"]})}}.dump()));
  EXPECT_TRUE(resp[0]["body"]["data"].contains("matched")) << resp.dump();
}

// ---- 6. puffle roster.add takes 1..1000 rows a call

TEST(PuffleRosterAdd, OneToAThousandRows) {
  auto r = lrtest::makeRoster("puffle", kPuffle);
  J empty = parse(r->add("[]"));
  ASSERT_EQ(lrtest::fatalOf(empty), "invalid_value/");
  EXPECT_NE(empty["fatal"]["message"].get<std::string>().find("1000"), std::string::npos) << empty.dump();
  J rows = J::array();
  for (int i = 0; i < 1500; ++i) rows.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}});
  J big = parse(r->add(rows.dump()));
  ASSERT_EQ(lrtest::fatalOf(big).substr(0, 200), "invalid_value/");
  EXPECT_NE(big["fatal"]["message"].get<std::string>().find("1000"), std::string::npos) << big.dump();
  EXPECT_EQ(r->size(), 0u);
  rows.erase(rows.begin() + 1000, rows.end());
  J ok = parse(r->add(rows.dump()));
  ASSERT_TRUE(ok.contains("rows"));
  EXPECT_EQ(r->size(), 1000u);
  // The campaign's existing leads (options.existing) are not one call.
  J opts = J::parse(kPuffle);
  J existing = J::array();
  for (int i = 0; i < 1200; ++i) existing.push_back(J{{"email", "e" + std::to_string(i) + "@acme.com"}});
  opts["existing"] = existing;
  auto seeded = lrtest::makeRoster("puffle", opts.dump());
  EXPECT_EQ(seeded->size(), 1200u);
}

// ---- 7. puffle template variables are identifiers

TEST(PuffleTemplate, ProseBetweenPercentSignsIsText) {
  J opts = J::parse(kPuffle);
  opts["template"] = "Save 20%-30% on %custom_fields.product%, %first_name%! 100%%";
  Plan p = lrtest::runPlanJson("puffle", opts, J::parse(R"([{"email":"a@acme.com"}])"));
  lrtest::expectWellFormed(p, 1);
  std::vector<std::string> fields;
  for (const auto& w : p.row(0)["warnings"]) fields.push_back(w["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"custom_fields.product", "first_name"})) << p.row(0).dump();
  opts["template"] = "%a.b% %custom_fields.x-y% %20% %custom_fields.ok_1%";
  p = lrtest::runPlanJson("puffle", opts, J::parse(R"([{"email":"a@acme.com"}])"));
  fields.clear();
  for (const auto& w : p.row(0)["warnings"]) fields.push_back(w["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"custom_fields.ok_1"})) << p.row(0).dump();
}

// ---- 8. sendkit leadId: format before length

TEST(SendkitLeadId, FormatBeforeLength) {
  J r = validate("sendkit", R"({"leadId":"6ba7b810-9dad-11d1-80b4-00c04fd430c8"})");
  EXPECT_EQ(r["ok"], false) << r.dump();
  EXPECT_TRUE(lrtest::hasProblem(r["errors"], "leadId", "invalid_value")) << r.dump();
  EXPECT_FALSE(lrtest::hasProblem(r["errors"], "leadId", "too_long")) << r.dump();
  // A well-formed value over its limit is still too_long (an email over 254 bytes is not one).
  std::string local(64, 'a');
  std::string domain;
  for (int i = 0; i < 4; ++i) domain += std::string(60, 'b') + ".";
  domain += "com";
  J e = validate("sendkit", J{{"email", local + "@" + domain}}.dump());
  EXPECT_EQ(e["ok"], false);
  EXPECT_EQ(e["errors"].size(), 1u) << e.dump();
}

// ---- 9. puffle list refuses an unknown status

TEST(PuffleRosterList, UnknownStatusRefused) {
  auto r = lrtest::makeRoster("puffle", kPuffle);
  parse(r->add(R"([{"email":"a@acme.com"}])"));
  J bogus = parse(r->list(R"({"status":"bogus"})"));
  ASSERT_EQ(lrtest::fatalOf(bogus), "invalid_value/status");
  std::string m = bogus["fatal"]["message"];
  for (const char* s : {"pending", "sent", "connection_sent", "connected", "message_sent", "replied", "bounced",
                        "completed", "timed_out", "cancelled"})
    EXPECT_NE(m.find(s), std::string::npos) << s << " not in " << m;
  EXPECT_EQ(parse(r->list(R"({"status":"replied"})"))["total"], 0);
  EXPECT_EQ(parse(r->list(R"({"status":"pending"})"))["total"], 1);
}

// ---- 10. the time a documented rate limit implies

TEST(MinDuration, FromTheDocumentedLimit) {
  J rows = J::array();
  for (int i = 0; i < 30; ++i)
    rows.push_back(J{{"companyName", "A"}, {"contactName", "B"}, {"email", "u" + std::to_string(i) + "@acme.com"}});
  Plan m = lrtest::runPlanJson("magnetite", J{{"campaignId", "c1"}}, rows);
  ASSERT_EQ(m.summary["requests"], 30);
  // 10 a minute, burst 5: 5 at once, then one every 6 s.
  EXPECT_EQ(m.summary["minDurationSeconds"], 150) << m.summary.dump();
  rows.erase(rows.begin() + 5, rows.end());
  m = lrtest::runPlanJson("magnetite", J{{"campaignId", "c1"}}, rows);
  EXPECT_EQ(m.summary["minDurationSeconds"], 0) << m.summary.dump();

  J many = J::array();
  for (int i = 0; i < 250; ++i) many.push_back(J{{"email", "u" + std::to_string(i) + "@acme.com"}});
  Plan r = lrtest::runPlanJson("reached", J{{"campaignId", kReachedId}, {"batchSize", 1}}, many);
  ASSERT_EQ(r.summary["requests"], 250);
  EXPECT_EQ(r.summary["minDurationSeconds"], 90) << r.summary.dump();  // 100 at once, then 0.6 s each

  Plan s = lrtest::runPlanJson("sendkit", J{{"campaignId", "c1"}}, many);
  EXPECT_EQ(s.summary["minDurationSeconds"], 0) << s.summary.dump();  // none documented
}

// ---- option errors name the option (every option), and carry a code where one is defined today

TEST(OptionErrors, EveryOptionIsNamed) {
  struct Case {
    const char* provider;
    const char* options;
    const char* option;  // the name the message must carry
  } cases[] = {
      {"sendkit", R"({"campaignId":7})", "options.campaignId"},
      {"sendkit", R"({"campaignId":" c1"})", "options.campaignId"},
      {"reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","defaultCountry":"XX"})",
       "options.defaultCountry"},
      {"reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","defaultCountry":7})",
       "options.defaultCountry"},
      {"puffle", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000b","channel":"fax"})", "options.channel"},
      {"sendkit", R"({"campaignId":"c1","batchSize":0})", "options.batchSize"},
      {"sendkit", R"({"campaignId":"c1","batchSize":5001})", "options.batchSize"},
      {"sendkit", R"({"campaignId":"c1","maxBodyBytes":10})", "options.maxBodyBytes"},
      {"sendkit", R"({"campaignId":"c1","maxBodyBytes":"big"})", "options.maxBodyBytes"},
      {"sendkit", R"({"campaignId":"c1","template":7})", "options.template"},
      {"sendkit", R"({"campaignId":"c1","foldGmail":"yes"})", "options.foldGmail"},
      {"sendkit", R"({"campaignId":"c1","strict":"yes"})", "options.strict"},
      {"sendkit", R"({"campaignId":"c1","existing":{}})", "options.existing"},
  };
  for (const auto& c : cases) {
    std::string err = lrtest::plannerError(c.provider, c.options);
    EXPECT_NE(err.find(c.option), std::string::npos) << c.options << " -> " << err;
  }
  // invalid_option: a campaign id that cannot be used, as a structured {option, code}.
  auto dots = lrtest::createPlanner("sendkit", R"({"campaignId":".."})");
  ASSERT_FALSE(dots);
  EXPECT_EQ(dots.error().code, "invalid_option");
  EXPECT_EQ(dots.error().option, "campaignId");
  EXPECT_EQ(dots.error().message.rfind("options.campaignId", 0), 0u) << dots.error().message;
}
