#include "engine/check_lead.h"

#include "engine/identity_index.h"
#include "engine/intake.h"
#include "engine/schema.h"
#include "json/json_reader.h"
#include "json/json_writer.h"
#include "normalize/country.h"
#include "normalize/email.h"
#include "normalize/phone.h"
#include "normalize/text.h"
#include "providers/hooks.h"

namespace leadroster {

void LeadCheck::error(std::string field, const char* c, std::string message) {
  errors.push_back(Problem{std::move(field), c, std::move(message), false});
}
void LeadCheck::rowError(const char* c, std::string message) {
  errors.push_back(Problem{std::string(), c, std::move(message), true});
}
void LeadCheck::warning(std::string field, const char* c, std::string message) {
  warnings.push_back(Problem{std::move(field), c, std::move(message), false});
}
void LeadCheck::droppedWarning(std::string field, const char* c, std::string message) {
  warnings.push_back(Problem{std::move(field), c, std::move(message), false, true});
}

LeadCheck checkLead(const Provider& provider, const Json& row, const PlanOptions& options, const IdentityRules& rules) {
  return checkLead(provider, std::string_view(row.dump(-1, ' ', false, Json::error_handler_t::replace)), options,
                   rules);
}

namespace {

// Phase 1: the row's JSON, as an object's members. False (with the error) otherwise.
bool readRow(std::string_view rowJson, std::vector<json::Member>& members, LeadCheck& check) {
  members.clear();
  Result<json::Value> parsed = json::parse(rowJson, kMaxNestingDepth, &members);
  if (!parsed) {
    check.rowError(code::invalid_type, "the row is not valid JSON: " + parsed.error().message);
    return false;
  }
  const json::Value& row = parsed.value();
  if (!row.isObject()) {
    check.rowError(code::invalid_type, std::string("a lead must be a JSON object, not ") + json::typeName(row.type));
    return false;
  }
  return true;
}

// Phase 2: the default region of the row's phone: its own country, ahead of options.defaultCountry.
std::string phoneRegion(const Provider& provider, const json::Member* members, size_t count,
                        const PlanOptions& options) {
  if (const FieldSpec* cs = provider.field("country"); cs && cs->format == Format::Country) {
    for (size_t k = 0; k < count; ++k) {
      const json::Member& m = members[k];
      if (m.key.escaped || m.key.inner() != "country" || !m.value.isString()) continue;
      std::string buf;
      std::string_view c = text::trim(json::text(m.value, buf));
      Normalized country = normalizeCountry(c);
      if (country.ok() && isKnownRegion(country.value())) return country.value();
      break;
    }
  }
  return options.defaultCountry;
}

// Phase 4: required top-level fields that are absent (and had no error of their own).
void requireFields(const Provider& provider, LeadCheck& check) {
  for (const auto& f : provider.fields) {
    if (!f.required || f.path.find('.') != std::string_view::npos) continue;
    bool hadError = false;
    for (const auto& e : check.errors) hadError |= e.field == f.path;
    if (!hadError && !check.lead.has(f.path))
      check.error(std::string(f.path), code::missing_field, std::string(f.path) + " is required");
  }
}

// Phase 5: at least one identity of the rules present.
void requireIdentity(const IdentityRules& rules, LeadCheck& check) {
  if (rules.anyOf.empty()) return;
  bool present = false, hadError = false;
  for (auto f : rules.anyOf) {
    present |= check.lead.has(f);
    for (const auto& e : check.errors) hadError |= e.field == f;
  }
  if (present || hadError) return;
  std::string names;
  for (size_t i = 0; i < rules.anyOf.size(); ++i) {
    if (i) names += i + 1 == rules.anyOf.size() ? " or " : ", ";
    names += rules.anyOf[i];
  }
  check.rowError(code::missing_identity, rules.anyOf.size() == 1 ? "the lead needs " + names + " for this campaign"
                                                                 : "the lead needs at least one of " + names);
}

// Phase 6b: a field with a format (email, phone, URL, domain, uuid, id,
// country) that is optional for this row and is not a valid value of its
// format (its normalizer's code, or the wrong JSON type, or too long) is left
// out of the lead with a warning carrying that code and message; the row
// stays ok. Optional: not required, and when it is one of the identities the
// rules accept, another of them is present and valid. options.strict keeps it
// an error. Fields without a format (names, numbers, objects) keep their errors.
bool isFormatCode(const std::string& c) {
  return c == code::invalid_email || c == code::invalid_phone || c == code::invalid_linkedin_url ||
         c == code::invalid_url || c == code::invalid_domain || c == code::invalid_uuid || c == code::invalid_value ||
         c == code::invalid_type || c == code::too_long;
}

bool isOptionalHere(const Provider& provider, const IdentityRules& rules, const LeadCheck& check,
                    const std::string& field) {
  const FieldSpec* spec = provider.field(field);
  if (!spec || spec->required || spec->format == Format::None) return false;
  bool isIdentity = false, otherIdentity = false;
  for (auto f : rules.anyOf) {
    if (f == field)
      isIdentity = true;
    else
      otherIdentity |= check.lead.has(f);
  }
  return !isIdentity || otherIdentity;
}

void leaveOutOptionalFormatErrors(const Provider& provider, const IdentityRules& rules, const PlanOptions& options,
                                  LeadCheck& check) {
  if (options.strict || check.errors.empty()) return;
  for (auto it = check.errors.begin(); it != check.errors.end();) {
    if (!it->fieldIsNull && isFormatCode(it->code) && isOptionalHere(provider, rules, check, it->field)) {
      // The message is for people; how to make it an error is the hint.
      it->message += "; left out, the lead is sent without it";
      it->hint = "optional for this lead; strict: true (--strict) makes it an error";
      it->dropped = true;
      check.lead.erase(it->field);  // a no-op unless a provider check set it
      check.warnings.push_back(std::move(*it));
      it = check.errors.erase(it);
    } else {
      ++it;
    }
  }
}

// Phase 7: template variables this lead lacks.
void checkTemplate(const PlanOptions& options, LeadCheck& check) {
  if (!options.hasTemplate) return;
  for (const auto& var : options.templateVariables) {
    if (!leadHasPath(check.lead, var))
      check.warning(var, code::template_variable_missing, "the template uses " + var + " but this lead has no " + var);
  }
}

// Phase 8: the dedup keys of the lead, in the provider's order.
void collectIdentities(const IdentityRules& rules, const PlanOptions& options, LeadCheck& check) {
  for (const auto& k : rules.dedupKeys) {
    const std::string* v = check.lead.string(k.field);
    if (!v) continue;
    std::string key;
    if (!check.keyPool.empty()) {
      key = std::move(check.keyPool.back());
      check.keyPool.pop_back();
    }
    if (k.kind == KeyKind::Email && options.foldGmail) {
      key = emailDedupKey(*v, true);
    } else {  // (an email's key without foldGmail is the normalized email)
      key.assign(*v);
      if (k.kind == KeyKind::Id)
        for (char& c : key) c = text::toLower(c);
    }
    uint64_t hash = IdentityIndex::hashKey(k.kind, key);
    check.identities.push_back(Identity{k.field, k.kind, std::move(key), hash});
  }
}

}  // namespace

namespace {

// The view of a check a provider's afterValidate gets (providers/hooks.h).
class CheckHooks final : public LeadHooks {
 public:
  explicit CheckHooks(LeadCheck& c) : c_(c) {}
  size_t size() const override { return c_.lead.size(); }
  HookField at(size_t i) const override { return view(c_.lead.at(i)); }
  std::optional<HookField> find(std::string_view key) const override {
    const LeadField* f = c_.lead.find(key);
    if (!f) return std::nullopt;
    return view(*f);
  }
  const std::string* string(std::string_view key) const override { return c_.lead.string(key); }
  void setString(std::string_view key, std::string value) override { c_.lead.setString(key, std::move(value)); }
  void erase(std::string_view key) override { c_.lead.erase(key); }
  void error(std::string field, const char* code, std::string message) override {
    c_.error(std::move(field), code, std::move(message));
  }
  void warning(std::string field, const char* code, std::string message) override {
    c_.warning(std::move(field), code, std::move(message));
  }
  bool hasError(std::string_view field) const override {
    for (const Problem& e : c_.errors)
      if (e.field == field) return true;
    return false;
  }

