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
#include "engine/check_lead.h"
#include "providers/provider.h"

namespace leadroster {

namespace {

IdentityRules identity(const PlanOptions&) { return {{}, {{"email", KeyKind::Email}}}; }

void deriveDomain(LeadCheck& check, const PlanOptions&) {
  const std::string* email = check.lead.string("email");
  if (!email) return;
  std::string emailDomain = email->substr(email->find('@') + 1);
  if (const std::string* d = check.lead.string("domain")) {
    if (isFreeMailDomain(*d))
      check.warning("domain", code::freemail_domain,
                    "domain " + *d + " is a free-mail provider, not a company domain");
    return;
  }
  for (const auto& e : check.errors)
    if (e.field == "domain") return;  // an invalid domain given: reported, not replaced
  Normalized registrable = registrableDomain(emailDomain);
  if (isFreeMailDomain(emailDomain) || (registrable && isFreeMailDomain(registrable.value))) {
    check.warning("domain", code::freemail_domain,
                  "no domain derived: " + emailDomain +
                      " is a free-mail provider, not the company's domain");
    return;
  }
  // The company's domain: the registrable one ("ann@mail.acme.co.uk" -> "acme.co.uk").
  check.lead.setString("domain", registrable ? registrable.value : emailDomain);
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

Provider make() {
  Provider p;
  p.id = "magnetite";
  p.pathTemplate = "/api/campaigns/{campaignId}/leads";
  p.body = BodyShape::Lead;
  p.headers = {{"Authorization", "Bearer YOUR_API_KEY"}};
  p.maxPerRequest = 1;
  p.defaultPerRequest = 1;
  p.rateLimit = RateLimit{10, 60, 5};  // 10 add-lead requests a minute, burst 5 (seeds/README.md)
  using T = FieldType;
  using F = Format;
  p.fields = {
      {"companyName", T::String, F::None, true, 200},
      {"contactName", T::String, F::None, true, 200},
      {"email", T::String, F::Email, true, 254},
      {"domain", T::String, F::Domain, false, 253},
      {"title", T::String, F::None, false, 200},
      {"phone", T::String, F::Phone, false, 64},
      {"linkedInUrl", T::String, F::LinkedInProfile, false, 500},
      {"companyLinkedInUrl", T::String, F::LinkedInCompany, false, 500},
      {"notes", T::String, F::None, false, 10000},
      {"country", T::String, F::Country, false, 100, false},
      {"company", T::Object},
      {"company.description", T::String, F::None, false, 10000},
      {"company.website", T::String, F::Url, false, 2000},
      {"company.linkedinUrl", T::String, F::LinkedInCompany, false, 500},
      {"company.industry", T::String},
      {"company.subIndustry", T::String},
      {"company.employeeCount", T::Integer},
      {"company.employeeRange", T::String},
      {"company.revenue", T::Number},
      {"company.revenueRange", T::String},
      {"company.foundedYear", T::Integer},
      {"company.fundingStage", T::String},
      {"company.headquarters", T::String},
      {"company.country", T::String},
      {"company.technologies", T::StringArray},
      {"company.signals", T::Object},
      {"company.signals.recentFunding", T::Object},
      {"company.signals.recentFunding.amount", T::Number},
      {"company.signals.recentFunding.date", T::String},
      {"company.signals.recentFunding.round", T::String},
      {"company.signals.hiringSignals", T::Object},
      {"company.signals.hiringSignals.isHiring", T::Boolean},
      {"company.signals.hiringSignals.openRoles", T::Integer},
      {"company.signals.growthIndicators", T::Object},
      {"company.signals.growthIndicators.employeeGrowth", T::Number},
      {"company.signals.growthIndicators.revenueGrowth", T::Number},
      {"contact", T::Object},
      {"contact.bio", T::String, F::None, false, 10000},
      {"contact.photoUrl", T::String, F::Url, false, 2000},
      {"contact.seniority", T::String},
      {"contact.department", T::String},
      {"contact.city", T::String},
      {"contact.state", T::String},
      {"contact.country", T::String},
      {"contact.timezone", T::String},
      {"researchData", T::FreeObject},
      {"extraContext", T::FreeObject},
      {"customData", T::FreeObject},
  };
  p.customFieldsObject = "customData";
  p.describe({
      {"companyName", "Company name"},
      {"contactName", "Contact's full name"},
      {"email", "Contact's email address; the dedup key"},
      {"domain", "Company domain (derived from the email when absent, unless free-mail)"},
      {"title", "Contact's job title"},
      {"phone", "Contact's phone number, sent as E.164"},
      {"linkedInUrl", "Contact's LinkedIn profile URL"},
      {"companyLinkedInUrl", "Company's LinkedIn page URL"},
      {"notes", "Internal notes about the lead (available to the research agent)"},
      {"country", "Row country (ISO alpha-2, names accepted): the phone's default region; not sent"},
      {"company", "Company enrichment data"},
      {"company.description", "Company description"},
      {"company.website", "Company website (http or https URL)"},
      {"company.linkedinUrl", "Company's LinkedIn page URL"},
      {"company.industry", "Industry"},
      {"company.subIndustry", "Sub-industry"},
      {"company.employeeCount", "Number of employees"},
      {"company.employeeRange", "Employee range, e.g. 51-200"},
      {"company.revenue", "Annual revenue"},
      {"company.revenueRange", "Revenue range"},
      {"company.foundedYear", "Year founded"},
      {"company.fundingStage", "Funding stage"},
      {"company.headquarters", "Headquarters location"},
      {"company.country", "Company country"},
      {"company.technologies", "Technologies used (list of strings)"},
      {"company.signals", "Buying signals"},
      {"company.signals.recentFunding", "Most recent funding round"},
      {"company.signals.recentFunding.amount", "Funding amount"},
      {"company.signals.recentFunding.date", "Funding date"},
      {"company.signals.recentFunding.round", "Funding round name"},
      {"company.signals.hiringSignals", "Hiring signals"},
      {"company.signals.hiringSignals.isHiring", "Whether the company is hiring"},
      {"company.signals.hiringSignals.openRoles", "Number of open roles"},
      {"company.signals.growthIndicators", "Growth indicators"},
      {"company.signals.growthIndicators.employeeGrowth", "Employee growth rate"},
      {"company.signals.growthIndicators.revenueGrowth", "Revenue growth rate"},
      {"contact", "Contact enrichment data"},
      {"contact.bio", "Contact biography"},
      {"contact.photoUrl", "Contact photo URL (http or https)"},
      {"contact.seniority", "Seniority level"},
      {"contact.department", "Department"},
      {"contact.city", "Contact's city"},
      {"contact.state", "Contact's state or region"},
      {"contact.country", "Contact's country"},
      {"contact.timezone", "Contact's time zone"},
      {"researchData", "Free-form JSON for email personalization"},
      {"extraContext", "Free-form JSON passed to the research agent"},
      {"customData", "Any additional custom data, stored with the lead"},
  });
  p.identity = identity;
  p.afterValidate = deriveDomain;
  p.predict = predict;
  return p;
}

}  // namespace

const Provider& magnetiteProvider() {
  static const Provider p = make();
  return p;
}

}  // namespace leadroster
