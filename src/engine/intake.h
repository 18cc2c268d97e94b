// Reading rows: a JSON array or NDJSON text is split into one slice per row
// before parsing, so one bad row (invalid JSON, nesting too deep, invalid
// UTF-8) becomes an error on that row instead of failing the whole chunk.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/check_lead.h"
#include "json/json.h"
#include "json/json_reader.h"
#include "result.h"

namespace leadroster {

inline constexpr int kMaxNestingDepth = 64;

struct RowText {
  std::string_view text;
  bool tooDeep = false;
  // The row's line in the input (1-based; 0: unknown). The splitters set it
  // (counted from `firstLine`); a caller with its own lines (CSV records)
  // sets it itself. The planner reports it as the row's "line".
  int64_t line = 0;
  // A row already read (the CSV lead writer's): its top-level members, views
  // of `text`, so the checker does not parse the text again. nullptr: parse it.
  const json::Member* members = nullptr;
  size_t memberCount = 0;
};

// Splits "[ {...}, {...} ]" into its top-level elements, appended to `rows`
// (a vector the caller reuses). invalid_type when the text is not a JSON array.
// Each element's line is the line where it starts (the text's first line is `firstLine`).
Status splitJsonArray(std::string_view text, std::vector<RowText>& rows, int64_t firstLine = 1);
// Splits NDJSON: one row a non-blank line, its line counted from `firstLine`.
// Returns the line number after the text (firstLine + its lines).
int64_t splitNdjson(std::string_view text, std::vector<RowText>& rows, int64_t firstLine = 1);

// Parses a whole JSON document with the nesting cap (for options, single leads).
// invalid_type with "not valid JSON" or the nesting message.
Result<Json> parseDocument(std::string_view text);

// checkLead for one row slice; a row nested too deep is an invalid_type row
// error (the one place that says so, for the planner and the roster).
// The same into `check` (reset first), so a caller checking row after row reuses one;
// check.lead may hold spans of row.text (see checkLeadInto).
void checkRowInto(const Provider& provider, const RowText& row, const PlanOptions& options, const IdentityRules& rules,
                  LeadCheck& check);
LeadCheck checkRow(const Provider& provider, const RowText& row, const PlanOptions& options,
                   const IdentityRules& rules);

}  // namespace leadroster
