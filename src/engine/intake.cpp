#include "engine/intake.h"

#include <cstdint>
#include <cstring>

namespace leadroster {

namespace {

// Whether any of 8 bytes is '"' or '\\' (SWAR).
inline bool quoteOrSlash8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
  return (((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

// Skips a JSON string starting at text[i] == '"'; returns the index after it.
size_t skipString(std::string_view text, size_t i) {
  ++i;
  while (i < text.size()) {
    while (i + 8 <= text.size() && !quoteOrSlash8(text.data() + i)) i += 8;
    if (i >= text.size()) break;
    char c = text[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '"') return i + 1;
    ++i;
  }
  return text.size();
}

bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Max nesting depth of one value's text (strings skipped).
int depthOf(std::string_view t) {
  int depth = 0, maxDepth = 0;
  for (size_t i = 0; i < t.size();) {
    char c = t[i];
    if (c == '"') {
      i = skipString(t, i);
      continue;
    }
    if (c == '{' || c == '[') {
      if (++depth > maxDepth) maxDepth = depth;
    } else if (c == '}' || c == ']')
      --depth;
    ++i;
  }
  return maxDepth;
}

}  // namespace

Status splitJsonArray(std::string_view text, std::vector<RowText>& rows, int64_t firstLine) {
  auto fail = [](const char* message) { return Error{code::invalid_type, message, {}}; };
  size_t i = 0, n = text.size();
  // A UTF-8 byte-order mark is not part of the data.
  if (n >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
    i = 3;
  while (i < n && isWs(text[i])) ++i;
  if (i >= n || text[i] != '[') return fail("rows must be a JSON array");
  ++i;
  int depth = 0, maxDepth = 0;
  size_t start = SIZE_MAX;
  // The line of text[counted]: newlines are counted up to each element's start.
  int64_t line = firstLine;
  size_t counted = 0;
  auto lineAt = [&](size_t at) {
    const char* p = text.data() + counted;
    const char* end = text.data() + at;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p))))) {
      ++line;
      ++p;
    }
    counted = at;
    return line;
  };
  int64_t startLine = 0;
  for (; i < n; ++i) {
    char c = text[i];
    if (c == '"') {
      if (start == SIZE_MAX) {
        start = i;
        startLine = lineAt(i);
      }
      i = skipString(text, i) - 1;
      continue;
    }
    if (depth == 0 && (c == ',' || c == ']')) {
      if (start != SIZE_MAX) {
        size_t end = i;
        while (end > start && isWs(text[end - 1])) --end;
        rows.push_back(RowText{text.substr(start, end - start), maxDepth > kMaxNestingDepth, startLine});
      } else if (c == ',' || !rows.empty()) {
        return fail("rows: empty element in the JSON array");
      }
      start = SIZE_MAX;
      maxDepth = 0;
      if (c == ']') {
        ++i;
        while (i < n && isWs(text[i])) ++i;
        if (i != n) return fail("rows: text after the end of the JSON array");
        return success();
      }
      continue;
    }
    if (isWs(c)) continue;
    if (start == SIZE_MAX) {
      start = i;
      startLine = lineAt(i);
    }
    if (c == '{' || c == '[') {
      if (++depth > maxDepth) maxDepth = depth;
    } else if (c == '}' || c == ']')
      --depth;
    if (depth < 0) return fail("rows: unbalanced brackets in the JSON array");
  }
  return fail("rows: the JSON array is not closed");
}

int64_t splitNdjson(std::string_view text, std::vector<RowText>& rows, int64_t firstLine) {
  size_t i = 0, n = text.size();
  int64_t lineNo = firstLine;
  if (n >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
    i = 3;
  while (i < n) {
    size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = n;
    std::string_view line = text.substr(i, e - i);
    size_t a = 0, b = line.size();
    while (a < b && isWs(line[a])) ++a;
    while (b > a && isWs(line[b - 1])) --b;
    if (b > a) {
      std::string_view t = line.substr(a, b - a);
      rows.push_back(RowText{t, false, lineNo});  // nesting is checked when the row is read
    }
    ++lineNo;
    i = e + 1;
  }
  return lineNo;
}

Result<Json> parseDocument(std::string_view text) {
  if (depthOf(text) > kMaxNestingDepth)
    return Error{code::invalid_type, "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels", {}};
  Json out = parseJson(text, false);
  if (out.is_discarded()) return Error{code::invalid_type, "not valid JSON", {}};
  return out;
}

void checkRowInto(const Provider& provider, const RowText& row, const PlanOptions& options, const IdentityRules& rules,
                  LeadCheck& check) {
  if (row.members) {
    checkMembersInto(provider, row.members, row.memberCount, options, rules, check);
    return;
  }
  if (!row.tooDeep) {
    checkLeadInto(provider, row.text, options, rules, check);
    return;
  }
  check.reset();
  check.rowError(code::invalid_type,
                 "the row nests objects or arrays more than " + std::to_string(kMaxNestingDepth) + " levels deep");
}

LeadCheck checkRow(const Provider& provider, const RowText& row, const PlanOptions& options,
                   const IdentityRules& rules) {
  LeadCheck check;
  checkRowInto(provider, row, options, rules, check);
  check.lead.own();  // it may outlive the row's text
  return check;
}

}  // namespace leadroster
