// A lead as it will be sent: an ordered list of fields, each a string (kept
// as text, escaped on output) or a JSON value kept as its serialized text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadroster {

struct LeadField {
  std::string key;
  std::string value;  // the text of a string, or the JSON of any other value
  bool isString = true;
  std::string keyJson;  // the key as JSON and a colon ("key":), kept with the slot
  bool isView = false;  // the JSON is `view` (a span of the row's text), not `value`
  std::string_view view;
  // The JSON of a value that is not a string.
  std::string_view rawJson() const { return isView ? view : std::string_view(value); }
};

// Fields are kept in slots that outlive clear(): a Lead reused row after row
// (the planner's) keeps its strings' memory, so a row costs no allocation for
// values that fit what earlier rows held.
class Lead {
 public:
  Lead() = default;
  const LeadField* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // The text of a string field, or nullptr.
  const std::string* string(std::string_view key) const;
  void setString(std::string_view key, std::string value);
  void setJson(std::string_view key, std::string json);
  // The same without a copy: `json` (a span of the row being checked) must
  // outlive the lead, or own() must be called first.
  void setJsonView(std::string_view key, std::string_view json);
  // Copies every viewed value into the lead's own memory.
  void own();
  void erase(std::string_view key);
  bool empty() const { return n_ == 0; }
  size_t size() const { return n_; }
  const LeadField& at(size_t i) const { return fields_[i]; }
  void clear() {
    n_ = 0;
    seen_ = 0;
  }

  // Compact JSON, keys in insertion order.
  void appendJson(std::string& out) const;
  std::string json() const;

 private:
  LeadField& slot(std::string_view key);
  std::vector<LeadField> fields_;  // [0, n_) in use; the rest kept for reuse
  size_t n_ = 0;
  // One bit per key in use (by keyBit): a key whose bit is clear is absent,
  // so most lookups of a new key skip the search. Bits may be stale (erase).
  uint64_t seen_ = 0;
  static uint64_t keyBit(std::string_view key) {
    size_t n = key.size();
    return n ? uint64_t(1) << ((n * 7 + (unsigned char)key[0] + (unsigned char)key[n - 1] * 3) & 63) : 1;
  }
};

// The JSON value at a dotted path of a lead ("custom_fields.industry"), looking
// into nested JSON objects; false when absent or null.
bool leadHasPath(const Lead& lead, std::string_view path);

}  // namespace leadroster
