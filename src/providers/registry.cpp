#include "providers/registry.h"

// Each provider file defines `const Provider& <name>Provider()`.
// Adding a provider: its file, and its name in this list.
#define LEADROSTER_PROVIDERS(X) X(magnetite) X(sendpilot) X(reached) X(sendkit) X(puffle)

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

}  // namespace leadroster
