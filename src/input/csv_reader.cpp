#include "input/csv_reader.h"

#include <cstring>

namespace leadroster::csv {

namespace {

constexpr char kDelimiters[] = {',', ';', '\t', '|'};  // the order Papa Parse is given them

using Span = detail::Span;

// One record of `in` from `pos`, read as Papa Parse's Parser reads it.
enum class Step { Record, NeedMore };

struct Parse {
  std::string_view in;
  bool final;
  char d;
  const char* nl;
  size_t nlLen;
  std::vector<Span>& spans;
  std::string& cellBuf;
  size_t next = 0;
  bool stray = false;
  bool unclosed = false;
  bool atEnd = false;  // the record ended at the end of the input, not at a line ending

  // 1: a line ending at i; 0: not one; -1: cannot tell yet (needs the next byte).
  int newlineAt(size_t i) const {
    if (in[i] != nl[0]) return 0;
    if (nlLen == 1) return 1;
    if (i + 1 < in.size()) return in[i + 1] == '\n' ? 1 : 0;
    return final ? 0 : -1;
  }

  void unescapeInto(size_t from, size_t to) {
    size_t at = cellBuf.size();
    for (size_t i = from; i < to; ++i) {
      char c = in[i];
      cellBuf += c;
      if (c == '"' && i + 1 < to && in[i + 1] == '"') ++i;
    }
    spans.push_back(Span{at, cellBuf.size() - at, true});
  }

  Step run(size_t pos) {
    spans.clear();
    cellBuf.clear();
    stray = unclosed = atEnd = false;
    const size_t n = in.size();
    for (;;) {
      if (pos < n && in[pos] == '"') {
        const size_t start = pos + 1;
        size_t q = pos;
        for (;;) {
          const void* hit = q + 1 < n ? std::memchr(in.data() + q + 1, '"', n - q - 1) : nullptr;
          if (!hit) {
            if (!final) return Step::NeedMore;
            // Papa's MissingQuotes: the rest of the input, as written.
            unclosed = true;
            spans.push_back(Span{start, n - start, false});
            next = n;
            atEnd = true;
            return Step::Record;
          }
          q = size_t(static_cast<const char*>(hit) - in.data());
          if (q == n - 1) {
            if (!final) return Step::NeedMore;
            unescapeInto(start, q);
            next = n;
            atEnd = true;
            return Step::Record;
          }
          if (in[q + 1] == '"') {
            ++q;
            continue;
          }
          // After the closing quote: white space, then the delimiter or a line ending.
          size_t j = q + 1;
          int closes = 0;  // 1 delimiter, 2 line ending, -1 something else
          while (j < n) {
            char c = in[j];
            if (c == d) {
              closes = 1;
              break;
            }
            int nlHere = newlineAt(j);
            if (nlHere < 0) return Step::NeedMore;
            if (nlHere > 0) {
              closes = 2;
              break;
            }
            size_t len = 0;
            if (static_cast<unsigned char>(c) >= 0x80 && n - j < 3 && !final) return Step::NeedMore;
            if (jsSpaceAt(in, j, len)) {
              j += len;
              continue;
            }
            closes = -1;
            break;
          }
          if (closes == 0 && !final) return Step::NeedMore;
          if (closes <= 0) {
            // Papa's InvalidQuotes: the quote is data; look for the next one (past q+1).
            stray = true;
            ++q;
            continue;
          }
          unescapeInto(start, q);
          if (closes == 1) {
            pos = j + 1;
            break;  // next field
          }
          next = j + nlLen;
          return Step::Record;
        }
        continue;
      }
      // An unquoted field: up to the delimiter or the line ending.
      size_t i = pos;
      for (;; ++i) {
        if (i >= n) {
          if (!final) return Step::NeedMore;
          spans.push_back(Span{pos, n - pos, false});
          next = n;
          atEnd = true;
          return Step::Record;
        }
        char c = in[i];
        if (c == d) break;
        if (c == nl[0]) {
          int nlHere = newlineAt(i);
          if (nlHere < 0) return Step::NeedMore;
          if (nlHere > 0) {
            spans.push_back(Span{pos, i - pos, false});
            next = i + nlLen;
            return Step::Record;
          }
        }
      }
      spans.push_back(Span{pos, i - pos, false});
      pos = i + 1;
    }
  }
};

// Line breaks in in[from, to): "\n", and a "\r" (a "\r\n" counts at its "\r").
// `prevCR`: in[from-1] was a "\r" (then a "\n" at `from` was already counted).
int64_t countLines(std::string_view in, size_t from, size_t to, bool prevCR) {
  int64_t lines = 0;
  for (size_t i = from; i < to; ++i) {
    char c = in[i];
    if (c == '\r')
      ++lines;
    else if (c == '\n' && !(i == from ? prevCR : in[i - 1] == '\r'))
      ++lines;
  }
  return lines;
}

}  // namespace

bool jsSpaceAt(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  len = 1;
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return true;
  if (c < 0x80) return false;
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (c == 0xC2 && at(1) == 0xA0) {
    len = 2;
    return true;
  }  // U+00A0
  if (c == 0xE1 && at(1) == 0x9A && at(2) == 0x80) {
    len = 3;
    return true;
  }  // U+1680
  if (c == 0xE2 && at(1) == 0x80) {
    unsigned char b = at(2);
    // U+2000..U+200A, U+2028, U+2029, U+202F
    if ((b >= 0x80 && b <= 0x8A) || b == 0xA8 || b == 0xA9 || b == 0xAF) {
      len = 3;
      return true;
    }
  }
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) {
    len = 3;
    return true;
  }  // U+205F
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) {
    len = 3;
    return true;
  }  // U+3000
  if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    len = 3;
    return true;
  }  // U+FEFF
  return false;
}

