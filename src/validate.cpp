#include "validate.h"

#include <cstdio>

#include "domain.h"
#include "email.h"
#include "linkedin.h"
#include "phone.h"
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
    case FieldType::Scalar: return "a string, number or boolean";
    case FieldType::Any: return "any JSON value";
  }
  return "a value";
}

const char* jsonTypeName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

bool typeMatches(FieldType t, const Json& v) {
  switch (t) {
    case FieldType::String: return v.is_string();
    case FieldType::Number: return v.is_number();
    case FieldType::Integer:
      if (v.is_number_integer()) return true;
      if (v.is_number_float()) {
        double d = v.get<double>();
        return d == d && d >= -9.0e15 && d <= 9.0e15 && double(int64_t(d)) == d;
      }
      return false;
    case FieldType::Boolean: return v.is_boolean();
    case FieldType::Object:
    case FieldType::FreeObject: return v.is_object();
    case FieldType::StringArray: return v.is_array();  // elements checked separately
    case FieldType::Scalar: return v.is_string() || v.is_number() || v.is_boolean() || v.is_null();
    case FieldType::Any: return true;
  }
  return false;
}

bool isHexId24(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s)
    if (!text::isHex(c)) return false;
  return true;
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

struct Walker {
  const Provider& provider;
  const PlanOptions& options;
  LeadCheck& check;
  std::string region;  // default region for phones in this row

  // Checks `value` against `spec` at `path`; on success stores the value to send in `out`.
  // Returns false when the field is absent (null / blank) or invalid.
  bool checkValue(const FieldSpec& spec, const std::string& path, const Json& value, Json& out) {
    if (value.is_null()) return false;
    if (value.is_string() && spec.type != FieldType::Any) {
      const std::string& s = value.get_ref<const std::string&>();
      std::string_view t = text::trim(s);
      if (t.empty()) return false;  // blank cells are absent, as in CSV exports
    }
    if (!typeMatches(spec.type, value)) {
      check.error(path, code::invalid_type,
                  path + " must be " + typeName(spec.type) + ", not " + jsonTypeName(value));
      return false;
    }
    size_t maxLength = spec.maxLength ? spec.maxLength : kDefaultMaxLength;
    if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      if (s.size() > maxLength) {
        check.error(path, code::too_long,
                    path + " is " + std::to_string(s.size()) + " bytes long; the limit is " +
                        std::to_string(maxLength));
        return false;
      }
      if (!text::isValidUtf8(s)) {
        check.error(path, code::invalid_value, path + " is not valid UTF-8 text");
        return false;
      }
      std::string normalized;
      if (!normalizeFormat(spec, path, text::trim(s), region, normalized, check)) return false;
      out = std::move(normalized);
      return true;
    }
    if (spec.type == FieldType::StringArray) {
      Json arr = Json::array();
      size_t i = 0;
      for (const auto& el : value) {
        if (!el.is_string()) {
          check.error(path, code::invalid_type,
                      path + " must be an array of strings; item " + std::to_string(i) + " is " +
                          jsonTypeName(el));
          return false;
        }
        if (el.get_ref<const std::string&>().size() > maxLength) {
          check.error(path, code::too_long,
                      path + " item " + std::to_string(i) + " is longer than " +
                          std::to_string(maxLength) + " bytes");
          return false;
        }
        arr.push_back(el);
        ++i;
      }
      out = std::move(arr);
      return true;
    }
    if (spec.type == FieldType::Object) {
      out = Json::object();
      walkObject(path, value, out);
      return true;
    }
    out = value;
    return true;
  }

  // Walks the keys of an object field whose children are described by dotted paths.
  void walkObject(const std::string& prefix, const Json& obj, Json& out) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
      const FieldSpec* spec = provider.field(path);
      if (!spec) {
        if (prefix.empty() && provider.extraFieldsAreCustom) {
          static const FieldSpec custom{"", FieldType::Scalar};
          Json v;
          if (checkValue(custom, path, it.value(), v)) out[it.key()] = std::move(v);
          continue;
        }
        check.warning(path, code::unknown_field,
                      path + " is not a field " + std::string(provider.id) +
                          " accepts; it is left out of the request");
        continue;
      }
      Json v;
      if (checkValue(*spec, path, it.value(), v) && spec->send) out[it.key()] = std::move(v);
    }
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

const Json* findPath(const Json& lead, std::string_view path) {
  const Json* cur = &lead;
  while (!path.empty()) {
    if (!cur->is_object()) return nullptr;
    size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    auto it = cur->find(std::string(part));
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return cur;
}

LeadCheck checkLead(const Provider& provider, const Json& row, const PlanOptions& options,
                    const IdentityRules& rules) {
  LeadCheck check;
  if (!row.is_object()) {
    check.rowError(code::invalid_type,
                   std::string("a lead must be a JSON object, not ") + jsonTypeName(row));
    return check;
  }
  Walker walker{provider, options, check, options.defaultCountry};
  // The row's own country is the default region of its phone, ahead of options.defaultCountry.
  if (const FieldSpec* cs = provider.field("country"); cs && cs->format == Format::Country) {
    auto it = row.find("country");
    if (it != row.end() && it->is_string()) {
      std::string_view c = text::trim(it->get_ref<const std::string&>());
      if (c.size() == 2 && isKnownRegion(c)) {
        walker.region = std::string(c);
        for (char& ch : walker.region) ch = text::toUpper(ch);
      }
    }
  }
  walker.walkObject("", row, check.lead);

  for (const auto& f : provider.fields) {
    if (!f.required || f.path.find('.') != std::string_view::npos) continue;
    std::string name(f.path);
    bool hadError = false;
    for (const auto& e : check.errors) hadError |= e.field == name;
    if (!hadError && !check.lead.contains(name))
      check.error(name, code::missing_field, name + " is required");
  }

  if (!rules.anyOf.empty()) {
    bool present = false, hadError = false;
    for (auto f : rules.anyOf) {
      present |= check.lead.contains(std::string(f));
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
      if (!findPath(check.lead, var))
        check.warning(var, code::template_variable_missing,
                      "the template uses " + var + " but this lead has no " + var);
    }
  }

  for (const auto& k : rules.dedupKeys) {
    auto it = check.lead.find(std::string(k.field));
    if (it == check.lead.end() || !it->is_string()) continue;
    const std::string& v = it->get_ref<const std::string&>();
    std::string key = k.kind == KeyKind::Email ? emailDedupKey(v, options.foldGmail)
                      : k.kind == KeyKind::Id  ? text::toLowerAscii(v)
                                               : v;
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
    std::string_view name = text::trim(t.substr(a + syn.open.size(), b - a - syn.open.size()));
    bool good = !name.empty() && name.size() <= 200;
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
      if (!v.is_number_integer() && !(v.is_number_float() && v.get<double>() == double(int64_t(v.get<double>()))))
        return "options.batchSize must be an integer";
      double n = v.get<double>();
      if (n < 1 || n > double(provider.maxPerRequest))
        return "options.batchSize must be between 1 and " + std::to_string(provider.maxPerRequest) +
               " for " + std::string(provider.id);
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

void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  static const char* hex = "0123456789abcdef";
  for (char ch : s) {
    unsigned char c = (unsigned char)ch;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
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
