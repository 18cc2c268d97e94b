// Shared by the fuzz checks (fuzz/normalizer_checks.h, fuzz/plan_checks.h,
// fuzz/json_reader_checks.h): JSON parsing of outputs, the common checks of a
// Normalized result, and abortOn().
//
// Each check runs the engine on one input and returns "" when every invariant
// holds, otherwise a description of the first one that broke. The fuzz targets
// abort() on a non-empty answer; tests/cpp/regression_fuzz_test.cpp replays
// their findings and EXPECTs it to be empty.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "normalize/text.h"
#include "result.h"

namespace fuzzcheck {

using leadroster::Normalized;
using JsonT = nlohmann::json;

inline std::string shown(std::string_view s) {
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (size_t i = 0; i < s.size() && i < 200; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') out += char(c);
    else { out += "\\x"; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  if (s.size() > 200) out += "...(" + std::to_string(s.size()) + " bytes)";
  return "\"" + out + "\"";
}

// Strict parse (nlohmann rejects invalid UTF-8). `what` names the output.
inline bool parseJson(std::string_view text, JsonT& out, std::string& problem, const char* what) {
  out = JsonT::parse(text.begin(), text.end(), nullptr, false);
  if (out.is_discarded()) {
    problem = std::string(what) + " is not valid JSON (or not UTF-8): " + shown(text);
    return false;
  }
  return true;
}

// The common checks of one Normalized result; `again` re-normalizes a value.
template <class R, class Again>
std::string checkNormalized(const char* name, const char* code, std::string_view input, const R& r,
                            Again again) {
  if (!r.ok()) {
    if (r.error().code != code)
      return std::string(name) + ": failure code " + shown(r.error().code) + " for " + shown(input);
    if (r.error().message.empty()) return std::string(name) + ": empty message for " + shown(input);
    if (!r.value().empty()) return std::string(name) + ": failure with a value for " + shown(input);
    return "";
  }
  if (r.value().empty()) return std::string(name) + ": ok with an empty value for " + shown(input);
  if (!leadroster::text::isValidUtf8(r.value()))
    return std::string(name) + ": ok value is not valid UTF-8: " + shown(r.value()) + " for " + shown(input);
  R r2 = again(r.value());
  if (!r2.ok())
    return std::string(name) + ": not idempotent: " + shown(input) + " -> " + shown(r.value()) +
           " which is rejected: " + r2.error().message;
  if (r2.value() != r.value())
    return std::string(name) + ": not idempotent: " + shown(input) + " -> " + shown(r.value()) + " -> " +
           shown(r2.value());
  return "";
}

inline std::string checkApiJson(const char* name, const std::string& out, bool ok) {
  JsonT j;
  std::string problem;
  if (!parseJson(out, j, problem, name)) return problem;
  if (!j.is_object() || !j.contains("ok") || j["ok"] != ok)
    return std::string(name) + ": api answer disagrees with the normalizer: " + shown(out);
  return "";
}

// For the fuzz targets: print and abort, so libFuzzer saves the input.
inline void abortOn(const std::string& problem) {
  if (problem.empty()) return;
  std::fprintf(stderr, "INVARIANT BROKEN: %s\n", problem.c_str());
  std::abort();
}

}  // namespace fuzzcheck
