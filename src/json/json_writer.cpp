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

void appendJsonString(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  // Find the first byte that needs escaping, 8 at a time (the last 8 bytes
  // read overlapping); none: the string is copied whole.
  size_t i = 0, n = s.size();
  bool clean = true;
  while (i + 8 <= n) {
    if (uint64_t m = escapes8(s.data() + i)) {
      i += size_t(__builtin_ctzll(m)) >> 3;
      clean = false;
      break;
    }
    i += 8;
  }
  if (clean && i < n) {
    if (n >= 8) {
      clean = escapes8(s.data() + n - 8) == 0;
    } else {
      for (size_t k = i; k < n && clean; ++k) {
        unsigned char c = (unsigned char)s[k];
        clean = c >= 0x20 && c != '"' && c != '\\';
      }
    }
  }
  if (clean) {
    // one append: in WASM each std::string call is out of line
    if (n <= 254) {
      char buf[256];
      buf[0] = '"';
      std::memcpy(buf + 1, s.data(), n);
      buf[n + 1] = '"';
      out.append(buf, n + 2);
      return;
    }
    out += '"';
    out.append(s.data(), n);
    out += '"';
    return;
  }
  out += '"';
  size_t run = 0;  // start of the current run of characters that need no escape
  for (; i < s.size(); ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
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
