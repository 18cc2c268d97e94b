// Smartlead — POST /api/v1/campaigns/{campaign_id}/leads?api_key=KEY with
// {lead_list: [1..400], settings}.
// Document: SmartLead Leads API (operationId addLeadsToCampaign), harvested from
// api.smartlead.ai in github.com/api-evangelist/smartlead-ai,
// openapi/smartlead-ai-leads-api-openapi.yml; rate limits:
// api.smartlead.ai/guides/rate-limits (same repository,
// rate-limits/smartlead-ai-rate-limits.yml). Request schema vendored in
// tests/fixtures/smartlead/.
//
// From the document:
// - The key is the `api_key` query parameter of every request (no header).
// - Body {lead_list (max 400), settings {ignore_global_block_list, ignore_unsubscribe}};
//   a lead: email (required), first_name, last_name, company_name, phone_number,
//   website, custom_fields (an object).
// - 200: {ok, inserted_count, duplicate_count, blocked_count}: counts only, no row
//   named. 400/422/404: {error: "..."}; 401: {message: "Invalid API Key"};
//   429: {error: {code: RATE_LIMIT_EXCEEDED, message, retry_after}}.
// - Rate limit per API key: 60 a minute (Standard; 1,000 an hour, bursts of 10 a
//   second), with X-RateLimit-Limit/Remaining/Reset (a Unix time) and Retry-After.
//
// Choices where the document is silent:
// - settings: the request options ignore_global_block_list,
//   ignore_unsubscribe_list, ignore_duplicate_leads_in_other_campaign,
//   ignore_community_bounce_list (the names Smartlead's API takes; the document
//   lists ignore_unsubscribe, also accepted); only the given ones are sent, and
//   `settings` only when one is given.
// - Rate limit: the Standard tier's 60 a minute, 10 at once (the hourly 1,000 is
//   not modelled; a higher tier paces itself by X-RateLimit-* and Retry-After).
// - 400 leads per request by default (the document's maximum).
// - Extra lead keys: location (string) and linkedin_profile (a LinkedIn profile
//   URL), which Smartlead's API takes beside the documented ones; others go to
//   custom_fields (mapped CSV columns) or are warned and not sent. custom_fields
//   values must be flat (string, number, boolean or null): invalid_type at
//   custom_fields.<key>.
// - phone_number is sent as E.164; website as given (a domain or a URL).
// - The campaign id is sent as given (the document types it an integer).
// - Answer: when one kind of count covers every lead (all inserted, all
//   duplicates, all blocked/invalid) the rows take it; otherwise they stay
//   `unknown` and the answer's counts are reported with it. Besides the
//   document's counts the reader takes upload_count, already_added_to_campaign,
//   invalid_email_count, unsubscribed_leads and block_count, which Smartlead's
//   API also answers with. ok: false fails the request.
// - Templates use {{name}}; email is the dedup key.
#include <string>

#include "engine/options.h"
#include "providers/hooks.h"
#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) { return {{}, {{"email", KeyKind::Email}}}; }

constexpr const char* kSettings[] = {"ignore_global_block_list", "ignore_unsubscribe_list", "ignore_unsubscribe",
                                     "ignore_duplicate_leads_in_other_campaign", "ignore_community_bounce_list"};

Json envelope(const PlanOptions& o) {
  Json settings = Json::object();
  for (const char* k : kSettings) {
    auto v = o.request.find(k);
    if (v != o.request.end()) settings[k] = *v;
  }
  Json e = Json::object();
  if (!settings.empty()) e["settings"] = settings;
  return e;
}

