// List quality before the push (issue 20): disposable_email, role_email and
// email_typo warnings on a valid email (normalize/list_quality.cpp, lists
// compiled in by scripts/gen-list-quality.js). They never drop the address,
// never turn into errors with strict, and the typo's fix is `suggestion`.
#include <string>

#include "normalize/email.h"
#include "normalize/list_quality.h"
#include "test_helpers.h"

using namespace leadroster;
using lrtest::J;
using lrtest::runPlan;

namespace {
const char* kReached = R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a"})";

// The codes of a problem list, in order.
std::vector<std::string> codes(const J& list) {
  std::vector<std::string> out;
  for (const auto& p : list) out.push_back(p["code"].get<std::string>());
  return out;
}
}  // namespace

TEST(ListQuality, DisposableDomains) {
  std::string_view matched;
  EXPECT_TRUE(isDisposableDomain("mailinator.com", &matched));
  EXPECT_EQ(matched, "mailinator.com");
  EXPECT_TRUE(isDisposableDomain("yopmail.com"));
  EXPECT_TRUE(isDisposableDomain("guerrillamail.com"));  // index.json only
  // a subdomain of a listed domain: the parent matches
  EXPECT_TRUE(isDisposableDomain("eu.mx.mailinator.com", &matched));
  EXPECT_EQ(matched, "mailinator.com");
  // wildcard.json only (*.anonaddy.me): the domain and its subdomains
  EXPECT_TRUE(isDisposableDomain("anonaddy.me"));
  EXPECT_TRUE(isDisposableDomain("ann.anonaddy.me", &matched));
  EXPECT_EQ(matched, "anonaddy.me");
  // a domain under a public suffix is not matched by its suffix's neighbours
  EXPECT_FALSE(isDisposableDomain("uw.edu.pl"));
  // freemail and ordinary domains are not disposable
  for (const char* d : {"gmail.com", "outlook.com", "yahoo.com", "proton.me", "acme.com", "com", "mailinator.co",
                        "mailinatorx.com", "mailinator.com.acme.io", ""})
    EXPECT_FALSE(isDisposableDomain(d)) << d;
  // the list's IDN entries are compiled in their punycode form (gmaıl.net, a dotless i)
  EmailResult idn = normalizeEmail("ann@gma\xC4\xB1l.net");
  ASSERT_TRUE(idn.ok()) << idn.error().message;
  EXPECT_EQ(idn.domain, "xn--gmal-nza.net");
  EXPECT_TRUE(isDisposableDomain(idn.domain));
  EXPECT_EQ(disposableListVersion(), "disposable-email-domains 1.0.62");
  // the compiled subset of index.json (scripts/gen-list-quality.js) plus wildcard.json
  EXPECT_GT(disposableListSize(), 450u);
}

TEST(ListQuality, RoleAccounts) {
  for (const char* l :
       {"info", "sales", "support", "contact", "admin", "noreply", "no-reply", "sales+eu", "INFO", "info+newsletter"})
    EXPECT_TRUE(isRoleLocalPart(l)) << l;
  for (const char* l : {"ann", "ann.lee", "informatics", "+info", "", "salesman", "ann+sales"})
    EXPECT_FALSE(isRoleLocalPart(l)) << l;
  EXPECT_EQ(roleListVersion(), "role-based-email-addresses 3.1.0");
  EXPECT_GT(roleListSize(), 500u);
}

