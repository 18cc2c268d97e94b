// A streaming CSV reader: RFC 4180 plus what real exports do, read the way
// Papa Parse (the project's oracle, npm/lib/vendor/papaparse.mjs) reads a
// whole text, so that any split of the input into chunks gives the same
// records.
//
// - A UTF-8 byte-order mark at the start is dropped.
// - The line ending is guessed once, as Papa Parse does, on the first 1 MiB
//   (text inside quotes left out): "\n", "\r\n" or "\r". Only that ending
//   separates records; another one is data in its cell.
// - The delimiter is guessed once among , ; tab | (Papa Parse's guesser: the
//   first 10 records of the first 1 MiB, the most consistent field count
//   wins, ',' when none has about 2 fields or more) unless one is given.
// - A field starting with '"' is quoted: "" is a quote, delimiters and line
//   endings are data; the closing quote may be followed by white space before
//   the delimiter or line ending. A quote elsewhere in a field is data.
// - A quote inside a quoted field that neither closes it nor is doubled is kept
//   as data and the record is flagged `strayQuote` (Papa's InvalidQuotes); a
//   quoted field never closed takes the rest of the input as written and the
//   record is flagged `unclosedQuote` (Papa's MissingQuotes).
// - A record of one empty cell (a blank line) is skipped.
// - Each record carries its 1-based start line: every "\n", "\r\n" and bare
//   "\r" before it counts one, inside quoted cells too (the header is line 1).
//
// Nothing here throws on data; memory is the unread tail plus one record.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadroster::csv {

// The size of the prefix the line ending and the delimiter are guessed on.
inline constexpr size_t kGuessBytes = size_t(1) << 20;

namespace detail {
struct Span {
  size_t off;
  size_t len;
  bool own;  // in the reader's cell buffer (an unescaped quoted cell), else in the input
};
}  // namespace detail

struct Record {
  int64_t line = 0;                     // 1-based line the record starts on
  bool strayQuote = false;              // a quote in a quoted field that neither closes it nor is doubled
  bool unclosedQuote = false;           // a quoted field runs to the end of the input
  std::vector<std::string_view> cells;  // views into the reader's buffers, valid until the next call
};

// JavaScript's String.prototype.trim over UTF-8 (ASCII and Unicode white space).
std::string_view jsTrim(std::string_view s);
// Whether the UTF-8 text at s[i] is JavaScript white space; sets `len` to its size.
bool jsSpaceAt(std::string_view s, size_t i, size_t& len);

class Reader {
 public:
  // delimiter: 0 to guess, else one of , ; \t |. guessBytes: the prefix the
  // guesses read (smaller in tests and fuzzers, to reach the streaming paths).
  explicit Reader(char delimiter = 0, size_t guessBytes = kGuessBytes)
      : delimiter_(delimiter), guessBytes_(guessBytes ? guessBytes : 1) {}

  // Appends bytes. Records are then read with next().
  void push(std::string_view bytes);
  // No more bytes: the last record (without a line ending) can be read.
  void end();
  // The next complete record into `out` (its views stay valid until the next
  // call of push/end/next). false when none is complete yet (or, after end(),
  // none is left).
  bool next(Record& out);

  char delimiter() const { return delimiter_; }  // 0 until guessed
  std::string_view newline() const { return {newline_, newlineLen_}; }
  bool guessed() const { return guessed_; }

 private:
  void guess();
  void compact();

  std::string buf_;  // unread input (starts at pos_ after compaction)
  size_t pos_ = 0;   // start of the next record in buf_
  bool final_ = false;
  bool bomChecked_ = false;
  bool guessed_ = false;
  char delimiter_ = 0;
  size_t guessBytes_;
  char newline_[2] = {'\n', 0};
  size_t newlineLen_ = 1;
  int64_t line_ = 1;                 // line at pos_
  size_t retryAt_ = 0;               // with an incomplete record: parse again once buf_ holds this many bytes
  std::string cellBuf_;              // unescaped quoted cells
  std::vector<detail::Span> spans_;  // scratch: the current record's cells
  bool prevCR_ = false;              // the byte before pos_ was a "\r" (a "\n" at pos_ is that line's end)
};

// Guesses the line ending of a text as Papa Parse's guessLineEndings does.
std::string_view guessNewline(std::string_view text, size_t limit = kGuessBytes);
// Guesses the delimiter of a text among , ; \t | as Papa Parse's guessDelimiter does.
char guessDelimiter(std::string_view text, std::string_view newline, size_t limit = kGuessBytes);

// Reads a whole text (tests, fuzzers): the records' cells copied.
struct OwnedRecord {
  int64_t line = 0;
  bool strayQuote = false;
  bool unclosedQuote = false;
  std::vector<std::string> cells;
};
std::vector<OwnedRecord> readAll(std::string_view text, char delimiter = 0, size_t guessBytes = kGuessBytes);

}  // namespace leadroster::csv
