#include "input/json_array_reader.h"

namespace leadroster::input {

namespace {
bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

bool JsonArrayReader::fail(const char* what) {
  error_ = std::string("rows: ") + what + " at byte " + std::to_string(dropped_ + pos_) + " (line " +
           std::to_string(line_) + ")";
  errorLine_ = line_;
  return false;
}

bool JsonArrayReader::element(char c, std::vector<RowText>& rows) {
  if (inString_) {
    if (escape_)
      escape_ = false;
    else if (c == '\\')
      escape_ = true;
    else if (c == '"') {
      inString_ = false;
      if (depth_ == 0) closed_ = true;
    } else if (c == '\n' || c == '\r') {
      return fail("a line break inside a string");
    }
    return true;
  }
  if (closed_ && c != ',' && c != ']' && !isWs(c)) return fail("a missing ','");
  if (c == '"') {
    inString_ = true;
  } else if (c == '{' || c == '[') {
    if (++depth_ > maxDepth_) maxDepth_ = depth_;
  } else if ((c == '}' || c == ']') && depth_ > 0) {
    if (--depth_ == 0) closed_ = true;
  } else if (depth_ == 0 && (c == ',' || c == ']')) {
    size_t end = pos_;
    while (end > start_ && isWs(buf_[end - 1])) --end;
    rows.push_back(
        RowText{std::string_view(buf_).substr(start_, end - start_), maxDepth_ > kMaxNestingDepth, startLine_});
    inElement_ = false;
    expectValue_ = afterComma_ = c == ',';
    if (c == ']') state_ = 2;
  } else if (c == '}') {
    return fail("an unmatched '}'");
  }
  return true;
}

bool JsonArrayReader::push(std::string_view bytes, std::vector<RowText>& rows) {
  if (!error_.empty()) return false;
  // the rows of the last push are read: drop what is behind the current element
  size_t keep = inElement_ ? start_ : pos_;
  if (keep > 0) {
    buf_.erase(0, keep);
    dropped_ += keep;
    pos_ -= keep;
    start_ = 0;
  }
  buf_.append(bytes.data(), bytes.size());
  if (!bomChecked_) {
    static const char kBom[] = "\xEF\xBB\xBF";
    size_t n = buf_.size() < 3 ? buf_.size() : 3;
    if (buf_.compare(0, n, kBom, n) == 0 && n < 3) return true;  // maybe a BOM: wait for its end
    bomChecked_ = true;
    if (n == 3 && buf_.compare(0, 3, kBom, 3) == 0) pos_ = 3;
  }
  const size_t n = buf_.size();
  for (; pos_ < n; ++pos_) {
    const char c = buf_[pos_];
    if (c == '\n') ++line_;
    if (inElement_) {
      if (!element(c, rows)) return false;
      continue;
    }
    if (isWs(c)) continue;
    if (state_ == 0) {
      if (c != '[') return fail("expected '['");
      state_ = 1;
      expectValue_ = true;
      continue;
    }
    if (state_ == 2) return fail("more text after the closing ]");
    if (c == ']') {
      if (afterComma_) return fail("a ',' before ']'");
      state_ = 2;
      continue;
    }
    if (c == ',') return fail("a ',' where a lead was expected");
    if (!expectValue_) return fail("a missing ','");
    // an element starts here
    inElement_ = true;
    closed_ = false;
    expectValue_ = afterComma_ = false;
    depth_ = maxDepth_ = 0;
    startLine_ = line_;
    start_ = pos_;
    if (!element(c, rows)) return false;
  }
  return true;
}

bool JsonArrayReader::end() {
  if (!error_.empty()) return false;
  if (!bomChecked_) bomChecked_ = true;  // one or two bytes of a BOM and nothing else: no array
  if (state_ == 1) return fail("the array is not closed");
  return true;
}

}  // namespace leadroster::input
