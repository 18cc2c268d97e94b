// The option table (src/engine/options.def) as data: one Info per option, for
// parseOptions, describeProvider().options and engine.options().
#pragma once
#include <string_view>

namespace leadroster::option {

enum Type { STRING, INTEGER, BOOLEAN, LEADS, ENTRIES };
enum Scope { LEAD, PLAN, NATIVE };
inline constexpr double NO_BOUND = -1;
inline constexpr double PROVIDER_MAX = -2;                    // the provider's maxPerRequest
inline constexpr const char* PROVIDER_DEFAULT = "@provider";  // the provider's defaultPerRequest

// Option ids: o_campaignId, o_template... (prefixed: `template` is a keyword).
enum Id {
#define LEADROSTER_OPTION(name, type, flag, scope, required, min, max, values, format, defaultJson, doc) o_##name,
#include "engine/options.def"
#undef LEADROSTER_OPTION
};

struct Info {
  Id id;
  const char* name;
  Type type;
  const char* flag;  // "" for none
  Scope scope;
  bool required;
  double min, max;          // NO_BOUND / PROVIDER_MAX
  const char* values;       // "email|linkedin" or ""
  const char* format;       // "country", "campaign" or ""
  const char* defaultJson;  // JSON text, or PROVIDER_DEFAULT
  const char* doc;
};

inline constexpr Info all[] = {
#define LEADROSTER_OPTION(name, type, flag, scope, required, min, max, values, format, defaultJson, doc) \
  {o_##name, #name, type, flag, scope, required, min, max, values, format, defaultJson, doc},
#include "engine/options.def"
#undef LEADROSTER_OPTION
};

// The entry of an option name, or nullptr.
inline const Info* find(std::string_view name) {
  for (const Info& o : all)
    if (name == o.name) return &o;
  return nullptr;
}

// "string", "integer", "boolean", "array".
inline const char* typeName(Type t) {
  switch (t) {
    case STRING: return "string";
    case INTEGER: return "integer";
    case BOOLEAN: return "boolean";
    case LEADS: return "array";
    case ENTRIES: return "entries";
  }
  return "string";
}

}  // namespace leadroster::option
