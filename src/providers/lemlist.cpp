// lemlist — POST /api/campaigns/{campaignId}/leads/ with one lead per request.
// Documents: developer.lemlist.com's API reference ("Create Lead in Campaign",
// OpenAPI `post /campaigns/{campaignId}/leads/`, the Lead object, Rate Limit,
// Authentication) and its earlier edition github.com/l3mpire/lemlist-developer
// (Apache-2.0: source/index.html.md, source/includes/_campaigns.md "Add a Lead in
// a Campaign", _errors.md). Request schema vendored in tests/fixtures/lemlist/.
//
// From the documents:
// - Authorization: Basic base64(":" + key) — an empty login, the key as password
//   (or ?access_token=KEY, which leadroster does not use: a key in a URL leaks).
// - The body is the lead, a JSON object: email, firstName, lastName, companyName,
//   jobTitle, icebreaker, phone, picture, linkedinUrl, companyDomain, timezone,
//   and any other key "with any information you want to add to the lead" (a
//   custom variable, {{name}} in templates).
// - Query flags: deduplicate=true (not inserted when the email is in another
//   campaign), findEmail, verifyEmail, linkedinEnrichment.
// - 200: the lead as created ({_id: "lea_...", campaignId, campaignName, leadUrl,
//   isPaused, email, firstName, ...}); errors 400, 401, 403, 404, 405, 429, 500, 503.
// - Rate limit: 20 requests per 2 seconds per API key, with Retry-After,
//   X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (a date).
//
// Choices where the documents are silent:
// - Identity: email or linkedinUrl (lemlist takes a lead with either); dedup by
//   email, then linkedinUrl.
// - Request options deduplicate, findEmail, verifyEmail, linkedinEnrichment
//   (booleans) are sent in the query as given (absent: not sent).
// - Custom variables are scalars (string, number, boolean or null): an array or
//   an object is invalid_type. A custom key that collides with a lead field —
//   the same name but for case, '_', '-' or spaces ("First Name", "EMAIL"), or
//   one of the lead's own keys lemlist sets (_id, campaignId, campaignName,
//   leadUrl, isPaused, isUnsubscribed, contactId) — is invalid_value: lemlist
//   would store it over, or beside, the field it shadows.
// - phone is sent as E.164; picture must be an http(s) URL; companyDomain a domain.
// - Answer: a 2xx with the lead's _id is `added` (leadId = _id); a 4xx whose text
//   says the lead is already there ("already in the campaign", "already
//   exists", a deduplicate refusal) is `duplicate`; other 4xx reject the lead.
//   lemlist's errors are plain text; a JSON error body is read too.
// - The campaign id is sent as given (lemlist's ids look like cam_...).
// - Row `country` is a leadroster column (the phone's region), not sent.
#include <cctype>
#include <string>

#include "engine/options.h"
#include "providers/hooks.h"
#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) {
  return {{"email", "linkedinUrl"}, {{"email", KeyKind::Email}, {"linkedinUrl", KeyKind::LinkedIn}}};
}

constexpr const char* kQueryFlags[] = {"deduplicate", "findEmail", "verifyEmail", "linkedinEnrichment"};

std::string pathQuery(const PlanOptions& o) {
  std::string q;
  for (const char* k : kQueryFlags) {
    auto v = o.request.find(k);
    if (v == o.request.end() || !v->is_boolean()) continue;
    if (!q.empty()) q += '&';
    q += std::string(k) + (v->get<bool>() ? "=true" : "=false");
  }
  return q;
}

std::string folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '_' && c != '-' && c != ' ') out += char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

LEADROSTER_COLD_CODE_BEGIN
void checkCustom(LeadHooks& check, const PlanOptions&);
LEADROSTER_COLD_CODE_END

PredictedResponse predict(const Json& leads, const PlanOptions& o, size_t requestNumber) {
  PredictedResponse r;
  r.status = 200;
  Json lead = leads.empty() || !leads[0].is_object() ? Json::object() : leads[0];
  lead["_id"] = "lea_" + std::to_string(requestNumber + 1);
  lead["campaignId"] = o.campaignId;
  lead["isPaused"] = false;
  r.body = lead;
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
bool saysAlreadyThere(const std::string& message) {
  std::string m;
  for (char c : message) m += char(std::tolower(static_cast<unsigned char>(c)));
  return m.find("already") != std::string::npos || m.find("deduplicat") != std::string::npos;
}

void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) {
    failed(a, in);
    if ((in.status == 400 || in.status == 409) && saysAlreadyThere(a.errorMessage)) {
      a.outcome = "accepted";
      std::string message = a.errorMessage;
      a.errorCode.clear();
      a.errorMessage.clear();
      return a.all("duplicate", "already_in_campaign", message);
    }
    return a.all("rejected", a.errorCode, a.errorMessage);
  }
  if (!objectBody(a, in)) return;
  const Json* id = get(*in.body, "_id");
  if (!id || !(id->is_string() || id->is_number())) {
    a.error("unexpected_body", "a 2xx answer without the lead's _id");
    return;
  }
  a.all("added");
  for (auto& r : a.rows) r.leadId = str(id);
}

