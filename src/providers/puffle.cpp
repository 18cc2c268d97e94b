// Puffle — GET/POST/PATCH/DELETE /api/campaigns/:id/leads on a draft campaign.
// Page: ../shared/seeds/004_5fc62649d8fffda0.txt
//
// Choices where the page is silent:
// - Body {leads: [...]} (inferred, see the seeds README); 1..1000 per POST.
// - Built-in columns besides the identities (the page names none): first_name,
//   last_name, company_name, title, phone; custom_fields is a free JSON object.
//   Other keys are warned (unknown_field) and not sent.
// - The campaign id must be a uuid ("Campaign UUID").
// - The non-channel identity is "captured opportunistically when provided and
//   valid": when invalid it is left out of the lead with a warning carrying the
//   normalizer's code, and the row stays ok (the engine's rule for every optional
//   field, check_lead.cpp; options.strict makes it an error).
// - roster.add takes 1..1000 rows a call (the page's "1–1000 per call");
//   list's status filter takes the page's pipeline stages only.
// - A template variable is %name% or %custom_fields.key% (name and key made
//   of letters, digits and '_', not starting with a digit); any other text
//   between percent signs ("20%-30%") is prose.
// - LinkedIn URLs whose slug begins `imported-` are placeholders: invalid_linkedin_url.
// - Templates: %custom_fields.<key>% and %<column>%; a missing one is a warning.
// - Predicted answer: {imported, duplicates} per request.
#include "result.h"
#include "engine/options.h"
#include "providers/hooks.h"
#include <optional>
#include <string_view>

#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions& o) {
  if (o.channel == "linkedin")
    return {{"linkedin_url"}, {{"linkedin_url", KeyKind::LinkedIn}, {"email", KeyKind::Email}}};
  return {{"email"}, {{"email", KeyKind::Email}, {"linkedin_url", KeyKind::LinkedIn}}};
}

// The secondary identity, when invalid, is left out by the engine's optional-field rule.
void checkPlaceholders(LeadHooks& check, const PlanOptions&) {
  static const std::string prefix = "https://www.linkedin.com/in/imported-";
  const std::string* li = check.string("linkedin_url");
  if (li && li->rfind(prefix, 0) == 0) {
    check.error("linkedin_url", code::invalid_linkedin_url,
                "linkedin_url " + *li + " is an imported placeholder, not a real profile URL");
    check.erase("linkedin_url");
  }
}

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t) {
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"imported", leads.size()}, {"duplicates", 0}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
// The digits of the first "index 3", "leads[3]", "row #3", "entry: 3" or
// "lead 3" in a message: one of those words (ASCII case-insensitive), then
// white space, an optional '#', an optional ':', white space and the digits.
// The leftmost match of the ECMAScript pattern
//   (?:index|leads\[|row|entry|lead)\s*#?:?\s*(\d+)   (icase)
// written out: std::regex would bring all of <locale> into the WASM.
std::optional<std::string> indexInMessage(std::string_view message) {
  static constexpr std::string_view kWords[] = {"index", "leads[", "row", "entry", "lead"};
  auto isSpace = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  const size_t n = message.size();
  for (size_t start = 0; start < n; ++start) {
    for (std::string_view word : kWords) {
      if (n - start < word.size()) continue;
      size_t i = 0;
      while (i < word.size() && lower(message[start + i]) == word[i]) ++i;
      if (i < word.size()) continue;
      size_t p = start + word.size();
      while (p < n && isSpace(message[p])) ++p;
      if (p < n && message[p] == '#') ++p;
      if (p < n && message[p] == ':') ++p;
      while (p < n && isSpace(message[p])) ++p;
      size_t end = p;
      while (end < n && isDigit(message[end])) ++end;
      if (end > p) return std::string(message.substr(p, end - p));
    }
  }
  return std::nullopt;
}

// puffle's 400 names the offending index.
std::optional<size_t> offendingIndex(const Json* body, const std::string& message, size_t n) {
  if (body) {
    for (const Json* o : {body, answer::get(*body, "error"), answer::get(*body, "details")}) {
      if (!o) continue;
      if (auto i = answer::num(answer::get(*o, "index")); i && *i >= 0 && *i < double(n)) return size_t(*i);
    }
  }
  if (std::optional<std::string> digits = indexInMessage(message)) {
    size_t i = std::stoul(*digits);
    if (i < n) return i;
  }
  return std::nullopt;
}

