// Instantly — POST /api/v2/leads/add: 1..1000 leads into a campaign or a list.
// Document: Instantly's API v2 OpenAPI ("API Explorer" 2.0.0, operationId
// bulkAddLeads), harvested from developer.instantly.ai in
// github.com/api-evangelist/instantly-ai, openapi/_original/instantly-ai-api-v2-openapi.json;
// rate limits: developer.instantly.ai/getting-started/rate-limit (same repository,
// rate-limits/instantly-ai-rate-limits.yml). Request schema vendored in
// tests/fixtures/instantly/.
//
// From the document:
// - Body {campaign_id | list_id (uuid, never both), leads: [1..1000], blocklist_id,
//   assigned_to, verify_leads_on_import, skip_if_in_workspace, skip_if_in_campaign,
//   skip_if_in_list}; a lead object takes only its listed keys (additionalProperties
//   false): email, first_name, last_name, company_name, job_title, phone, website,
//   personalization, lt_interest_status, pl_value_lead, assigned_to, custom_variables
//   (flat: string, number, boolean or null values).
// - A campaign lead needs its email; a list lead one of email, first_name, last_name.
// - Authorization: Bearer <key>.
// - 200: {status, total_sent, leads_uploaded, in_blocklist, blocklist_used,
//   duplicated_leads, skipped_count, invalid_email_count, incomplete_count,
//   duplicate_email_count, remaining_in_plan, created_leads: [{index, id, email?}]};
//   401/402/404/429: {statusCode, error, message}.
// - Rate limit: 100 requests a second and 6,000 a minute per workspace (shared by
//   all its keys and by API v1 and v2); no X-RateLimit-* headers are documented.
//
// Choices where the document is silent:
// - The campaign id (options.campaignId) goes in campaign_id, or in list_id with
//   the request option target "list": the body can never carry both.
// - Request options keep the document's names: skip_if_in_workspace,
//   skip_if_in_campaign, skip_if_in_list, verify_leads_on_import (booleans),
//   blocklist_id, assigned_to (uuids); given ones are sent, absent ones are not.
// - Rate limit as one token bucket: 100 at once, refilled at 100 a second (both
//   documented figures at once: 6,000 a minute is 100 a second).
// - 1000 leads per request by default (the document's maximum).
// - phone is sent as E.164 (row `country`, then options.defaultCountry); website
//   must be an http(s) URL; email is the dedup key; an invalid optional field is
//   left out with a warning (the engine's rule).
// - A custom variable whose value is an object or an array is invalid_type at
//   custom_variables.<key>; lt_interest_status must be one of the document's
//   values (1, 2, 3, 4, 0, -1, -2, -3, -4).
// - Answer: a row named by created_leads[].index is `added` with its id; the rows
//   left are settled by the counts only when one kind covers them all (duplicate:
//   duplicated_leads + skipped_count + duplicate_email_count; rejected:
//   in_blocklist, invalid_email_count, incomplete_count), else they stay
//   `unknown`. The counts are reported with the answer.
// - Templates use {{name}}, the names as sent (first_name, custom variable keys).
// - Row `country` is a leadroster column (the phone's region), not sent.
#include <cstdio>
#include <string>

#include "engine/options.h"
#include "providers/hooks.h"
#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

bool toList(const PlanOptions& o) {
  auto t = o.request.find("target");
  return t != o.request.end() && t->is_string() && *t == "list";
}

IdentityRules identity(const PlanOptions& o) {
  if (toList(o)) return {{"email", "first_name", "last_name"}, {{"email", KeyKind::Email}}};
  return {{"email"}, {{"email", KeyKind::Email}}};
}

Json envelope(const PlanOptions& o) {
  Json e = Json::object();
  e[toList(o) ? "list_id" : "campaign_id"] = o.campaignId;
  for (const char* k : {"blocklist_id", "assigned_to", "verify_leads_on_import", "skip_if_in_workspace",
                        "skip_if_in_campaign", "skip_if_in_list"}) {
    auto v = o.request.find(k);
    if (v != o.request.end()) e[k] = *v;
  }
  return e;
}

