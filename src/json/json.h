// The JSON type of the engine: nlohmann::ordered_json keeps a lead's keys in
// the order the user wrote them.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace leadroster {
using Json = nlohmann::ordered_json;

// A Json as compact text, invalid UTF-8 replaced (U+FFFD) rather than thrown
// on (json_writer.cpp).
std::string dumpJson(const Json& j);
}  // namespace leadroster
