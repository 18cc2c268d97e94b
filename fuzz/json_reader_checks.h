// JSON reader invariants (fuzz_json_reader): the span reader
// (src/json/json_reader.cpp) checked differentially against nlohmann/json on
// the same bytes.
//  - accept/reject agree, except where the reader is documented to differ:
//    it reads a lone surrogate escape (\ud800) as U+FFFD where nlohmann
//    refuses the text, and it leaves a leading byte-order mark to its caller
//    (intake strips it; nlohmann skips it); and nlohmann stops reading at a
//    NUL byte outside a string (it reads NUL as the end of input), where the
//    reader refuses the NUL: there the reader must agree on the text before it;
//  - an accepted document has the same value: objects (last duplicate key
//    wins, as in nlohmann), arrays, strings decoded byte for byte, numbers
//    whose spelling nlohmann reads as the same number, literals; walked
//    with forEachMember / forEachElement, so the iterators are checked too;
//  - a rejection says "<what> at byte <offset>" with the offset inside the
//    text, and code invalid_type;
//  - nesting: with maxDepth 64 the reader refuses exactly the documents
//    nested deeper than 64;
//  - the writer: compactJson of the value and appendJsonString of each
//    decoded string read back to the same value;
//  - intake: when nlohmann accepts a top-level array, splitJsonArray gives
//    its elements, each reading back to the same value.
#pragma once
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/intake.h"
#include "harness_common.h"
#include "json/json_reader.h"
#include "json/json_writer.h"

namespace fuzzcheck {

namespace jr = leadroster::json;

// True when a validated JSON text has, in a string or key, a \u escape of a
// surrogate that is not part of a high+low pair.
inline bool hasLoneSurrogateEscape(std::string_view t) {
  auto hexAt = [&](size_t i) {
    return i + 4 <= t.size() ? (unsigned)std::strtoul(std::string(t.substr(i, 4)).c_str(), nullptr, 16) : 0u;
  };
  bool inString = false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '"') {
      inString = !inString;
      continue;
    }
    if (!inString || t[i] != '\\') continue;
    if (t[i + 1] != 'u') {
      ++i;  // a two-character escape (\\ and \" included)
      continue;
    }
    unsigned cp = hexAt(i + 2);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      unsigned lo = t.substr(i + 6, 2) == "\\u" ? hexAt(i + 8) : 0;
      if (lo < 0xDC00 || lo > 0xDFFF) return true;
      i += 11;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return true;
    } else {
      i += 5;
    }
  }
  return false;
}

// The reader's value as nlohmann JSON, walked with forEachMember /
// forEachElement; `depth` is set to the nesting depth of its containers.
inline JsonT toNlohmann(const jr::Value& v, int& depth, int level = 0) {
  switch (v.type) {
    case jr::Type::Null: return nullptr;
    case jr::Type::True: return true;
    case jr::Type::False: return false;
    case jr::Type::Number: return JsonT::parse(v.raw.begin(), v.raw.end(), nullptr, false);
    case jr::Type::String: return jr::decode(v);
    case jr::Type::Array: {
      if (level + 1 > depth) depth = level + 1;
      JsonT a = JsonT::array();
      jr::forEachElement(v, [&](const jr::Value& e) {
        a.push_back(toNlohmann(e, depth, level + 1));
        return true;
      });
      return a;
    }
    case jr::Type::Object: {
      if (level + 1 > depth) depth = level + 1;
      JsonT o = JsonT::object();
      jr::forEachMember(v, [&](std::string_view key, const jr::Value& child) {
        o[std::string(key)] = toNlohmann(child, depth, level + 1);  // the last duplicate wins, as in nlohmann
        return true;
      });
      return o;
    }
  }
  return JsonT();
}

// nlohmann's JSON as a string with a key order and number form of its own:
// dump() compares two values without caring how each was built.
inline std::string canonical(const JsonT& j) { return j.dump(-1, ' ', false, JsonT::error_handler_t::strict); }

inline bool startsWithBom(std::string_view t) {
  return t.size() >= 3 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB && (unsigned char)t[2] == 0xBF;
}

// The error message "<what> at byte <n>" with n <= size.
inline std::string checkErrorMessage(const leadroster::Result<jr::Value>& r, std::string_view text) {
  if (r.error().code != leadroster::code::invalid_type) return "json::parse: failure code " + shown(r.error().code);
  size_t at = r.error().message.rfind(" at byte ");
  if (at == std::string::npos || at == 0) return "json::parse: message without an offset: " + shown(r.error().message);
  std::string digits = r.error().message.substr(at + 9);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
    return "json::parse: bad offset in " + shown(r.error().message);
  if (std::strtoull(digits.c_str(), nullptr, 10) > text.size())
    return "json::parse: offset past the end in " + shown(r.error().message) + " for " + shown(text);
  return "";
}

