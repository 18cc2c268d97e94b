// A provider is one file: its description is whole and consistent (providerDefects),
// and the engine and API name no provider.
#include <gtest/gtest.h>

#include "providers/registry.h"

using namespace leadroster;

namespace {
IdentityRules byEmail(const PlanOptions&) { return {{"email"}, {{"email", KeyKind::Email}}}; }
PredictedResponse none(const Json&, const PlanOptions&, size_t) { return {}; }

Provider sample() {
  Provider p;
  p.id = "sample";
  p.fields = {
      {"email", "Email address", FieldType::String, Format::Email},
      {"company", "Company data", FieldType::Object},
      {"company.name", "Company name"},
      {"custom", "Custom fields", FieldType::FreeObject},
  };
  p.customFieldsObject = "custom";
  p.identity = byEmail;
  p.predict = none;
  p.readAnswer = [](Answer&, const AnswerInput&) {};
  p.pathTemplate = "/v1/campaigns/{campaignId}/leads";
  p.auth = {{AuthScheme::Bearer, "Authorization"}};
  p.emulate = [](const EmulatedRequest& in) { return in.predicted; };
  return p;
}
}  // namespace

TEST(ProviderFile, EveryRegisteredProviderIsWhole) {
  for (const Provider* p : allProviders()) {
    std::vector<std::string> defects = providerDefects(*p);
    EXPECT_TRUE(defects.empty()) << p->id << ": " << (defects.empty() ? "" : defects.front());
  }
}

TEST(ProviderFile, ASoundDescriptionHasNoDefect) { EXPECT_TRUE(providerDefects(sample()).empty()); }

TEST(ProviderFile, AFieldWithoutDescriptionIsADefect) {
  Provider p = sample();
  p.fields[2].description = {};
  EXPECT_EQ(providerDefects(p).size(), 1u);
}

TEST(ProviderFile, AChildPathWhoseParentIsNoObjectFieldIsADefect) {
  Provider p = sample();
  p.fields.push_back({"contact.city", "City"});  // no "contact" field
  p.fields.push_back({"email.host", "Host"});    // "email" is a string
  EXPECT_EQ(providerDefects(p).size(), 2u);
}

TEST(ProviderFile, APathListedTwiceIsADefect) {
  Provider p = sample();
  p.fields.push_back({"email", "Email again", FieldType::String});
  EXPECT_EQ(providerDefects(p).size(), 1u);
}

TEST(ProviderFile, IdentityAndCustomObjectMustNameFields) {
  Provider p = sample();
  p.identity = [](const PlanOptions&) { return IdentityRules{{"mail"}, {{"phone", KeyKind::Phone}}}; };
  p.customFieldsObject = "company";  // an Object, not a FreeObject
  // anyOf and dedup key, each for both channels, and the custom object
  EXPECT_EQ(providerDefects(p).size(), 5u);
}

TEST(ProviderFile, TheEmulatorsDataIsPartOfTheFile) {
  Provider p = sample();
  p.auth.clear();                              // where does the key go?
  p.emulate = nullptr;                         // what does the emulator answer?
  p.errors.shape = R"({"error": "$message")";  // not JSON
  EXPECT_EQ(providerDefects(p).size(), 3u);
  Provider q = sample();
  q.pathTemplate = "/v1/leads";          // the campaign id neither in the path nor in the body
  q.leadPathTemplate = "/v1/leads/one";  // a lead path without {leadId}
  q.auth = {{AuthScheme::Header, ""}};
  EXPECT_EQ(providerDefects(q).size(), 3u);
}

TEST(ProviderFile, AConceptMustFillFieldsOfTheTable) {
  Provider p = sample();
  p.concepts = {{"email", "email"}, {"company", "company.name"}};
  EXPECT_TRUE(providerDefects(p).empty());
  p.concepts.push_back({"firstName", "first_name"});          // no such field
  p.concepts.push_back({"fullName", "email+surname"});        // no surname
  p.concepts.push_back({"firstName", "company.name:given"});  // first or last only
  EXPECT_EQ(providerDefects(p).size(), 3u);
}
