// SendKit's filter and select-all modes (its page: "Mode 2 — Filter-based",
// "Mode 3 — Select all"). The filter keys are not named on the page; they are
// inferred from its text: tags, search, verificationStatus, country, leadIds.
#include <algorithm>

#include "normalize/uuid.h"
#include "api/api.h"
#include "api/cold.h"
#include "api/sendkit_modes.h"
#include "engine/campaign_id.h"
#include "engine/intake.h"
#include "normalize/phone.h"
#include "result.h"
#include "normalize/text.h"
#include "providers/registry.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

namespace {

std::string answer(std::string_view campaignId, const Json& body, const std::vector<Problem>& errors) {
  if (!errors.empty()) {
    std::string out = "{\"ok\":false,\"errors\":";
    appendProblems(out, errors);
    return out + "}";
  }
  const Provider& p = *findProvider("sendkit");
  PlanOptions o;
  o.campaignId = std::string(campaignId);
  std::string out = "{\"ok\":true,\"request\":{\"method\":\"POST\",\"path\":";
  appendJsonString(out, requestPath(p, o));
  out += ",\"headers\":" + headersJson(p) + ",\"body\":" + dumpJson(body) + ",\"indexes\":[]}}";
  return out;
}

void checkIdList(const Json& ids, const std::string& field, std::vector<Problem>& errors) {
  if (!ids.is_array()) {
    errors.push_back({field, code::invalid_type, field + " must be an array of 24-hex lead ids"});
    return;
  }
  size_t i = 0;
  for (const auto& v : ids) {
    if (!v.is_string() || !isHexId24(v.get_ref<const std::string&>())) {
      errors.push_back({field, code::invalid_value,
                        field + " item " + std::to_string(i) + " is not a 24-hex lead id"});
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
  if (!doc || !doc.value.is_object()) return fatalJson(Error{code::invalid_type, "filters must be an object", {}});
  filters = std::move(doc.value);
  std::vector<Problem> errors;
  if (filters.empty())
    errors.push_back({"filters", code::missing_field,
                      "filters needs at least one of tags, search, verificationStatus, country, leadIds"});
  Json body = Json::object();
  for (auto it = filters.begin(); it != filters.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    std::string field = "filters." + k;
    if (k == "tags") {
      bool good = v.is_array();
      if (good)
        for (const auto& t : v) good &= t.is_string() && !t.get_ref<const std::string&>().empty();
      if (!good) errors.push_back({field, code::invalid_type, field + " must be an array of non-empty strings"});
    } else if (k == "search" || k == "verificationStatus") {
      if (!v.is_string() || v.get_ref<const std::string&>().empty())
        errors.push_back({field, code::invalid_type, field + " must be a non-empty string"});
      else if (v.get_ref<const std::string&>().size() > 500)
        errors.push_back({field, code::too_long, field + " is longer than 500 bytes"});
    } else if (k == "country") {
      if (!v.is_string() || !isKnownRegion(v.get_ref<const std::string&>()))
        errors.push_back({field, code::invalid_value, field + " must be an ISO 3166 alpha-2 country code"});
    } else if (k == "leadIds") {
      checkIdList(v, field, errors);
    } else {
      errors.push_back({field, code::invalid_value,
                        field + " is not a SendKit filter; use tags, search, verificationStatus, country or leadIds"});
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
    ids = std::move(doc.value);
  }
  if (ids.is_null()) ids = Json::array();
  std::vector<Problem> errors;
  checkIdList(ids, "excludeIds", errors);
  Json body = Json{{"selectAll", true}};
  if (!ids.empty()) body["excludeIds"] = ids;
  return answer(campaignId, body, errors);
}

PredictedResponse predictSendkitMode(const Json& body) {
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
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"success", true}, {"data", Json{{"added", matched}, {"skipped", 0}, {"matched", matched}}}};
  return r;
}

bool isSendkitModeBody(const Json& body) {
  return body.is_object() && !body.contains("leads") && (body.contains("filters") || body.contains("selectAll"));
}

}  // namespace leadroster::api
LEADROSTER_COLD_CODE_END
