// describeProvider(id, options), options() and codes(): the provider as the engine knows it,
// read straight from src/providers/*.cpp, so no binding or page lists a field by hand.
#include "api/api.h"
#include "api/lookup.h"
#include "cold.h"
#include "api/options_api.h"
#include "engine/option_table.h"
#include "engine/options.h"
#include "engine/schema.h"
#include "json/json_writer.h"
#include "normalize/list_quality.h"
#include "normalize/public_suffix.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

namespace {

const char* typeName(FieldType t) {
  switch (t) {
    case FieldType::String: return "string";
    case FieldType::Number: return "number";
    case FieldType::Integer: return "integer";
    case FieldType::Boolean: return "boolean";
    case FieldType::Object: return "object";
    case FieldType::FreeObject: return "freeObject";
    case FieldType::StringArray: return "stringArray";
    case FieldType::Any: return "any";
    case FieldType::Scalar: return "scalar";
  }
  return "any";
}

Json formatName(Format f) {
  switch (f) {
    case Format::None: return nullptr;
    case Format::Email: return "email";
    case Format::Phone: return "phone";
    case Format::LinkedInProfile: return "linkedinProfile";
    case Format::LinkedInCompany: return "linkedinCompany";
    case Format::Url: return "url";
    case Format::Domain: return "domain";
    case Format::Uuid: return "uuid";
    case Format::HexId24: return "hexId24";
    case Format::Country: return "country";
  }
  return nullptr;
}

const char* kindName(KeyKind k) {
  switch (k) {
    case KeyKind::Email: return "email";
    case KeyKind::LinkedIn: return "linkedin";
    case KeyKind::Phone: return "phone";
    case KeyKind::Id: return "id";
  }
  return "id";
}

const char* bodyName(BodyShape b) {
  switch (b) {
    case BodyShape::Lead: return "lead";
    case BodyShape::Leads: return "leads";
    case BodyShape::CampaignIdAndLeads: return "campaignIdAndLeads";
    case BodyShape::Envelope: return "envelope";
  }
  return "leads";
}

// True when the identity rules change with options.channel.
bool dependsOnChannel(const Provider& p) {
  PlanOptions email, linkedin;
  linkedin.channel = "linkedin";
  return p.identity(email).anyOf != p.identity(linkedin).anyOf;
}

const char* schemeName(AuthScheme s) {
  switch (s) {
    case AuthScheme::Header: return "header";
    case AuthScheme::Bearer: return "bearer";
    case AuthScheme::BasicPassword: return "basic";
    case AuthScheme::Query: return "query";
  }
  return "header";
}

bool isStringType(FieldType t) { return t == FieldType::String || t == FieldType::StringArray; }

// A bound of options.def: an integer in JSON.
Json bound(double d) { return Json(static_cast<long long>(d)); }

// One row of options.def as JSON; with a provider, its own bounds and formats.
Json optionJson(const option::Info& o, const Provider* p) {
  Json j = {{"name", o.name},
            {"type", option::typeName(o.type)},
            {"flag", *o.flag ? Json(std::string(o.flag)) : Json(nullptr)},
            {"scope", o.scope == option::PLAN ? "plan" : "lead"},
            {"required", o.required}};
  if (o.type == option::INTEGER) {
    if (o.min != option::NO_BOUND) j["min"] = bound(o.min);
    if (o.max == option::PROVIDER_MAX)
      j["max"] = p ? Json(p->maxPerRequest) : Json(nullptr);
    else if (o.max != option::NO_BOUND)
      j["max"] = bound(o.max);
  } else if (o.type == option::STRING && o.max != option::NO_BOUND) {
    j["maxLength"] = bound(o.max);
  }
  if (*o.values) {
    Json values = Json::array();
    std::string_view all = o.values;
    for (size_t start = 0; start <= all.size();) {
      size_t bar = std::min(all.find('|', start), all.size());
      values.push_back(std::string(all.substr(start, bar - start)));
      start = bar + 1;
    }
    j["values"] = values;
  }
  std::string_view format = o.format;
  if (format == "campaign") {
    if (p && p->campaignIdFormat == Format::Uuid) j["format"] = "uuid";
  } else if (!format.empty()) {
    j["format"] = std::string(format);
  }
  if (std::string_view(o.defaultJson) == option::PROVIDER_DEFAULT) {
    j["default"] = p ? Json(p->defaultPerRequest) : Json(nullptr);
  } else if (std::string_view(o.defaultJson) != "null") {
    j["default"] = parseJson(o.defaultJson);
  }
  j["doc"] = o.doc;
  return j;
}

}  // namespace

