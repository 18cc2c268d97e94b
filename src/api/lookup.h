// Providers by id. The engine takes a `const Provider&` and never includes the
// registry; the API (and the bindings, tools, fuzzers and tests above it) turn
// a provider's id into that reference here. tests/js/provider-drift.test.js
// fails if a file of src/engine/ includes providers/registry.h.
#pragma once
#include <memory>
#include <string_view>
#include <utility>

#include "engine/options.h"
#include "providers/provider.h"
#include "result.h"

namespace leadroster::api {

// nullptr when the id is unknown.
const Provider* findProvider(std::string_view id);
// The provider, or unknown_provider: "provider must be one of <the registry's
// ids>; got \"x\"".
Result<const Provider*> requireProvider(std::string_view id);
// The provider (unknown_provider) and its options read from the JSON text
// (empty = none), as configure() reads them.
Result<Configured> resolveProvider(std::string_view id, std::string_view optionsJson);

// T::create(provider, args...) for the provider named `id`, or unknown_provider
// (before any of T's own checks): createFor<Planner>(id, optionsJson).
template <class T, class... Args>
Result<std::unique_ptr<T>> createFor(std::string_view id, Args&&... args) {
  Result<const Provider*> p = requireProvider(id);
  if (!p) return p.error();
  return T::create(*p.value(), std::forward<Args>(args)...);
}

}  // namespace leadroster::api
