// mapHeaders: real export header sets (column names as the exporters document
// them), each mapped to each provider.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/api.h"
#include "json/json.h"
#include "providers/registry.h"
#include "test_helpers.h"

using namespace leadroster;

namespace {

// What a column is, independent of the provider.
enum C { none, email, first, last, full, company, title, linkedin, phone, country };

struct HeaderSet {
  const char* source;
  std::vector<std::pair<const char*, C>> columns;
};

const std::vector<HeaderSet>& headerSets() {
  static const std::vector<HeaderSet> sets = {
      {"HubSpot contacts export",
       {{"Record ID", none},
        {"First Name", first},
        {"Last Name", last},
        {"Email", email},
        {"Phone Number", phone},
        {"Mobile Phone Number", phone},
        {"Company Name", company},
        {"Job Title", title},
        {"Country/Region", country},
        {"City", none},
        {"Contact owner", none},
        {"Lifecycle Stage", none},
        {"Create Date", none}}},
      {"Salesforce leads report",
       {{"Lead ID", none},
        {"Salutation", none},
        {"First Name", first},
        {"Last Name", last},
        {"Title", title},
        {"Company / Account", company},
        {"Email", email},
        {"Phone", phone},
        {"Mobile", phone},
        {"Country", country},
        {"Lead Source", none},
        {"Lead Status", none},
        {"Lead Owner", none}}},
      {"Salesforce contacts report",
       {{"Contact ID", none},
        {"First Name", first},
        {"Last Name", last},
        {"Account Name", company},
        {"Title", title},
        {"Email", email},
        {"Phone", phone},
        {"Mailing Country", country},
        {"Contact Owner", none}}},
      {"Apollo people export",
       {{"First Name", first},
        {"Last Name", last},
        {"Title", title},
        {"Company", company},
        {"Company Name for Emails", none},
        {"Email", email},
        {"Email Status", none},
        {"Seniority", none},
        {"Departments", none},
        {"Work Direct Phone", phone},
        {"Mobile Phone", phone},
        {"Corporate Phone", phone},
        {"# Employees", none},
        {"Industry", none},
        {"Person Linkedin Url", linkedin},
        {"Website", none},
        {"Company Linkedin Url", none},
        {"City", none},
        {"State", none},
        {"Country", country},
        {"Apollo Contact Id", none}}},
      {"LinkedIn Sales Navigator lead list export",
       {{"First Name", first},
        {"Last Name", last},
        {"Full Name", full},
        {"Title", title},
        {"Company", company},
        {"LinkedIn Profile URL", linkedin},
        {"Sales Navigator URL", none},
        {"Location", none},
        {"Industry", none}}},
      {"Clay table export",
       {{"Full Name", full},
        {"First Name", first},
        {"Last Name", last},
        {"Job Title", title},
        {"Company Name", company},
        {"Company Domain", none},
        {"LinkedIn Profile", linkedin},
        {"Work Email", email},
        {"Mobile Phone", phone},
        {"Location", none},
        {"Country", country}}},
      {"Google Contacts CSV",
       {{"First Name", first},
        {"Middle Name", none},
        {"Last Name", last},
        {"Nickname", none},
        {"E-mail 1 - Label", none},
        {"E-mail 1 - Value", email},
        {"Phone 1 - Label", none},
        {"Phone 1 - Value", phone},
        {"Address 1 - Country", country},
        {"Organization Name", company},
        {"Organization Title", title},
        {"Organization Department", none},
        {"Website 1 - Value", none},
        {"Notes", none},
        {"Labels", none}}},
      {"Google Contacts CSV (old format)",
       {{"Name", full},
        {"Given Name", first},
        {"Family Name", last},
        {"E-mail 1 - Value", email},
        {"Phone 1 - Value", phone},
        {"Organization 1 - Name", company},
        {"Organization 1 - Title", title},
        {"Address 1 - Country", country}}},
      {"Outlook contacts CSV",
       {{"Title", none},
        {"First Name", first},
        {"Middle Name", none},
        {"Last Name", last},
        {"Suffix", none},
        {"Company", company},
        {"Department", none},
        {"Job Title", title},
        {"Business Street", none},
        {"Business City", none},
        {"Business Country/Region", country},
        {"Business Phone", phone},
        {"Mobile Phone", phone},
        {"E-mail Address", email},
        {"E-mail Display Name", none},
        {"Web Page", none},
        {"Notes", none}}},
      {"LinkedIn connections export",
       {{"First Name", first},
        {"Last Name", last},
        {"Email Address", email},
        {"Company", company},
        {"Position", title},
        {"Connected On", none}}},
      {"Zoho CRM leads export",
       {{"First Name", first},
        {"Last Name", last},
        {"Email", email},
        {"Company", company},
        {"Designation", title},
        {"Phone", phone},
        {"Mobile", phone},
        {"Country", country},
        {"Lead Source", none}}},
      {"lemlist export",
       {{"firstName", first},
        {"lastName", last},
        {"email", email},
        {"companyName", company},
        {"linkedinUrl", linkedin},
        {"phone", phone},
        {"icebreaker", none}}},
      {"Lusha export",
       {{"First Name", first},
        {"Last Name", last},
        {"Job Title", title},
        {"Company Name", company},
        {"Email 1", email},
        {"Phone 1", phone},
        {"LinkedIn URL", linkedin},
        {"Country", country}}},
      {"ZoomInfo export",
       {{"First Name", first},
        {"Last Name", last},
        {"Job Title", title},
        {"Email Address", email},
        {"Direct Phone Number", phone},
        {"Mobile phone", phone},
        {"Company Name", company},
        {"LinkedIn Contact Profile URL", linkedin},
        {"Country", country},
        {"ZoomInfo Contact ID", none}}},
      {"Plain spreadsheet",
       {{"Name", full},
        {"E-mail", email},
        {"company", company},
        {"ROLE", title},
        {"linkedin", linkedin},
        {"Mobile", phone},
        {"Country / Region", country},
        {"Notes ", none}}},
      {"French spreadsheet",
       {{"Prénom", first},
        {"Nom", last},
        {"Courriel", email},
        {"Société", company},
        {"Poste", title},
        {"Téléphone", phone},
        {"Pays", country}}},
      {"The issue's CRM export (samples/crm-export.csv)",
       {{"First Name", first},
        {"Last Name", last},
        {"Email Address", email},
        {"Company", company},
        {"Job Title", title},
        {"LinkedIn Profile", linkedin},
        {"Phone Number", phone},
        {"Country", country}}},
  };
  return sets;
}

// The field each kind of column fills for a provider; "" when it has none
// (then the column is custom where the provider has custom fields, else ignored).
struct Expect {
  std::map<C, std::string> field;
  bool custom;
  std::string customPrefix;  // puffle: custom_fields.
};

const std::map<std::string, Expect>& expectations() {
  static const std::map<std::string, Expect> e = {
      {"magnetite",
       {{{email, "email"},
         {first, "contactName"},
         {last, "contactName"},
         {full, "contactName"},
         {company, "companyName"},
         {title, "title"},
         {linkedin, "linkedInUrl"},
         {phone, "phone"},
         {country, "country"}},
        true,
        "customData."}},
      {"sendpilot",
       {{{email, ""},
         {first, "firstName"},
         {last, "lastName"},
         {full, "firstName"},
         {company, "company"},
         {title, "title"},
         {linkedin, "linkedinUrl"},
         {phone, ""},
         {country, ""}},
        true,
        ""}},
      {"reached",
       {{{email, "email"},
         {first, "first_name"},
         {last, "last_name"},
         {full, "first_name"},
         {company, "company_name"},
         {title, "title"},
         {linkedin, "linkedin_url"},
         {phone, "phone"},
         {country, "country"}},
        false,
        ""}},
      {"sendkit",
       {{{email, "email"},
         {first, "firstName"},
         {last, "lastName"},
         {full, "firstName"},
         {company, "companyName"},
         {title, ""},
         {linkedin, ""},
         {phone, ""},
         {country, "country"}},
        false,
        ""}},
      {"puffle",
       {{{email, "email"},
         {first, "first_name"},
         {last, "last_name"},
         {full, "first_name"},
         {company, "company_name"},
         {title, "title"},
         {linkedin, "linkedin_url"},
         {phone, "phone"},
         {country, "country"}},
        true,
        "custom_fields."}},
  };
  return e;
}

Json mapHeaders(const std::string& provider, const Json& headers, const Json& args = Json::object()) {
  return Json::parse(api::mapHeaders(provider, headers.dump(), args.dump()));
}

}  // namespace

