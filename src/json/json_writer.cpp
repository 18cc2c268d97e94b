#include "json/json_writer.h"

#include "json/json.h"
#include "normalize/text.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace leadroster {

namespace {
// The bytes of 8 that need escaping ('"', '\\', control), as their high bits;
// the lowest set bit is always a true one (borrows only run upwards).
inline uint64_t escapes8(const char* p) {
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t w;
  std::memcpy(&w, p, 8);
  uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
  return (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) & high;
}
}  // namespace

namespace {
// Where the first byte of s that needs escaping is (s.size(): none), 8 at a
// time (the last 8 bytes read overlapping).
size_t firstEscape(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i + 8 <= n) {
    if (uint64_t m = escapes8(s.data() + i)) return i + (size_t(__builtin_ctzll(m)) >> 3);
    i += 8;
  }
  if (i == n) return n;
  if (n >= 8) {
    if (uint64_t m = escapes8(s.data() + n - 8)) return n - 8 + (size_t(__builtin_ctzll(m)) >> 3);
    return n;
  }
  for (; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return n;
}

// The escaped form of s from its first escape `i` (the opening quote written).
template <typename Out>
void putEscaped(Out& out, std::string_view s, size_t i) {
  static const char* hex = "0123456789abcdef";
  size_t run = 0;  // start of the current run of characters that need no escape
  for (; i < s.size(); ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.put(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"': out.put("\\\""); break;
      case '\\': out.put("\\\\"); break;
      case '\n': out.put("\\n"); break;
      case '\r': out.put("\\r"); break;
      case '\t': out.put("\\t"); break;
      case '\b': out.put("\\b"); break;
      case '\f': out.put("\\f"); break;
      default: {
        const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.put(std::string_view(u, 6));
      }
    }
  }
  out.put(s.substr(run));
  out.put('"');
}
}  // namespace

bool JsonOut::putString(std::string_view s) {
  size_t i = firstEscape(s);
  put('"');
  if (i == s.size()) {
    put(s);
    put('"');
    return false;
  }
  putEscaped(*this, s, i);
  return true;
}

void appendJsonString(std::string& out, std::string_view s) {
  size_t n = s.size();
  if (n <= 254 && firstEscape(s) == n) {
    // one append: in WASM each std::string call is out of line
    char buf[256];
    buf[0] = '"';
    std::memcpy(buf + 1, s.data(), n);
    buf[n + 1] = '"';
    out.append(buf, n + 2);
    return;
  }
  JsonOut o(out);
  o.putString(s);
}

// A value copied from the row, as compact JSON: request bodies are compact and
// maxBodyBytes counts compact bytes, so whitespace between tokens and optional
// escapes ("\/", "\u00e9") are dropped. Numbers keep their spelling.
void appendCompact(const json::Value& v, std::string& out) {
  if (text::findAny(v.raw, " \t\n\r\\") == std::string_view::npos) {
    out += v.raw;  // nothing to drop (the common case)
    return;
  }
  bool first = true;
  switch (v.type) {
    case json::Type::Object:
      out += '{';
      json::forEachMember(v, [&](std::string_view k, const json::Value& m) {
        if (!first) out += ',';
        first = false;
        appendJsonString(out, k);
        out += ':';
        appendCompact(m, out);
        return true;
      });
      out += '}';
      return;
    case json::Type::Array:
      out += '[';
      json::forEachElement(v, [&](const json::Value& e) {
        if (!first) out += ',';
        first = false;
        appendCompact(e, out);
        return true;
      });
      out += ']';
      return;
    case json::Type::String:
      if (v.escaped) {
        appendJsonString(out, json::decode(v));
        return;
      }
      break;
    default: break;
  }
  out += v.raw;
}

std::string compactJson(const json::Value& v) {
  std::string out;
  out.reserve(v.raw.size());
  appendCompact(v, out);
  return out;
}

std::string dumpJson(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string secondsJson(double seconds) {
  double ms = std::round(seconds * 1000);
  if (ms >= 9.0e15) ms = 9.0e15;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.0f", ms);
  std::string digits(buf);  // milliseconds, an integer
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  std::string out = digits.substr(0, digits.size() - 3);
  std::string frac = digits.substr(digits.size() - 3);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return out;
}

std::string fatalJson(const Error& e) {
  std::string out = "{\"fatal\":{\"option\":";
  if (e.option.empty())
    out += "null";
  else
    appendJsonString(out, e.option);
  out += ",\"code\":";
  appendJsonString(out, e.code);
  out += ",\"message\":";
  appendJsonString(out, e.message);
  return out + "}}";
}

}  // namespace leadroster
