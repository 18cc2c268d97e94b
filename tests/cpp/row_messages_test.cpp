// Row problems for people (issue 16 §1, §3): a value left out of a lead that is
// still sent is a warning marked dropped (the planner's JSON says
// "dropped":true); messages carry no API hints (those are the separate
// `hint`); a field's message names the field once; a freemail_domain warning
// on the derived `domain` names the email it came from.
#include <string>

#include "test_helpers.h"

using lrtest::J;
using lrtest::runPlan;

namespace {
const char* kReached = R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a"})";

const J* find(const J& list, const std::string& field, const std::string& code) {
  for (const auto& p : list)
    if (p["field"] == field && p["code"] == code) return &p;
  return nullptr;
}

size_t count(const std::string& s, const std::string& word) {
  size_t n = 0;
  for (size_t at = s.find(word); at != std::string::npos; at = s.find(word, at + 1)) ++n;
  return n;
}
}  // namespace

TEST(RowMessages, AnInvalidOptionalValueIsADroppedWarningWithTheHintApart) {
  auto p =
      runPlan("reached", kReached,
              R"([{"email":"maelle.girard81 @free.fr","phone":"+33612345678"},{"email":"a@acme.com","phone":"12"}])");
  ASSERT_EQ(p.row(0)["status"], "ok");
  const J* w = find(p.row(0)["warnings"], "email", "invalid_email");
  ASSERT_NE(w, nullptr) << p.row(0).dump();
  EXPECT_EQ((*w)["dropped"], true);
  ASSERT_TRUE(w->contains("hint"));
  EXPECT_NE((*w)["hint"].get<std::string>().find("strict"), std::string::npos);
  const std::string m = (*w)["message"];
  EXPECT_EQ(m.find("strict"), std::string::npos) << m;  // no option names in the message
  EXPECT_EQ(count(m, "email"), 1u) << m;                // the field once
  EXPECT_FALSE(p.row(0)["lead"].contains("email"));
  const J* phone = find(p.row(1)["warnings"], "phone", "invalid_phone");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ((*phone)["dropped"], true);
  // strict: the same value is an error, not dropped
  auto strict = runPlan("reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","strict":true})",
                        R"([{"email":"maelle.girard81 @free.fr","phone":"+33612345678"}])");
  ASSERT_EQ(strict.row(0)["status"], "invalid");
  const J* e = find(strict.row(0)["errors"], "email", "invalid_email");
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->contains("dropped"));
  EXPECT_FALSE(e->contains("hint"));
}

TEST(RowMessages, UnknownFieldsAreDroppedKeptValuesAreNot) {
  auto p = runPlan("reached", kReached, R"([{"email":"a@acme.com","companyName":"Acme","country":"F"}])");
  ASSERT_EQ(p.row(0)["status"], "ok");
  const J* u = find(p.row(0)["warnings"], "companyName", "unknown_field");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ((*u)["dropped"], true);
  // a country is never sent: an unknown one changes the phone region, it drops nothing
  const J* c = find(p.row(0)["warnings"], "country", "invalid_country");
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->contains("dropped"));
  EXPECT_NE((*c)["message"].get<std::string>().rfind("country: ", 0), 0u)
      << "no field prefix before the field's own words";
}

TEST(RowMessages, FreemailDomainDerivedFromTheEmailNamesTheEmail) {
  auto p = runPlan("magnetite", R"({"campaignId":"camp_1"})",
                   R"([{"companyName":"Acme","contactName":"Ann Lee","email":"ann.lee@gmail.com"},
                      {"companyName":"Acme","contactName":"Bo","email":"bo@acme.com","domain":"hotmail.com"}])");
  ASSERT_EQ(p.row(0)["status"], "ok");
  const J* w = find(p.row(0)["warnings"], "domain", "freemail_domain");
  ASSERT_NE(w, nullptr);
  EXPECT_NE((*w)["message"].get<std::string>().find("ann.lee@gmail.com"), std::string::npos) << (*w)["message"];
  EXPECT_FALSE(w->contains("dropped"));  // nothing the user typed is left out
  const J* given = find(p.row(1)["warnings"], "domain", "freemail_domain");
  ASSERT_NE(given, nullptr);
  EXPECT_FALSE(given->contains("dropped"));  // the domain the user gave is kept
  EXPECT_EQ(p.row(1)["lead"]["domain"], "hotmail.com");
}

TEST(RowMessages, LeanWarningsKeepDroppedAndHint) {
  auto created = lrtest::createPlanner("reached", kReached);
  ASSERT_TRUE(created);
  std::string head, body;
  created.value()->pushLean(R"([{"email":"x y@acme.com","phone":"+33612345678"},{"email":"a@acme.com"}])", false, true,
                            head, body);
  J h = lrtest::parse(head);
  ASSERT_EQ(h["warnings"].size(), 1u);
  EXPECT_EQ(h["warnings"][0]["dropped"], true);
  EXPECT_TRUE(h["warnings"][0].contains("hint"));
}