 private:
  static HookField view(const LeadField& f) {
    return {f.key, f.isString ? std::string_view(f.value) : f.rawJson(), f.isString};
  }
  LeadCheck& c_;
};

}  // namespace

LeadCheck checkLead(const Provider& provider, std::string_view rowJson, const PlanOptions& options,
                    const IdentityRules& rules) {
  LeadCheck check;
  checkLeadInto(provider, rowJson, options, rules, check);
  check.lead.own();  // it may outlive rowJson
  return check;
}

namespace {
void checkRead(const Provider& provider, const json::Member* members, size_t count, const PlanOptions& options,
               const IdentityRules& rules, LeadCheck& check);
}  // namespace

void checkLeadInto(const Provider& provider, std::string_view rowJson, const PlanOptions& options,
                   const IdentityRules& rules, LeadCheck& check) {
  check.reset();
  // Reused between rows (the engine is single-threaded per thread): no
  // allocation per row for the member list.
  static thread_local std::vector<json::Member> members;
  if (!readRow(rowJson, members, check)) return;
  checkRead(provider, members.data(), members.size(), options, rules, check);
}

void checkMembersInto(const Provider& provider, const json::Member* members, size_t count, const PlanOptions& options,
                      const IdentityRules& rules, LeadCheck& check) {
  check.reset();
  checkRead(provider, members, count, options, rules, check);
}

namespace {
// Phases 2-7 of a row whose members are read.
void checkRead(const Provider& provider, const json::Member* members, size_t count, const PlanOptions& options,
               const IdentityRules& rules, LeadCheck& check) {
  walkRow(provider, members, count, phoneRegion(provider, members, count, options), check);  // phase 3
  requireFields(provider, check);
  requireIdentity(rules, check);
  if (provider.afterValidate) {  // phase 6
    CheckHooks hooks(check);
    provider.afterValidate(hooks, options);
  }
  leaveOutOptionalFormatErrors(provider, rules, options, check);
  checkTemplate(options, check);
  collectIdentities(rules, options, check);
}
}  // namespace

void appendProblems(std::string& out, const std::vector<Problem>& problems) {
  out += '[';
  for (size_t i = 0; i < problems.size(); ++i) {
    const Problem& p = problems[i];
    if (i) out += ',';
    out += "{\"field\":";
    if (p.fieldIsNull)
      out += "null";
    else
      appendJsonString(out, p.field);
    out += ",\"code\":";
    appendJsonString(out, p.code);
    out += ",\"message\":";
    appendJsonString(out, p.message);
    if (p.dropped) out += ",\"dropped\":true";
    if (!p.hint.empty()) {
      out += ",\"hint\":";
      appendJsonString(out, p.hint);
    }
    if (!p.suggestion.empty()) {
      out += ",\"suggestion\":";
      appendJsonString(out, p.suggestion);
    }
    out += '}';
  }
  out += ']';
}

}  // namespace leadroster
