// Helpers for a provider's `emulate` hook (provider.h): reading the rows a
// campaign Roster's add returned ([{index, status, id?, existingId?, errors?}]).
#pragma once
#include <string>
#include <string_view>

#include "json/json.h"

namespace leadroster::emulated {

inline std::string_view status(const Json& row) {
  auto it = row.find("status");
  return it != row.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : std::string_view();
}

inline bool is(const Json& row, std::string_view s) { return status(row) == s; }

// The number of rows with this status.
inline size_t count(const Json& rows, std::string_view s) {
  size_t n = 0;
  for (const auto& r : rows) n += is(r, s);
  return n;
}

// A string member, or null.
inline Json member(const Json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_string() ? *it : Json(nullptr);
}

// The row's error messages joined by "; ".
inline std::string message(const Json& row) {
  std::string out;
  auto it = row.find("errors");
  if (it == row.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    auto m = e.find("message");
    if (m == e.end() || !m->is_string()) continue;
    if (!out.empty()) out += "; ";
    out += m->get_ref<const std::string&>();
  }
  return out;
}

// The row's first error ({field, code, message}), or an empty object.
inline Json firstError(const Json& row) {
  auto it = row.find("errors");
  if (it == row.end() || !it->is_array() || it->empty()) return Json::object();
  return it->front();
}

// The lead the row's index points at, or null.
inline const Json* lead(const Json& leads, const Json& row) {
  auto it = row.find("index");
  if (it == row.end() || !it->is_number_unsigned()) return nullptr;
  size_t i = it->get<size_t>();
  return i < leads.size() ? &leads[i] : nullptr;
}

}  // namespace leadroster::emulated
