// SendKit — POST /v1/campaigns/{id}/leads; three modes: explicit leads
// (1..5000), filters, or selectAll + excludeIds.
// Page: ../shared/seeds/003_d6f661b5d969e4dd.txt
//
// Choices where the page is silent:
// - leadId is the 24-hex id of the page's example (not a uuid); sent lowercased.
// - Lead fields: the page's example names email, leadId, firstName, lastName,
//   companyName; other keys are warned (unknown_field) and not sent.
// - Dedup key order (matchedOn): leadId, then email.
// - Filter keys (not named on the page, inferred from its text): tags (array of
//   strings), search (string), verificationStatus (string), country (ISO
//   alpha-2), leadIds (array of 24-hex ids). See sendkit_modes.cpp.
// - New roster leads are `pending` before launch and `active` after (its page);
//   those are the statuses list() filters on. roster.add takes 1..5000 rows.
// - leadId is checked for its form before its length: a uuid given as leadId
//   is invalid_value, not too_long.
// - Filter / select-all predictions answer {added, skipped, matched} (the
//   page's second example): matched is the number of distinct leadIds of a
//   filter on leadIds alone, all added; 0 otherwise (the workspace decides).
#include "engine/check_lead.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) {
  return {{"leadId", "email"}, {{"leadId", KeyKind::Id}, {"email", KeyKind::Email}}};
}

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"success", true},
                {"data", Json{{"added", leads.size()}, {"skipped", 0}, {"errors", Json::array()}}}};
  return r;
}

Provider make() {
  Provider p;
  p.id = "sendkit";
  p.pathTemplate = "/v1/campaigns/{campaignId}/leads";
  p.body = BodyShape::Leads;
  p.headers = {{"X-Api-Key", "YOUR_API_KEY"}, {"Authorization", "Bearer YOUR_API_TOKEN"}};
  p.maxPerRequest = 5000;
  p.defaultPerRequest = 5000;
  p.statusBeforeLaunch = "pending";
  p.statusWhenLaunched = "active";
  p.rosterAddMax = 5000;
  p.leadStatuses = {"pending", "active"};
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"leadId", T::String, F::HexId24, false, 24},
      {"email", T::String, F::Email, false, 254},
      {"firstName", T::String, F::None, false, 200},
      {"lastName", T::String, F::None, false, 200},
      {"companyName", T::String, F::None, false, 200},
      {"country", T::String, F::Country, false, 100, false},
  };
  p.describe({
      {"leadId", "Existing SendKit lead id (24 hex digits); an identity"},
      {"email", "Email address; an identity"},
      {"firstName", "First name"},
      {"lastName", "Last name"},
      {"companyName", "Company name"},
      {"country", "Row country (ISO alpha-2, names accepted): read by leadroster, not sent"},
  });
  p.identity = identity;
  p.predict = predict;
  return p;
}

}  // namespace

const Provider& sendkitProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
