// What a provider's afterValidate hook sees of the row being checked: the
// lead's values, and a way to add an error or a warning for a field. The
// engine (engine/check_lead.cpp) implements it over its LeadCheck; a provider
// file includes this header, never engine/check_lead.h.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace leadroster {

// One field of the lead as it will be sent.
struct HookField {
  std::string_view key;
  std::string_view value;  // the text of a string, or the JSON of any other value
  bool isString = true;
};

class LeadHooks {
 public:
  // The lead's fields, in order (those that passed the engine's checks).
  virtual size_t size() const = 0;
  virtual HookField at(size_t i) const = 0;
  virtual std::optional<HookField> find(std::string_view key) const = 0;
  // The text of a string field, or nullptr.
  virtual const std::string* string(std::string_view key) const = 0;
  virtual void setString(std::string_view key, std::string value) = 0;
  // Leaves a field out of the lead.
  virtual void erase(std::string_view key) = 0;

  // A problem with a field (code: one of leadroster::code; message in plain words).
  virtual void error(std::string field, const char* code, std::string message) = 0;
  virtual void warning(std::string field, const char* code, std::string message) = 0;
  // True when the engine (or the hook) already gave the field an error.
  virtual bool hasError(std::string_view field) const = 0;

 protected:
  ~LeadHooks() = default;
};

}  // namespace leadroster