Json describeProviderJson(const Provider& p, const PlanOptions& o) {
  Json d = Json::object();
  d["id"] = std::string(p.id);
  d["name"] = std::string(p.name.empty() ? p.id : p.name);
  d["method"] = std::string(p.method);
  d["path"] = std::string(p.pathTemplate);
  d["body"] = bodyName(p.body);
  // the key of the body's leads array (null: the body is the lead)
  d["leadsKey"] = p.body == BodyShape::Lead       ? Json(nullptr)
                  : p.body == BodyShape::Envelope ? Json(std::string(p.leadsKey))
                                                  : Json("leads");
  Json headers = Json::array();
  for (const auto& h : p.headers)
    headers.push_back({{"name", std::string(h.name)}, {"placeholder", std::string(h.placeholder)}});
  d["headers"] = headers;
  Json auth = Json::array();
  for (const auto& a : p.auth) auth.push_back({{"scheme", schemeName(a.scheme)}, {"name", std::string(a.name)}});
  d["auth"] = auth;
  // What the emulator (npm/lib/emulator.mjs) serves for this provider.
  Json codes = Json::object();
  for (const auto& c : p.errors.codes) codes[std::to_string(c.status)] = std::string(c.code);
  Json shape = parseJson(p.errors.shape, false);
  d["errors"] = {
      {"body", shape.is_discarded() ? Json(nullptr) : shape},
      {"codes", codes},
      {"defaultCode", std::string(p.errors.defaultCode)},
      {"missingKeyCode", p.errors.missingKeyCode.empty() ? Json(nullptr) : Json(std::string(p.errors.missingKeyCode))},
      {"invalidBatch", p.errors.invalidBatch.empty() ? Json(nullptr) : Json(std::string(p.errors.invalidBatch))}};
  d["leadPath"] = p.leadPathTemplate.empty() ? Json(nullptr) : Json(std::string(p.leadPathTemplate));
  d["freezesOnLaunch"] = p.freezesOnLaunch;
  d["refusesBatchWithoutIdentity"] = p.refusesBatchWithoutIdentity;
  d["batch"] = {{"min", 1}, {"max", p.maxPerRequest}, {"default", p.defaultPerRequest}};
  bool custom = p.extraFieldsAreCustom || !p.customFieldsObject.empty();
  d["customFields"] = custom;
  // Where custom fields go: null = flat on the lead, else the object's name.
  d["customFieldsIn"] = p.customFieldsObject.empty() ? Json(nullptr) : Json(std::string(p.customFieldsObject));
  Json fields = Json::array();
  for (const auto& f : p.fields) {
    Json j = {{"path", std::string(f.path)},
              {"type", typeName(f.type)},
              {"format", formatName(f.format)},
              {"required", f.required},
              {"maxLength", isStringType(f.type) ? Json(f.maxLength ? f.maxLength : kDefaultMaxLength) : Json(nullptr)},
              {"send", f.send},
              {"description", std::string(f.description)}};
    fields.push_back(std::move(j));
  }
  d["fields"] = fields;
  IdentityRules rules = p.identity(o);
  Json anyOf = Json::array();
  for (auto f : rules.anyOf) anyOf.push_back(std::string(f));
  Json keys = Json::array();
  for (const auto& k : rules.dedupKeys) keys.push_back({{"field", std::string(k.field)}, {"kind", kindName(k.kind)}});
  d["identity"] = {{"anyOf", anyOf}, {"dedupKeys", keys}};
  d["template"] = {{"open", std::string(p.templateSyntax.open)}, {"close", std::string(p.templateSyntax.close)}};
  Json limits = Json::array();
  if (p.rateLimit.requests > 0)
    limits.push_back({{"scope", "add"},
                      {"requests", p.rateLimit.requests},
                      {"windowSeconds", p.rateLimit.windowSeconds},
                      {"burst", p.rateLimit.burst ? p.rateLimit.burst : p.rateLimit.requests},
                      {"per", std::string(p.rateLimit.per)}});
  d["rateLimits"] = limits;
  // Every option parseOptions reads (options.def), with this provider's ranges;
  // channel only where the provider's identity depends on it.
  Json opts = Json::array();
  for (const option::Info& o : option::all) {
    if (o.scope == option::NATIVE) continue;
    if (o.id == option::o_channel && !dependsOnChannel(p)) continue;
    opts.push_back(optionJson(o, &p));
  }
  // The provider's own request options (Provider::requestOptions).
  for (const auto& r : p.requestOptions) {
    Json j = {{"name", std::string(r.name)},
              {"type", r.type == FieldType::Boolean ? "boolean" : "string"},
              {"required", false},
              {"provider", true},
              {"doc", std::string(r.description)}};
    if (r.format == Format::Uuid) j["format"] = "uuid";
    if (!r.values.empty()) {
      Json v = Json::array();
      for (auto x : r.values) v.push_back(std::string(x));
      j["values"] = v;
    }
    opts.push_back(std::move(j));
  }
  d["options"] = opts;
  // The Public Suffix List compiled in (registrable domains, dedup by company domain).
  d["publicSuffixList"] = {{"version", std::string(publicSuffixListVersion())},
                           {"date", std::string(publicSuffixListDate())}};
  // The list-quality lists compiled in (disposable_email, role_email warnings).
  d["emailLists"] = {
      {"disposableDomains", {{"version", std::string(disposableListVersion())}, {"entries", disposableListSize()}}},
      {"roleAccounts", {{"version", std::string(roleListVersion())}, {"entries", roleListSize()}}}};
  return d;
}

