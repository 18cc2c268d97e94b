// Reading rows: a JSON array or NDJSON text is split into one slice per row
// before parsing, so one bad row (invalid JSON, nesting too deep, invalid
// UTF-8) becomes an error on that row instead of failing the whole chunk.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace leadroster {

inline constexpr int kMaxNestingDepth = 64;

struct RowText {
  std::string_view text;
  bool tooDeep = false;
};

// Splits "[ {...}, {...} ]" into its top-level elements. Returns false (with a
// message) when the text is not a JSON array.
bool splitJsonArray(std::string_view text, std::vector<RowText>& rows, std::string& error);
// Splits NDJSON: one row a non-blank line.
void splitNdjson(std::string_view text, std::vector<RowText>& rows);

// Parses a whole JSON document with the nesting cap (for options, single leads).
bool parseDocument(std::string_view text, Json& out, std::string& error);

}  // namespace leadroster
