#include "providers/registry.h"

#include "engine/options.h"

// Each provider file defines `const Provider& <name>Provider()`.
// Adding a provider: its file, and its name in this list.
#define LEADROSTER_PROVIDERS(X) X(magnetite) X(sendpilot) X(reached) X(sendkit) X(puffle) X(instantly) X(smartlead) X(lemlist)

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

const Provider* findProvider(std::string_view id) {
  for (const Provider* p : allProviders())
    if (p->id == id) return p;
  return nullptr;
}

Result<const Provider*> requireProvider(std::string_view id) {
  if (const Provider* p = findProvider(id)) return p;
  std::string m = "provider must be one of ";
  for (const Provider* p : allProviders()) {
    if (p != allProviders().front()) m += ", ";
    m += p->id;
  }
  std::string shown(id.substr(0, 40));
  for (char& c : shown)
    if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7F) c = '?';
  return Error{code::unknown_provider, m + "; got \"" + shown + "\"", {}};
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
  return out;
}

}  // namespace leadroster