TEST(MapHeaders, AtLeastFifteenRealExportsToEveryProvider) {
  ASSERT_GE(headerSets().size(), 15u);
  for (const auto& set : headerSets()) {
    Json headers = Json::array();
    for (const auto& [h, c] : set.columns) headers.push_back(h);
    for (const auto& [provider, ex] : expectations()) {
      SCOPED_TRACE(std::string(set.source) + " -> " + provider);
      Json m = mapHeaders(provider, headers);
      ASSERT_TRUE(m.contains("mapping")) << m.dump();
      ASSERT_EQ(m["mapping"].size(), set.columns.size());
      std::set<std::string> coreFields;
      for (const auto& [c, f] : ex.field)
        if (!f.empty()) coreFields.insert(f);
      for (size_t i = 0; i < set.columns.size(); ++i) {
        const auto& [header, kind] = set.columns[i];
        const Json& e = m["mapping"][i];
        SCOPED_TRACE(header);
        EXPECT_EQ(e["header"], header);
        if (kind == none) {
          // never one of the core fields (a second company, a salutation as title...)
          if (e["field"].is_string()) {
            EXPECT_EQ(coreFields.count(e["field"].get<std::string>()), 0u) << e.dump();
          }
          continue;
        }
        const std::string& want = ex.field.at(kind);
        if (want.empty()) {
          EXPECT_EQ(e["how"], ex.custom ? "custom" : "ignored") << e.dump();
          if (ex.custom) {
            EXPECT_EQ(e["field"].get<std::string>().rfind(ex.customPrefix, 0), 0u) << e.dump();
          }
          continue;
        }
        EXPECT_TRUE(e["how"] == "alias" || e["how"] == "exact") << e.dump();
        EXPECT_EQ(e["field"], want) << e.dump();
        if (kind == full && provider != "magnetite") {
          ASSERT_TRUE(e.contains("split")) << e.dump();
          EXPECT_EQ(e["split"]["last"], ex.field.at(last));
        }
        if (provider == "magnetite" && (kind == first || kind == last)) {
          EXPECT_EQ(e["part"], kind == first ? "first" : "last");
        }
      }
      // Identities: missing only when no column supplies one.
      std::set<C> kinds;
      for (const auto& [h, c] : set.columns) kinds.insert(c);
      bool identity = provider == "sendpilot"   ? kinds.count(linkedin) > 0
                      : provider == "reached"   ? kinds.count(phone) || kinds.count(email)
                      : provider == "magnetite" ? kinds.count(email) && kinds.count(company) &&
                                                      (kinds.count(first) || kinds.count(last) || kinds.count(full))
                                                : kinds.count(email) > 0;
      EXPECT_EQ(m["missing"].empty(), identity) << m["missing"].dump();
    }
  }
}

