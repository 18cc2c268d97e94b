// The JSON type of the engine: nlohmann::ordered_json keeps a lead's keys in
// the order the user wrote them.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace leadroster {
using Json = nlohmann::ordered_json;

// A Json as compact text, invalid UTF-8 replaced (U+FFFD) rather than thrown
// on (json_writer.cpp).
std::string dumpJson(const Json& j);

// Json::parse(text, nullptr, allowExceptions) for every caller (json_parse.cpp):
// one parser instantiation (const char* input, no callback) instead of one per
// input type and the callback parser, which the WebAssembly build would carry.
// A text that is not one JSON value throws nlohmann's parse_error, or with
// allowExceptions false gives a discarded value, as Json::parse does.
Json parseJson(std::string_view text, bool allowExceptions = true);
}  // namespace leadroster
