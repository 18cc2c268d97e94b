// libFuzzer target: the CSV reader (src/input/csv_reader.h).
// Invariants:
//  1. no crash, no hang (the reader is linear: a record cut across chunks is
//     parsed again only when the unread bytes have doubled);
//  2. chunk-split invariance: the input fed whole, cut at two points taken from
//     the data, and (inputs up to 64 bytes) byte by byte gives the same records, lines
//     and flags;
//  3. on accepted input (no stray or unclosed quote, no non-ASCII byte after a
//     closing quote), the same records as a simple reference reader (a
//     character state machine written from the rules, below) with the
//     delimiter and line ending the reader guessed;
//  4. start lines increase, and every record's line is within the input's lines.
// The first input byte picks the guess window (small windows reach the streaming paths).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "input/csv_reader.h"

namespace {

using leadroster::csv::OwnedRecord;
using leadroster::csv::Reader;
using leadroster::csv::Record;

[[noreturn]] void fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "INVARIANT BROKEN: %s (input %zu bytes)\n", what, input.size());
  std::abort();
}

struct Fed {
  std::vector<OwnedRecord> records;
  char delimiter = 0;
  std::string newline;
};

Fed feed(std::string_view text, const std::vector<size_t>& cuts, size_t guessBytes) {
  Reader r(0, guessBytes);
  Fed out;
  Record rec;
  auto drain = [&] {
    while (r.next(rec)) {
      OwnedRecord o{rec.line, rec.strayQuote, rec.unclosedQuote, {}};
      for (auto c : rec.cells) o.cells.emplace_back(c);
      out.records.push_back(std::move(o));
    }
  };
  size_t at = 0;
  for (size_t c : cuts) {
    r.push(text.substr(at, c - at));
    drain();
    at = c;
  }
  r.push(text.substr(at));
  drain();
  r.end();
  drain();
  out.delimiter = r.delimiter();
  out.newline = std::string(r.newline());
  return out;
}

bool same(const std::vector<OwnedRecord>& a, const std::vector<OwnedRecord>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].cells != b[i].cells || a[i].line != b[i].line || a[i].strayQuote != b[i].strayQuote ||
        a[i].unclosedQuote != b[i].unclosedQuote)
      return false;
  return true;
}

// The reference reader: the whole text, a state machine. Returns false when
// the input is not accepted (a stray or unclosed quote, or a non-ASCII byte
// between a closing quote and what follows it).
bool reference(std::string_view in, char d, const std::string& nl, std::vector<std::vector<std::string>>& out) {
  enum { Start, Unquoted, Quoted, AfterClose } st = Start;
  std::vector<std::string> rec;
  std::string cell;
  size_t i = 0;
  if (in.size() >= 3 && in.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  auto isNl = [&](size_t k) { return in.compare(k, nl.size(), nl) == 0; };
  auto endRecord = [&] {
    rec.push_back(cell);
    cell.clear();
    if (!(rec.size() == 1 && rec[0].empty())) out.push_back(rec);
    rec.clear();
  };
  while (i < in.size()) {
    char c = in[i];
    switch (st) {
      case Start:
        if (c == '"') {
          st = Quoted;
          ++i;
          break;
        }
        st = Unquoted;
        [[fallthrough]];
      case Unquoted:
        if (c == d) {
          rec.push_back(cell);
          cell.clear();
          st = Start;
          ++i;
        } else if (isNl(i)) {
          endRecord();
          st = Start;
          i += nl.size();
        } else {
          cell += c;
          ++i;
        }
        break;
      case Quoted:
        if (c == '"') {
          if (i + 1 < in.size() && in[i + 1] == '"') {
            cell += '"';
            i += 2;
          } else {
            st = AfterClose;
            ++i;
          }
        } else {
          cell += c;
          ++i;
        }
        break;
      case AfterClose:
        if (c == d) {
          rec.push_back(cell);
          cell.clear();
          st = Start;
          ++i;
        } else if (isNl(i)) {
          endRecord();
          st = Start;
          i += nl.size();
        } else if (c == ' ' || (c >= 0x09 && c <= 0x0D))
          ++i;
        else
          return false;
        break;
    }
  }
  if (st == Quoted) return false;
  if (st == AfterClose && in.size() > 0 && in.back() != '"') return false;  // spaces then the end: Papa's stray quote
  if (st != Start || !rec.empty()) endRecord();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t windows[] = {1, 3, 8, 64, leadroster::csv::kGuessBytes};
  size_t guessBytes = windows[data[0] % 5];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  Fed whole = feed(text, {}, guessBytes);
  size_t a = size > 2 ? data[1] % (text.size() + 1) : 0;
  size_t b = size > 3 ? data[2] % (text.size() + 1) : text.size();
  if (a > b) std::swap(a, b);
  if (!same(whole.records, feed(text, {a, b}, guessBytes).records)) fail("a two-cut split reads differently", text);
  if (text.size() <= 64) {
    std::vector<size_t> every;
    for (size_t i = 1; i < text.size(); ++i) every.push_back(i);
    if (!same(whole.records, feed(text, every, guessBytes).records)) fail("byte by byte reads differently", text);
  }

  int64_t lines = 1;
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) ++lines;
  int64_t last = 0;
  for (const auto& r : whole.records) {
    if (r.line <= last || r.line > lines) fail("record lines do not increase within the input", text);
    last = r.line;
  }

  bool flagged = false;
  for (const auto& r : whole.records) flagged |= r.strayQuote || r.unclosedQuote;
  std::vector<std::vector<std::string>> ref;
  if (whole.delimiter == 0 && !text.empty()) fail("no delimiter after reading", text);
  if (!text.empty() && reference(text, whole.delimiter, whole.newline, ref)) {
    if (flagged) fail("a flagged record on input the reference accepts", text);
    if (ref.size() != whole.records.size()) fail("record count differs from the reference", text);
    for (size_t i = 0; i < ref.size(); ++i)
      if (ref[i] != whole.records[i].cells) fail("cells differ from the reference", text);
  }
  return 0;
}
