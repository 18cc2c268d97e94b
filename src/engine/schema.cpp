#include "engine/schema.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "json/json_writer.h"
#include "normalize/country.h"
#include "normalize/domain.h"
#include "normalize/email.h"
#include "normalize/linkedin.h"
#include "normalize/list_quality.h"
#include "normalize/phone.h"
#include "normalize/text.h"
#include "normalize/url.h"
#include "normalize/uuid.h"

namespace leadroster {

namespace {

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
    case FieldType::Scalar: return v.isString() || v.isNumber() || v.isBool() || v.isNull() || v.isArray();
    case FieldType::Any: return true;
  }
  return false;
}

// List quality of a valid email (normalize/list_quality.h): warnings that
// never drop the address nor become errors with strict (it is sent as given).
void emailListQuality(std::string_view path, const std::string& email, std::string_view domain, LeadCheck& check) {
  std::string_view local = std::string_view(email).substr(0, email.size() - domain.size() - 1);
  std::string_view matched;
  if (isDisposableDomain(domain, &matched))
    check.warning(std::string(path), code::disposable_email,
                  matched.size() == domain.size()
                      ? "the domain " + std::string(domain) +
                            " is a disposable (throwaway) mail service; the lead is sent as given"
                      : "the domain " + std::string(domain) + " is under " + std::string(matched) +
                            ", a disposable (throwaway) mail service; the lead is sent as given");
  if (isRoleLocalPart(local))
    check.warning(std::string(path), code::role_email,
                  text::quoteForMessage(std::string(local.substr(0, local.find('+'))) + "@") +
                      " is a role account (a team's or a function's, not a person's); the lead is sent as given");
  std::string_view host = mailHostTypo(domain);
  if (!host.empty()) {
    std::string fixed = std::string(local) + "@" + std::string(host);
    check.warning(std::string(path), code::email_typo,
                  "the domain " + std::string(domain) + " looks like a typo of " + std::string(host) + " (" + fixed +
                      "?); the lead is sent as given");
    check.warnings.back().suggestion = std::move(fixed);
  }
}

// Normalizes a string by its format; returns false (and records the error) on failure.
bool normalizeFormat(const FieldSpec& spec, std::string_view path, std::string_view raw, const std::string& region,
                     std::string& out, LeadCheck& check) {
  auto record = [&](const std::string& c, const std::string& message) {
    check.errors.push_back(Problem{std::string(path), c, message, false});  // the field is in `field`, not the message
    return false;
  };
  switch (spec.format) {
    case Format::None: out.assign(raw); return true;
    case Format::Email: {
      EmailResult r = normalizeEmail(raw);
      if (!r) return record(r.error().code, r.error().message);
      out = std::move(r.value());
      emailListQuality(path, out, r.domain, check);
      return true;
    }
    case Format::Phone: {
      Normalized r = normalizePhone(raw, region);
      if (!r) return record(r.error().code, r.error().message);
      out = std::move(r.value());
      return true;
    }
    case Format::LinkedInProfile:
    case Format::LinkedInCompany: {
      LinkedInResult r = normalizeLinkedInUrl(raw);
      if (!r) return record(r.error().code, r.error().message);
      LinkedInKind want = spec.format == Format::LinkedInProfile ? LinkedInKind::Profile : LinkedInKind::Company;
      if (r.kind != want)
        return record(code::invalid_linkedin_url,
                      want == LinkedInKind::Profile
                          ? "this is a LinkedIn company page; a profile URL (linkedin.com/in/...) is needed"
                          : "this is a LinkedIn profile; a company page URL (linkedin.com/company/...) is needed");
      out = std::move(r.value());
      return true;
    }
    case Format::Url: {
      Normalized r = normalizeUrl(raw);
      if (!r) return record(r.error().code, r.error().message);
      out = std::move(r.value());
      return true;
    }
    case Format::Domain: {
      Normalized r = normalizeDomain(raw);
      if (!r) return record(r.error().code, r.error().message);
      out = std::move(r.value());
      return true;
    }
    case Format::Uuid: {
      Normalized r = normalizeUuid(raw);
      if (!r) return record(r.error().code, r.error().message);
      out = std::move(r.value());
      return true;
    }
    case Format::HexId24: {
      std::string_view t = text::trim(raw);
      if (!isHexId24(t))
        return record(code::invalid_value, "must be a 24-character hexadecimal id, got " + text::quoteForMessage(t));
      out = text::toLowerAscii(t);
      return true;
    }
    case Format::Country: {
      // A row's country only picks the phone's region: an unknown one is a
      // warning and the phone falls back to the default country.
      Normalized r = normalizeCountry(raw);
      if (!r) {
        check.warning(std::string(path), code::invalid_country,  // (a country is never sent: nothing is dropped)
                      r.error().message + "; phones on this row use the default country");
        return false;
      }
      out = std::move(r.value());
      return true;
    }
  }
  return record(code::invalid_value, "unsupported format");
}

struct Walker {
  const Provider& provider;
  LeadCheck& check;
  std::string region;  // default region for phones in this row

