// A lead as it will be sent: an ordered list of fields, each a string (kept
// as text, escaped on output) or a JSON value kept as its serialized text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace leadroster {

struct LeadField {
  std::string key;
  std::string value;      // the text of a string, or the JSON of any other value
  bool isString = true;
};

class Lead {
 public:
  Lead() { fields_.reserve(12); }
  const LeadField* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The text of a string field, or nullptr.
  const std::string* string(std::string_view key) const;
  void setString(std::string_view key, std::string value);
  void setJson(std::string_view key, std::string json);
  void erase(std::string_view key);
  bool empty() const { return fields_.empty(); }
  const std::vector<LeadField>& fields() const { return fields_; }

  // Compact JSON, keys in insertion order.
  void appendJson(std::string& out) const;
  std::string json() const;

 private:
  LeadField& slot(std::string_view key);
  std::vector<LeadField> fields_;
};

// The JSON value at a dotted path of a lead ("custom_fields.industry"), looking
// into nested JSON objects; false when absent or null.
bool leadHasPath(const Lead& lead, std::string_view path);

}  // namespace leadroster