TEST(ListQuality, MailHostTypos) {
  EXPECT_EQ(mailHostTypo("gmial.com"), "gmail.com");   // swap
  EXPECT_EQ(mailHostTypo("gmai.com"), "gmail.com");    // delete
  EXPECT_EQ(mailHostTypo("gmaill.com"), "gmail.com");  // insert
  EXPECT_EQ(mailHostTypo("gmsil.com"), "gmail.com");   // replace
  EXPECT_EQ(mailHostTypo("hotmial.com"), "hotmail.com");
  EXPECT_EQ(mailHostTypo("yaho.com"), "yahoo.com");
  EXPECT_EQ(mailHostTypo("outlok.com"), "outlook.com");
  EXPECT_EQ(mailHostTypo("gmail.con"), "gmail.com");
  EXPECT_EQ(mailHostTypo("gmail.cmo"), "gmail.com");
  EXPECT_EQ(mailHostTypo("gmail.co"), "gmail.com");
  EXPECT_EQ(mailHostTypo("gmail.om"), "gmail.com");
  EXPECT_EQ(mailHostTypo("yahooo.co.uk"), "yahoo.co.uk");
  EXPECT_EQ(mailHostTypo("aol.con"), "aol.com");  // a short .com host: its top-level domain only
  EXPECT_EQ(mailHostTypo("hotmial.fr"), "hotmail.fr");
  // the hosts themselves, and real hosts one edit from one
  for (const char* d : {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.co.uk", "ymail.com", "mail.com",
                        "email.com", "cloud.com", "gmx.com", "aol.com", "me.com"})
    EXPECT_EQ(mailHostTypo(d), "") << d;
  // two edits, other domains, a short host's name, a country's host in another country
  for (const char* d : {"gmial.con", "gmaiil.comm", "acme.com", "gmc.com", "aok.com", "hotmail.fi", "yahoo.gr",
                        "mail.gmial.com", "gmail.com.evil.io", "a.co", "", "con"})
    EXPECT_EQ(mailHostTypo(d), "") << d;
  // an IDN domain (punycode) does not crash and is no typo
  EmailResult idn = normalizeEmail("ann@gm\xD0\xB0il.com");  // a Cyrillic a
  ASSERT_TRUE(idn.ok()) << idn.error().message;
  EXPECT_EQ(mailHostTypo(idn.domain), "");
  EXPECT_FALSE(isDisposableDomain(idn.domain));
}

TEST(ListQuality, PlanRowsCarryTheWarningsAndSendTheEmailAsGiven) {
  auto p = runPlan("reached", kReached,
                   R"([{"email":"Ann@Mailinator.com"},{"email":"Sales+EU@acme.com"},{"email":"ann@gmial.com"},
                      {"email":"ann@gmail.com"},{"email":"info@gmail.con"}])");
  ASSERT_EQ(p.rows.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(p.row(i)["status"], "ok") << p.row(i).dump();
  EXPECT_EQ(codes(p.row(0)["warnings"]), std::vector<std::string>{"disposable_email"});
  EXPECT_EQ(p.row(0)["lead"]["email"], "ann@mailinator.com");
  EXPECT_EQ(codes(p.row(1)["warnings"]), std::vector<std::string>{"role_email"});
  EXPECT_EQ(p.row(1)["lead"]["email"], "sales+eu@acme.com");
  const J& typo = p.row(2)["warnings"];
  ASSERT_EQ(codes(typo), std::vector<std::string>{"email_typo"});
  EXPECT_EQ(typo[0]["field"], "email");
  EXPECT_EQ(typo[0]["suggestion"], "ann@gmail.com");
  EXPECT_NE(typo[0]["message"].get<std::string>().find("gmail.com"), std::string::npos);
  EXPECT_EQ(p.row(2)["lead"]["email"], "ann@gmial.com");
  EXPECT_TRUE(p.row(3)["warnings"].empty()) << p.row(3).dump();
  EXPECT_EQ(codes(p.row(4)["warnings"]), (std::vector<std::string>{"role_email", "email_typo"}));
  EXPECT_EQ(p.row(4)["warnings"][1]["suggestion"], "info@gmail.com");
  for (size_t i = 0; i < 5; ++i)
    for (const auto& w : p.row(i)["warnings"]) {
      EXPECT_FALSE(w.contains("dropped")) << w.dump();
      EXPECT_FALSE(w.contains("hint")) << w.dump();
    }
  EXPECT_EQ(p.summary["ok"], 5);
  // strict does not make them errors
  auto strict = runPlan("reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","strict":true})",
                        R"([{"email":"info@mailinator.com"},{"email":"ann@gmial.com"}])");
  EXPECT_EQ(strict.statuses(), (std::vector<std::string>{"ok", "ok"}));
  EXPECT_EQ(codes(strict.row(0)["warnings"]), (std::vector<std::string>{"disposable_email", "role_email"}));
}

TEST(ListQuality, LeanWarningsKeepTheSuggestion) {
  auto created = lrtest::createPlanner("reached", kReached);
  ASSERT_TRUE(created);
  std::string head, body;
  created.value()->pushLean(R"([{"email":"ann@gmial.com"},{"email":"bo@gmial.com"},{"email":"ann@gmail.com"}])", false,
                            true, head, body);
  J h = lrtest::parse(head);
  ASSERT_EQ(h["warnings"].size(), 2u) << head;  // one per suggestion
  EXPECT_EQ(h["warnings"][0]["suggestion"], "ann@gmail.com");
  EXPECT_EQ(h["warnings"][1]["suggestion"], "bo@gmail.com");
}
