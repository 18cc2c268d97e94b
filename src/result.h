// Result types shared by every normalizer and by the engine.
// Nothing in leadroster throws across its public API: each call returns a value
// or an error with a stable code (the model is simdjson / re2).
#pragma once
#include <string>
#include <utility>

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
inline constexpr const char* invalid_country = "invalid_country";

// Every code above, for describe/codes() and the drift test (keep in step when adding one).
inline constexpr const char* errorCodes[] = {
    missing_field, invalid_type,   invalid_email,    invalid_phone, invalid_linkedin_url, invalid_url,
    invalid_uuid,  invalid_domain, missing_identity, too_long,      invalid_value,        roster_frozen};
inline constexpr const char* warningCodes[] = {unknown_field, freemail_domain, template_variable_missing,
                                                invalid_country};
}  // namespace code

// Fatal codes: a bad argument (the call does nothing). The JS layer throws
// them: invalid_type / missing_field as a TypeError; invalid_value,
// unknown_provider and unknown_option as a RangeError; the rest as an Error.
namespace code {
inline constexpr const char* unknown_provider = "unknown_provider";
inline constexpr const char* unknown_option = "unknown_option";
inline constexpr const char* invalid_state = "invalid_state";    // e.g. a finished planner
inline constexpr const char* internal_error = "internal_error";  // a C++ exception the bindings caught
}  // namespace code

// Delivery codes (push, npm/lib/push.mjs; JS only, no C++ call returns them;
// listed here so every stable code is named in one file, and in the README):
//   thrown (PushError.code): no_api_key, invalid_api_key, bad_argument,
//     unreadable_input, insecure_base_url, journal_mismatch, journal_exists,
//     journal_locked, journal_write_failed (and the engine's own argument codes);
//   per row / summary.error.code: redirect_refused, retry_after_too_long,
//     answer_too_large, network_error, journal_write_failed, not_sent.

// What went wrong: a stable code (leadroster::code), a message in plain words
// that names the argument, and for a bad option its name ("" when none).
struct Error {
  std::string code;
  std::string message;
  std::string option;
};

// The one result type of every fallible call: a value, or the Error that
// stopped it. `if (!r) return r.error();` passes a failure on to any Result<U>.
// Fields are public (ok, value, code, message, option) so the normalizers'
// results read as plain data.
template <class T>
struct Result {
  bool ok = false;
  T value{};
  std::string code;     // one of leadroster::code when !ok
  std::string message;  // plain words, names the rule or argument that failed
  std::string option;   // the option to blame, when the failure is an option's

  Result() = default;
  Result(T v) : ok(true), value(std::move(v)) {}  // NOLINT: implicit, `return value;`
  Result(Error e)                                  // NOLINT: implicit, `return Error{...};`
      : code(std::move(e.code)), message(std::move(e.message)), option(std::move(e.option)) {}

  explicit operator bool() const { return ok; }
  Error error() const { return Error{code, message, option}; }

  static Result success(T v) { return Result(std::move(v)); }
  static Result failure(const char* c, std::string msg) { return Result(Error{c, std::move(msg), {}}); }
};

// A call that returns nothing but may fail.
struct Nothing {};
using Status = Result<Nothing>;
inline Status success() { return Status(Nothing{}); }

// The outcome of normalizing one value: the exact normalized text, or a code
// and a message. EmailResult and LinkedInResult add their extra fields.
using Normalized = Result<std::string>;

}  // namespace leadroster
