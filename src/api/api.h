// The string-in / string-out API the bindings and native tools call. Every
// function returns UTF-8 JSON and never throws; a bad argument is reported as
// {"fatal": "<message naming the argument>"} (the JS wrapper throws it).
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "engine/planner.h"
#include "engine/roster.h"

namespace leadroster::api {

std::string version();
std::string providers();  // ["magnetite",...]

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
  static std::unique_ptr<LeadValidator> create(std::string_view provider, std::string_view optionsJson,
                                               std::string& error);
  LeadValidator(const Provider& p, PlanOptions o);
  // {"ok":bool,"lead":{...},"errors":[...],"warnings":[...]}
  std::string check(std::string_view leadJson) const;

 private:
  const Provider& provider_;
  PlanOptions options_;
  IdentityRules rules_;
};

// The provider's documented answer to each request of a plan (plan as JSON,
// requests with their bodies): [{"status":200,"body":{...}},...].
std::string predictResponse(std::string_view provider, std::string_view planJson);

// SendKit's other two modes. {"ok":true,"request":{...}} or {"ok":false,"errors":[...]}.
std::string sendkitFilterRequest(std::string_view campaignId, std::string_view filtersJson);
std::string sendkitSelectAllRequest(std::string_view campaignId, std::string_view excludeIdsJson);

}  // namespace leadroster::api
