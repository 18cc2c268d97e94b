// Checking one lead against a provider: schema, normalization, identities.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/lead.h"
#include "engine/options.h"
#include "json/json.h"
#include "json/json_reader.h"
#include "json/json_writer.h"
#include "providers/provider.h"
#include "result.h"

namespace leadroster {

// One problem with a row. An empty `field` with fieldIsNull means the row as
// a whole (missing_identity, a row that is not an object): JSON null.
// `message` is for people (plain words, no option names); `hint` (when set)
// says how a caller changes the outcome ("strict: true ..."). `dropped`: a
// warning whose value the user gave is left out of the lead (the row is still
// sent without it). `suggestion` (when set): the value the user likely meant
// (email_typo: "ann@gmail.com" for "ann@gmial.com"); nothing is changed by it.
struct Problem {
  std::string field;
  std::string code;
  std::string message;
  bool fieldIsNull = false;
  bool dropped = false;
  std::string hint{};  // a default member initializer: Problem{field, code, message, ...} may omit it
  std::string suggestion{};
};

// One identity of a valid lead: the dedup key of a provider field.
struct Identity {
  std::string_view field;  // the provider field it came from (matchedOn)
  KeyKind kind;
  std::string key;    // the dedup key (may differ from the value sent)
  uint64_t hash = 0;  // IdentityIndex::hashKey(kind, key) once computed (never 0 then)
};

struct LeadCheck {
  Lead lead;  // the lead as it will be sent (for an invalid row: the fields that passed)
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  std::vector<Identity> identities;  // in the provider's dedup key order
  bool ok() const { return errors.empty(); }
  // Empties it for the next row, keeping its memory.
  void reset() {
    lead.clear();
    errors.clear();
    warnings.clear();
    for (auto& id : identities) keyPool.push_back(std::move(id.key));  // their memory, for the next row
    identities.clear();
  }
  std::vector<std::string> keyPool;  // key strings kept between rows

  void error(std::string field, const char* code, std::string message);
  void rowError(const char* code, std::string message);  // field: null
  void warning(std::string field, const char* code, std::string message);
  // A warning for a value the user gave that is left out of the lead.
  void droppedWarning(std::string field, const char* code, std::string message);
};

// Validates and normalizes one row given as JSON text (invalid JSON, invalid
// UTF-8 or nesting deeper than 64 levels is an invalid_type error on the row).
// Never throws.
LeadCheck checkLead(const Provider& provider, std::string_view rowJson, const PlanOptions& options,
                    const IdentityRules& rules);
// The same into `check` (reset first): a caller checking row after row reuses
// one. check.lead may hold spans of rowJson: use it while rowJson lives, or
// call check.lead.own().
void checkLeadInto(const Provider& provider, std::string_view rowJson, const PlanOptions& options,
                   const IdentityRules& rules, LeadCheck& check);
// The same for a row whose top-level members are already read (a JSON object's
// members, views of text that outlives the check, as json::parse collects them).
void checkMembersInto(const Provider& provider, const json::Member* members, size_t count, const PlanOptions& options,
                      const IdentityRules& rules, LeadCheck& check);
// The same for a parsed row (options.existing, roster patches).
LeadCheck checkLead(const Provider& provider, const Json& row, const PlanOptions& options, const IdentityRules& rules);

// Appends the JSON of a problem list: [{"field":..,"code":..,"message":..}],
// with "dropped":true, "hint":".." and "suggestion":".." on the problems that have them.
void appendProblems(std::string& out, const std::vector<Problem>& problems);

}  // namespace leadroster
