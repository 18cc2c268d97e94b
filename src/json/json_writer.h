// Writing JSON text: string literals (escaped in bulk) and values copied from
// a row in compact form. Used by every answer the engine builds.
#pragma once
#include <string>
#include <string_view>

#include "json/json_reader.h"
#include "result.h"

namespace leadroster {

// Appends s as a JSON string literal.
void appendJsonString(std::string& out, std::string_view s);

// A value copied from a row, as compact JSON (whitespace and optional escapes
// dropped; numbers keep their spelling).
void appendCompact(const json::Value& v, std::string& out);
std::string compactJson(const json::Value& v);

// A number of seconds as JSON, to the millisecond ("150", "0.6").
std::string secondsJson(double seconds);

// {"fatal":{"option":<name>|null,"code":..,"message":..}}: a bad argument,
// thrown by the JS wrapper (npm/lib/errors.mjs) as a TypeError/RangeError/Error.
std::string fatalJson(const Error& e);

}  // namespace leadroster
