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
//   alpha-2), leadIds (array of 24-hex ids). See the request builders at the end of this file.
// - New roster leads are `pending` before launch and `active` after (its page);
//   those are the statuses list() filters on. roster.add takes 1..5000 rows.
// - leadId is checked for its form before its length: a uuid given as leadId
//   is invalid_value, not too_long.
// - Filter / select-all predictions answer {added, skipped, matched} (the
//   page's second example): matched is the number of distinct leadIds of a
//   filter on leadIds alone, all added; 0 otherwise (the workspace decides).
#include <algorithm>

#include "cold.h"
#include "api/api.h"
#include "engine/campaign_id.h"
#include "engine/intake.h"
#include "normalize/phone.h"
#include "normalize/uuid.h"
#include "normalize/text.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"
#include "result.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) {
  return {{"leadId", "email"}, {{"leadId", KeyKind::Id}, {"email", KeyKind::Email}}};
}

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"success", true}, {"data", Json{{"added", leads.size()}, {"skipped", 0}, {"errors", Json::array()}}}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
// 2xx: {success, data: {added, skipped, errors: [{entry, message}]}}; an error
// entry echoing its lead rejects that row first, then the counts settle the rest.
// 4xx: {success: false, error: {code, message}}; the request added nothing.
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) return rejectRequest(a, in);
  if (!objectBody(a, in)) return;
  const Json& b = *in.body;
  if (saysFailure(a, b)) return;
  const Json* data = get(b, "data");
  if (!data || !data->is_object()) {
    a.error("unexpected_body", "a 2xx answer without data");
    return;
  }
  const Json* errors = get(*data, "errors");
  rejectEntries(a, errors, in.leads);
  size_t nErrors = errors && errors->is_array() ? errors->size() : 0;
  settleByCounts(a, num(get(*data, "added")), num(get(*data, "skipped")), double(nErrors));
}

bool isModeBody(const Json& body) {
  return body.is_object() && !body.contains("leads") && (body.contains("filters") || body.contains("selectAll"));
}

// A filter or select-all body (no "leads"): the page's answer {added, skipped, matched}.
bool predictOther(const Json& body, PredictedResponse& r) {
  if (!isModeBody(body)) return false;
  size_t matched = 0;
  auto filters = body.find("filters");
  if (filters != body.end() && filters->is_object() && filters->size() == 1 && filters->contains("leadIds") &&
      (*filters)["leadIds"].is_array()) {
    std::vector<std::string> ids;
    for (const auto& v : (*filters)["leadIds"])
      if (v.is_string()) ids.push_back(text::toLowerAscii(v.get_ref<const std::string&>()));
    std::sort(ids.begin(), ids.end());
    matched = size_t(std::unique(ids.begin(), ids.end()) - ids.begin());
  }
  r.status = 200;
  r.body = Json{{"success", true}, {"data", Json{{"added", matched}, {"skipped", 0}, {"matched", matched}}}};
  return true;
}
// The emulator's answer: the counts, and {entry, message} per invalid lead.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  Json errors = Json::array();
  for (const auto& row : in.rows) {
    if (!emulated::is(row, "invalid")) continue;
    const Json* lead = emulated::lead(in.leads, row);
    errors.push_back({{"entry", lead ? *lead : Json(nullptr)}, {"message", emulated::message(row)}});
  }
  r.body["data"] = Json{{"added", emulated::count(in.rows, "ok")},
                        {"skipped", emulated::count(in.rows, "duplicate")},
                        {"errors", errors}};
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "sendkit";
  p.name = "SendKit";
  p.pathTemplate = "/v1/campaigns/{campaignId}/leads";
  p.body = BodyShape::Leads;
  p.headers = {{"X-Api-Key", "YOUR_API_KEY"}, {"Authorization", "Bearer YOUR_API_TOKEN"}};
  p.auth = {{AuthScheme::Header, "X-Api-Key"}, {AuthScheme::Bearer, "Authorization"}};
  p.errors.shape = R"({"success":false,"error":{"code":"$code","message":"$message"}})";
  p.errors.codes = {{400, "VALIDATION_ERROR"},
                    {401, "UNAUTHORIZED"},
                    {404, "NOT_FOUND"},
                    {429, "RATE_LIMITED"},
                    {500, "INTERNAL_ERROR"}};
  p.errors.defaultCode = "ERROR";
  p.errors.invalidBatch = "Provide leads array, filters, or selectAll: true";
  p.maxPerRequest = 5000;
  p.defaultPerRequest = 5000;
  p.statusBeforeLaunch = "pending";
  p.statusWhenLaunched = "active";
  p.rosterAddMax = 5000;
  p.leadStatuses = {"pending", "active"};
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"leadId", "Existing SendKit lead id (24 hex digits); an identity", T::String, F::HexId24, false, 24},
      {"email", "Email address; an identity", T::String, F::Email, false, 254},
      {"firstName", "First name", T::String, F::None, false, 200},
      {"lastName", "Last name", T::String, F::None, false, 200},
      {"companyName", "Company name", T::String, F::None, false, 200},
      {"country", "Row country (ISO alpha-2, names accepted): read by leadroster, not sent", T::String, F::Country,
       false, 100, false},
  };
  // Spreadsheet concepts (src/api/headers.cpp) to these fields.
  p.concepts = {
      {"email", "email"},         {"firstName", "firstName"},
      {"lastName", "lastName"},   {"fullName", "firstName+lastName"},
      {"company", "companyName"}, {"country", "country"},
  };
  p.identity = identity;
  p.predict = predict;
  p.predictOther = predictOther;
  p.readAnswer = readAnswer;
  p.emulate = emulate;
  return p;
}

}  // namespace