TEST(MapHeaders, CustomAndIgnoredColumnsAreWarnedByName) {
  Json headers = {"LinkedIn", "First Name", "Emial", "Lead Source"};
  Json sp = mapHeaders("sendpilot", headers);
  EXPECT_EQ(sp["mapping"][2]["how"], "custom");
  EXPECT_EQ(sp["mapping"][2]["field"], "emial");
  EXPECT_EQ(sp["mapping"][3]["field"], "leadSource");
  bool warned = false;
  for (const auto& w : sp["warnings"])
    if (w["code"] == "custom_columns") warned = w["headers"] == Json({"Emial", "Lead Source"});
  EXPECT_TRUE(warned) << sp["warnings"].dump();
  Json pu = mapHeaders("puffle", headers);
  EXPECT_EQ(pu["mapping"][3]["field"], "custom_fields.lead_source");
  Json rd = mapHeaders("reached", headers);
  EXPECT_EQ(rd["mapping"][2]["how"], "ignored");
  warned = false;
  for (const auto& w : rd["warnings"])
    if (w["code"] == "ignored_columns") warned = w["headers"] == Json({"Emial", "Lead Source"});
  EXPECT_TRUE(warned) << rd["warnings"].dump();
}

TEST(MapHeaders, UserMapWinsAndIsChecked) {
  Json headers = {"Emial", "Company", "Mobile"};
  Json m = mapHeaders("reached", headers, {{"map", {{"emial", "email"}, {"Company", "-"}}}});
  EXPECT_EQ(m["mapping"][0]["how"], "user");
  EXPECT_EQ(m["mapping"][0]["field"], "email");
  EXPECT_EQ(m["mapping"][1]["how"], "ignored");
  EXPECT_EQ(lrtest::fatalOf(mapHeaders("reached", headers, {{"map", {{"Emial", "mail"}}}})), "invalid_value/");
  EXPECT_EQ(lrtest::fatalOf(mapHeaders("nope", headers)), "unknown_provider/");
  EXPECT_EQ(lrtest::fatalOf(mapHeaders("reached", Json{1, 2})), "invalid_type/");
}

