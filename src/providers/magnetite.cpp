// Magnetite — POST /api/campaigns/:campaignId/leads, one lead per call.
// Page: ../shared/seeds/000_c1b1fa01f9d0bd79.txt
//
// Choices where the page is silent:
// - Dedup key: email (a duplicate lead answers 409 in its docs); matchedOn "email".
// - phone is normalized to E.164 (row `country`, then options.defaultCountry).
// - linkedInUrl must be a profile URL; companyLinkedInUrl and company.linkedinUrl
//   must be company pages; company.website and contact.photoUrl must be http(s) URLs.
// - Unknown keys inside `company` / `contact` are warned (unknown_field) and not sent;
//   researchData, extraContext and customData are free JSON, passed through.
// - The derived domain is the email host's registrable domain by the Public
//   Suffix List (ann@mail.acme.co.uk -> acme.co.uk); a given domain is sent as
//   normalized, not shortened. An invalid optional field (e.g. a phone with no
//   country to read it by) is left out with a warning (the engine's rule).
// - Row `country` is a leadroster column (the phone's region), not sent.
// - Templates use {{field}} (dotted paths allowed), as the other providers.
#include "normalize/domain.h"
#include "normalize/public_suffix.h"
#include "engine/options.h"
#include "providers/hooks.h"
#include "cold.h"
#include "providers/answer.h"
#include "providers/emulated.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) { return {{}, {{"email", KeyKind::Email}}}; }

void deriveDomain(LeadHooks& check, const PlanOptions&) {
  const std::string* email = check.string("email");
  if (!email) return;
  std::string emailDomain = email->substr(email->find('@') + 1);
  if (const std::string* d = check.string("domain")) {
    if (isFreeMailDomain(*d))
      check.warning("domain", code::freemail_domain, "domain " + *d + " is a free-mail provider, not a company domain");
    return;
  }
  if (check.hasError("domain")) return;  // an invalid domain given: reported, not replaced
  Normalized registrable = registrableDomain(emailDomain);
  if (isFreeMailDomain(emailDomain) || (registrable && isFreeMailDomain(registrable.value()))) {
    // `domain` is derived from the email: say which email, the user never typed a domain
    check.warning("domain", code::freemail_domain,
                  "no company domain taken from the email " + *email + ": " + emailDomain +
                      " is a free-mail provider, not the company's domain");
    return;
  }
  // The company's domain: the registrable one ("ann@mail.acme.co.uk" -> "acme.co.uk").
  check.setString("domain", registrable ? registrable.value() : emailDomain);
}

PredictedResponse predict(const Json& leads, const PlanOptions&, size_t requestNumber) {
  (void)leads;
  PredictedResponse r;
  r.status = 200;
  r.body = Json{{"success", true},
                {"prospectId", "prospect_" + std::to_string(requestNumber + 1)},
                {"status", "queued"},
                {"message", "Lead added to campaign and queued for outreach"}};
  return r;
}

LEADROSTER_COLD_CODE_BEGIN
// 2xx (201): {success, prospectId, status, message}; a 201 without a body still
// created the lead. 409: the lead is a duplicate (not a failure, never retried).
// Other 4xx: {success: false, error: {code, message, details?}}.
void readAnswer(Answer& a, const AnswerInput& in) {
  using namespace answer;
  if (in.status == 409) {
    std::string code, message;
    errorFromBody(in.body, in.raw, code, message);
    a.all("duplicate", code.empty() ? "duplicate_lead" : code, message);
    return;
  }
  if (in.status >= 400) return rejectRequest(a, in);
  if (!in.body && isBlank(in.raw)) return a.all("added");
  if (!objectBody(a, in)) return;
  const Json& b = *in.body;
  if (saysFailure(a, b)) return;
  const Json* id = get(b, "prospectId");
  if (!id && !get(b, "success")) {
    a.error("unexpected_body", "a 2xx answer without success/prospectId");
    return;
  }
  a.all("added");
  if (id && (id->is_string() || id->is_number()))
    for (auto& r : a.rows) r.leadId = str(id);  // the row's leadId
}
// The emulator's answer: 400 for an invalid lead (details name its first
// error), 409 for one already in the campaign, else 201 with its prospectId.
PredictedResponse emulate(const EmulatedRequest& in) {
  PredictedResponse r;
  const Json& row = in.rows.empty() ? Json::object() : in.rows.front();
  if (emulated::is(row, "invalid")) {
    Json e = emulated::firstError(row);
    r.status = 400;
    r.body = {{"code", "INVALID_REQUEST"},
              {"message", emulated::message(row)},
              {"details",
               {{"field", e.value("field", Json(nullptr))},
                {"expected", e.value("code", Json(nullptr))},
                {"received", nullptr}}}};
  } else if (emulated::is(row, "duplicate")) {
    r.status = 409;
    r.body = {{"code", "DUPLICATE_LEAD"}, {"message", "Lead already exists in this campaign"}};
  } else {
    r = in.predicted;
    r.status = 201;
    r.body["prospectId"] = emulated::member(row, "id");
  }
  return r;
}
LEADROSTER_COLD_CODE_END

