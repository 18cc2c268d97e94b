// The options of plan, validateLead and Roster: read once from JSON, checked
// against the provider.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "providers/provider.h"
#include "result.h"

namespace leadroster {

// Options shared by plan, validateLead and Roster.
struct PlanOptions {
  std::string campaignId;
  std::string defaultCountry;  // upper case, validated
  std::string channel = "email";
  size_t batchSize = 0;     // 0: the provider's default
  size_t maxBodyBytes = 0;  // 0: no cap
  bool hasTemplate = false;
  std::string templateText;
  std::vector<std::string> templateVariables;  // parsed from templateText
  bool foldGmail = false;
  bool strict = false;      // an optional field that fails its format is an error, not a warning
  bool emitBodies = false;  // native callers: put the request body in each request
  Json existing = Json::array();
  // Suppression entries (options.suppressed): a lead holding one is never
  // planned into a request (status "suppressed", suppressedBy its index).
  // kind: 'e'mail, 'd'omain (every email at it or under it), 'p'hone,
  // 'l'inkedin; emails and domains lowercased.
  struct Suppression {
    char kind;
    std::string value;
  };
  std::vector<Suppression> suppressed;
  bool hasSuppressed = false;     // the option was given (the summary then counts suppressed rows)
  Json request = Json::object();  // the provider's request options given (Provider::requestOptions)
};

// Reads options from a JSON object (null = none). A wrong option is an Error
// whose `option` names it: invalid_type (wrong JSON type), invalid_value (out
// of range) or unknown_option (a name this engine does not know).
Result<PlanOptions> parseOptions(const Provider& provider, const Json& options);

// A provider and its options, read and checked.
struct Configured {
  const Provider* provider = nullptr;
  PlanOptions options;
};

// Reads the options JSON text (empty = none) for the provider. Finding a
// provider by its id is the API's (api/lookup.h): the engine never includes
// the registry.
Result<Configured> configure(const Provider& provider, std::string_view optionsJson);

}  // namespace leadroster
