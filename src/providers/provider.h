// A provider is data plus a few small functions. The engine (src/engine/:
// check_lead, schema, planner, roster) is written once and driven by this description.
// Adding a provider: one new file in src/providers/ and one line in registry.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "normalize/text.h"

namespace leadroster {

// The JSON type a field must have.
enum class FieldType {
  String,
  Number,   // any JSON number
  Integer,  // a JSON number without fraction
  Boolean,
  Object,       // with child fields described by their dotted paths
  FreeObject,   // any JSON object, not looked into
  StringArray,  // array of strings
  Any,          // any JSON value
  Scalar,       // string, number, boolean or null (flat custom fields)
};

// What the string inside a field must be; drives normalization.
enum class Format {
  None,
  Email,
  Phone,
  LinkedInProfile,
  LinkedInCompany,
  Url,
  Domain,
  Uuid,
  HexId24,  // a 24-hex-digit id (sendkit's lead ids)
  Country,  // ISO 3166 alpha-2, the default region for the row's phone
};

// What kind of identity a dedup key compares.
enum class KeyKind { Email, LinkedIn, Phone, Id };

// One row of a provider's field table: {path, description, type, format, required,
// maxLength, send}. The description sits in the row so that no field can be
// listed without one, nor a description without its field.
struct FieldSpec {
  std::string_view path;         // dotted: "company.signals.recentFunding.amount"
  std::string_view description;  // one line, for describeProvider
  FieldType type = FieldType::String;
  Format format = Format::None;
  bool required = false;  // missing -> missing_field
  size_t maxLength = 0;   // bytes of a string value; 0 = the engine default
  bool send = true;       // false: read by leadroster (e.g. country), not sent
};

struct DedupKey {
  std::string_view field;  // top-level field name
  KeyKind kind;
};

struct Header {
  std::string_view name;
  std::string_view placeholder;  // never a real key
};

// Where the API key travels. The emulator accepts any one of a provider's
// ways; push fills the key in.
enum class AuthScheme {
  Header,         // the key is the value of header `name` (X-Api-Key: KEY)
  Bearer,         // Authorization: Bearer KEY
  BasicPassword,  // Authorization: Basic base64(":" KEY) (the key as password, no user)
  Query,          // the key in query parameter `name` (?api_key=KEY)
};
struct Auth {
  AuthScheme scheme;
  std::string_view name;  // the header or query parameter; "Authorization" for Bearer / Basic
};

// The provider's error body: a JSON template whose string values "$status"
// (number), "$statusText", "$code" and "$message" are filled in, and
// "$index?", "$details?", "$retryAfter?" are filled in or the key dropped.
struct ErrorCode {
  int status;
  std::string_view code;
};
struct ErrorBodies {
  std::string_view shape = R"({"error":"$message"})";
  std::vector<ErrorCode> codes;            // "$code" for each status
  std::string_view defaultCode = "error";  // a status the table does not name
  std::string_view missingKeyCode;         // 401 without any key (empty: the 401 code)
  std::string_view invalidBatch;           // message for a body that is not a batch (empty: the emulator's)
};

enum class BodyShape {
  Lead,                // the lead object itself (one per request)
  Leads,               // {"leads": [...]}
  CampaignIdAndLeads,  // {"campaignId": "...", "leads": [...]}
  Envelope,            // Provider::envelope(options) plus {<leadsKey>: [...]}
};

// An option of one provider's request (instantly's skip_if_in_workspace,
// smartlead's settings, lemlist's deduplicate): read by parseOptions beside the
// common options, kept in PlanOptions::request, used by the provider's hooks.
struct RequestOption {
  std::string_view name;
  std::string_view description;               // one line, for describeProvider
  FieldType type = FieldType::Boolean;        // Boolean or String
  Format format = Format::None;               // Uuid: the value must be a uuid
  std::vector<std::string_view> values = {};  // a String option's allowed values (empty: any)
};

// Template variable syntax, e.g. {{firstName}} or %custom_fields.industry%.
struct TemplateSyntax {
  std::string_view open;
  std::string_view close;
};

struct PlanOptions;  // engine/options.h
struct Answer;       // providers/answer.h
struct AnswerInput;
class LeadHooks;  // providers/hooks.h

// The identity rules in force for one set of options (puffle's depend on the channel).
struct IdentityRules {
  std::vector<std::string_view> anyOf;  // at least one present and valid, else missing_identity
  std::vector<DedupKey> dedupKeys;      // in matchedOn order
};

// A documented rate limit on add-lead requests (requests == 0: none documented).
struct RateLimit {
  size_t requests = 0;           // per window
  double windowSeconds = 0;      // the window's length
  size_t burst = 0;              // requests allowed at once (0: same as requests)
  std::string_view per = "key";  // whose budget: "key" (each API key) or "workspace" (all its keys)
};

// A predicted provider answer for one request carrying `leads`.
struct PredictedResponse {
  int status = 200;
  Json body;
};

// One add request as the emulator's campaign took it: `rows` is what a Roster's
// add returned for `leads` ([{index, status: ok|duplicate|invalid, id?,
// existingId?, errors?}]), `predicted` the provider's predict for them.
struct EmulatedRequest {
  std::string_view campaignId;
  const Json& leads;
  const Json& rows;
  const PredictedResponse& predicted;
};

// Where a path template takes the campaign id.
inline constexpr std::string_view kCampaignIdPlaceholder = "{campaignId}";

// A spreadsheet concept (first name, email, company…; the alias table of
// src/api/headers.cpp names the concepts and their header names) and the
// provider field it fills: a path, "path:first" / "path:last" (the part of a
// full name), or "first+last" (a full name split into two fields).
struct ConceptField {
  std::string_view concept;
  std::string_view target;
};

struct Provider {
  std::string_view id;
  std::string_view name;  // shown to people ("SendPilot"); empty: the id
  std::string_view method = "POST";
  std::string_view pathTemplate;           // kCampaignIdPlaceholder is replaced
  Format campaignIdFormat = Format::None;  // Uuid where the page says the id is a uuid
  BodyShape body = BodyShape::Leads;
  std::vector<Header> headers;
  size_t maxPerRequest = 1;      // the provider's documented maximum
  size_t defaultPerRequest = 1;  // used when options.batchSize is absent
  std::vector<FieldSpec> fields;
  bool extraFieldsAreCustom = false;    // sendpilot: unknown flat properties are custom fields
  std::string_view customFieldsObject;  // free object holding custom fields (puffle custom_fields)
  TemplateSyntax templateSyntax{"{{", "}}"};
  std::string_view statusWhenLaunched = "pending";  // status of leads added after launch
  std::string_view statusBeforeLaunch = "pending";
  bool freezesOnLaunch = false;                // puffle: mutations refused once launched
  RateLimit rateLimit;                         // documented limit on add-lead requests
  size_t rosterAddMax = 0;                     // rows per Roster::add call (1..this); 0: no limit
  std::vector<std::string_view> leadStatuses;  // the page's lead statuses (list filter); empty: any
  std::string_view leadsKey = "leads";         // BodyShape::Envelope: the key holding the leads array
  std::vector<RequestOption> requestOptions;   // options of this provider's request