Provider make() {
  Provider p;
  p.id = "magnetite";
  p.name = "Magnetite";
  p.pathTemplate = "/api/campaigns/{campaignId}/leads";
  p.body = BodyShape::Lead;
  p.headers = {{"Authorization", "Bearer YOUR_API_KEY"}};
  p.auth = {{AuthScheme::Bearer, "Authorization"}};
  p.errors.shape =
      R"({"success":false,"error":{"code":"$code","message":"$message","details":"$details?"},"retryAfter":"$retryAfter?"})";
  p.errors.codes = {{400, "INVALID_REQUEST"}, {401, "INVALID_API_KEY"},     {403, "FORBIDDEN"},     {404, "NOT_FOUND"},
                    {409, "DUPLICATE_LEAD"},  {429, "RATE_LIMIT_EXCEEDED"}, {500, "INTERNAL_ERROR"}};
  p.errors.defaultCode = "ERROR";
  p.errors.missingKeyCode = "MISSING_AUTHORIZATION";
  p.maxPerRequest = 1;
  p.defaultPerRequest = 1;
  p.rateLimit = RateLimit{10, 60, 5};  // 10 add-lead requests a minute, burst 5 (seeds/README.md)
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"companyName", "Company name", T::String, F::None, true, 200},
      {"contactName", "Contact's full name", T::String, F::None, true, 200},
      {"email", "Contact's email address; the dedup key", T::String, F::Email, true, 254},
      {"domain", "Company domain (derived from the email when absent, unless free-mail)", T::String, F::Domain, false,
       253},
      {"title", "Contact's job title", T::String, F::None, false, 200},
      {"phone", "Contact's phone number, sent as E.164", T::String, F::Phone, false, 64},
      {"linkedInUrl", "Contact's LinkedIn profile URL", T::String, F::LinkedInProfile, false, 500},
      {"companyLinkedInUrl", "Company's LinkedIn page URL", T::String, F::LinkedInCompany, false, 500},
      {"notes", "Internal notes about the lead (available to the research agent)", T::String, F::None, false, 10000},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent", T::String,
       F::Country, false, 100, false},
      {"company", "Company enrichment data", T::Object},
      {"company.description", "Company description", T::String, F::None, false, 10000},
      {"company.website", "Company website (http or https URL)", T::String, F::Url, false, 2000},
      {"company.linkedinUrl", "Company's LinkedIn page URL", T::String, F::LinkedInCompany, false, 500},
      {"company.industry", "Industry", T::String},
      {"company.subIndustry", "Sub-industry", T::String},
      {"company.employeeCount", "Number of employees", T::Integer},
      {"company.employeeRange", "Employee range, e.g. 51-200", T::String},
      {"company.revenue", "Annual revenue", T::Number},
      {"company.revenueRange", "Revenue range", T::String},
      {"company.foundedYear", "Year founded", T::Integer},
      {"company.fundingStage", "Funding stage", T::String},
      {"company.headquarters", "Headquarters location", T::String},
      {"company.country", "Company country", T::String},
      {"company.technologies", "Technologies used (list of strings)", T::StringArray},
      {"company.signals", "Buying signals", T::Object},
      {"company.signals.recentFunding", "Most recent funding round", T::Object},
      {"company.signals.recentFunding.amount", "Funding amount", T::Number},
      {"company.signals.recentFunding.date", "Funding date", T::String},
      {"company.signals.recentFunding.round", "Funding round name", T::String},
      {"company.signals.hiringSignals", "Hiring signals", T::Object},
      {"company.signals.hiringSignals.isHiring", "Whether the company is hiring", T::Boolean},
      {"company.signals.hiringSignals.openRoles", "Number of open roles", T::Integer},
      {"company.signals.growthIndicators", "Growth indicators", T::Object},
      {"company.signals.growthIndicators.employeeGrowth", "Employee growth rate", T::Number},
      {"company.signals.growthIndicators.revenueGrowth", "Revenue growth rate", T::Number},
      {"contact", "Contact enrichment data", T::Object},
      {"contact.bio", "Contact biography", T::String, F::None, false, 10000},
      {"contact.photoUrl", "Contact photo URL (http or https)", T::String, F::Url, false, 2000},
      {"contact.seniority", "Seniority level", T::String},
      {"contact.department", "Department", T::String},
      {"contact.city", "Contact's city", T::String},
      {"contact.state", "Contact's state or region", T::String},
      {"contact.country", "Contact's country", T::String},
      {"contact.timezone", "Contact's time zone", T::String},
      {"researchData", "Free-form JSON for email personalization", T::FreeObject},
      {"extraContext", "Free-form JSON passed to the research agent", T::FreeObject},
      {"customData", "Any additional custom data, stored with the lead", T::FreeObject},
  };
  p.customFieldsObject = "customData";
  // Spreadsheet concepts (src/api/headers.cpp) to these fields.
  p.concepts = {
      {"email", "email"},
      {"firstName", "contactName:first"},
      {"lastName", "contactName:last"},
      {"fullName", "contactName"},
      {"company", "companyName"},
      {"title", "title"},
      {"linkedinUrl", "linkedInUrl"},
      {"companyLinkedinUrl", "companyLinkedInUrl"},
      {"companyLinkedinUrl", "company.linkedinUrl"},
      {"phone", "phone"},
      {"website", "company.website"},
      {"domain", "domain"},
      {"country", "country"},
      {"notes", "notes"},
      {"industry", "company.industry"},
      {"employeeCount", "company.employeeCount"},
      {"annualRevenue", "company.revenue"},
      {"foundedYear", "company.foundedYear"},
      {"technologies", "company.technologies"},
      {"companyDescription", "company.description"},
      {"companyCountry", "company.country"},
      {"seniority", "contact.seniority"},
      {"department", "contact.department"},
      {"city", "contact.city"},
      {"state", "contact.state"},
      {"timezone", "contact.timezone"},
  };
  p.identity = identity;
  p.afterValidate = deriveDomain;
  p.predict = predict;
  p.readAnswer = readAnswer;
  p.emulate = emulate;
  return p;
}

}  // namespace

const Provider& magnetiteProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
