// SendPilot — POST /v1/leads with {campaignId, leads: [...]}, 1..100 leads per call.
// Page: ../shared/seeds/001_993f84afb144e70a.txt
//
// Choices where the page is silent:
// - Any extra flat property is a custom field (the page says so); a custom field
//   must be a string, number, boolean, null or an array of those (it says
//   "flat"): a nested object is invalid_type, except `customFields`, whose
//   properties are sent flat ("no need for a nested customFields object").
//   Custom strings are capped at 2000 bytes.
// - email/phone/country on a sendpilot lead are plain custom fields: SendPilot is a
//   LinkedIn-only product and does not read them, so they are sent as given.
// - Templates use {{fieldName}}; a variable missing on a lead is a warning.
#include "engine/check_lead.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) { return {{}, {{"linkedinUrl", KeyKind::LinkedIn}}}; }

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"success", true},
                {"leadsAdded", leads.size()},
                {"duplicatesSkipped", 0},
                {"invalidEntries", 0}};
  return r;
}

Provider make() {
  Provider p;
  p.id = "sendpilot";
  p.pathTemplate = "/v1/leads";
  p.body = BodyShape::CampaignIdAndLeads;
  p.headers = {{"X-API-Key", "YOUR_API_KEY"}};
  p.maxPerRequest = 100;
  p.defaultPerRequest = 100;
  p.extraFieldsAreCustom = true;
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"linkedinUrl", T::String, F::LinkedInProfile, true, 500},
      {"firstName", T::String, F::None, false, 200},
      {"lastName", T::String, F::None, false, 200},
      {"company", T::String, F::None, false, 200},
      {"title", T::String, F::None, false, 200},
  };
  p.describe({
      {"linkedinUrl", "LinkedIn profile URL; the identity and dedup key"},
      {"firstName", "First name"},
      {"lastName", "Last name"},
      {"company", "Company name"},
      {"title", "Job title"},
  });
  p.identity = identity;
  p.predict = predict;
  return p;
}

}  // namespace

const Provider& sendpilotProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
