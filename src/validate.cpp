#include "validate.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>

#include "domain.h"
#include "email.h"
#include "intake.h"
#include "json_reader.h"
#include "linkedin.h"
#include "phone.h"
#include "providers/registry.h"
#include "text.h"
#include "url.h"
#include "uuid.h"

namespace leadroster {

namespace {

constexpr size_t kDefaultMaxLength = 2000;  // bytes, for string fields without their own limit
constexpr double kMaxBatchBytesOption = 4.0e9;

const char* typeName(FieldType t) {
  switch (t) {
    case FieldType::String: return "a string";
    case FieldType::Number: return "a number";
    case FieldType::Integer: return "an integer";
    case FieldType::Boolean: return "true or false";
    case FieldType::Object:
    case FieldType::FreeObject: return "an object";
    case FieldType::StringArray: return "an array of strings";
    case FieldType::Scalar: return "a string, number, boolean or a flat array";
    case FieldType::Any: return "any JSON value";
  }
  return "a value";
}

// Whether a JSON value has the type a field needs (strings checked by the caller).
bool typeMatches(FieldType t, const json::Value& v) {
  switch (t) {
    case FieldType::String: return v.isString();
    case FieldType::Number: return v.isNumber();
    case FieldType::Integer: {
      if (!v.isNumber()) return false;
      bool plain = true;
      for (char c : v.raw) plain &= c != '.' && c != 'e' && c != 'E';
      if (plain) return v.raw.size() <= 17;
      double d = std::strtod(std::string(v.raw).c_str(), nullptr);
      return d >= -9.0e15 && d <= 9.0e15 && double(int64_t(d)) == d;
    }
    case FieldType::Boolean: return v.isBool();
    case FieldType::Object:
    case FieldType::FreeObject: return v.isObject();
    case FieldType::StringArray: return v.isArray();
    case FieldType::Scalar:
      return v.isString() || v.isNumber() || v.isBool() || v.isNull() || v.isArray();
    case FieldType::Any: return true;
  }
  return false;
}

// Normalizes a string by its format; returns false (and records the error) on failure.
bool normalizeFormat(const FieldSpec& spec, const std::string& path, std::string_view raw,
                     const std::string& region, std::string& out, LeadCheck& check) {
  auto record = [&](const std::string& c, const std::string& message) {
    check.errors.push_back(Problem{path, c, path + ": " + message, false});
    return false;
  };
  switch (spec.format) {
    case Format::None: out.assign(raw); return true;
    case Format::Email: {
      EmailResult r = normalizeEmail(raw);
      if (!r) return record(r.code, r.message);
      out = std::move(r.value);
      return true;
    }
    case Format::Phone: {
      Normalized r = normalizePhone(raw, region);
      if (!r) return record(r.code, r.message);
      out = std::move(r.value);
      return true;
    }
    case Format::LinkedInProfile:
    case Format::LinkedInCompany: {
      LinkedInResult r = normalizeLinkedInUrl(raw);
      if (!r) return record(r.code, r.message);
      LinkedInKind want =
          spec.format == Format::LinkedInProfile ? LinkedInKind::Profile : LinkedInKind::Company;
      if (r.kind != want)
        return record(code::invalid_linkedin_url,
                      want == LinkedInKind::Profile
                          ? "this is a LinkedIn company page; a profile URL (linkedin.com/in/...) is needed"
                          : "this is a LinkedIn profile; a company page URL (linkedin.com/company/...) is needed");
      out = std::move(r.value);
      return true;
    }
    case Format::Url: {
      Normalized r = normalizeUrl(raw);
      if (!r) return record(r.code, r.message);
      out = std::move(r.value);
      return true;
    }
    case Format::Domain: {
      Normalized r = normalizeDomain(raw);
      if (!r) return record(r.code, r.message);
      out = std::move(r.value);
      return true;
    }
    case Format::Uuid: {
      Normalized r = normalizeUuid(raw);
      if (!r) return record(r.code, r.message);
      out = std::move(r.value);
      return true;
    }
    case Format::HexId24: {
      std::string_view t = text::trim(raw);
      if (!isHexId24(t))
        return record(code::invalid_value, "must be a 24-character hexadecimal id, got " +
                                               text::quoteForMessage(t));
      out = text::toLowerAscii(t);
      return true;
    }
    case Format::Country: {
      std::string_view t = text::trim(raw);
      if (t.size() != 2 || !isKnownRegion(t))
        return record(code::invalid_value,
                      "must be an ISO 3166 alpha-2 country code (like US or FR), got " +
                          text::quoteForMessage(t));
      out = text::toLowerAscii(t);
      for (char& c : out) c = text::toUpper(c);
      return true;
    }
  }
  return record(code::invalid_value, "unsupported format");
}

// A value copied from the row, as compact JSON: request bodies are compact and
// maxBodyBytes counts compact bytes, so whitespace between tokens and optional
// escapes ("\/", "\u00e9") are dropped. Numbers keep their spelling.
void appendCompact(const json::Value& v, std::string& out) {
  if (v.raw.find_first_of(" \t\n\r\\") == std::string_view::npos) {
    out += v.raw;  // nothing to drop (the common case)
    return;
  }
  bool first = true;
  switch (v.type) {
    case json::Type::Object:
      out += '{';
      json::forEachMember(v, [&](std::string_view k, const json::Value& m) {
        if (!first) out += ',';
        first = false;
        appendJsonString(out, k);
        out += ':';
        appendCompact(m, out);
        return true;
      });
      out += '}';
      return;
    case json::Type::Array:
      out += '[';
      json::forEachElement(v, [&](const json::Value& e) {
        if (!first) out += ',';
        first = false;
        appendCompact(e, out);
        return true;
      });
      out += ']';
      return;
    case json::Type::String:
      if (v.escaped) {
        appendJsonString(out, json::decode(v));
        return;
      }
      break;
    default:
      break;
  }
  out += v.raw;
}

std::string compactJson(const json::Value& v) {
  std::string out;
  out.reserve(v.raw.size());
  appendCompact(v, out);
  return out;
}

struct Walker {
  const Provider& provider;
  const PlanOptions& options;
  LeadCheck& check;
  std::string region;  // default region for phones in this row
  std::string path;    // scratch: the dotted path of the field being checked