LEADROSTER_COLD_CODE_BEGIN
void checkCustom(LeadHooks& check, const PlanOptions&) {
  std::optional<HookField> f = check.find("custom_fields");
  if (!f) return;
  Json cf = parseJson(f->value, false);
  bool bad = false;
  if (cf.is_object())
    for (auto it = cf.begin(); it != cf.end(); ++it)
      if (it->is_object() || it->is_array()) {
        check.error("custom_fields." + it.key(), code::invalid_type,
                    "custom_fields." + it.key() + " must be a string, number, boolean or null (flat custom fields)");
        bad = true;
      }
  if (bad) check.erase("custom_fields");
}
LEADROSTER_COLD_CODE_END

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"ok", true}, {"inserted_count", leads.size()}, {"duplicate_count", 0}, {"blocked_count", 0}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) return rejectRequest(a, in);
  if (!objectBody(a, in)) return;
  const Json& b = *in.body;
  if (saysFailure(a, b, "ok: false", "ok")) return;
  static const char* kCounts[] = {
      "inserted_count", "upload_count", "total_leads",         "duplicate_count",   "already_added_to_campaign",
      "blocked_count",  "block_count",  "invalid_email_count", "unsubscribed_leads"};
  for (const char* k : kCounts)
    if (auto n = num(get(b, k))) a.counts.emplace_back(k, *n);
  auto added = sum(b, {"inserted_count", "upload_count"});
  auto dups = sum(b, {"duplicate_count", "already_added_to_campaign"});
  auto blocked = sum(b, {"blocked_count", "block_count", "unsubscribed_leads"});
  auto invalid = num(get(b, "invalid_email_count"));
  if (!added && !dups && !blocked && !invalid) {
    a.error("unexpected_body", "a 2xx answer without inserted_count/duplicate_count/blocked_count");
    return;
  }
  settleByTallies(a, {{added, "added"},
                      {dups, "duplicate", "already_in_campaign", "Smartlead counted this lead as a duplicate"},
                      {blocked, "rejected", "blocked", "Smartlead blocked this lead (block or unsubscribe list)"},
                      {invalid, "rejected", "invalid_entry", "Smartlead counted this lead's email as invalid"}});
  // Mixed counts: which lead is which is not said; the rows stay unknown, the counts are reported.
}
// The emulator's answer: counts only, as the document's.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  r.body["inserted_count"] = emulated::count(in.rows, "ok");
  r.body["duplicate_count"] = emulated::count(in.rows, "duplicate");
  if (size_t bad = emulated::count(in.rows, "invalid")) r.body["invalid_email_count"] = bad;
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "smartlead";
  p.name = "Smartlead";
  p.auth = {{AuthScheme::Query, "api_key"}};
  p.errors.shape = R"({"error":"$message"})";
  p.pathTemplate = "/api/v1/campaigns/{campaignId}/leads?api_key=YOUR_API_KEY";
  p.body = BodyShape::Envelope;
  p.leadsKey = "lead_list";
  p.headers = {};  // the key travels in the query (api_key), never in a header
  p.maxPerRequest = 400;
  p.defaultPerRequest = 400;
  p.rosterAddMax = 400;
  p.rateLimit = RateLimit{60, 60, 10, "key"};  // Standard tier: 60 a minute per key, bursts of 10
  using T = FieldType;
  using F = Format;
  p.requestOptions = {
      {"ignore_global_block_list", "settings: add leads even if on the global block list"},
      {"ignore_unsubscribe_list", "settings: add leads even if previously unsubscribed"},
      {"ignore_unsubscribe", "settings: the document's name for ignore_unsubscribe_list"},
      {"ignore_duplicate_leads_in_other_campaign", "settings: add leads that are already in another campaign"},
      {"ignore_community_bounce_list", "settings: add leads even if on the community bounce list"},
  };
  p.fields = {
      {"email", "Email address; required, the dedup key", T::String, F::Email, true, 254},
      {"first_name", "First name", T::String, F::None, false, 200},
      {"last_name", "Last name", T::String, F::None, false, 200},
      {"company_name", "Company name", T::String, F::None, false, 200},
      {"phone_number", "Phone number, sent as E.164", T::String, F::Phone, false, 64},
      {"website", "Company website (a domain or a URL)", T::String, F::None, false, 2000},
      {"location", "Location", T::String, F::None, false, 200},
      {"linkedin_profile", "LinkedIn profile URL", T::String, F::LinkedInProfile, false, 500},
      {"custom_fields", "Custom fields, flat (string, number, boolean or null), usable in templates", T::FreeObject},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent", T::String,
       F::Country, false, 100, false},
  };
  p.customFieldsObject = "custom_fields";
  p.concepts = {
      {"email", "email"},          {"firstName", "first_name"},
      {"lastName", "last_name"},   {"fullName", "first_name+last_name"},
      {"company", "company_name"}, {"phone", "phone_number"},
      {"website", "website"},      {"linkedinUrl", "linkedin_profile"},
      {"country", "country"},
  };
  p.emulate = emulate;
  p.identity = identity;
  p.envelope = envelope;
  p.afterValidate = checkCustom;
  p.predict = predict;
  p.readAnswer = readAnswer;
  return p;
}

}  // namespace

const Provider& smartleadProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