LEADROSTER_COLD_CODE_BEGIN
// custom_variables: flat; lt_interest_status: one of the document's values.
void checkValues(LeadHooks& check, const PlanOptions&) {
  if (std::optional<HookField> f = check.find("custom_variables")) {
    Json cv = parseJson(f->value, false);
    bool bad = false;
    if (cv.is_object())
      for (auto it = cv.begin(); it != cv.end(); ++it)
        if (it->is_object() || it->is_array()) {
          check.error("custom_variables." + it.key(), code::invalid_type,
                      "custom_variables." + it.key() +
                          " must be a string, number, boolean or null (Instantly's custom variables are flat)");
          bad = true;
        }
    if (bad) check.erase("custom_variables");
  }
  if (std::optional<HookField> f = check.find("lt_interest_status")) {
    Json v = parseJson(f->value, false);
    static const int kAllowed[] = {1, 2, 3, 4, 0, -1, -2, -3, -4};
    bool ok = false;
    if (v.is_number())
      for (int a : kAllowed) ok |= v.get<double>() == double(a);
    if (!ok) {
      check.error("lt_interest_status", code::invalid_value,
                  "lt_interest_status must be one of 1, 2, 3, 4, 0, -1, -2, -3, -4, not " + v.dump());
      check.erase("lt_interest_status");
    }
  }
}
LEADROSTER_COLD_CODE_END

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t requestNumber) {
  Json created = Json::array();
  size_t i = 0;
  for (const auto& lead : leads) {
    char id[48];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%04zx%08zx", requestNumber & 0xffff, i);
    Json c = {{"index", i}, {"id", id}};
    auto e = lead.find("email");
    if (e != lead.end()) c["email"] = *e;
    created.push_back(std::move(c));
    ++i;
  }
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"status", "success"},        {"total_sent", leads.size()},   {"leads_uploaded", leads.size()},
                {"in_blocklist", 0},          {"blocklist_used", nullptr},    {"duplicated_leads", 0},
                {"skipped_count", 0},         {"invalid_email_count", 0},     {"incomplete_count", 0},
                {"duplicate_email_count", 0}, {"remaining_in_plan", nullptr}, {"created_leads", created}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