// 2xx: {imported, duplicates} (or inside `data`), settled by counts.
// 400 names the offending index in a field (`index`) or in its message
// ("index 3", "leads[3]", "row 3"): that row is `rejected` (missing_identity),
// the others `rejected` with code `batch_rejected` (puffle imports nothing from
// a refused batch). Other 4xx: {error: "..."} / {message}; nothing added.
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status >= 400) {
    failed(a, in);
    if (in.status == 400) {
      if (auto i = offendingIndex(in.body, a.errorMessage, a.rows.size())) {
        a.rows[*i].result = "rejected";
        a.rows[*i].code = "missing_identity";
        a.rows[*i].message = a.errorMessage;
        a.all("rejected", "batch_rejected",
              "not imported: lead " + std::to_string(*i) + " of this request was refused");
      }
    }
    return a.all("rejected", a.errorCode, a.errorMessage);
  }
  if (!objectBody(a, in)) return;
  const Json& b = *in.body;
  auto imported = num(get(b, "imported"));
  auto dups = num(get(b, "duplicates"));
  if (const Json* d = get(b, "data"); !imported && d) {
    imported = num(get(*d, "imported"));
    dups = num(get(*d, "duplicates"));
  }
  if (!imported && !dups) {
    a.error("unexpected_body", "a 2xx answer without imported/duplicates");
    return;
  }
  settleByCounts(a, imported, dups, std::nullopt);
}
// The emulator's answer: {imported, duplicates}.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r = in.predicted;
  r.body["imported"] = emulated::count(in.rows, "ok");
  r.body["duplicates"] = emulated::count(in.rows, "duplicate");
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "puffle";
  p.name = "Puffle";
  p.pathTemplate = "/api/campaigns/{campaignId}/leads";
  p.campaignIdFormat = Format::Uuid;
  p.body = BodyShape::Leads;
  p.headers = {{"Authorization", "Bearer YOUR_API_KEY"}};
  p.auth = {{AuthScheme::Bearer, "Authorization"}};
  p.errors.shape = R"({"error":"$message","index":"$index?"})";
  p.leadPathTemplate = "/api/campaigns/{campaignId}/leads/{leadId}";
  p.refusesBatchWithoutIdentity = true;
  p.maxPerRequest = 1000;
  p.defaultPerRequest = 1000;
  p.templateSyntax = {"%", "%"};
  p.freezesOnLaunch = true;
  p.rosterAddMax = 1000;
  // "pending is the launch queue; sent/connection_sent/connected/message_sent
  // are in-flight; replied/bounced/completed/timed_out/cancelled are terminal."
  p.leadStatuses = {"pending", "sent",    "connection_sent", "connected", "message_sent",
                    "replied", "bounced", "completed",       "timed_out", "cancelled"};
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"email", "Email address; the identity on an email campaign", T::String, F::Email, false, 254},
      {"linkedin_url", "LinkedIn profile URL; the identity on a linkedin campaign", T::String, F::LinkedInProfile,
       false, 500},
      {"first_name", "First name", T::String, F::None, false, 200},
      {"last_name", "Last name", T::String, F::None, false, 200},
      {"company_name", "Company name", T::String, F::None, false, 200},
      {"title", "Job title", T::String, F::None, false, 200},
      {"phone", "Phone number, sent as E.164", T::String, F::Phone, false, 64},
      {"custom_fields", "Free-form custom fields, usable in templates as %custom_fields.key%", T::FreeObject},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent", T::String,
       F::Country, false, 100, false},
  };
  p.customFieldsObject = "custom_fields";
  // Spreadsheet concepts (src/api/headers.cpp) to these fields.
  p.concepts = {
      {"email", "email"},
      {"firstName", "first_name"},
      {"lastName", "last_name"},
      {"fullName", "first_name+last_name"},
      {"company", "company_name"},
      {"title", "title"},
      {"linkedinUrl", "linkedin_url"},
      {"phone", "phone"},
      {"country", "country"},
  };
  p.identity = identity;
  p.afterValidate = checkPlaceholders;
  p.predict = predict;
  p.readAnswer = readAnswer;
  p.emulate = emulate;
  return p;
}

}  // namespace

const Provider& puffleProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