TEST(MapHeaders, IdFieldsMatchOnlyTheirOwnName) {
  Json m = mapHeaders("reached", Json{"Lead ID", "lead_id", "Email"});
  EXPECT_EQ(m["mapping"][0]["how"], "ignored");
  EXPECT_EQ(m["mapping"][1]["field"], "lead_id");
  EXPECT_EQ(mapHeaders("sendkit", Json{"leadId"})["mapping"][0]["field"], "leadId");
}

TEST(MapHeaders, PuffleIdentityFollowsTheChannel) {
  Json headers = {"Email", "Name"};
  EXPECT_TRUE(mapHeaders("puffle", headers)["missing"].empty());
  Json li = mapHeaders("puffle", headers, {{"options", {{"channel", "linkedin"}}}});
  ASSERT_EQ(li["missing"].size(), 1u);
  EXPECT_EQ(li["missing"][0]["anyOf"], Json({"linkedin_url"}));
}

TEST(MapHeaders, ExactNamesAndDottedPaths) {
  Json m = mapHeaders("magnetite", Json{"companyName", "company.industry", "customData.deal", "researchData.x"});
  EXPECT_EQ(m["mapping"][0]["how"], "exact");
  EXPECT_EQ(m["mapping"][1]["field"], "company.industry");
  EXPECT_EQ(m["mapping"][2]["field"], "customData.deal");
  EXPECT_EQ(m["mapping"][3]["field"], "researchData.x");
  Json p = mapHeaders("puffle", Json{"custom_fields.industry", "linkedin_url"});
  EXPECT_EQ(p["mapping"][0]["how"], "exact");
  EXPECT_EQ(p["mapping"][0]["field"], "custom_fields.industry");
}

TEST(MapHeaders, AliasTableIsSizable) {
  Json t = Json::parse(api::headerAliases());
  size_t n = 0;
  for (const auto& c : t) n += c["aliases"].size();
  EXPECT_GE(n, 200u);
}

// Each provider maps its own fields to the table's concepts (Provider::concepts):
// a concept the table does not have would never match a header.
TEST(MapHeaders, EveryProviderConceptIsInTheAliasTable) {
  Json t = Json::parse(api::headerAliases());
  std::set<std::string> known;
  for (const auto& c : t) known.insert(c["concept"].get<std::string>());
  for (const Provider* p : allProviders()) {
    EXPECT_FALSE(p->concepts.empty()) << p->id;
    for (const auto& c : p->concepts) EXPECT_TRUE(known.count(std::string(c.concept))) << p->id << ": " << c.concept;
  }
}