  // Checks `value` against `spec` at `path`; on success stores the value to send
  // under `key` in `out`. Returns false when the field is absent (null/blank) or invalid.
  bool checkValue(const FieldSpec& spec, std::string_view pathView, const json::Value& value, std::string_view key,
                  Lead& out) {
    // (the path as a string only for messages)
    auto P = [pathView] { return std::string(pathView); };
    if (value.isNull()) return false;
    std::string buf;
    std::string_view str, trimmed;
    if (value.isString()) {
      str = json::text(value, buf);
      trimmed = text::trim(str);
      if (spec.type != FieldType::Any && trimmed.empty()) return false;  // blank = absent
    }
    if (!typeMatches(spec.type, value)) {
      check.error(P(), code::invalid_type,
                  P() + " must be " + typeName(spec.type) + ", not " + json::typeName(value.type));
      return false;
    }
    size_t maxLength = spec.maxLength ? spec.maxLength : kDefaultMaxLength;
    if (value.isString()) {
      // The limit applies to the value sent: padding around it (CSV cells) does not count.
      if (spec.format != Format::None && trimmed.size() <= std::max<size_t>(4 * maxLength, 1024)) {
        // Form first, length second: a uuid given as a 24-hex id is invalid_value,
        // not too_long. The limit then applies to the normalized value sent.
        std::string normalized;
        if (!normalizeFormat(spec, pathView, trimmed, region, normalized, check)) return false;
        if (normalized.size() > maxLength) {
          check.error(P(), code::too_long,
                      P() + " is " + std::to_string(normalized.size()) + " bytes long; the limit is " +
                          std::to_string(maxLength));
          return false;
        }
        out.setString(key, std::move(normalized));
        return true;
      }
      if (trimmed.size() > maxLength) {
        check.error(
            P(), code::too_long,
            P() + " is " + std::to_string(trimmed.size()) + " bytes long; the limit is " + std::to_string(maxLength));
        return false;
      }
      if (spec.format == Format::None && !value.escaped && trimmed.size() == str.size()) {
        out.setJsonView(key, value.raw);  // sent exactly as written: copy its JSON
        return true;
      }
      std::string normalized;
      if (!normalizeFormat(spec, pathView, trimmed, region, normalized, check)) return false;
      out.setString(key, std::move(normalized));
      return true;
    }
    if (spec.type == FieldType::StringArray) {
      bool good = true;
      size_t i = 0;
      json::forEachElement(value, [&](const json::Value& el) {
        if (!el.isString()) {
          check.error(
              P(), code::invalid_type,
              P() + " must be an array of strings; item " + std::to_string(i) + " is " + json::typeName(el.type));
          return good = false;
        }
        std::string elBuf;
        if (json::text(el, elBuf).size() > maxLength) {
          check.error(P(), code::too_long,
                      P() + " item " + std::to_string(i) + " is longer than " + std::to_string(maxLength) + " bytes");
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
      json::forEachElement(value, [&](const json::Value& el) { return flat = !(el.isObject() || el.isArray()); });
      if (!flat) {
        check.error(P(), code::invalid_type,
                    P() + " must be a string, number, boolean or an array of those (custom fields are flat)");
        return false;
      }
    }
    if (spec.type == FieldType::Object) {
      Lead nested;
      walkObject(pathView, value, nested);
      out.setJson(key, nested.json());
      return true;
    }
    out.setJson(key, compactJson(value));
    return true;
  }

  // Walks the keys of an object whose children are described by dotted paths.
  void walkObject(std::string_view prefix, const json::Value& obj, Lead& out) {
    json::forEachMember(obj, [&](std::string_view key, const json::Value& value) {
      member(prefix, key, value, out);
      return true;
    });
  }

  void member(std::string_view prefix, std::string_view key, const json::Value& value, Lead& out) {
    // Top-level keys are looked up as they are; nested ones by their dotted path.
    std::string pathBuf;
    std::string_view path = key;
    if (!prefix.empty()) {
      pathBuf.reserve(prefix.size() + 1 + key.size());
      pathBuf.append(prefix).append(1, '.').append(key);
      path = pathBuf;
    }
    const FieldSpec* spec = provider.field(path);
    if (!spec) {
      if (prefix.empty() && provider.extraFieldsAreCustom) {
        static const FieldSpec custom{"", "", FieldType::Scalar};
        if (key == "customFields" && value.isObject()) {
          // The page: "no need for a nested customFields object" — its
          // properties are sent flat, as custom fields.
          json::forEachMember(value, [&](std::string_view k, const json::Value& v) {
            if (provider.field(k) || out.has(k)) {
              check.droppedWarning(
                  "customFields." + std::string(k), code::unknown_field,
                  "customFields." + std::string(k) + " is left out: the lead already has " + std::string(k));
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
      check.droppedWarning(std::string(path), code::unknown_field,
                           std::string(path) + " is not a field " + std::string(provider.id) +
                               " accepts; it is left out of the request");
      return;
    }
    if (!spec->send) {
      static thread_local Lead ignored;  // checked, never sent: scratch kept between rows
      ignored.clear();
      checkValue(*spec, path, value, key, ignored);
      return;
    }
    checkValue(*spec, path, value, key, out);
  }
};

}  // namespace

void walkRow(const Provider& provider, const json::Member* members, size_t count, const std::string& region,
             LeadCheck& check) {
  Walker walker{provider, check, region};
  std::string keyBuf;
  for (size_t k = 0; k < count; ++k)
    walker.member(std::string_view(), json::text(members[k].key, keyBuf), members[k].value, check.lead);
}

}  // namespace leadroster
