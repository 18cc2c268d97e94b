#include "api/lookup.h"

#include <string>

#include "providers/registry.h"

namespace leadroster::api {

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

Result<Configured> resolveProvider(std::string_view id, std::string_view optionsJson) {
  Result<const Provider*> p = requireProvider(id);
  if (!p) return p.error();
  return configure(*p.value(), optionsJson);
}

}  // namespace leadroster::api
