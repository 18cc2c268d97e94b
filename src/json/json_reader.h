// A small validating JSON reader for lead rows. It checks a row once (syntax,
// UTF-8, nesting depth) and then hands out values as spans of the input, so
// values the engine does not change are copied to the output as they are and
// strings without escapes are never copied at all. This is what makes the
// planner fast; nlohmann/json stays for options and the other entry points.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "result.h"

namespace leadroster::json {

enum class Type { Null, False, True, Number, String, Object, Array };

struct Value {
  Type type = Type::Null;
  std::string_view raw;  // the value's text; for strings, quotes included
  bool escaped = false;  // a string with backslash escapes

  bool isString() const { return type == Type::String; }
  bool isObject() const { return type == Type::Object; }
  bool isArray() const { return type == Type::Array; }
  bool isNumber() const { return type == Type::Number; }
  bool isBool() const { return type == Type::True || type == Type::False; }
  bool isNull() const { return type == Type::Null; }
  // The string's content without quotes (valid only when !escaped).
  std::string_view inner() const { return raw.substr(1, raw.size() - 2); }
};

struct Member {
  Value key;  // a string value
  Value value;
};

// Parses and validates one whole JSON document (trailing whitespace allowed).
// On invalid JSON, invalid UTF-8, a number no double holds or nesting deeper
// than maxDepth: invalid_type, with a message "<what> at byte <offset>". When
// `members` is given and the document is an object, its top-level members are
// collected there in the same pass.
Result<Value> parse(std::string_view text, int maxDepth = 64, std::vector<Member>* members = nullptr);

// The decoded text of a string value (escapes resolved; a lone surrogate
// escape becomes U+FFFD).
std::string decode(const Value& v);
// Decoded text into `buf` when escaped, else a view of the input.
std::string_view decodeInto(const Value& v, std::string& buf);
inline std::string_view text(const Value& v, std::string& buf) { return v.escaped ? decodeInto(v, buf) : v.inner(); }

// Iterates the members of an already validated object: f(key, value) for each,
// keys decoded. Stops early when f returns false.
template <class F>
void forEachMember(const Value& object, F&& f);
// Iterates the elements of an already validated array.
template <class F>
void forEachElement(const Value& array, F&& f);

// JSON type names for messages: "a string", "an object", ...
const char* typeName(Type t);

// ---- implementation of the iterators (header: they take lambdas)
namespace detail {
size_t skipWs(std::string_view s, size_t i);
// Reads the value at s[i] (already validated); returns its end.
size_t valueEnd(std::string_view s, size_t i, Value& v);
}  // namespace detail

template <class F>
void forEachMember(const Value& object, F&& f) {
  std::string_view s = object.raw;
  size_t i = detail::skipWs(s, 1);
  std::string keyBuf;
  while (i < s.size() && s[i] != '}') {
    Value key;
    size_t e = detail::valueEnd(s, i, key);
    std::string_view k = text(key, keyBuf);
    i = detail::skipWs(s, e);
    i = detail::skipWs(s, i + 1);  // ':'
    Value v;
    e = detail::valueEnd(s, i, v);
    if (!f(k, v)) return;
    i = detail::skipWs(s, e);
    if (i < s.size() && s[i] == ',') i = detail::skipWs(s, i + 1);
  }
}

template <class F>
void forEachElement(const Value& array, F&& f) {
  std::string_view s = array.raw;
  size_t i = detail::skipWs(s, 1);
  while (i < s.size() && s[i] != ']') {
    Value v;
    size_t e = detail::valueEnd(s, i, v);
    if (!f(v)) return;
    i = detail::skipWs(s, e);
    if (i < s.size() && s[i] == ',') i = detail::skipWs(s, i + 1);
  }
}

}  // namespace leadroster::json