  // Checks `value` against `spec` at `path`; on success stores the value to send
  // under `key` in `out`. Returns false when the field is absent (null/blank) or invalid.
  bool checkValue(const FieldSpec& spec, const std::string& path, const json::Value& value,
                  std::string_view key, Lead& out) {
    if (value.isNull()) return false;
    std::string buf;
    std::string_view str;
    if (value.isString()) {
      str = json::text(value, buf);
      if (spec.type != FieldType::Any && text::trim(str).empty()) return false;  // blank = absent
    }
    if (!typeMatches(spec.type, value)) {
      check.error(path, code::invalid_type,
                  path + " must be " + typeName(spec.type) + ", not " + json::typeName(value.type));
      return false;
    }
    size_t maxLength = spec.maxLength ? spec.maxLength : kDefaultMaxLength;
    if (value.isString()) {
      // The limit applies to the value sent: padding around it (CSV cells) does not count.
      std::string_view trimmed = text::trim(str);
      if (trimmed.size() > maxLength) {
        check.error(path, code::too_long,
                    path + " is " + std::to_string(trimmed.size()) + " bytes long; the limit is " +
                        std::to_string(maxLength));
        return false;
      }
      if (spec.format == Format::None && !value.escaped && trimmed.size() == str.size()) {
        out.setJson(key, std::string(value.raw));  // sent exactly as written: copy its JSON
        return true;
      }
      std::string normalized;
      if (!normalizeFormat(spec, path, trimmed, region, normalized, check)) return false;
      out.setString(key, std::move(normalized));
      return true;
    }
    if (spec.type == FieldType::StringArray) {
      bool good = true;
      size_t i = 0;
      json::forEachElement(value, [&](const json::Value& el) {
        if (!el.isString()) {
          check.error(path, code::invalid_type,
                      path + " must be an array of strings; item " + std::to_string(i) + " is " +
                          json::typeName(el.type));
          return good = false;
        }
        std::string elBuf;
        if (json::text(el, elBuf).size() > maxLength) {
          check.error(path, code::too_long,
                      path + " item " + std::to_string(i) + " is longer than " +
                          std::to_string(maxLength) + " bytes");
          return good = false;
        }
        ++i;
        return true;
      });
      if (!good) return false;
      out.setJson(key, compactJson(value));
      return true;
    }
    if (spec.type == FieldType::Scalar && value.isArray()) {
      bool flat = true;
      json::forEachElement(value, [&](const json::Value& el) {
        return flat = !(el.isObject() || el.isArray());
      });
      if (!flat) {
        check.error(path, code::invalid_type,
                    path + " must be a string, number, boolean or an array of those (custom fields are flat)");
        return false;
      }
    }
    if (spec.type == FieldType::Object) {
      Lead nested;
      walkObject(path, value, nested);
      out.setJson(key, nested.json());
      return true;
    }
    out.setJson(key, compactJson(value));
    return true;
  }

