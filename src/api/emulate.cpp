// emulateAnswer: the provider's answer to one add request, as the emulator
// (npm/lib/emulator.mjs) gives it, from the provider file's `emulate` hook.
#include "api/api.h"
#include "api/lookup.h"
#include "cold.h"
#include "engine/intake.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

std::string emulateAnswer(std::string_view providerId, std::string_view requestJson) {
  Result<const Provider*> found = requireProvider(providerId);
  if (!found) return fatalJson(found.error());
  const Provider& p = *found.value();
  Result<Json> doc = parseDocument(requestJson);
  if (!doc || !doc.value().is_object())
    return fatalJson(Error{code::invalid_type, "the request must be an object {campaignId, leads, rows}", {}});
  const Json& req = doc.value();
  auto leads = req.find("leads");
  auto rows = req.find("rows");
  if (leads == req.end() || !leads->is_array() || rows == req.end() || !rows->is_array())
    return fatalJson(Error{code::invalid_type, "leads and rows must be arrays", {}});
  std::string campaignId;
  if (auto c = req.find("campaignId"); c != req.end() && c->is_string()) campaignId = c->get<std::string>();
  size_t requestNumber = 0;
  if (auto n = req.find("requestNumber"); n != req.end() && n->is_number_unsigned()) requestNumber = n->get<size_t>();
  PlanOptions o;
  o.campaignId = campaignId;
  // The documented answer for the leads the campaign added, then the hook's.
  Json added = Json::array();
  for (const auto& row : *rows) {
    auto s = row.find("status");
    auto i = row.find("index");
    if (s != row.end() && *s == "ok" && i != row.end() && i->is_number_unsigned() && i->get<size_t>() < leads->size())
      added.push_back((*leads)[i->get<size_t>()]);
  }
  PredictedResponse predicted = p.predict(added, o, requestNumber);
  PredictedResponse r = p.emulate ? p.emulate(EmulatedRequest{campaignId, *leads, *rows, predicted}) : predicted;
  return dumpJson(Json{{"status", r.status}, {"body", r.body}});
}

}  // namespace leadroster::api
LEADROSTER_COLD_CODE_END
