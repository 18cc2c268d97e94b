#include "providers/registry.h"

#include "engine/options.h"

// Each provider file defines `const Provider& <name>Provider()`.
// Adding a provider: its file, and its name in this list.
#define LEADROSTER_PROVIDERS(X) \
  X(magnetite) X(sendpilot) X(reached) X(sendkit) X(puffle) X(instantly) X(smartlead) X(lemlist)

namespace leadroster {

#define LEADROSTER_DECLARE(name) const Provider& name##Provider();
LEADROSTER_PROVIDERS(LEADROSTER_DECLARE)
#undef LEADROSTER_DECLARE

const std::vector<const Provider*>& allProviders() {
#define LEADROSTER_ENTRY(name) &name##Provider(),
  static const std::vector<const Provider*> list{LEADROSTER_PROVIDERS(LEADROSTER_ENTRY)};
#undef LEADROSTER_ENTRY
  return list;
}

std::vector<std::string> providerDefects(const Provider& p) {
  std::vector<std::string> out;
  auto bad = [&](std::string what) { out.push_back(std::string(p.id) + ": " + what); };
  for (size_t i = 0; i < p.fields.size(); ++i) {
    const FieldSpec& f = p.fields[i];
    const std::string path(f.path);
    if (f.path.empty()) bad("a field without a path");
    if (f.description.empty()) bad("field " + path + " has no description");
    for (size_t j = 0; j < i; ++j)
      if (p.fields[j].path == f.path) bad("field " + path + " is listed twice");
    size_t dot = f.path.rfind('.');
    if (dot != std::string_view::npos) {
      const FieldSpec* parent = p.field(f.path.substr(0, dot));
      if (!parent || parent->type != FieldType::Object)
        bad("field " + path + " is inside " + std::string(f.path.substr(0, dot)) + ", which is not an object field");
    }
  }
  auto topLevel = [&](std::string_view name, const char* what) {
    if (name.find('.') != std::string_view::npos || !p.field(name))
      bad(std::string(what) + " " + std::string(name) + " is not a top-level field");
  };
  if (!p.identity) {
    bad("no identity rules");
  } else {
    for (const char* channel : {"email", "linkedin"}) {
      PlanOptions o;
      o.channel = channel;
      IdentityRules r = p.identity(o);
      for (auto f : r.anyOf) topLevel(f, "identity");
      for (const auto& k : r.dedupKeys) topLevel(k.field, "dedup key");
    }
  }
  if (!p.customFieldsObject.empty()) {
    const FieldSpec* f = p.field(p.customFieldsObject);
    if (!f || f->type != FieldType::FreeObject)
      bad("custom fields object " + std::string(p.customFieldsObject) + " is not a free-object field");
  }
  if (p.defaultPerRequest < 1 || p.defaultPerRequest > p.maxPerRequest) bad("default batch outside 1..max");
  if (!p.predict) bad("no predicted answer");
  if (!p.readAnswer) bad("no answer reader");
  for (const ConceptField& c : p.concepts) {
    std::string_view t = c.target;
    size_t plus = t.find('+');
    std::vector<std::string_view> paths;
    if (plus != std::string_view::npos)
      paths = {t.substr(0, plus), t.substr(plus + 1)};
    else
      paths = {t.substr(0, t.find(':'))};
    for (std::string_view path : paths)
      if (!p.field(path))
        bad("concept " + std::string(c.concept) + " fills " + std::string(path) + ", which is no field");
    size_t colon = t.find(':');
    if (colon != std::string_view::npos && t.substr(colon + 1) != "first" && t.substr(colon + 1) != "last")
      bad("concept " + std::string(c.concept) + ": a name part is first or last, not " +
          std::string(t.substr(colon + 1)));
  }
  if (!p.emulate) bad("no emulated answer");
  if (p.auth.empty()) bad("no auth (where the key goes)");
  for (const auto& a : p.auth)
    if (a.name.empty()) bad("an auth entry without its header or parameter name");
  if (!parseJson(p.errors.shape, false).is_object()) bad("errors.shape is not a JSON object");
  if (p.pathTemplate.find(kCampaignIdPlaceholder) == std::string_view::npos &&
      p.body != BodyShape::CampaignIdAndLeads && !(p.body == BodyShape::Envelope && p.envelope))
    bad("the campaign id is neither in the path nor in the body");
  if (!p.leadPathTemplate.empty() && p.leadPathTemplate.find("{leadId}") == std::string_view::npos)
    bad("leadPathTemplate has no {leadId}");
  return out;
}

}  // namespace leadroster
