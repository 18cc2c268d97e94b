// The string-in / string-out API the bindings and native tools call. Every
// function returns UTF-8 JSON and never throws; a bad argument is reported as
// {"fatal":{"option":<name>|null,"code":..,"message":<naming the argument>}}
// (fatalJson; the JS wrapper throws it as a TypeError/RangeError/Error).
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "engine/planner.h"
#include "engine/roster.h"

namespace leadroster::api {

std::string version();
std::string providers();  // the registry's ids, in its order

// The provider as the engine knows it, for these options (JSON object; shape in
// describe.cpp and npm/index.d.ts ProviderDescription), or {"fatal": ...}.
std::string describeProvider(std::string_view provider, std::string_view optionsJson);
Json describeProviderJson(const Provider& p, const PlanOptions& o);
// {"errors":[...],"warnings":[...],"mappingWarnings":[...]}: every stable code the engine reports.
std::string codes();

// Spreadsheet headers (JSON array of strings) to the provider's fields; args
// {"map": {"Header": "field"|"-"}, "options": {...}} (api/headers.cpp):
// {"mapping":[{header, column, field, how, rank, part?, split?}], "missing":[...], "warnings":[...]}.
std::string mapHeaders(std::string_view provider, std::string_view headersJson, std::string_view argsJson);
// The alias table: [{"concept","targets":[...],"aliases":[...]}].
std::string headerAliases();

std::string normalizeEmail(std::string_view s);        // {"ok":true,"value","domain"} | {"ok":false,"code","message"}
std::string normalizeLinkedInUrl(std::string_view s);  // {"ok":true,"value","kind"} | ...
std::string normalizePhone(std::string_view s, std::string_view defaultCountry);
std::string normalizeDomain(std::string_view s);
std::string normalizeUuid(std::string_view s);
// The registrable domain of a host by the Public Suffix List: {"ok":true,"value":"acme.co.uk"} | {"ok":false,...}
std::string registrableDomain(std::string_view s);
bool isFreeMailDomain(std::string_view s);

// Checks single leads with fixed options (the browser form case); build once, call often.
class LeadValidator {
 public:
  static Result<std::unique_ptr<LeadValidator>> create(std::string_view provider, std::string_view optionsJson);
  LeadValidator(const Provider& p, PlanOptions o);
  // {"ok":bool,"lead":{...},"errors":[...],"warnings":[...]}
  std::string check(std::string_view leadJson) const;

 private:
  const Provider& provider_;
  PlanOptions options_;
  IdentityRules rules_;
  mutable LeadCheck check_;  // reused call after call (its memory is kept), as the planner does
};

// The provider's documented answer to each request of a plan (plan as JSON,
// requests with their bodies): [{"status":200,"body":{...}},...].
std::string predictResponse(std::string_view provider, std::string_view planJson);

// The emulator's answer to one add request (src/api/emulate.cpp): request
// {"campaignId", "leads":[...], "rows": what a Roster's add returned for them,
// "requestNumber"?}; returns {"status", "body"}. A status >= 400 carries the
// error's facts {code?, message, details?} for describeProvider().errors.body.
std::string emulateAnswer(std::string_view provider, std::string_view requestJson);

// What the provider's answer to one request says about each row it carried
// (src/api/response.cpp). request: {"indexes":[...],"body":...} (body optional,
// used to match error entries to rows); headers: a JSON object (any case);
// nowMs: the clock for Retry-After / X-RateLimit-Reset dates. Returns
// {"outcome":"accepted"|"retry"|"failed","retryAfterMs":n|null,"error"?:{code,message},
//  "rows":[{"index","result":"added"|"duplicate"|"rejected"|"unknown","code"?,"message"?}]}.
std::string readResponse(std::string_view provider, std::string_view requestJson, int status,
                         std::string_view headersJson, std::string_view bodyText, double nowMs);

// The other two modes of one provider's add (its file, src/providers/). {"ok":true,"request":{...}} or
// {"ok":false,"errors":[...]}.
std::string sendkitFilterRequest(std::string_view campaignId, std::string_view filtersJson);
std::string sendkitSelectAllRequest(std::string_view campaignId, std::string_view excludeIdsJson);

}  // namespace leadroster::api