std::string describeProvider(std::string_view providerId, std::string_view optionsJson) {
  Result<Configured> r = resolveProvider(providerId, optionsJson);
  if (!r) return fatalJson(r.error());
  return dumpJson(describeProviderJson(*r.value().provider, r.value().options));
}

// Every option of options.def the engine takes from a caller (native-only ones left out).
std::string options() {
  Json list = Json::array();
  for (const option::Info& o : option::all)
    if (o.scope != option::NATIVE) list.push_back(optionJson(o, nullptr));
  return dumpJson(list);
}

// Every code of src/codes.def: the lists by kind, and `all` with each code's
// kinds, JS class (for an argument error) and doc line.
std::string codes() {
  static constexpr std::pair<unsigned, const char*> kKinds[] = {{code::ROW_ERROR, "row_error"},
                                                                {code::ROW_WARNING, "row_warning"},
                                                                {code::MAPPING_WARNING, "mapping_warning"},
                                                                {code::ARGUMENT, "argument"},
                                                                {code::INPUT, "input"},
                                                                {code::LOAD, "load"},
                                                                {code::DELIVERY, "delivery"},
                                                                {code::DELIVERY_ROW, "delivery_row"},
                                                                {code::ANSWER, "answer"},
                                                                {code::EDGE, "edge"},
                                                                {code::LEDGER, "ledger"}};
  auto jsClass = [](code::JsClass c) -> Json {
    switch (c) {
      case code::JsClass::TypeError: return "TypeError";
      case code::JsClass::RangeError: return "RangeError";
      case code::JsClass::Error: return "Error";
      case code::JsClass::NONE: break;
    }
    return nullptr;
  };
  auto namesOf = [](unsigned kind) {
    Json list = Json::array();
    for (const code::Info& c : code::all)
      if (c.kinds & kind) list.push_back(c.name);
    return list;
  };
  Json all = Json::array();
  for (const code::Info& c : code::all) {
    Json kinds = Json::array();
    for (const auto& k : kKinds)
      if (c.kinds & k.first) kinds.push_back(k.second);
    all.push_back({{"code", c.name}, {"kinds", kinds}, {"jsClass", jsClass(c.jsClass)}, {"doc", c.doc}});
  }
  return dumpJson(Json{{"errors", namesOf(code::ROW_ERROR)},
                       {"warnings", namesOf(code::ROW_WARNING)},
                       {"mappingWarnings", namesOf(code::MAPPING_WARNING)},
                       {"argumentErrors", namesOf(code::ARGUMENT)},
                       {"all", all}});
}

}  // namespace leadroster::api
LEADROSTER_COLD_CODE_END
