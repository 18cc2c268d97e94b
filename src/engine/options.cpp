#include "engine/options.h"

#include <algorithm>
#include <iterator>

#include "engine/campaign_id.h"
#include "engine/intake.h"
#include "normalize/country.h"
#include "engine/template.h"
#include "normalize/phone.h"
#include "normalize/text.h"
#include "normalize/uuid.h"
#include "providers/registry.h"

namespace leadroster {

namespace {
constexpr double kMaxBatchBytesOption = 4.0e9;

// Every option name parseOptions reads (emitBodies: native callers only).
constexpr std::string_view kOptionNames[] = {"campaignId", "defaultCountry", "channel", "batchSize", "maxBodyBytes",
                                             "template",   "foldGmail",      "strict",   "existing", "emitBodies"};

Error unknownOption(const std::string& name, const Provider& provider) {
  std::string known;
  for (std::string_view n : kOptionNames) {
    if (n == "emitBodies") continue;
    known += known.empty() ? "" : ", ";
    known += n;
  }
  for (const auto& r : provider.requestOptions) {
    known += ", ";
    known += r.name;
  }
  return Error{code::unknown_option, "options: unknown option " + text::quoteForMessage(name) + " (the options are " + known + ")",
               name};
}
// A provider's request option: its type, uuid form and allowed values.
Error checkRequestOption(const Provider& provider, const RequestOption& r, const Json& v) {
  const std::string k(r.name);
  const std::string what = "options." + k + " (" + std::string(provider.id) + ")";
  if (r.type == FieldType::Boolean) {
    if (!v.is_boolean()) return Error{code::invalid_type, what + " must be true or false", k};
    return Error{};
  }
  if (!v.is_string()) return Error{code::invalid_type, what + " must be a string", k};
  const std::string s = v.get<std::string>();
  if (r.format == Format::Uuid && !normalizeUuid(s))
    return Error{code::invalid_value, what + " must be a uuid, not " + text::quoteForMessage(s), k};
  if (!r.values.empty() && std::find(r.values.begin(), r.values.end(), s) == r.values.end()) {
    std::string list;
    for (auto x : r.values) list += (list.empty() ? "" : ", ") + std::string(x);
    return Error{code::invalid_value, what + " must be one of " + list + ", not " + text::quoteForMessage(s), k};
  }
  return Error{};
}
}  // namespace

Result<PlanOptions> parseOptions(const Provider& provider, const Json& o) {
  PlanOptions out;
  if (o.is_null()) {
    out.batchSize = provider.defaultPerRequest;
    return out;
  }
  if (!o.is_object()) return Error{code::invalid_type, "options must be an object", {}};
  for (auto it = o.begin(); it != o.end(); ++it) {
    const std::string& k = it.key();
    const Json& v = it.value();
    auto wrongType = [&](std::string message) { return Error{code::invalid_type, std::move(message), k}; };
    auto outOfRange = [&](std::string message) { return Error{code::invalid_value, std::move(message), k}; };
    if (std::find(std::begin(kOptionNames), std::end(kOptionNames), k) == std::end(kOptionNames)) {
      const RequestOption* ro = nullptr;
      for (const auto& r : provider.requestOptions)
        if (r.name == k) ro = &r;
      if (!ro) return unknownOption(k, provider);
      if (v.is_null()) continue;
      if (Error e = checkRequestOption(provider, *ro, v); !e.code.empty()) return e;
      out.request[k] = v;
      continue;
    }
    if (v.is_null()) continue;  // null: the default
    if (k == "campaignId") {
      if (!v.is_string()) return wrongType("options.campaignId must be a string");
      out.campaignId = v.get<std::string>();
      std::string why =
          campaignIdProblem(out.campaignId, provider.pathTemplate.find("{campaignId}") != std::string_view::npos);
      if (!why.empty()) return Error{code::invalid_option, why, k};
    } else if (k == "defaultCountry") {
      if (!v.is_string()) return wrongType("options.defaultCountry must be a string");
      std::string c = v.get<std::string>();
      if (!c.empty()) {
        Normalized country = normalizeCountry(c);  // alpha-2, alpha-3 or an English name
        if (!country.ok || !isKnownRegion(country.value))
          return outOfRange("options.defaultCountry must be an ISO 3166 alpha-2 code like US or FR, not " +
                            text::quoteForMessage(c));
        c = country.value;
      }
      out.defaultCountry = c;
    } else if (k == "channel") {
      if (!v.is_string()) return wrongType("options.channel must be 'email' or 'linkedin'");
      if (v != "email" && v != "linkedin") return outOfRange("options.channel must be 'email' or 'linkedin'");
      out.channel = v.get<std::string>();
    } else if (k == "batchSize") {
      if (!v.is_number()) return wrongType("options.batchSize must be an integer");
      double n = v.get<double>();
      if (n < 1 || n > double(provider.maxPerRequest))  // first: casting 1e30 to an integer is UB
        return outOfRange("options.batchSize must be between 1 and " + std::to_string(provider.maxPerRequest) +
                          " for " + std::string(provider.id));
      if (n != double(size_t(n))) return outOfRange("options.batchSize must be an integer");
      out.batchSize = size_t(n);
    } else if (k == "maxBodyBytes") {
      if (!v.is_number()) return wrongType("options.maxBodyBytes must be a number");
      double n = v.get<double>();
      if (!(n >= 64) || n > double(kMaxBatchBytesOption)) return outOfRange("options.maxBodyBytes must be at least 64");
      out.maxBodyBytes = size_t(n);
    } else if (k == "template") {
      if (!v.is_string()) return wrongType("options.template must be a string");
      out.hasTemplate = true;
      out.templateText = v.get<std::string>();
      out.templateVariables = parseTemplate(out.templateText, provider.templateSyntax);
    } else if (k == "foldGmail") {
      if (!v.is_boolean()) return wrongType("options.foldGmail must be true or false");
      out.foldGmail = v.get<bool>();
    } else if (k == "strict") {
      if (!v.is_boolean()) return wrongType("options.strict must be true or false");
      out.strict = v.get<bool>();
    } else if (k == "existing") {
      if (!v.is_array()) return wrongType("options.existing must be an array of leads");
      out.existing = v;
    } else if (k == "emitBodies") {  // native callers only: the JS layer assembles bodies itself
      out.emitBodies = v.is_boolean() && v.get<bool>();
    }
  }
  if (out.batchSize == 0) out.batchSize = provider.defaultPerRequest;
  return out;
}

Result<Configured> resolveProvider(std::string_view providerId, std::string_view optionsJson) {
  Result<const Provider*> p = requireProvider(providerId);
  if (!p) return p.error();
  Json o;
  if (!optionsJson.empty()) {
    Result<Json> doc = parseDocument(optionsJson);
    if (!doc) return Error{code::invalid_type, "options: " + doc.message, {}};
    o = std::move(doc.value);
  }
  Result<PlanOptions> opts = parseOptions(*p.value, o);
  if (!opts) return opts.error();
  return Configured{p.value, std::move(opts.value)};
}

}  // namespace leadroster