const Provider& sendkitProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster

// ---- the filter and select-all request builders (api.h)

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

namespace {

// One problem of a filter or select-all request: {field, code, message}.
void problem(Json& errors, const std::string& field, const char* code, std::string message) {
  errors.push_back(Json{{"field", field}, {"code", code}, {"message", std::move(message)}});
}

std::string answer(std::string_view campaignId, const Json& body, const Json& errors) {
  if (!errors.empty()) return "{\"ok\":false,\"errors\":" + dumpJson(errors) + "}";
  const Provider& p = sendkitProvider();
  PlanOptions o;
  o.campaignId = std::string(campaignId);
  std::string out = "{\"ok\":true,\"request\":{\"method\":\"POST\",\"path\":";
  appendJsonString(out, requestPath(p, o));
  out += ",\"headers\":" + headersJson(p) + ",\"body\":" + dumpJson(body) + ",\"indexes\":[]}}";
  return out;
}

void checkIdList(const Json& ids, const std::string& field, Json& errors) {
  if (!ids.is_array()) {
    problem(errors, field, code::invalid_type, field + " must be an array of 24-hex lead ids");
    return;
  }
  size_t i = 0;
  for (const auto& v : ids) {
    if (!v.is_string() || !isHexId24(v.get_ref<const std::string&>())) {
      problem(errors, field, code::invalid_value, field + " item " + std::to_string(i) + " is not a 24-hex lead id");
      return;
    }
    ++i;
  }
}

}  // namespace

std::string sendkitFilterRequest(std::string_view campaignId, std::string_view filtersJson) {
  if (campaignId.empty()) return fatalJson(Error{code::invalid_type, "campaignId must be a non-empty string", {}});
  if (std::string why = campaignIdProblem(campaignId, true); !why.empty())
    return fatalJson(Error{code::invalid_option, why, "campaignId"});
  Json filters;
  Result<Json> doc = parseDocument(filtersJson);
  if (!doc || !doc.value().is_object()) return fatalJson(Error{code::invalid_type, "filters must be an object", {}});
  filters = std::move(doc.value());
  Json errors = Json::array();
  if (filters.empty())
    problem(errors, "filters", code::missing_field,
            "filters needs at least one of tags, search, verificationStatus, country, leadIds");
  Json body = Json::object();
  for (auto it = filters.begin(); it != filters.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    std::string field = "filters." + k;
    if (k == "tags") {
      bool good = v.is_array();
      if (good)
        for (const auto& t : v) good &= t.is_string() && !t.get_ref<const std::string&>().empty();
      if (!good) problem(errors, field, code::invalid_type, field + " must be an array of non-empty strings");
    } else if (k == "search" || k == "verificationStatus") {
      if (!v.is_string() || v.get_ref<const std::string&>().empty())
        problem(errors, field, code::invalid_type, field + " must be a non-empty string");
      else if (v.get_ref<const std::string&>().size() > 500)
        problem(errors, field, code::too_long, field + " is longer than 500 bytes");
    } else if (k == "country") {
      if (!v.is_string() || !isKnownRegion(v.get_ref<const std::string&>()))
        problem(errors, field, code::invalid_value, field + " must be an ISO 3166 alpha-2 country code");
    } else if (k == "leadIds") {
      checkIdList(v, field, errors);
    } else {
      problem(errors, field, code::invalid_value,
              field + " is not a SendKit filter; use tags, search, verificationStatus, country or leadIds");
    }
  }
  body["filters"] = filters;
  return answer(campaignId, body, errors);
}

std::string sendkitSelectAllRequest(std::string_view campaignId, std::string_view excludeIdsJson) {
  if (campaignId.empty()) return fatalJson(Error{code::invalid_type, "campaignId must be a non-empty string", {}});
  if (std::string why = campaignIdProblem(campaignId, true); !why.empty())
    return fatalJson(Error{code::invalid_option, why, "campaignId"});
  Json ids = Json::array();
  if (!excludeIdsJson.empty()) {
    Result<Json> doc = parseDocument(excludeIdsJson);
    if (!doc) return fatalJson(Error{code::invalid_type, "excludeIds must be an array", {}});
    ids = std::move(doc.value());
  }
  if (ids.is_null()) ids = Json::array();
  Json errors = Json::array();
  checkIdList(ids, "excludeIds", errors);
  Json body = Json{{"selectAll", true}};
  if (!ids.empty()) body["excludeIds"] = ids;
  return answer(campaignId, body, errors);
}

}  // namespace leadroster::api
LEADROSTER_COLD_CODE_END