std::string_view jsTrim(std::string_view s) {
  size_t a = 0, len = 0;
  while (a < s.size() && jsSpaceAt(s, a, len)) a += len;
  size_t b = s.size();
  while (b > a) {
    // step back over one UTF-8 sequence
    size_t k = b - 1;
    while (k > a && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80 && b - k < 4) --k;
    if (jsSpaceAt(s, k, len) && k + len == b)
      b = k;
    else
      break;
  }
  return s.substr(a, b - a);
}

std::string_view guessNewline(std::string_view text, size_t limit) {
  text = text.substr(0, limit);
  // Text inside pairs of quotes left out (Papa: input.replace(/"([^]*?)"/gm, '')).
  size_t firstCR = std::string_view::npos, firstLF = std::string_view::npos;
  size_t crCount = 0, crlfCount = 0, kept = 0;
  bool lastKeptCR = false;
  auto keep = [&](char c) {
    if (c == '\r') {
      if (firstCR == std::string_view::npos) firstCR = kept;
      ++crCount;
    } else if (c == '\n') {
      if (firstLF == std::string_view::npos) firstLF = kept;
      if (lastKeptCR) ++crlfCount;
    }
    lastKeptCR = c == '\r';
    ++kept;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {
      size_t close = text.find('"', i + 1);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    keep(text[i]);
  }
  if (crCount == 0) return "\n";
  if (firstLF != std::string_view::npos && firstLF < firstCR) return "\n";
  return double(crlfCount) >= double(crCount + 1) / 2 ? std::string_view("\r\n") : std::string_view("\r");
}

char guessDelimiter(std::string_view text, std::string_view newline, size_t limit) {
  text = text.substr(0, limit);
  std::vector<Span> spans;
  std::string cellBuf;
  char best = 0;
  double bestDelta = 0, maxFieldCount = 0;
  for (char d : kDelimiters) {
    Parse p{text, true, d, newline.data(), newline.size(), spans, cellBuf};
    double delta = 0, avg = 0;
    size_t rows = 0;
    bool havePrev = false;
    size_t prev = 0;
    size_t pos = 0;
    bool more = !text.empty();
    while (rows < 10 && more) {
      size_t fieldCount = 1;  // Papa reads one more, empty, record after a last line ending
      if (pos < text.size()) {
        p.run(pos);
        fieldCount = spans.size();
        more = !p.atEnd;
        pos = p.next;
      } else {
        more = false;
      }
      ++rows;
      avg += double(fieldCount);
      if (!havePrev) {
        prev = fieldCount;
        havePrev = true;
      } else if (fieldCount > 0) {
        delta += fieldCount > prev ? double(fieldCount - prev) : double(prev - fieldCount);
        prev = fieldCount;
      }
    }
    if (rows > 0) avg /= double(rows);
    if (avg > 1.99 && (best == 0 || delta < bestDelta || (delta == bestDelta && avg > maxFieldCount))) {
      bestDelta = delta;
      best = d;
      maxFieldCount = avg;
    }
  }
  return best ? best : ',';
}

void Reader::push(std::string_view bytes) {
  compact();
  buf_.append(bytes.data(), bytes.size());
}

void Reader::end() {
  compact();
  final_ = true;
}

void Reader::compact() {
  if (pos_ == 0) return;
  buf_.erase(0, pos_);
  retryAt_ = retryAt_ > pos_ ? retryAt_ - pos_ : 0;
  pos_ = 0;
}

void Reader::guess() {
  std::string_view rest(buf_.data() + pos_, buf_.size() - pos_);
  std::string_view prefix = rest.substr(0, guessBytes_);
  // The whole input: without its last line ending (Papa would read one more, empty, record).
  if (final_ && rest.size() <= guessBytes_) {
    if (prefix.size() >= 2 && prefix.substr(prefix.size() - 2) == "\r\n")
      prefix.remove_suffix(2);
    else if (!prefix.empty() && (prefix.back() == '\n' || prefix.back() == '\r'))
      prefix.remove_suffix(1);
  }
  std::string_view nl = guessNewline(prefix);
  newlineLen_ = nl.size();
  newline_[0] = nl[0];
  newline_[1] = nl.size() > 1 ? nl[1] : 0;
  if (!delimiter_) delimiter_ = guessDelimiter(prefix, nl);
  guessed_ = true;
}

bool Reader::next(Record& out) {
  if (!bomChecked_) {
    if (buf_.size() - pos_ < 3 && !final_) return false;
    if (buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
    bomChecked_ = true;
  }
  if (!guessed_) {
    if (buf_.size() - pos_ < guessBytes_ && !final_) return false;
    guess();
  }
  std::string_view in(buf_);
  Parse p{in, final_, delimiter_, newline_, newlineLen_, spans_, cellBuf_};
  for (;;) {
    if (pos_ >= in.size()) return false;
    if (!final_ && in.size() < retryAt_) return false;
    if (p.run(pos_) == Step::NeedMore) {
      // Parse this record again once the unread bytes have doubled (linear overall).
      retryAt_ = pos_ + 2 * (in.size() - pos_);
      return false;
    }
    retryAt_ = 0;
    const int64_t line = line_;
    line_ += countLines(in, pos_, p.next, prevCR_);
    prevCR_ = p.next > pos_ && in[p.next - 1] == '\r';
    const size_t at = pos_;
    pos_ = p.next;
    // A blank line (one empty cell) is no record.
    if (spans_.size() == 1 && spans_[0].len == 0 && !p.unclosed) continue;
    (void)at;
    out.line = line;
    out.strayQuote = p.stray;
    out.unclosedQuote = p.unclosed;
    out.cells.clear();
    for (const Span& s : spans_)
      out.cells.emplace_back(s.own ? std::string_view(cellBuf_).substr(s.off, s.len) : in.substr(s.off, s.len));
    return true;
  }
}

std::vector<OwnedRecord> readAll(std::string_view text, char delimiter, size_t guessBytes) {
  Reader r(delimiter, guessBytes);
  r.push(text);
  r.end();
  std::vector<OwnedRecord> out;
  Record rec;
  while (r.next(rec)) {
    OwnedRecord o;
    o.line = rec.line;
    o.strayQuote = rec.strayQuote;
    o.unclosedQuote = rec.unclosedQuote;
    for (auto c : rec.cells) o.cells.emplace_back(c);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace leadroster::csv
