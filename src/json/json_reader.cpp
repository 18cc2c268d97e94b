#include "json/json_reader.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace leadroster::json {

namespace {

inline bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline int hexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The bytes of 8 that are '"', '\\', a control character or non-ASCII, as
// their high bits (SWAR). Borrows only run upwards from a flagged byte, so the
// lowest set bit is always a true one: ctz / 8 is the first such byte.
inline uint64_t attention8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t quote = w ^ (ones * '"');
  uint64_t slash = w ^ (ones * '\\');
  uint64_t zeroQuote = (quote - ones) & ~quote & high;
  uint64_t zeroSlash = (slash - ones) & ~slash & high;
  uint64_t control = (w - ones * 0x20) & ~w & high;  // bytes < 0x20
  return zeroQuote | zeroSlash | control | (w & high);
}

struct Parser {
  std::string_view s;
  size_t i = 0;
  int maxDepth;
  std::vector<Member>* members = nullptr;
  std::string error;  // set by fail()

  bool fail(const char* what) {
    error = std::string(what) + " at byte " + std::to_string(i);
    return false;
  }
  void ws() {
    if (i < s.size() && (unsigned char)s[i] > ' ') return;  // compact JSON: nothing to skip
    while (i < s.size() && isWs(s[i])) ++i;
  }

  // Validates a string at s[i] == '"'; sets escaped.
  bool string(bool& escaped) {
    ++i;
    escaped = false;
    while (true) {
      // fast run of plain ASCII, 8 bytes at a time, to the first byte that needs a look
      while (i + 8 <= s.size()) {
        uint64_t m = attention8(s.data() + i);
        if (m) {
          i += size_t(__builtin_ctzll(m)) >> 3;
          break;
        }
        i += 8;
      }
      while (i < s.size()) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++i;
      }
      if (i >= s.size()) return fail("unterminated string");
      unsigned char c = (unsigned char)s[i];
      if (c == '"') {
        ++i;
        return true;
      }
      if (c == '\\') {
        escaped = true;
        if (i + 1 >= s.size()) return fail("unterminated string");
        char e = s[i + 1];
        if (e == 'u') {
          if (i + 6 > s.size()) return fail("bad \\u escape");
          for (size_t k = 2; k < 6; ++k)
            if (hexVal(s[i + k]) < 0) return fail("bad \\u escape");
          i += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          i += 2;
        } else {
          return fail("bad escape in string");
        }
        continue;
      }
      if (c < 0x20) return fail("control character in string");
      // UTF-8 sequence
      size_t len;
      unsigned cp;
      if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
      } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
      } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
      } else
        return fail("invalid UTF-8 in string");
      if (i + len > s.size()) return fail("invalid UTF-8 in string");
      for (size_t k = 1; k < len; ++k) {
        unsigned char cc = (unsigned char)s[i + k];
        if ((cc & 0xC0) != 0x80) return fail("invalid UTF-8 in string");
        cp = (cp << 6) | (cc & 0x3F);
      }
      if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
          (cp >= 0xD800 && cp <= 0xDFFF))
        return fail("invalid UTF-8 in string");
      i += len;
    }
  }

  bool number() {
    size_t start = i;
    if (s[i] == '-') ++i;
    if (i >= s.size()) return fail("bad number");
    if (s[i] == '0') {
      ++i;
    } else if (isDigit(s[i])) {
      while (i < s.size() && isDigit(s[i])) ++i;
    } else {
      return fail("bad number");
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (i >= s.size() || !isDigit(s[i])) return fail("bad number");
      while (i < s.size() && isDigit(s[i])) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (i >= s.size() || !isDigit(s[i])) return fail("bad number");
      while (i < s.size() && isDigit(s[i])) ++i;
    }
    // A number no double can hold (1e400) is refused, as nlohmann/json does:
    // copied as written it would reach JS as Infinity and other parsers as an error.
    // (Only a number with an exponent or over 300 characters can overflow.)
    std::string_view text = s.substr(start, i - start);
    if ((text.size() > 300 || text.find_first_of("eE") != std::string_view::npos) &&
        !std::isfinite(std::strtod(std::string(text).c_str(), nullptr)))
      return fail("number out of range");
    return true;
  }

  bool literal(std::string_view word) {
    if (s.substr(i, word.size()) != word) return fail("unexpected text");
    i += word.size();
    return true;
  }

  bool value(Value& v, int depth) {
    ws();
    if (i >= s.size()) return fail("unexpected end of JSON");
    size_t start = i;
    char c = s[i];
    switch (c) {
      case '"':
        v.type = Type::String;
        if (!string(v.escaped)) return false;
        break;
      case '{': {
        if (depth >= maxDepth) return fail("nesting too deep");
        v.type = Type::Object;
        ++i;
        ws();
        if (i < s.size() && s[i] == '}') {
          ++i;
          break;
        }
        while (true) {
          ws();
          if (i >= s.size() || s[i] != '"') return fail("expected a key");
          Value key;
          key.type = Type::String;
          size_t keyStart = i;
          if (!string(key.escaped)) return false;
          key.raw = s.substr(keyStart, i - keyStart);
          ws();
          if (i >= s.size() || s[i] != ':') return fail("expected ':'");
          ++i;
          Value child;
          if (!value(child, depth + 1)) return false;
          if (depth == 0 && members) members->push_back(Member{key, child});
          ws();
          if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
          }
          if (i < s.size() && s[i] == '}') {
            ++i;
            break;
          }
          return fail("expected ',' or '}'");
        }
        break;
      }
      case '[': {
        if (depth >= maxDepth) return fail("nesting too deep");
        v.type = Type::Array;
        ++i;
        ws();
        if (i < s.size() && s[i] == ']') {
          ++i;
          break;
        }
        while (true) {
          Value child;
          if (!value(child, depth + 1)) return false;
          ws();
          if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
          }
          if (i < s.size() && s[i] == ']') {
            ++i;
            break;
          }
          return fail("expected ',' or ']'");
        }
        break;
      }
      case 't':
        v.type = Type::True;
        if (!literal("true")) return false;
        break;
      case 'f':
        v.type = Type::False;
        if (!literal("false")) return false;
        break;
      case 'n':
        v.type = Type::Null;
        if (!literal("null")) return false;
        break;
      default:
        v.type = Type::Number;
        if (!number()) return false;
    }
    v.raw = s.substr(start, i - start);
    return true;
  }
};