void checkCustom(LeadHooks& check, const PlanOptions&) {
  static constexpr std::string_view kOwnKeys[] = {"_id",      "campaignId",     "campaignName", "leadUrl",
                                                  "isPaused", "isUnsubscribed", "contactId"};
  static constexpr std::string_view kFields[] = {"email",       "firstName",     "lastName", "companyName",
                                                 "jobTitle",    "icebreaker",    "phone",    "picture",
                                                 "linkedinUrl", "companyDomain", "timezone", "country"};
  std::vector<std::string> drop;
  for (size_t i = 0; i < check.size(); ++i) {
    const HookField f = check.at(i);
    bool known = false;
    for (auto k : kFields) known |= f.key == k;
    if (known) continue;
    const std::string key(f.key);
    if (!f.isString && !f.value.empty() && (f.value[0] == '[' || f.value[0] == '{')) {
      check.error(key, code::invalid_type,
                  key + " must be a string, number, boolean or null (lemlist's custom variables are scalars)");
      drop.push_back(key);
      continue;
    }
    std::string shadowed;
    for (auto k : kOwnKeys)
      if (folded(key) == folded(k)) shadowed = std::string(k);
    for (auto k : kFields)
      if (folded(key) == folded(k)) shadowed = std::string(k);
    if (!shadowed.empty()) {
      check.error(
          key, code::invalid_value,
          "custom variable " + key + " collides with the lead's " + shadowed + "; rename it or map it to " + shadowed);
      drop.push_back(key);
    }
  }
  for (const auto& k : drop) check.erase(k);
}
LEADROSTER_COLD_CODE_END

LEADROSTER_COLD_CODE_BEGIN
// The emulator's answer: the lead with its _id; a refused or duplicate lead is a
// 400 with its message (errors.shape {message}).
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  if (in.rows.empty()) return r;
  const Json& row = in.rows.front();
  if (emulated::is(row, "invalid")) return PredictedResponse{400, Json{{"message", emulated::message(row)}}};
  if (emulated::is(row, "duplicate")) return PredictedResponse{400, Json{{"message", "Lead already in the campaign"}}};
  r.body["_id"] = emulated::member(row, "id");
  r.body["campaignId"] = std::string(in.campaignId);
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "lemlist";
  p.name = "lemlist";
  p.auth = {{AuthScheme::BasicPassword, "Authorization"}};
  p.errors.shape = R"({"message":"$message"})";
  p.pathTemplate = "/api/campaigns/{campaignId}/leads/";
  p.body = BodyShape::Lead;
  p.headers = {{"Authorization", "Basic BASE64(:YOUR_API_KEY)"}};
  p.maxPerRequest = 1;
  p.defaultPerRequest = 1;
  p.extraFieldsAreCustom = true;
  p.rateLimit = RateLimit{20, 2, 0, "key"};  // 20 requests per 2 seconds per API key
  using T = FieldType;
  using F = Format;
  p.requestOptions = {
      {"deduplicate", "Query deduplicate: do not insert a lead whose email is in another campaign"},
      {"findEmail", "Query findEmail: find a verified email (lemlist credits)"},
      {"verifyEmail", "Query verifyEmail: verify the lead's email (lemlist credits)"},
      {"linkedinEnrichment", "Query linkedinEnrichment: run the LinkedIn enrichment (lemlist credits)"},
  };
  p.fields = {
      {"email", "Email address; an identity and the dedup key", T::String, F::Email, false, 254},
      {"firstName", "First name", T::String, F::None, false, 200},
      {"lastName", "Last name", T::String, F::None, false, 200},
      {"companyName", "Company name", T::String, F::None, false, 200},
      {"jobTitle", "Job title", T::String, F::None, false, 200},
      {"icebreaker", "Icebreaker text", T::String, F::None, false, 10000},
      {"phone", "Phone number, sent as E.164", T::String, F::Phone, false, 64},
      {"picture", "Picture URL (http or https)", T::String, F::Url, false, 2000},
      {"linkedinUrl", "LinkedIn profile URL; an identity", T::String, F::LinkedInProfile, false, 500},
      {"companyDomain", "Domain of the lead's company", T::String, F::Domain, false, 253},
      {"timezone", "Time zone (IANA, e.g. Europe/Paris)", T::String, F::None, false, 64},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent", T::String,
       F::Country, false, 100, false},
  };
  p.concepts = {
      {"email", "email"},
      {"firstName", "firstName"},
      {"lastName", "lastName"},
      {"fullName", "firstName+lastName"},
      {"company", "companyName"},
      {"title", "jobTitle"},
      {"linkedinUrl", "linkedinUrl"},
      {"phone", "phone"},
      {"domain", "companyDomain"},
      {"timezone", "timezone"},
      {"country", "country"},
  };
  p.emulate = emulate;
  p.identity = identity;
  p.pathQuery = pathQuery;
  p.afterValidate = checkCustom;
  p.predict = predict;
  p.readAnswer = readAnswer;
  return p;
}

}  // namespace

const Provider& lemlistProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