  // BodyShape::Envelope: the body's other members for these options (an object).
  Json (*envelope)(const PlanOptions&) = nullptr;
  // A query string for these options ("?deduplicate=true"), appended to the path; nullptr: none.
  std::string (*pathQuery)(const PlanOptions&) = nullptr;
  std::vector<ConceptField> concepts;  // header concepts to fields, best first per concept
  std::vector<Auth> auth;              // where the key goes (any one accepted)
  ErrorBodies errors;                  // the shape of its error answers
  // GET (list) / PATCH / DELETE on one campaign's leads, the lead id where
  // the template has {leadId} (puffle); empty: the API documents only the add.
  std::string_view leadPathTemplate;
  // The whole request is refused (400 naming the lead's index) when a lead
  // lacks its identity (puffle); otherwise such a lead is one rejected row.
  bool refusesBatchWithoutIdentity = false;

  // Identity rules for the given options.
  IdentityRules (*identity)(const PlanOptions&) = nullptr;
  // Provider-specific checks after the generic ones (may add errors, warnings,
  // fields), through the narrow view of providers/hooks.h.
  void (*afterValidate)(LeadHooks&, const PlanOptions&) = nullptr;
  // The provider's documented answer to one request carrying `leads`.
  PredictedResponse (*predict)(const Json& leads, const PlanOptions&, size_t requestNumber) = nullptr;
  // A request body of another mode than leads (sendkit's filter and select-all
  // bodies): true and its predicted answer in `out`; false for a leads body.
  bool (*predictOther)(const Json& body, PredictedResponse& out) = nullptr;
  // Reads the provider's 2xx or 4xx answer to one request into the rows
  // (providers/answer.h; 429 and 5xx are read by src/api/response.cpp for all).
  void (*readAnswer)(Answer& a, const AnswerInput& in) = nullptr;
  // The emulator's answer to one add request (npm/lib/emulator.mjs): the
  // documented body for what the campaign made of each lead. A status >= 400
  // returns the error's facts {code?, message, details?}, put in errors.shape.
  PredictedResponse (*emulate)(const EmulatedRequest& in) = nullptr;

  // The field at a dotted path, or nullptr: one hash and (almost always) one
  // compare, by an open-addressing index of `fields` built on first use.
  const FieldSpec* field(std::string_view path) const {
    if (fieldSlots_.empty()) buildFieldIndex();
    uint32_t mask = uint32_t(fieldSlots_.size() - 1);
    for (uint32_t i = hashPath(path) & mask;; i = (i + 1) & mask) {
      int32_t k = fieldSlots_[i];
      if (k < 0) return nullptr;
      if (text::sameBytes(fields[size_t(k)].path, path)) return &fields[size_t(k)];
    }
  }
  // Length and three bytes (first, middle, last): field names of one provider
  // rarely share all four, and a collision only costs a probe.
  static uint32_t hashPath(std::string_view s) {
    if (s.empty()) return 0;
    uint32_t h = uint32_t(s.size()) * 0x9E3779B1u;
    h ^= (uint32_t((unsigned char)s[0]) << 16) | (uint32_t((unsigned char)s[s.size() / 2]) << 8) |
         uint32_t((unsigned char)s[s.size() - 1]);
    h *= 0x85EBCA6Bu;
    return h ^ (h >> 13);
  }

 private:
  void buildFieldIndex() const {
    size_t n = 8;
    while (n < fields.size() * 3) n <<= 1;
    std::vector<int32_t> slots(n, -1);
    for (size_t k = 0; k < fields.size(); ++k) {
      uint32_t i = hashPath(fields[k].path) & uint32_t(n - 1);
      while (slots[i] >= 0) i = (i + 1) & uint32_t(n - 1);
      slots[i] = int32_t(k);
    }
    fieldSlots_ = std::move(slots);
  }
  mutable std::vector<int32_t> fieldSlots_;  // index into fields, -1 empty (built once)
};

}  // namespace leadroster