void appendUtf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

unsigned hex4(std::string_view s, size_t i) {
  unsigned v = 0;
  for (size_t k = 0; k < 4; ++k) v = v * 16 + unsigned(hexVal(s[i + k]));
  return v;
}

}  // namespace

Result<Value> parse(std::string_view text, int maxDepth, std::vector<Member>* members) {
  Parser p{text, 0, maxDepth, members, {}};
  Value out;
  bool ok = p.value(out, 0);
  if (ok) {
    p.ws();
    if (p.i != text.size()) ok = p.fail("text after the JSON value");
  }
  if (!ok) return Error{code::invalid_type, std::move(p.error), {}};
  return out;
}

std::string decode(const Value& v) {
  std::string_view s = v.inner();
  if (!v.escaped) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cp = hex4(s, i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < s.size() + 0 && s[i + 1] == '\\' && s[i + 2] == 'u') {
          unsigned lo = hex4(s, i + 3);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;
          }
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
          cp = 0xFFFD;  // a lone surrogate
        }
        appendUtf8(out, cp);
        break;
      }
      default: out += e;  // " \ /
    }
  }
  return out;
}

std::string_view decodeInto(const Value& v, std::string& buf) {
  buf = decode(v);
  return buf;
}

const char* typeName(Type t) {
  switch (t) {
    case Type::Null: return "null";
    case Type::False:
    case Type::True: return "a boolean";
    case Type::Number: return "a number";
    case Type::String: return "a string";
    case Type::Object: return "an object";
    case Type::Array: return "an array";
  }
  return "a value";
}

namespace detail {

size_t skipWs(std::string_view s, size_t i) {
  while (i < s.size() && isWs(s[i])) ++i;
  return i;
}

// Values here are known valid: skip by structure only.
size_t valueEnd(std::string_view s, size_t i, Value& v) {
  size_t start = i;
  char c = s[i];
  if (c == '"') {
    v.type = Type::String;
    v.escaped = false;
    ++i;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\') {
        v.escaped = true;
        i += 2;
      } else {
        ++i;
      }
    }
    ++i;
  } else if (c == '{' || c == '[') {
    v.type = c == '{' ? Type::Object : Type::Array;
    int depth = 0;
    for (; i < s.size(); ++i) {
      char d = s[i];
      if (d == '"') {
        ++i;
        while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
      } else if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) {
          ++i;
          break;
        }
      }
    }
  } else if (c == 't') {
    v.type = Type::True;
    i += 4;
  } else if (c == 'f') {
    v.type = Type::False;
    i += 5;
  } else if (c == 'n') {
    v.type = Type::Null;
    i += 4;
  } else {
    v.type = Type::Number;
    while (i < s.size() && (isDigit(s[i]) || s[i] == '-' || s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
      ++i;
  }
  v.raw = s.substr(start, i - start);
  return i;
}

}  // namespace detail

}  // namespace leadroster::json
