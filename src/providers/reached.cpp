// Reached — POST /v1/campaigns/:id/leads with {leads: [...]}.
// Page: ../shared/seeds/002_fd154ffa0353aa87.txt
//
// Choices where the page is silent:
// - Leads per call: the page documents no maximum. leadroster sends 100 per
//   call by default (options.batchSize may raise it up to 10,000).
// - The campaign id must be a uuid (the page types the path parameter `uuid`).
// - Dedup key order (matchedOn): phone, email, lead_id.
// - An identity that is present but invalid (a phone that can't be made E.164)
//   makes the row invalid rather than being dropped: the API needs E.164.
// - linkedin_url must be a profile URL; row `country` is the phone's region, not sent.
// - Predicted answer: one `added` result per lead, lead_id echoed when given,
//   otherwise a deterministic placeholder id.
#include <cstdio>

#include "engine/options.h"
#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) {
  return {{"phone", "email", "lead_id"},
          {{"phone", KeyKind::Phone}, {"email", KeyKind::Email}, {"lead_id", KeyKind::Id}}};
}

PredictedResponse predict(const Json& leads, const PlanOptions& options, size_t requestNumber) {
  Json results = Json::array();
  size_t i = 0;
  for (const auto& lead : leads) {
    auto id = lead.find("lead_id");
    std::string leadId;
    if (id != lead.end() && id->is_string()) {
      leadId = id->get<std::string>();
    } else {
      char buf[48];
      std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%04zx%08zx", requestNumber & 0xffff, i);
      leadId = buf;
    }
    results.push_back(Json{{"lead_id", leadId}, {"status", "added"}});
    ++i;
  }
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"data", Json{{"campaign_id", options.campaignId}, {"results", results}}}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
// 2xx: {data: {campaign_id, results: [{lead_id, status} | {error}]}}, one result
// per lead in order: added, already_in_campaign (duplicate), or an error;
// lead_id is kept as the row's leadId
// (rejected, code missing_identity when the result names none).
// 4xx: {error: {code, message}}; the request added nothing.
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) return rejectRequest(a, in);
  if (!objectBody(a, in)) return;
  const Json* data = get(*in.body, "data");
  const Json* results = data ? get(*data, "results") : nullptr;
  if (!results || !results->is_array()) {
    a.error("unexpected_body", "a 2xx answer without data.results");
    return;
  }
  size_t i = 0;
  for (const auto& r : *results) {
    if (i >= a.rows.size()) break;
    AnswerRow& row = a.rows[i++];
    std::string status = str(get(r, "status"));
    const Json* err = get(r, "error");
    if (const Json* id = get(r, "lead_id"); id && (id->is_string() || id->is_number())) row.leadId = str(id);
    if (status == "added") {
      row.result = "added";
    } else if (status == "already_in_campaign") {
      row.result = "duplicate";
    } else if (err || status == "error" || status == "failed" || status == "skipped") {
      row.result = "rejected";
      if (err && err->is_object()) {
        row.code = str(get(*err, "code"));
        row.message = str(get(*err, "message"));
      } else {
        row.message = err ? str(err) : str(get(r, "message"));
      }
      if (row.code.empty()) row.code = "missing_identity";
    } else {
      row.code = "unexpected_status";
      row.message = "result status " + (status.empty() ? std::string("missing") : "\"" + status + "\"");
    }
  }
  if (results->size() != a.rows.size())
    a.error("unexpected_body", "data.results has " + std::to_string(results->size()) + " entries for " +
                                   std::to_string(a.rows.size()) + " leads");
}
// The emulator's answer: one result per lead, in request order.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  Json results = Json::array();
  for (const auto& row : in.rows) {
    if (emulated::is(row, "ok"))
      results.push_back({{"lead_id", emulated::member(row, "id")}, {"status", "added"}});
    else if (emulated::is(row, "duplicate"))
      results.push_back({{"lead_id", emulated::member(row, "existingId")}, {"status", "already_in_campaign"}});
    else
      results.push_back({{"error", {{"code", "bad_request"}, {"message", emulated::message(row)}}}});
  }
  Json data = r.body.value("data", Json::object());
  data["campaign_id"] = std::string(in.campaignId);
  data["results"] = results;
  r.body = Json{{"data", data}};
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "reached";
  p.name = "Reached";
  p.pathTemplate = "/v1/campaigns/{campaignId}/leads";
  p.campaignIdFormat = Format::Uuid;
  p.body = BodyShape::Leads;
  p.headers = {{"Authorization", "Bearer YOUR_API_KEY"}};
  p.auth = {{AuthScheme::Bearer, "Authorization"}};
  p.errors.shape = R"({"error":{"code":"$code","message":"$message"}})";
  p.errors.codes = {
      {400, "bad_request"}, {401, "unauthorized"}, {404, "not_found"}, {429, "rate_limited"}, {500, "internal"}};
  p.errors.defaultCode = "internal";
  p.maxPerRequest = 10000;
  p.defaultPerRequest = 100;
  p.rateLimit = RateLimit{100, 60, 0};  // 100 requests a minute per key (seeds/README.md)
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"phone", "Phone number, sent as E.164; an identity", T::String, F::Phone, false, 64},
      {"email", "Email address; an identity", T::String, F::Email, false, 254},
      {"lead_id", "Your own lead id (uuid); an identity", T::String, F::Uuid, false, 64},
      {"first_name", "First name", T::String, F::None, false, 200},
      {"last_name", "Last name", T::String, F::None, false, 200},
      {"company_name", "Company name", T::String, F::None, false, 200},
      {"title", "Job title", T::String, F::None, false, 200},
      {"linkedin_url", "LinkedIn profile URL", T::String, F::LinkedInProfile, false, 500},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent", T::String,
       F::Country, false, 100, false},
  };
  // Spreadsheet concepts (src/api/headers.cpp) to these fields.
  p.concepts = {
      {"email", "email"},
      {"firstName", "first_name"},
      {"lastName", "last_name"},
      {"fullName", "first_name+last_name"},
      {"company", "company_name"},
      {"title", "title"},
      {"linkedinUrl", "linkedin_url"},
      {"phone", "phone"},
      {"country", "country"},
  };
  p.identity = identity;
  p.predict = predict;
  p.readAnswer = readAnswer;
  p.emulate = emulate;
  return p;
}

}  // namespace

const Provider& reachedProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