// 2xx: the summary above; created_leads[].index names each created row.
// 4xx: {statusCode, error, message}; the request added nothing.
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) return rejectRequest(a, in);
  if (!objectBody(a, in)) return;
  const Json& b = *in.body;
  static const char* kCounts[] = {"total_sent",    "leads_uploaded",      "in_blocklist",     "duplicated_leads",
                                  "skipped_count", "invalid_email_count", "incomplete_count", "duplicate_email_count"};
  for (const char* k : kCounts)
    if (auto n = num(get(b, k))) a.counts.emplace_back(k, *n);
  const Json* created = get(b, "created_leads");
  auto uploaded = num(get(b, "leads_uploaded"));
  if (!uploaded && !(created && created->is_array())) {
    a.error("unexpected_body", "a 2xx answer without leads_uploaded/created_leads");
    return;
  }
  size_t named = 0;
  if (created && created->is_array()) {
    for (const auto& c : *created) {
      auto i = num(get(c, "index"));
      if (!i || *i < 0 || *i >= double(a.rows.size()) || double(size_t(*i)) != *i) continue;
      AnswerRow& row = a.rows[size_t(*i)];
      if (row.result != "unknown") continue;
      row.result = "added";
      if (const Json* id = get(c, "id"); id && (id->is_string() || id->is_number())) row.leadId = str(id);
      ++named;
    }
  }
  std::optional<double> addedLeft;
  if (uploaded) addedLeft = *uploaded - double(named);
  settleByTallies(
      a, {{addedLeft, "added"},
          {sum(b, {"duplicated_leads", "skipped_count", "duplicate_email_count"}), "duplicate", "already_exists",
           "Instantly skipped this lead: it is already in the campaign, list or workspace"},
          {num(get(b, "in_blocklist")), "rejected", "in_blocklist",
           "Instantly skipped this lead: its email is on the blocklist"},
          {sum(b, {"invalid_email_count", "incomplete_count"}), "rejected", "invalid_entry",
           "Instantly counted this lead as invalid (email format, or no email and names)"}});
  // Mixed counts name no row: those rows stay unknown, the counts say how many of each.
}
// The emulator's answer: the counts, created_leads for the rows it added.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  Json created = Json::array();
  for (const auto& row : in.rows)
    if (emulated::is(row, "ok")) {
      const Json* lead = emulated::lead(in.leads, row);
      created.push_back({{"index", row.value("index", Json(nullptr))},
                         {"id", emulated::member(row, "id")},
                         {"email", lead ? emulated::member(*lead, "email") : Json(nullptr)}});
    }
  r.body["total_sent"] = in.leads.size();
  r.body["leads_uploaded"] = emulated::count(in.rows, "ok");
  r.body["duplicated_leads"] = emulated::count(in.rows, "duplicate");
  r.body["invalid_email_count"] = emulated::count(in.rows, "invalid");
  r.body["created_leads"] = created;
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "instantly";
  p.name = "Instantly";
  p.auth = {{AuthScheme::Bearer, "Authorization"}};
  p.errors.shape = R"({"statusCode":"$status","error":"$statusText","message":"$message"})";
  p.pathTemplate = "/api/v2/leads/add";
  p.campaignIdFormat = Format::Uuid;
  p.body = BodyShape::Envelope;
  p.leadsKey = "leads";
  p.headers = {{"Authorization", "Bearer YOUR_API_KEY"}};
  p.maxPerRequest = 1000;
  p.defaultPerRequest = 1000;
  p.rosterAddMax = 1000;
  p.rateLimit = RateLimit{6000, 60, 100, "workspace"};  // 100/s and 6,000/min per workspace
  using T = FieldType;
  using F = Format;
  p.requestOptions = {
      {"target",
       "Where options.campaignId points: campaign (campaign_id, the default) or list (list_id)",
       T::String,
       F::None,
       {"campaign", "list"}},
      {"skip_if_in_workspace", "Skip a lead that exists anywhere in the workspace (overrides the other skip_if flags)"},
      {"skip_if_in_campaign", "Skip a lead that exists in any campaign of the workspace"},
      {"skip_if_in_list", "Skip a lead that exists in any list of the workspace"},
      {"verify_leads_on_import", "Start a background job verifying the imported emails"},
      {"blocklist_id", "Blocklist to check the leads against (default: the workspace's)", T::String, F::Uuid},
      {"assigned_to", "User every imported lead is assigned to", T::String, F::Uuid},
  };
  p.fields = {
      {"email", "Email address; required on a campaign, the dedup key", T::String, F::Email, false, 254},
      {"first_name", "First name", T::String, F::None, false, 200},
      {"last_name", "Last name", T::String, F::None, false, 200},
      {"company_name", "Company name", T::String, F::None, false, 200},
      {"job_title", "Job title", T::String, F::None, false, 200},
      {"phone", "Phone number, sent as E.164", T::String, F::Phone, false, 64},
      {"website", "Website (http or https URL)", T::String, F::Url, false, 2000},
      {"personalization", "Personalization line", T::String, F::None, false, 10000},
      {"lt_interest_status", "Interest status: 1, 2, 3, 4, 0, -1, -2, -3 or -4", T::Integer},
      {"pl_value_lead", "Potential value of the lead", T::String, F::None, false, 200},
      {"assigned_to", "Id (uuid) of the user the lead is assigned to", T::String, F::Uuid, false, 64},
      {"custom_variables", "Custom variables, flat (string, number, boolean or null), usable in templates",
       T::FreeObject},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent", T::String,
       F::Country, false, 100, false},
  };
  p.customFieldsObject = "custom_variables";
  p.concepts = {
      {"email", "email"},          {"firstName", "first_name"},
      {"lastName", "last_name"},   {"fullName", "first_name+last_name"},
      {"company", "company_name"}, {"title", "job_title"},
      {"phone", "phone"},          {"website", "website"},
      {"country", "country"},
  };
  p.emulate = emulate;
  p.identity = identity;
  p.envelope = envelope;
  p.afterValidate = checkValues;
  p.predict = predict;
  p.readAnswer = readAnswer;
  return p;
}

}  // namespace

const Provider& instantlyProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
