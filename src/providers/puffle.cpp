// Puffle — GET/POST/PATCH/DELETE /api/campaigns/:id/leads on a draft campaign.
// Page: ../shared/seeds/004_5fc62649d8fffda0.txt
//
// Choices where the page is silent:
// - Body {leads: [...]} (inferred, see the seeds README); 1..1000 per POST.
// - Built-in columns besides the identities (the page names none): first_name,
//   last_name, company_name, title, phone; custom_fields is a free JSON object.
//   Other keys are warned (unknown_field) and not sent.
// - The campaign id must be a uuid ("Campaign UUID").
// - The non-channel identity is "captured opportunistically when provided and
//   valid": when invalid it is left out of the lead with a warning carrying the
//   normalizer's code, and the row stays ok (the engine's rule for every optional
//   field, check_lead.cpp; options.strict makes it an error).
// - roster.add takes 1..1000 rows a call (the page's "1–1000 per call");
//   list's status filter takes the page's pipeline stages only.
// - A template variable is %name% or %custom_fields.key% (name and key made
//   of letters, digits and '_', not starting with a digit); any other text
//   between percent signs ("20%-30%") is prose.
// - LinkedIn URLs whose slug begins `imported-` are placeholders: invalid_linkedin_url.
// - Templates: %custom_fields.<key>% and %<column>%; a missing one is a warning.
// - Predicted answer: {imported, duplicates} per request.
#include "result.h"
#include "engine/check_lead.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions& o) {
  if (o.channel == "linkedin")
    return {{"linkedin_url"}, {{"linkedin_url", KeyKind::LinkedIn}, {"email", KeyKind::Email}}};
  return {{"email"}, {{"email", KeyKind::Email}, {"linkedin_url", KeyKind::LinkedIn}}};
}

// The secondary identity, when invalid, is left out by the engine's optional-field rule.
void checkPlaceholders(LeadCheck& check, const PlanOptions&) {
  static const std::string prefix = "https://www.linkedin.com/in/imported-";
  const std::string* li = check.lead.string("linkedin_url");
  if (li && li->rfind(prefix, 0) == 0) {
    check.error("linkedin_url", code::invalid_linkedin_url,
                "linkedin_url " + *li + " is an imported placeholder, not a real profile URL");
    check.lead.erase("linkedin_url");
  }
}

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"imported", leads.size()}, {"duplicates", 0}};
  return r;
}

Provider make() {
  Provider p;
  p.id = "puffle";
  p.pathTemplate = "/api/campaigns/{campaignId}/leads";
  p.campaignIdFormat = Format::Uuid;
  p.body = BodyShape::Leads;
  p.headers = {{"Authorization", "Bearer YOUR_API_KEY"}};
  p.maxPerRequest = 1000;
  p.defaultPerRequest = 1000;
  p.templateSyntax = {"%", "%"};
  p.freezesOnLaunch = true;
  p.rosterAddMax = 1000;
  // "pending is the launch queue; sent/connection_sent/connected/message_sent
  // are in-flight; replied/bounced/completed/timed_out/cancelled are terminal."
  p.leadStatuses = {"pending", "sent", "connection_sent", "connected", "message_sent",
                    "replied", "bounced", "completed", "timed_out", "cancelled"};
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"email", T::String, F::Email, false, 254},
      {"linkedin_url", T::String, F::LinkedInProfile, false, 500},
      {"first_name", T::String, F::None, false, 200},
      {"last_name", T::String, F::None, false, 200},
      {"company_name", T::String, F::None, false, 200},
      {"title", T::String, F::None, false, 200},
      {"phone", T::String, F::Phone, false, 64},
      {"custom_fields", T::FreeObject},
      {"country", T::String, F::Country, false, 100, false},
  };
  p.customFieldsObject = "custom_fields";
  p.describe({
      {"email", "Email address; the identity on an email campaign"},
      {"linkedin_url", "LinkedIn profile URL; the identity on a linkedin campaign"},
      {"first_name", "First name"},
      {"last_name", "Last name"},
      {"company_name", "Company name"},
      {"title", "Job title"},
      {"phone", "Phone number, sent as E.164"},
      {"custom_fields", "Free-form custom fields, usable in templates as %custom_fields.key%"},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent"},
  });
  p.identity = identity;
  p.afterValidate = checkPlaceholders;
  p.predict = predict;
  return p;
}

}  // namespace

const Provider& puffleProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
