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
#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) { return {{}, {{"linkedinUrl", KeyKind::LinkedIn}}}; }

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"success", true}, {"leadsAdded", leads.size()}, {"duplicatesSkipped", 0}, {"invalidEntries", 0}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
// 2xx: {success, leadsAdded, duplicatesSkipped, invalidEntries, errors?}; an
// error entry naming its lead (index or linkedinUrl) rejects that row first.
// 4xx: {statusCode, message, error}; the request added nothing.
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) return rejectRequest(a, in);
  if (!objectBody(a, in)) return;
  const Json& b = *in.body;
  if (saysFailure(a, b, "success: false")) return;
  auto added = num(get(b, "leadsAdded"));
  auto dups = num(get(b, "duplicatesSkipped"));
  auto invalid = num(get(b, "invalidEntries"));
  if (!added && !dups && !invalid) {
    a.error("unexpected_body", "a 2xx answer without leadsAdded/duplicatesSkipped/invalidEntries");
    return;
  }
  rejectEntries(a, get(b, "errors"), in.leads);
  settleByCounts(a, added, dups, invalid);
}
// The emulator's answer: the counts, and an error entry per invalid lead.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  r.body["leadsAdded"] = emulated::count(in.rows, "ok");
  r.body["duplicatesSkipped"] = emulated::count(in.rows, "duplicate");
  r.body["invalidEntries"] = emulated::count(in.rows, "invalid");
  Json errors = Json::array();
  for (const auto& row : in.rows) {
    if (!emulated::is(row, "invalid")) continue;
    const Json* lead = emulated::lead(in.leads, row);
    errors.push_back({{"index", row.value("index", Json(nullptr))},
                      {"linkedinUrl", lead ? emulated::member(*lead, "linkedinUrl") : Json(nullptr)},
                      {"message", emulated::message(row)}});
  }
  if (!errors.empty()) r.body["errors"] = errors;
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "sendpilot";
  p.name = "SendPilot";
  p.pathTemplate = "/v1/leads";
  p.body = BodyShape::CampaignIdAndLeads;
  p.headers = {{"X-API-Key", "YOUR_API_KEY"}};
  p.auth = {{AuthScheme::Header, "X-API-Key"}};
  p.errors.shape = R"({"statusCode":"$status","message":"$message","error":"$statusText"})";
  p.errors.invalidBatch = "Validation failed";
  p.maxPerRequest = 100;
  p.defaultPerRequest = 100;
  p.extraFieldsAreCustom = true;
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"linkedinUrl", "LinkedIn profile URL; the identity and dedup key", T::String, F::LinkedInProfile, true, 500},
      {"firstName", "First name", T::String, F::None, false, 200},
      {"lastName", "Last name", T::String, F::None, false, 200},
      {"company", "Company name", T::String, F::None, false, 200},
      {"title", "Job title", T::String, F::None, false, 200},
  };
  // Spreadsheet concepts (src/api/headers.cpp) to these fields.
  p.concepts = {
      {"firstName", "firstName"}, {"lastName", "lastName"}, {"fullName", "firstName+lastName"},
      {"company", "company"},     {"title", "title"},       {"linkedinUrl", "linkedinUrl"},
  };
  p.identity = identity;
  p.predict = predict;
  p.readAnswer = readAnswer;
  p.emulate = emulate;
  return p;
}

}  // namespace

const Provider& sendpilotProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