  // Walks the keys of an object whose children are described by dotted paths.
  void walkObject(const std::string& prefix, const json::Value& obj, Lead& out) {
    json::forEachMember(obj, [&](std::string_view key, const json::Value& value) {
      member(prefix, key, value, out);
      return true;
    });
  }

  void member(const std::string& prefix, std::string_view key, const json::Value& value, Lead& out) {
    std::string path = prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
    const FieldSpec* spec = provider.field(path);
    if (!spec) {
      if (prefix.empty() && provider.extraFieldsAreCustom) {
        static const FieldSpec custom{"", FieldType::Scalar};
        if (key == "customFields" && value.isObject()) {
          // The page: "no need for a nested customFields object" — its
          // properties are sent flat, as custom fields.
          json::forEachMember(value, [&](std::string_view k, const json::Value& v) {
            if (provider.field(k) || out.has(k)) {
              check.warning("customFields." + std::string(k), code::unknown_field,
                            "customFields." + std::string(k) + " is left out: the lead already has " +
                                std::string(k));
              return true;
            }
            checkValue(custom, "customFields." + std::string(k), v, k, out);
            return true;
          });
          return;
        }
        checkValue(custom, path, value, key, out);
        return;
      }
      check.warning(path, code::unknown_field,
                    path + " is not a field " + std::string(provider.id) +
                        " accepts; it is left out of the request");
      return;
    }
    if (!spec->send) {
      Lead ignored;
      checkValue(*spec, path, value, key, ignored);
      return;
    }
    checkValue(*spec, path, value, key, out);
  }
};

}  // namespace

void LeadCheck::error(std::string field, const char* c, std::string message) {
  errors.push_back(Problem{std::move(field), c, std::move(message), false});
}
void LeadCheck::rowError(const char* c, std::string message) {
  errors.push_back(Problem{std::string(), c, std::move(message), true});
}
void LeadCheck::warning(std::string field, const char* c, std::string message) {
  warnings.push_back(Problem{std::move(field), c, std::move(message), false});
}

LeadCheck checkLead(const Provider& provider, const Json& row, const PlanOptions& options,
                    const IdentityRules& rules) {
  return checkLead(provider, std::string_view(row.dump(-1, ' ', false, Json::error_handler_t::replace)),
                   options, rules);
}

LeadCheck checkLead(const Provider& provider, std::string_view rowJson, const PlanOptions& options,
                    const IdentityRules& rules) {
  LeadCheck check;
  json::Value row;
  std::string parseError;
  // Reused between rows (the engine is single-threaded per thread): no
  // allocation per row for the member list.
  static thread_local std::vector<json::Member> members;
  members.clear();
  if (!json::parse(rowJson, row, parseError, kMaxNestingDepth, &members)) {
    check.rowError(code::invalid_type, "the row is not valid JSON: " + parseError);
    return check;
  }
  if (!row.isObject()) {
    check.rowError(code::invalid_type,
                   std::string("a lead must be a JSON object, not ") + json::typeName(row.type));
    return check;
  }
  Walker walker{provider, options, check, options.defaultCountry, {}};
  // The row's own country is the default region of its phone, ahead of options.defaultCountry.
  if (const FieldSpec* cs = provider.field("country"); cs && cs->format == Format::Country) {
    for (const auto& m : members) {
      if (m.key.escaped || m.key.inner() != "country" || !m.value.isString()) continue;
      std::string buf;
      std::string_view c = text::trim(json::text(m.value, buf));
      if (c.size() == 2 && isKnownRegion(c)) {
        walker.region = std::string(c);
        for (char& ch : walker.region) ch = text::toUpper(ch);
      }
      break;
    }
  }
  const std::string top;
  std::string keyBuf;
  for (const auto& m : members) walker.member(top, json::text(m.key, keyBuf), m.value, check.lead);

  for (const auto& f : provider.fields) {
    if (!f.required || f.path.find('.') != std::string_view::npos) continue;
    bool hadError = false;
    for (const auto& e : check.errors) hadError |= e.field == f.path;
    if (!hadError && !check.lead.has(f.path))
      check.error(std::string(f.path), code::missing_field, std::string(f.path) + " is required");
  }

  if (!rules.anyOf.empty()) {
    bool present = false, hadError = false;
    for (auto f : rules.anyOf) {
      present |= check.lead.has(f);
      for (const auto& e : check.errors) hadError |= e.field == f;
    }
    if (!present && !hadError) {
      std::string names;
      for (size_t i = 0; i < rules.anyOf.size(); ++i) {
        if (i) names += i + 1 == rules.anyOf.size() ? " or " : ", ";
        names += rules.anyOf[i];
      }
      check.rowError(code::missing_identity,
                     rules.anyOf.size() == 1 ? "the lead needs " + names + " for this campaign"
                                             : "the lead needs at least one of " + names);
    }
  }

  if (provider.afterValidate) provider.afterValidate(check, options);

  if (options.hasTemplate) {
    for (const auto& var : options.templateVariables) {
      if (!leadHasPath(check.lead, var))
        check.warning(var, code::template_variable_missing,
                      "the template uses " + var + " but this lead has no " + var);
    }
  }

  for (const auto& k : rules.dedupKeys) {
    const std::string* v = check.lead.string(k.field);
    if (!v) continue;
    std::string key = k.kind == KeyKind::Email ? emailDedupKey(*v, options.foldGmail)
                      : k.kind == KeyKind::Id  ? text::toLowerAscii(*v)
                                               : *v;
    check.identities.push_back(Identity{k.field, k.kind, std::move(key)});
  }
  return check;
}

namespace {
std::vector<std::string> parseTemplate(std::string_view t, const TemplateSyntax& syn) {
  std::vector<std::string> vars;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t a = t.find(syn.open, pos);
    if (a == std::string_view::npos) break;
    size_t b = t.find(syn.close, a + syn.open.size());
    if (b == std::string_view::npos) break;
    std::string_view name = t.substr(a + syn.open.size(), b - a - syn.open.size());
    // {{ name }} may be padded; with one delimiter for both ends (%name%) a
    // padded name is prose between two percent signs ("30% more %first_name%").
    if (syn.open != syn.close) name = text::trim(name);
    bool good = !name.empty() && name.size() <= 200 && name.front() != '.' && name.back() != '.';
    for (char c : name) good &= text::isAlnum(c) || c == '_' || c == '.' || c == '-';
    if (good) {
      std::string n(name);
      bool seen = false;
      for (const auto& v : vars) seen |= v == n;
      if (!seen) vars.push_back(std::move(n));
      pos = b + syn.close.size();
    } else {
      pos = a + 1;
    }
  }
  return vars;
}
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
      if (out.campaignId.size() > 200 || text::hasControlChar(out.campaignId))
        return "options.campaignId must be at most 200 printable characters";
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

void appendJsonString(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  size_t run = 0;
  // Skip 8 bytes at a time while none needs escaping (no '"', '\\', control).
  size_t i = 0;
  {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
      uint64_t hit = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w);
      if (hit & high) break;
      i += 8;
    }
  }  // start of the current run of characters that need no escape
  for (; i < s.size(); ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string fatalJson(std::string_view message) {
  std::string out = "{\"fatal\":";
  appendJsonString(out, message);
  return out + "}";
}

bool isHexId24(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s)
    if (!text::isHex(c)) return false;
  return true;
}

void appendProblems(std::string& out, const std::vector<Problem>& problems) {
  out += '[';
  for (size_t i = 0; i < problems.size(); ++i) {
    const Problem& p = problems[i];
    if (i) out += ',';
    out += "{\"field\":";
    if (p.fieldIsNull) out += "null";
    else appendJsonString(out, p.field);
    out += ",\"code\":";
    appendJsonString(out, p.code);
    out += ",\"message\":";
    appendJsonString(out, p.message);
    out += '}';
  }
  out += ']';
}

}  // namespace leadroster
