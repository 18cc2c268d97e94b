// Writing JSON text: string literals (escaped in bulk) and values copied from
// a row in compact form. Used by every answer the engine builds.
#pragma once
#include <string>
#include <string_view>

#include "json/json_reader.h"

namespace leadroster {

// Appends s as a JSON string literal.
void appendJsonString(std::string& out, std::string_view s);

// A value copied from a row, as compact JSON (whitespace and optional escapes
// dropped; numbers keep their spelling).
void appendCompact(const json::Value& v, std::string& out);
std::string compactJson(const json::Value& v);

// {"fatal":"<message>"}: a bad argument, thrown as an Error by the JS wrapper.
std::string fatalJson(std::string_view message);

}  // namespace leadroster
