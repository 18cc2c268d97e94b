// Writing JSON text: string literals (escaped in bulk) and values copied from
// a row in compact form. Used by every answer the engine builds.
#pragma once
#include <cstring>
#include <string>
#include <string_view>

#include "json/json_reader.h"
#include "result.h"

namespace leadroster {

// Appends s as a JSON string literal.
void appendJsonString(std::string& out, std::string_view s);

// Many small appends to a string through a buffer on the stack: one
// std::string append per kilobyte instead of one per piece (in WASM each
// std::string call is out of line). The pieces reach `out` at flush() or at
// the end of the JsonOut's life; size() counts them all.
class JsonOut {
 public:
  explicit JsonOut(std::string& out) : out_(out) {}
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  void put(char c) {
    if (n_ == kSize) flush();
    buf_[n_++] = c;
  }
  void put(std::string_view s) {
    if (s.size() > kSize - n_) {
      flush();
      if (s.size() > kSize / 2) {
        out_.append(s.data(), s.size());
        return;
      }
    }
    std::memcpy(buf_ + n_, s.data(), s.size());
    n_ += s.size();
  }
  // s as a JSON string literal; true when it needed escapes.
  bool putString(std::string_view s);
  size_t size() const { return out_.size() + n_; }
  void flush() {
    if (n_) out_.append(buf_, n_);
    n_ = 0;
  }

 private:
  static constexpr size_t kSize = 1024;
  std::string& out_;
  size_t n_ = 0;
  char buf_[kSize];
};

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
