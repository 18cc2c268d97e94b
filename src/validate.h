// Checking one lead against a provider: schema, normalization, identities.
#pragma once
#include <string>
#include <vector>

#include "json.h"
#include "lead.h"
#include "result.h"
#include "providers/provider.h"

namespace leadroster {

// One problem with a row. An empty `field` with fieldIsNull means the row as
// a whole (missing_identity, a row that is not an object): JSON null.
struct Problem {
  std::string field;
  std::string code;
  std::string message;
  bool fieldIsNull = false;
};

// One identity of a valid lead: the dedup key of a provider field.
struct Identity {
  std::string_view field;  // the provider field it came from (matchedOn)
  KeyKind kind;
  std::string key;         // the dedup key (may differ from the value sent)
};

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

struct LeadCheck {
  Lead lead;  // the lead as it will be sent (for an invalid row: the fields that passed)
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  std::vector<Identity> identities;  // in the provider's dedup key order
  bool ok() const { return errors.empty(); }

  void error(std::string field, const char* code, std::string message);
  void rowError(const char* code, std::string message);  // field: null
  void warning(std::string field, const char* code, std::string message);
};

// Validates and normalizes one row given as JSON text (invalid JSON, invalid
// UTF-8 or nesting deeper than 64 levels is an invalid_type error on the row).
// Never throws.
LeadCheck checkLead(const Provider& provider, std::string_view rowJson, const PlanOptions& options,
                    const IdentityRules& rules);
// The same for a parsed row (options.existing, roster patches).
LeadCheck checkLead(const Provider& provider, const Json& row, const PlanOptions& options,
                    const IdentityRules& rules);

// Appends the JSON of a problem list: [{"field":..,"code":..,"message":..}].
void appendProblems(std::string& out, const std::vector<Problem>& problems);
// Appends s as a JSON string literal.
void appendJsonString(std::string& out, std::string_view s);
// {"fatal":"<message>"}: a bad argument, thrown as an Error by the JS wrapper.
std::string fatalJson(std::string_view message);
// A 24-hex-digit id (SendKit's lead ids), any case.
bool isHexId24(std::string_view s);


}  // namespace leadroster