inline std::string checkJsonReader(std::string_view text) {
  const JsonT theirs = JsonT::parse(text.begin(), text.end(), nullptr, false);
  const bool theyAccept = !theirs.is_discarded();
  const size_t nul = text.find('\0');
  if (theyAccept && nul != std::string_view::npos) {  // nlohmann read only the text before the NUL
    if (jr::parse(text, 1 << 20)) return "json::parse accepts a NUL byte outside a string: " + shown(text);
    std::string p = checkJsonReader(text.substr(0, nul));
    return p.empty() ? "" : "before a NUL: " + p;
  }
  // The reader without a practical depth cap, for the value comparison.
  leadroster::Result<jr::Value> deep = jr::parse(text, 1 << 20);
  leadroster::Result<jr::Value> capped = jr::parse(text);  // maxDepth 64, as the planner reads rows
  if (!deep) {
    std::string p = checkErrorMessage(deep, text);
    if (!p.empty()) return p;
    if (capped) return "json::parse: accepts at depth 64 what it refuses without a cap: " + shown(text);
    if (theyAccept && !startsWithBom(text))
      return "json::parse refuses what nlohmann accepts (" + deep.error().message + "): " + shown(text);
    if (theyAccept) {  // a BOM: the reader must accept the rest as nlohmann does
      std::string p2 = checkJsonReader(text.substr(3));
      if (!p2.empty()) return "after a BOM: " + p2;
    }
    return "";
  }
  const bool lone = hasLoneSurrogateEscape(text);
  int depth = 0;
  JsonT ours = toNlohmann(deep.value(), depth);
  if (!theyAccept) {
    if (lone) return "";  // documented: a lone surrogate escape reads as U+FFFD
    return "json::parse accepts what nlohmann refuses: " + shown(text);
  }
  if (lone) return "json::parse: nlohmann accepts a lone surrogate escape: " + shown(text);
  if (canonical(ours) != canonical(theirs))
    return "json::parse value differs from nlohmann: " + shown(canonical(ours)) + " vs " + shown(canonical(theirs)) +
           " for " + shown(text);
  // Depth cap: refused at 64 exactly when nested deeper.
  if (bool(capped) != (depth <= 64))
    return "json::parse: depth " + std::to_string(depth) + (capped ? " accepted" : " refused") + " with maxDepth 64";
  if (!capped && capped.error().message.rfind("nesting too deep at byte ", 0) != 0)
    return "json::parse: a too-deep document refused with " + shown(capped.error().message);
  // The writer: compact form and string escaping read back to the same value.
  std::string compact = leadroster::compactJson(deep.value());
  JsonT back = JsonT::parse(compact, nullptr, false);
  if (back.is_discarded() || canonical(back) != canonical(theirs))
    return "compactJson does not read back: " + shown(compact) + " for " + shown(text);
  if (deep.value().isString()) {
    std::string quoted;
    leadroster::appendJsonString(quoted, jr::decode(deep.value()));
    JsonT s = JsonT::parse(quoted, nullptr, false);
    if (s.is_discarded() || s != theirs) return "appendJsonString does not read back: " + shown(quoted);
  }
  // Intake: a top-level array splits into its elements.
  if (theirs.is_array()) {
    std::vector<leadroster::RowText> rows;
    leadroster::Status split = leadroster::splitJsonArray(text, rows);
    if (!split)
      return "splitJsonArray refuses an array nlohmann reads: " + split.error().message + " for " + shown(text);
    if (rows.size() != theirs.size())
      return "splitJsonArray: " + std::to_string(rows.size()) + " rows, nlohmann " + std::to_string(theirs.size());
    for (size_t k = 0; k < rows.size(); ++k) {
      leadroster::Result<jr::Value> row = jr::parse(rows[k].text, 1 << 20);
      int d = 0;
      if (!row || canonical(toNlohmann(row.value(), d)) != canonical(theirs[k]))
        return "splitJsonArray: row " + std::to_string(k) + " " + shown(rows[k].text) + " differs";
      if (rows[k].tooDeep != (d > leadroster::kMaxNestingDepth))
        return "splitJsonArray: row " + std::to_string(k) + " tooDeep disagrees with its depth " + std::to_string(d);
    }
  }
  return "";
}

}  // namespace fuzzcheck
