// The options of plan, validateLead and Roster: read once from JSON, checked
// against the provider.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "providers/provider.h"

namespace leadroster {

// Options shared by plan, validateLead and Roster.
struct PlanOptions {
  std::string campaignId;
  std::string defaultCountry;  // upper case, validated
  std::string channel = "email";
  size_t batchSize = 0;        // 0: the provider's default
  size_t maxBodyBytes = 0;     // 0: no cap
  bool hasTemplate = false;
  std::string templateText;
  std::vector<std::string> templateVariables;  // parsed from templateText
  bool foldGmail = false;
  bool strict = false;         // an optional field that fails its format is an error, not a warning
  bool emitBodies = false;     // native callers: put the request body in each request
  Json existing = Json::array();
};

// Reads options from a JSON object. Returns an error message naming the
// option when one is wrong (the JS API throws it as an Error), or "".
std::string parseOptions(const Provider& provider, const Json& options, PlanOptions& out);

// Finds the provider and reads the options JSON (empty = none). Returns
// nullptr with `error` naming the bad argument.
const Provider* resolveProvider(std::string_view providerId, std::string_view optionsJson, PlanOptions& out,
                                std::string& error);

}  // namespace leadroster
