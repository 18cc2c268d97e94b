#include "api/api.h"
#include "api/lookup.h"

#include "normalize/public_suffix.h"

#include "normalize/domain.h"
#include "normalize/email.h"
#include "engine/intake.h"
#include "normalize/linkedin.h"
#include "normalize/phone.h"
#include "providers/registry.h"
#include "normalize/text.h"
#include "normalize/uuid.h"

namespace leadroster::api {

namespace {

// {"ok":true,"value":...<extra>} or {"ok":false,"code":...,"message":...}
std::string result(const Normalized& r, std::string_view extraKey = {}, std::string_view extraValue = {}) {
  std::string out;
  if (r.ok()) {
    out = "{\"ok\":true,\"value\":";
    appendJsonString(out, r.value());
    if (!extraKey.empty()) {
      out += ",\"";
      out += extraKey;
      out += "\":";
      appendJsonString(out, extraValue);
    }
  } else {
    out = "{\"ok\":false,\"code\":";
    appendJsonString(out, r.error().code);
    out += ",\"message\":";
    appendJsonString(out, r.error().message);
  }
  return out + "}";
}

}  // namespace

std::string version() { return LEADROSTER_VERSION; }

std::string providers() {
  std::string out = "[";
  for (const Provider* p : allProviders()) {
    if (out.size() > 1) out += ',';
    appendJsonString(out, p->id);
  }
  return out + "]";
}

std::string normalizeEmail(std::string_view s) {
  EmailResult r = leadroster::normalizeEmail(s);
  return result(r, "domain", r.domain);
}
std::string normalizeLinkedInUrl(std::string_view s) {
  LinkedInResult r = leadroster::normalizeLinkedInUrl(s);
  return result(r, "kind", kindName(r.kind));
}
std::string normalizePhone(std::string_view s, std::string_view c) { return result(leadroster::normalizePhone(s, c)); }
std::string normalizeDomain(std::string_view s) { return result(leadroster::normalizeDomain(s)); }
std::string normalizeUuid(std::string_view s) { return result(leadroster::normalizeUuid(s)); }
std::string registrableDomain(std::string_view s) { return result(leadroster::registrableDomain(s)); }
bool isFreeMailDomain(std::string_view s) { return leadroster::isFreeMailDomain(text::trim(s)); }

// ---- LeadValidator

Result<std::unique_ptr<LeadValidator>> LeadValidator::create(std::string_view providerId,
                                                             std::string_view optionsJson) {
  Result<Configured> c = resolveProvider(providerId, optionsJson);
  if (!c) return c.error();
  return std::make_unique<LeadValidator>(*c.value().provider, std::move(c.value().options));
}

LeadValidator::LeadValidator(const Provider& p, PlanOptions o)
    : provider_(p), options_(std::move(o)), rules_(p.identity(options_)) {}

std::string LeadValidator::check(std::string_view leadJson) const {
  LeadCheck& c = check_;
  checkLeadInto(provider_, leadJson, options_, rules_, c);  // c.lead is used while leadJson lives
  std::string out = c.ok() ? "{\"ok\":true,\"lead\":" : "{\"ok\":false,\"lead\":";
  c.lead.appendJson(out);
  out += ",\"errors\":";
  appendProblems(out, c.errors);
  out += ",\"warnings\":";
  appendProblems(out, c.warnings);
  return out + "}";
}

// ---- predictResponse

std::string predictResponse(std::string_view providerId, std::string_view planJson) {
  Result<const Provider*> found = requireProvider(providerId);
  if (!found) return fatalJson(found.error());
  const Provider* p = found.value();
  Result<Json> doc = parseDocument(planJson);
  Json& plan = doc.value();
  if (!doc || !plan.is_object() || !plan.contains("requests") || !plan["requests"].is_array())
    return fatalJson(Error{code::invalid_type, "plan must be the object plan() returned, with its requests", {}});
  // The campaign id sits in the path where the template has kCampaignIdPlaceholder.
  auto campaignIdFromPath = [&](std::string path) {
    std::string_view tpl = p->pathTemplate;
    // Without the query: its length varies with the options.
    if (size_t q = tpl.find('?'); q != std::string_view::npos) tpl = tpl.substr(0, q);
    if (size_t q = path.find('?'); q != std::string::npos) path.resize(q);
    const size_t placeholder = kCampaignIdPlaceholder.size();
    size_t at = tpl.find(kCampaignIdPlaceholder);
    if (at == std::string_view::npos || path.size() < tpl.size() - placeholder) return std::string();
    size_t tail = tpl.size() - at - placeholder;
    return path.substr(at, path.size() - at - tail);
  };
  std::string out = "[";
  size_t k = 0;
  for (const auto& req : plan["requests"]) {
    if (!req.is_object() || !req.contains("body"))
      return fatalJson(Error{code::invalid_type, "plan.requests[" + std::to_string(k) + "] has no body", {}});
    const Json& body = req["body"];
    Json leads = Json::array();
    if (p->body == BodyShape::Lead)
      leads.push_back(body);
    else if (const std::string key(p->leadsKey); body.is_object() && body.contains(key) && body[key].is_array())
      leads = body[key];
    PlanOptions o;
    if (body.is_object() && body.contains("campaignId") && body["campaignId"].is_string())
      o.campaignId = body["campaignId"].get<std::string>();
    else if (req.contains("path") && req["path"].is_string())
      o.campaignId = campaignIdFromPath(req["path"].get<std::string>());
    PredictedResponse r;
    if (!p->predictOther || !p->predictOther(body, r)) r = p->predict(leads, o, k);
    if (out.size() > 1) out += ',';
    out += "{\"status\":" + std::to_string(r.status) + ",\"body\":" + dumpJson(r.body) + "}";
    ++k;
  }
  return out + "]";
}

}  // namespace leadroster::api
