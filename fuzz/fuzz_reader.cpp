// libFuzzer target: the row reader alone (json::parse with members, the
// array / NDJSON splitters, string decoding), fast, so it runs millions of
// inputs where the planner target runs thousands. Invariants: parse never
// crashes; an accepted document agrees with nlohmann/json (accepted the same
// way, same top-level member count), its decoded strings are valid UTF-8; the
// splitters give slices inside the text, and an array nlohmann reads splits
// into as many rows as it has elements.
#include <nlohmann/json.hpp>

#include "engine/intake.h"
#include "json/json_reader.h"
#include "normalize/text.h"
#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text((const char*)data, size);
  leadroster::json::Value v;
  std::string error;
  std::vector<leadroster::json::Member> members;
  bool ok = leadroster::json::parse(text, v, error, 64, &members);
  auto ref = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  // nlohmann accepts invalid UTF-8 in strings only as an error too; depth > 64 is ours alone.
  // (a lone surrogate escape is U+FFFD for the reader, an error for nlohmann)
  bool surrogateEscape = text.find("\\u") != std::string_view::npos;
  if (ok && ref.is_discarded() && !surrogateEscape) fuzzcheck::abortOn("reader accepted what nlohmann refused: " + fuzzcheck::shown(text));
  if (ok) {
    if (v.isObject() != ref.is_object()) fuzzcheck::abortOn("reader: object disagrees");
    if (v.isObject() && members.size() < ref.size()) fuzzcheck::abortOn("reader: fewer members than nlohmann");
    for (const auto& m : members) {
      std::string k = leadroster::json::decode(m.key);
      if (!leadroster::text::isValidUtf8(k)) fuzzcheck::abortOn("reader: decoded key is not UTF-8");
      if (m.value.isString() && !leadroster::text::isValidUtf8(leadroster::json::decode(m.value)))
        fuzzcheck::abortOn("reader: decoded value is not UTF-8");
    }
  }
  std::vector<leadroster::RowText> rows;
  bool arr = leadroster::splitJsonArray(text, rows, error);
  for (const auto& r : rows)
    if (r.text.data() < text.data() || r.text.data() + r.text.size() > text.data() + text.size())
      fuzzcheck::abortOn("splitJsonArray: slice outside the text");
  if (arr && !ref.is_discarded() && ref.is_array() && rows.size() != ref.size())
    fuzzcheck::abortOn("splitJsonArray: " + std::to_string(rows.size()) + " rows for " + std::to_string(ref.size()));
  rows.clear();
  leadroster::splitNdjson(text, rows);
  for (const auto& r : rows)
    if (r.text.empty() || r.text.data() < text.data() || r.text.data() + r.text.size() > text.data() + text.size())
      fuzzcheck::abortOn("splitNdjson: bad slice");
  return 0;
}
