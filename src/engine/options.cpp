#include "engine/options.h"

#include "engine/campaign_id.h"
#include "engine/intake.h"
#include "engine/template.h"
#include "normalize/phone.h"
#include "normalize/text.h"
#include "providers/registry.h"

namespace leadroster {

namespace {
constexpr double kMaxBatchBytesOption = 4.0e9;
}  // namespace

std::string parseOptions(const Provider& provider, const Json& o, PlanOptions& out) {
  if (o.is_null()) return "";
  if (!o.is_object()) return "options must be an object";
  for (auto it = o.begin(); it != o.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    if (v.is_null()) continue;
    if (k == "campaignId") {
      if (!v.is_string()) return "options.campaignId must be a string";
      out.campaignId = v.get<std::string>();
      std::string why =
          campaignIdProblem(out.campaignId, provider.pathTemplate.find("{campaignId}") != std::string_view::npos);
      if (!why.empty()) return why;
    } else if (k == "defaultCountry") {
      if (!v.is_string()) return "options.defaultCountry must be a string";
      std::string c = v.get<std::string>();
      if (!c.empty()) {
        if (c.size() != 2 || !isKnownRegion(c))
          return "options.defaultCountry must be an ISO 3166 alpha-2 code like US or FR, not " +
                 text::quoteForMessage(c);
        for (char& ch : c) ch = text::toUpper(ch);
      }
      out.defaultCountry = c;
    } else if (k == "channel") {
      if (!v.is_string() || (v != "email" && v != "linkedin"))
        return "options.channel must be 'email' or 'linkedin'";
      out.channel = v.get<std::string>();
    } else if (k == "batchSize") {
      if (!v.is_number()) return "options.batchSize must be an integer";
      double n = v.get<double>();
      if (n < 1 || n > double(provider.maxPerRequest))  // first: casting 1e30 to an integer is UB
        return "options.batchSize must be between 1 and " + std::to_string(provider.maxPerRequest) +
               " for " + std::string(provider.id);
      if (n != double(size_t(n))) return "options.batchSize must be an integer";
      out.batchSize = size_t(n);
    } else if (k == "maxBodyBytes") {
      if (!v.is_number()) return "options.maxBodyBytes must be a number";
      double n = v.get<double>();
      if (!(n >= 64) || n > double(kMaxBatchBytesOption))
        return "options.maxBodyBytes must be at least 64";
      out.maxBodyBytes = size_t(n);
    } else if (k == "template") {
      if (!v.is_string()) return "options.template must be a string";
      out.hasTemplate = true;
      out.templateText = v.get<std::string>();
      out.templateVariables = parseTemplate(out.templateText, provider.templateSyntax);
    } else if (k == "foldGmail") {
      if (!v.is_boolean()) return "options.foldGmail must be true or false";
      out.foldGmail = v.get<bool>();
    } else if (k == "strict") {
      if (!v.is_boolean()) return "options.strict must be true or false";
      out.strict = v.get<bool>();
    } else if (k == "existing") {
      if (!v.is_array()) return "options.existing must be an array of leads";
      out.existing = v;
    } else if (k == "emitBodies") {
      out.emitBodies = v.is_boolean() && v.get<bool>();
    }
    // Unknown option names are ignored, so newer callers work with older engines.
  }
  if (out.batchSize == 0) out.batchSize = provider.defaultPerRequest;
  return "";
}

const Provider* resolveProvider(std::string_view providerId, std::string_view optionsJson, PlanOptions& out,
                                std::string& error) {
  const Provider* p = findProvider(providerId);
  if (!p) {
    error = unknownProviderMessage(providerId);
    return nullptr;
  }
  Json o;
  if (!optionsJson.empty() && !parseDocument(optionsJson, o, error)) {
    error = "options: " + error;
    return nullptr;
  }
  error = parseOptions(*p, o, out);
  return error.empty() ? p : nullptr;
}

}  // namespace leadroster
