// The lean answer (Planner::pushLean, setInput + pushNext, finishLean) says
// what the full answer says: rows, requests, bodies and summary rebuilt from
// it equal the full answer's for every provider and many options (the check
// is the fuzz harness's LeanReplay); ok leads are written once; each distinct
// warning once.
#include <gtest/gtest.h>

#include <string>

#include "../../fuzz/plan_checks.h"
#include "api/lookup.h"

namespace {

// Valid, invalid, duplicate and non-object rows for every provider at once.
std::string mixedRows() {
  std::string rows = "[";
  for (int i = 0; i < 40; ++i) {
    std::string s = std::to_string(i % 29);  // 11 duplicates
    if (i) rows += ",\n";
    if (i % 13 == 5) {
      rows += "\"not an object\"";
      continue;
    }
    rows += R"({"email":"Person)" + s + R"(@Acme.com","companyName":"Acme","contactName":"C )" + s +
            R"(","linkedinUrl":"linkedin.com/in/p-)" + s + R"(","linkedin_url":"https://www.linkedin.com/in/p-)" + s +
            R"(","phone":"+1 415 555 01)" + std::to_string(10 + i % 29) + R"(","leadId":"5f1a2b3c4d5e6f7a8b9c0d)" +
            std::to_string(10 + i % 29) + R"(","lead_id":"6ba7b810-9dad-11d1-80b4-00c04fd430)" +
            std::to_string(10 + i % 29) + R"(","firstName":")" + (i % 3 ? "Ann" : "") + R"("})";
    if (i % 7 == 3) rows.back() = ',', rows += R"("email":"not an email"})";
  }
  return rows + "]";
}

}  // namespace

TEST(PlannerLean, RebuildsTheFullAnswerForEveryProviderAndOptions) {
  std::string rows = mixedRows();
  for (int bits : {0, 1, 2, 3, 4, 6, 8, 10, 14, 64, 66, 67, 70, 128, 130, 194, 255}) {
    std::string input(1, char(bits));
    input += rows;
    EXPECT_EQ(fuzzcheck::checkPlannerInput((const uint8_t*)input.data(), input.size()), "") << "options " << bits;
  }
}

TEST(PlannerLean, EachLeadOnceAndEachWarningOnce) {
  auto created =
      leadroster::api::createFor<leadroster::Planner>("sendpilot", R"({"campaignId":"c","template":"{{industry}}"})");
  ASSERT_TRUE(created) << created.error().message;
  auto& p = created.value();
  std::string rows = "[";
  for (int i = 0; i < 150; ++i) {
    if (i) rows += ',';
    rows += R"({"linkedinUrl":"https://linkedin.com/in/person-)" + std::to_string(i) + R"("})";
  }
  rows += ",42]";
  std::string head, body;
  p->pushLean(rows, false, true, head, body);
  auto h = nlohmann::json::parse(head);
  EXPECT_EQ(h["ok"], nlohmann::json::parse("[0,150]"));
  EXPECT_EQ(h["rows"].size(), 1u);  // the invalid 42, in full
  EXPECT_EQ(h["rows"][0]["status"], "invalid");
  EXPECT_EQ(h["warnings"].size(), 1u);
  EXPECT_EQ(h["okWarnings"].size(), 300u);
  ASSERT_EQ(h["requests"].size(), 1u);  // 100 leads; 50 open
  EXPECT_EQ(h["requests"][0]["indexes"].size(), 100u);
  EXPECT_EQ(h["open"].size(), 50u);
  EXPECT_EQ(head.find("person-"), std::string::npos);
  size_t n = 0;
  for (size_t at = body.find("person-"); at != std::string::npos; at = body.find("person-", at + 1)) ++n;
  EXPECT_EQ(n, 150u);
  // finish: the 50 open leads in one more body, the summary.
  p->finishLean(head, body);
  h = nlohmann::json::parse(head);
  EXPECT_EQ(h["requests"].size(), 1u);
  EXPECT_EQ(h["summary"]["ok"], 150);
  EXPECT_EQ(h["summary"]["requests"], 2);
  EXPECT_EQ(h["requests"][0]["bodyBytes"].get<size_t>(), body.size());
}

TEST(PlannerLean, SetInputDetectsArrayOrNdjsonAndRefusesABrokenArray) {
  auto created = leadroster::api::createFor<leadroster::Planner>("sendkit", R"({"campaignId":"c"})");
  ASSERT_TRUE(created);
  auto& p = created.value();
  leadroster::Status broken = p->setInput("  [{\"email\":\"a@b.co\"}");
  EXPECT_FALSE(broken);
  EXPECT_EQ(broken.error().code, "invalid_type");
  EXPECT_NE(broken.error().message.find("not closed"), std::string::npos) << broken.error().message;
  ASSERT_TRUE(p->setInput("\xEF\xBB\xBF{\"email\":\"a@b.co\"}\n\n{\"email\":\"c@b.co\"}\n[1]\n"));
  std::string head, body;
  p->pushNext(2, true, head, body);
  auto h = nlohmann::json::parse(head);
  EXPECT_EQ(h["ok"], nlohmann::json::parse("[0,2]"));
  EXPECT_FALSE(p->inputDone());
  p->pushNext(2, true, head, body);
  h = nlohmann::json::parse(head);
  EXPECT_EQ(h["rows"].size(), 1u);
  EXPECT_EQ(h["rows"][0]["index"], 2);
  EXPECT_TRUE(p->inputDone());
}
