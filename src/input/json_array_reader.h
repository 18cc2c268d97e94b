// A JSON array of rows read as its bytes arrive (cut anywhere): each element's
// text, and the line it starts on, once the ',' or ']' after it is read, so a
// big array is planned as it streams in and never held whole. It splits, it
// does not parse: an element's own JSON is read by the planner (a broken one
// is that row's error). What it refuses, with the byte offset and line where
// it broke (the grammar npm/lib/edge.mjs's JsonArraySplitter had):
//   something other than '[' first (after an optional UTF-8 BOM and white
//   space), a ',' where an element was expected or before ']', two elements
//   without a ',' between them, an unmatched '}', a line break inside a
//   string, text after the closing ']', and (at the end) an array not closed.
// A text of white space only is no rows (blank()), not an error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/intake.h"

namespace leadroster::input {

class JsonArrayReader {
 public:
  // Appends bytes, then reads every element they complete into `rows`
  // (views into the reader's buffer, valid until the next push or end).
  // false on malformed input: error() says what and where.
  bool push(std::string_view bytes, std::vector<RowText>& rows);
  // No more bytes: false when the array is not closed (a blank text is fine).
  bool end();
  const std::string& error() const { return error_; }
  int64_t errorLine() const { return errorLine_; }
  bool blank() const { return state_ == 0; }  // nothing but white space so far

 private:
  bool fail(const char* what);
  bool element(char c, std::vector<RowText>& rows);  // one byte inside an element

  std::string buf_;     // unread bytes: from the current element's start (or the scan position)
  size_t pos_ = 0;      // next byte to scan in buf_
  size_t dropped_ = 0;  // bytes dropped from buf_'s front (for offsets)
  size_t start_ = 0;    // the current element's first byte in buf_
  bool bomChecked_ = false;
  int state_ = 0;  // 0 before '[', 1 in the array, 2 after ']'
  bool inElement_ = false, inString_ = false, escape_ = false, closed_ = false;
  bool expectValue_ = true, afterComma_ = false;
  int depth_ = 0, maxDepth_ = 0;
  int64_t line_ = 1;       // line of the byte scanned last
  int64_t startLine_ = 0;  // line the current element starts on
  std::string error_;
  int64_t errorLine_ = 0;
};

}  // namespace leadroster::input
