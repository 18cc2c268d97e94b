// The checks of fuzz_input_planner, shared with tests/cpp/regression_fuzz_test.cpp:
// the engine's input path (src/input/input_planner.h: CSV reader -> header
// mapping -> lead_writer, the streaming JSON array reader, NDJSON lines) into
// the planner. checkInputPlanner returns "" when every invariant holds, else
// the first one broken.
// Invariants:
//  1. no crash, no hang;
//  2. chunk-split invariance: the input fed whole, cut at two points taken
//     from the data, and (inputs up to 96 bytes) byte by byte gives the same
//     plan: the same rows' lines, the same invalid and duplicate rows (index,
//     status, line, duplicateOfLine), the same cells, the same fatal (code and
//     line) and, concatenated, the same request bodies; an input refused with
//     a fatal is refused with the same code and line, however cut;
//  3. every answer's head is JSON; a fatal stays (every later call answers it);
//  4. each row's line is >= 1 and within the input's lines, and lines never
//     go back.
// Inputs that are not UTF-8 (every caller refuses them first) are only run for crashes.
// The first input byte picks the format argument (detected, csv, json,
// ndjson), the provider and whether cells are kept.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "input/input_planner.h"
#include "normalize/text.h"

namespace fuzzcheck {
namespace input_detail {

using leadroster::input::InputPlanner;
using JsonT = nlohmann::json;

struct Broken {
  const char* what;
};
[[noreturn]] inline void fail(const char* what, std::string_view) { throw Broken{what}; }

struct Plan {
  std::vector<std::string> items;  // lines, rows, cells, fatal (sorted at the end: answers cut elsewhere hold other rows)
  std::string bodies;              // the completed requests' bodies, concatenated
  int64_t lastLine = 0;
};

inline const char* kProviders[] = {"reached", "sendkit", "magnetite", "puffle"};
inline const char* kOptions[] = {
    R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","batchSize":3})",
    R"({"campaignId":"c","batchSize":2})",
    R"({"campaignId":"c","defaultCountry":"FR"})",
    R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","channel":"email"})",
};
inline const char* kArgs[] = {"{}", R"({"format":"csv"})", R"({"format":"json"})", R"({"format":"ndjson"})",
                       R"({"cells":"all"})", R"({"format":"csv","cells":"fix"})", R"({"format":"csv","delimiter":";"})",
                       R"({"cells":"rejected"})"};

inline void take(const std::string& head, const std::string& body, Plan& out, std::string_view input, int64_t maxLine) {
  JsonT h = JsonT::parse(head, nullptr, false);
  if (h.is_discarded() || !h.is_object()) fail("an answer's head is not a JSON object", input);
  // the body: the completed requests' bodies, then this call's open leads (which a later request repeats)
  size_t requestBytes = 0;
  if (h.contains("requests"))
    for (const auto& r : h["requests"]) requestBytes += r["bodyBytes"].get<size_t>();
  if (requestBytes > body.size()) fail("requests' bodyBytes past the body", input);
  out.bodies.append(body, 0, requestBytes);
  if (h.contains("fatal")) {
    const JsonT& f = h["fatal"];
    out.items.push_back("fatal " + f.value("code", std::string()) + " " + (f.contains("line") ? f["line"].dump() : "-"));
    return;
  }
  if (h.contains("input")) {
    const JsonT& in = h["input"];
    for (const auto& l : in["lines"]) {
      int64_t v = l.get<int64_t>();
      if (v < 1 || v > maxLine) fail("a row's line outside the input", input);
      if (v < out.lastLine) fail("a row's line before the last row's", input);
      out.lastLine = v;
      out.items.push_back("line " + l.dump());
    }
    if (in.contains("cells"))
      for (const auto& c : in["cells"]) out.items.push_back("cells " + c.dump());
  }
  if (h.contains("rows"))
    for (const auto& r : h["rows"])
      out.items.push_back("row " + r["index"].dump() + " " + r["status"].get<std::string>() + " " + r.value("line", JsonT()).dump() +
                          " " + r.value("duplicateOfLine", JsonT()).dump());
}

inline Plan feed(std::string_view text, const std::vector<size_t>& cuts, const char* provider, const char* options, const char* args) {
  Plan out;
  auto created = InputPlanner::create(provider, options, args);
  if (!created.ok()) {
    out.items.push_back("create " + created.error().message);
    return out;
  }
  InputPlanner& p = *created.value();
  int64_t maxLine = 1;
  for (char c : text)
    if (c == '\n' || c == '\r') ++maxLine;
  std::string head, body;
  size_t at = 0;
  bool fatal = false;
  auto check = [&](const std::string& h) {
    bool f = h.compare(0, 9, "{\"fatal\":") == 0;
    if (fatal && !f) fail("a call after a fatal answered something else", text);
    fatal = fatal || f;
  };
  for (size_t c : cuts) {
    p.push(text.substr(at, c - at), true, head, body);
    check(head);
    take(head, body, out, text, maxLine);
    at = c;
  }
  p.push(text.substr(at), true, head, body);
  check(head);
  take(head, body, out, text, maxLine);
  p.end(true, head, body);
  check(head);
  take(head, body, out, text, maxLine);
  p.finish(head, body);
  check(head);
  take(head, body, out, text, maxLine);
  // one fatal is one item, however many calls repeated it
  std::vector<std::string> items;
  for (auto& s : out.items)
    if (!(s.rfind("fatal", 0) == 0 && !items.empty() && items.back() == s)) items.push_back(s);
  // a refused input is its fatal: which rows were answered before it depends on the cuts
  std::vector<std::string> fatals;
  for (auto& it : items)
    if (it.rfind("fatal", 0) == 0) fatals.push_back(it);
  if (!fatals.empty()) {
    items = std::move(fatals);
    out.bodies.clear();
  }
  std::sort(items.begin(), items.end());
  out.items = std::move(items);
  return out;
}

}  // namespace input_detail

inline std::string checkInputPlannerOrThrow(const uint8_t* data, size_t size);

inline std::string checkInputPlanner(const uint8_t* data, size_t size) {
  try {
    return checkInputPlannerOrThrow(data, size);
  } catch (const input_detail::Broken& b) {
    return b.what;
  }
}

inline std::string checkInputPlannerOrThrow(const uint8_t* data, size_t size) {
  using namespace input_detail;
  if (size < 1) return "";
  const uint8_t pick = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const char* provider = kProviders[pick & 3];
  const char* options = kOptions[pick & 3];
  const char* args = kArgs[(pick >> 2) & 7];
  // the entry's callers (the CLI, the edge handler, the page's worker) check the bytes are UTF-8
  // first (cells of other bytes are copied into the answer as they are): other bytes only must not crash
  if (!leadroster::text::isValidUtf8(text)) {
    for (size_t cut : {text.size(), text.size() / 2}) {
      auto p = InputPlanner::create(provider, options, args);
      if (!p.ok()) return "";
      std::string head, body;
      p.value()->push(text.substr(0, cut), true, head, body);
      p.value()->push(text.substr(cut), true, head, body);
      p.value()->end(true, head, body);
      p.value()->finish(head, body);
    }
    return "";
  }

  Plan whole = feed(text, {}, provider, options, args);
  std::vector<size_t> cuts;
  if (text.size() >= 2) {
    size_t a = (size_t(uint8_t(text[0])) * 131 + size) % text.size();
    size_t b = (size_t(uint8_t(text[text.size() - 1])) * 257 + size * 7) % text.size();
    if (a > b) std::swap(a, b);
    if (a > 0) cuts.push_back(a);
    if (b > a) cuts.push_back(b);
  }
  Plan cut = feed(text, cuts, provider, options, args);
  if (cut.items != whole.items) fail("a split input planned differently (rows, lines, cells or fatal)", text);
  if (cut.bodies != whole.bodies) fail("a split input planned other request bodies", text);
  if (text.size() <= 96) {
    std::vector<size_t> each;
    for (size_t i = 1; i < text.size(); ++i) each.push_back(i);
    Plan bytes = feed(text, each, provider, options, args);
    if (bytes.items != whole.items) fail("the input fed byte by byte planned differently", text);
    if (bytes.bodies != whole.bodies) fail("the input fed byte by byte planned other request bodies", text);
  }
  return "";
}

}  // namespace fuzzcheck
