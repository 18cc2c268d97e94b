// Result types shared by every normalizer and by the engine.
// Nothing in leadroster throws across its public API: each call returns a value
// or an error with a stable code (the model is simdjson / re2).
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace leadroster {

// Stable codes: part of the public API, never rename one. src/codes.def lists
// every code the product emits (row errors and warnings, mapping warnings,
// fatal argument errors and their JS class, input, delivery, answer and edge
// codes), once; this namespace, engine.codes() and npm/lib/errors.mjs come
// from it.
namespace code {

// Where a code appears (bit flags; a code can have several).
enum Kind : unsigned {
  ROW_ERROR = 1u << 0,
  ROW_WARNING = 1u << 1,
  MAPPING_WARNING = 1u << 2,
  ARGUMENT = 1u << 3,
  INPUT = 1u << 4,
  LOAD = 1u << 5,
  DELIVERY = 1u << 6,
  DELIVERY_ROW = 1u << 7,
  ANSWER = 1u << 8,
  EDGE = 1u << 9,
  LEDGER = 1u << 10,
};

// The class JS throws for an ARGUMENT code.
enum class JsClass { NONE, TypeError, RangeError, Error };

// code::missing_field == "missing_field", ... one per row of codes.def.
#define LEADROSTER_CODE(name, kinds, jsClass, doc) inline constexpr const char* name = #name;
#include "codes.def"
#undef LEADROSTER_CODE

struct Info {
  const char* name;
  unsigned kinds;
  JsClass jsClass;
  const char* doc;
};

// Every code, in codes.def's order.
inline constexpr Info all[] = {
#define LEADROSTER_CODE(name, kinds, jsClass, doc) {#name, (kinds), JsClass::jsClass, doc},
#include "codes.def"
#undef LEADROSTER_CODE
};

namespace detail {
template <unsigned K>
constexpr size_t countOf() {
  size_t n = 0;
  for (const Info& c : all) n += (c.kinds & K) != 0;
  return n;
}
template <unsigned K>
constexpr std::array<const char*, countOf<K>()> namesOf() {
  std::array<const char*, countOf<K>()> out{};
  size_t i = 0;
  for (const Info& c : all)
    if (c.kinds & K) out[i++] = c.name;
  return out;
}
}  // namespace detail

// The codes of one kind, for codes() and the fuzz checks.
inline constexpr auto errorCodes = detail::namesOf<ROW_ERROR>();
inline constexpr auto warningCodes = detail::namesOf<ROW_WARNING>();
inline constexpr auto argumentCodes = detail::namesOf<ARGUMENT>();

// The entry of a code, or nullptr.
inline const Info* find(std::string_view name) {
  for (const Info& c : all)
    if (name == c.name) return &c;
  return nullptr;
}

}  // namespace code

// What went wrong: a stable code (leadroster::code), a message in plain words
// that names the argument, and for a bad option its name ("" when none).
struct Error {
  std::string code;
  std::string message;
  std::string option;
};

// The one result type of every fallible call: a value, or the Error that
// stopped it. `if (!r) return r.error();` passes a failure on to any Result<U>.
// The state is read through ok() / value() / error() (abseil's StatusOr is the
// model). value() of a failure is T{} (a default-constructed value, as before
// the state was private), and error() of a success is an Error with empty
// fields.
template <class T>
class [[nodiscard]] Result {
 public:
  Result() = default;                               // a failure with an empty code, to be assigned
  Result(T v) : ok_(true), value_(std::move(v)) {}  // NOLINT: implicit, `return value;`
  Result(Error e) : error_(std::move(e)) {}         // NOLINT: implicit, `return Error{...};`

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }

  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }

  // code: one of leadroster::code when !ok(); message: plain words naming the
  // rule or argument that failed; option: the option to blame, if any.
  const Error& error() const& { return error_; }
  Error error() && { return std::move(error_); }

  static Result success(T v) { return Result(std::move(v)); }
  static Result failure(const char* c, std::string msg) { return Result(Error{c, std::move(msg), {}}); }

 private:
  bool ok_ = false;
  T value_{};
  Error error_;
};

// A call that returns nothing but may fail.
struct Nothing {};
using Status = Result<Nothing>;
inline Status success() { return Status(Nothing{}); }

// The outcome of normalizing one value: the exact normalized text, or a code
// and a message. EmailResult and LinkedInResult add their extra fields.
using Normalized = Result<std::string>;

}  // namespace leadroster
