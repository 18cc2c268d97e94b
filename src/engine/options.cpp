#include "engine/options.h"

#include <cstdio>
#include <optional>

#include "engine/campaign_id.h"
#include "engine/option_table.h"
#include "engine/intake.h"
#include "normalize/country.h"
#include "engine/template.h"
#include "normalize/phone.h"
#include "normalize/text.h"
#include "normalize/uuid.h"

namespace leadroster {

namespace {

Error unknownOption(const std::string& name, const Provider& provider) {
  std::string known;
  for (const option::Info& o : option::all) {
    if (o.scope == option::NATIVE) continue;
    known += known.empty() ? "" : ", ";
    known += o.name;
  }
  for (const auto& r : provider.requestOptions) {
    known += ", ";
    known += r.name;
  }
  return Error{code::unknown_option,
               "options: unknown option " + text::quoteForMessage(name) + " (the options are " + known + ")", name};
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

// "'email' or 'linkedin'" from "email|linkedin".
std::string valuesText(std::string_view values) {
  std::string out;
  size_t start = 0;
  while (start <= values.size()) {
    size_t bar = values.find('|', start);
    if (bar == std::string_view::npos) bar = values.size();
    if (!out.empty()) out += bar == values.size() ? " or " : ", ";
    out += "'" + std::string(values.substr(start, bar - start)) + "'";
    start = bar + 1;
  }
  return out;
}

bool isOneOf(std::string_view values, std::string_view v) {
  size_t start = 0;
  while (start <= values.size()) {
    size_t bar = values.find('|', start);
    if (bar == std::string_view::npos) bar = values.size();
    if (values.substr(start, bar - start) == v) return true;
    start = bar + 1;
  }
  return false;
}

std::string number(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", d);
  return buf;
}

// The table's type and range checks: an Error naming the option, or none.
std::optional<Error> checkValue(const option::Info& o, const Provider& provider, const Json& v) {
  const std::string name = o.name;
  const std::string what = "options." + name;
  auto wrongType = [&](std::string rule) { return Error{code::invalid_type, what + " must be " + rule, name}; };
  auto outOfRange = [&](std::string rule) { return Error{code::invalid_value, what + " must be " + rule, name}; };
  switch (o.type) {
    case option::STRING:
      if (*o.values) {
        if (!v.is_string()) return wrongType(valuesText(o.values));
        if (!isOneOf(o.values, v.get<std::string>())) return outOfRange(valuesText(o.values));
      } else if (!v.is_string()) {
        return wrongType("a string");
      }
      return std::nullopt;
    case option::INTEGER: {
      if (!v.is_number()) return wrongType("an integer");
      double n = v.get<double>();
      double max = o.max == option::PROVIDER_MAX ? double(provider.maxPerRequest) : o.max;
      bool providers = o.max == option::PROVIDER_MAX;
      // The range first: casting 1e30 to an integer is UB.
      if (!(n >= o.min) || (max != option::NO_BOUND && n > max))
        return outOfRange("between " + number(o.min) + " and " + number(max) +
                          (providers ? " for " + std::string(provider.id) : std::string()));
      if (n != double(size_t(n))) return outOfRange("an integer");
      return std::nullopt;
    }
    case option::BOOLEAN:
      if (!v.is_boolean()) return wrongType("true or false");
      return std::nullopt;
    case option::LEADS:
      if (!v.is_array()) return wrongType("an array of leads");
      return std::nullopt;
    case option::ENTRIES:
      if (!v.is_array()) return wrongType("an array of {kind, value}");
      return std::nullopt;
  }
  return std::nullopt;
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
    const option::Info* info = option::find(k);
    if (!info) {
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
    if (auto bad = checkValue(*info, provider, v)) return *bad;
    switch (info->id) {
      case option::o_campaignId: {
        out.campaignId = v.get<std::string>();
        std::string why =
            campaignIdProblem(out.campaignId, provider.pathTemplate.find("{campaignId}") != std::string_view::npos);
        if (!why.empty()) return Error{code::invalid_option, why, k};
        break;
      }
      case option::o_defaultCountry: {
        std::string c = v.get<std::string>();
        if (!c.empty()) {
          Normalized country = normalizeCountry(c);  // alpha-2, alpha-3 or an English name
          if (!country.ok() || !isKnownRegion(country.value()))
            return Error{code::invalid_value,
                         "options.defaultCountry must be an ISO 3166 alpha-2 code like US or FR, not " +
                             text::quoteForMessage(c),
                         k};
          c = country.value();
        }
        out.defaultCountry = c;
        break;
      }
      case option::o_channel: out.channel = v.get<std::string>(); break;
      case option::o_batchSize: out.batchSize = size_t(v.get<double>()); break;
      case option::o_maxBodyBytes: out.maxBodyBytes = size_t(v.get<double>()); break;
      case option::o_template:
        out.hasTemplate = true;
        out.templateText = v.get<std::string>();
        out.templateVariables = parseTemplate(out.templateText, provider.templateSyntax);
        break;
      case option::o_foldGmail: out.foldGmail = v.get<bool>(); break;
      case option::o_strict: out.strict = v.get<bool>(); break;
      case option::o_existing: out.existing = v; break;
      case option::o_suppressed:
        out.hasSuppressed = true;
        for (const Json& e : v) {
          if (!e.is_object() || !e.contains("kind") || !e["kind"].is_string() || !e.contains("value") ||
              !e["value"].is_string())
            return Error{code::invalid_type,
                         "options.suppressed must be an array of {kind, value} with string kind and value", k};
          const std::string kd = e["kind"].get<std::string>();
          if (kd != "email" && kd != "domain" && kd != "phone" && kd != "linkedin")
            return Error{
                code::invalid_value,
                "options.suppressed: kind must be email, domain, phone or linkedin, not " + text::quoteForMessage(kd),
                k};
          std::string val = e["value"].get<std::string>();
          if (kd == "email" || kd == "domain")
            for (char& c : val) c = text::toLower(c);
          out.suppressed.push_back(PlanOptions::Suppression{kd[0], std::move(val)});
        }
        break;
      case option::o_emitBodies: out.emitBodies = v.get<bool>(); break;
    }
  }
  if (out.batchSize == 0) out.batchSize = provider.defaultPerRequest;
  return out;
}

Result<Configured> configure(const Provider& provider, std::string_view optionsJson) {
  Json o;
  if (!optionsJson.empty()) {
    Result<Json> doc = parseDocument(optionsJson);
    if (!doc) return Error{code::invalid_type, "options: " + doc.error().message, {}};
    o = std::move(doc.value());
  }
  Result<PlanOptions> opts = parseOptions(provider, o);
  if (!opts) return opts.error();
  return Configured{&provider, std::move(opts.value())};
}

}  // namespace leadroster
