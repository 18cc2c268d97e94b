// Result types shared by every normalizer and by the engine.
// Nothing in leadroster throws across its public API: each call returns a value
// or an error with a stable code (the model is simdjson / re2).
#pragma once
#include <string>

namespace leadroster {

// Stable error and warning codes. They are part of the public API: never rename one.
namespace code {
inline constexpr const char* missing_field = "missing_field";
inline constexpr const char* invalid_type = "invalid_type";
inline constexpr const char* invalid_email = "invalid_email";
inline constexpr const char* invalid_phone = "invalid_phone";
inline constexpr const char* invalid_linkedin_url = "invalid_linkedin_url";
inline constexpr const char* invalid_url = "invalid_url";
inline constexpr const char* invalid_uuid = "invalid_uuid";
inline constexpr const char* invalid_domain = "invalid_domain";
inline constexpr const char* missing_identity = "missing_identity";
inline constexpr const char* too_long = "too_long";
inline constexpr const char* invalid_value = "invalid_value";
inline constexpr const char* roster_frozen = "roster_frozen";
// fatal: an option whose value cannot be used (e.g. a campaign id "..")
inline constexpr const char* invalid_option = "invalid_option";
// warnings
inline constexpr const char* unknown_field = "unknown_field";
inline constexpr const char* freemail_domain = "freemail_domain";
inline constexpr const char* template_variable_missing = "template_variable_missing";
}  // namespace code

// The outcome of normalizing one value: the normalized text, or a stable code
// and a message in plain words.
struct Normalized {
  bool ok = false;
  std::string value;    // the exact normalized text when ok
  std::string code;     // one of leadroster::code when !ok
  std::string message;  // plain words, names the rule that failed

  explicit operator bool() const { return ok; }

  static Normalized success(std::string v) {
    Normalized r;
    r.ok = true;
    r.value = std::move(v);
    return r;
  }
  static Normalized failure(const char* c, std::string msg) {
    Normalized r;
    r.code = c;
    r.message = std::move(msg);
    return r;
  }
};

}  // namespace leadroster
