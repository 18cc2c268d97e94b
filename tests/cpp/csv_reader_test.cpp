// The CSV reader (src/input/csv_reader.h): Papa Parse's reading of quirky
// input, start lines, and the same records for any split into chunks.
#include "input/csv_reader.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using leadroster::csv::OwnedRecord;
using leadroster::csv::readAll;
using leadroster::csv::Reader;
using leadroster::csv::Record;

namespace {

using Cells = std::vector<std::vector<std::string>>;

Cells cellsOf(const std::vector<OwnedRecord>& recs) {
  Cells out;
  for (const auto& r : recs) out.push_back(r.cells);
  return out;
}

std::vector<int64_t> linesOf(const std::vector<OwnedRecord>& recs) {
  std::vector<int64_t> out;
  for (const auto& r : recs) out.push_back(r.line);
  return out;
}

// Feeds `text` in pieces cut at `cuts` (sorted offsets), reading records as they complete.
std::vector<OwnedRecord> readSplit(const std::string& text, const std::vector<size_t>& cuts, size_t guessBytes,
                                   char delimiter = 0) {
  Reader r(delimiter, guessBytes);
  std::vector<OwnedRecord> out;
  Record rec;
  auto drain = [&] {
    while (r.next(rec)) {
      OwnedRecord o{rec.line, rec.strayQuote, rec.unclosedQuote, {}};
      for (auto c : rec.cells) o.cells.emplace_back(c);
      out.push_back(std::move(o));
    }
  };
  size_t at = 0;
  for (size_t c : cuts) {
    r.push(std::string_view(text).substr(at, c - at));
    drain();
    at = c;
  }
  r.push(std::string_view(text).substr(at));
  drain();
  r.end();
  drain();
  return out;
}

void expectSame(const std::vector<OwnedRecord>& a, const std::vector<OwnedRecord>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].cells, b[i].cells) << what << " record " << i;
    EXPECT_EQ(a[i].line, b[i].line) << what << " record " << i;
    EXPECT_EQ(a[i].strayQuote, b[i].strayQuote) << what << " record " << i;
    EXPECT_EQ(a[i].unclosedQuote, b[i].unclosedQuote) << what << " record " << i;
  }
}

const char* const kQuirky[] = {
    "email,name\r\na@x.com,\"Doe, Jane\"\r\nb@x.com,\"say \"\"hi\"\"\"\r\n",
    "email;name\nx@y.com;\"two\nlines\"\nz@y.com;z\n",
    "a\tb\tc\n1\t2\t3\n",
    "a|b\n1|2\n",
    ("\xEF\xBB\xBF"
     "email,first\r\na@b.co,A\r\n"),  // a BOM: split so \xBF does not swallow the e
    "a,b\rc,d\r\"e\rf\",g\r",
    "a,b\n\n\n1,2\n\n",
    "a,b\n1,\"x\"  ,3\n\"q\"  \n",
    "a,b\n1,\"unclosed\n2,3\n",
    "a,b\n1,\"stray\"x,\"y\"\n4,5\n",
    "a,b\n1,mid\"quote,2\n",
    "h1,h2\r\n\"c\r\nd\",e\r\nf,g",
    "only\n",
    "",
    "\"\"\"\",\"\"\n\"a\"\"\"\"b\",c\n",
    "a,b\r\n1,2\n3,4\r\n",
    "\"a\nb\",c\r\n1,2\r\n",
    "a,b\n1,x\"y\n2,\"p\nq\"\n3,4\n",
    "email,name\ra@x.com,Ann\r\rb@x.com,\"Bob\rSmith\"\r",
};

}  // namespace

TEST(CsvReader, QuotedDelimitersQuotesAndNewlines) {
  auto recs = readAll("email,name\r\na@x.com,\"Doe, Jane\"\r\nb@x.com,\"say \"\"hi\"\"\"\r\n");
  EXPECT_EQ(cellsOf(recs), (Cells{{"email", "name"}, {"a@x.com", "Doe, Jane"}, {"b@x.com", "say \"hi\""}}));
  EXPECT_EQ(linesOf(recs), (std::vector<int64_t>{1, 2, 3}));
  auto nl = readAll("email;name\nx@y.com;\"two\nlines\"\nz@y.com;z\n");
  EXPECT_EQ(cellsOf(nl), (Cells{{"email", "name"}, {"x@y.com", "two\nlines"}, {"z@y.com", "z"}}));
  EXPECT_EQ(linesOf(nl), (std::vector<int64_t>{1, 2, 4}));
}

TEST(CsvReader, GuessesTheDelimiter) {
  Reader r;
  r.push("a\tb\tc\n1\t2\t3\n");
  r.end();
  Record rec;
  ASSERT_TRUE(r.next(rec));
  EXPECT_EQ(r.delimiter(), '\t');
  EXPECT_EQ(rec.cells.size(), 3u);
  EXPECT_EQ(cellsOf(readAll("a|b\n1|2\n")), (Cells{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(cellsOf(readAll("a;b\n1;2\n")), (Cells{{"a", "b"}, {"1", "2"}}));
  // one column: no delimiter gives about two fields, ',' is used
  EXPECT_EQ(cellsOf(readAll("email\na@b.co\n")), (Cells{{"email"}, {"a@b.co"}}));
  // a given delimiter is not guessed
  EXPECT_EQ(cellsOf(readAll("a;b,c\n1;2,3\n", ',')), (Cells{{"a;b", "c"}, {"1;2", "3"}}));
}

TEST(CsvReader, DropsTheByteOrderMark) {
  EXPECT_EQ(cellsOf(readAll("\xEF\xBB\xBF"
                            "email,first\r\na@b.co,A\r\n")),
            (Cells{{"email", "first"}, {"a@b.co", "A"}}));
}

TEST(CsvReader, BareCarriageReturnFiles) {
  auto recs = readAll("a,b\rc,d\r\"e\rf\",g\r");
  EXPECT_EQ(cellsOf(recs), (Cells{{"a", "b"}, {"c", "d"}, {"e\rf", "g"}}));
  EXPECT_EQ(linesOf(recs), (std::vector<int64_t>{1, 2, 3}));
}

TEST(CsvReader, BlankLinesAreSkippedButCounted) {
  auto recs = readAll("a,b\n\n\n1,2\n\n");
  EXPECT_EQ(cellsOf(recs), (Cells{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(linesOf(recs), (std::vector<int64_t>{1, 4}));
}

TEST(CsvReader, SpacesAfterTheClosingQuote) {
  auto recs = readAll("a,b\n1,\"x\"  ,3\n\"q\"  \n");
  EXPECT_EQ(cellsOf(recs), (Cells{{"a", "b"}, {"1", "x", "3"}, {"q"}}));
  EXPECT_FALSE(recs[1].strayQuote);
}

TEST(CsvReader, StrayAndUnclosedQuotesAreFlagged) {
  auto stray = readAll("a,b\n1,\"stray\"x,\"y\"\n4,5\n");
  // Papa Parse: the quotes after "stray" and before y do not close the field; the one before the line end does
  EXPECT_EQ(cellsOf(stray), (Cells{{"a", "b"}, {"1", "stray\"x,\"y"}, {"4", "5"}}));
  EXPECT_TRUE(stray[1].strayQuote);
  EXPECT_FALSE(stray[2].strayQuote);
  auto open = readAll("a,b\n1,\"unclosed\n2,3\n");
  ASSERT_EQ(open.size(), 2u);
  EXPECT_TRUE(open[1].unclosedQuote);
  EXPECT_EQ(open[1].cells, (std::vector<std::string>{"1", "unclosed\n2,3\n"}));
  EXPECT_EQ(open[1].line, 2);
  // a quote inside an unquoted field is data
  auto mid = readAll("a,b\n1,mid\"quote,2\n");
  EXPECT_EQ(mid[1].cells, (std::vector<std::string>{"1", "mid\"quote", "2"}));
  EXPECT_FALSE(mid[1].strayQuote);
}

TEST(CsvReader, OnlyTheGuessedLineEndingSeparatesRecords) {
  // CRLF file: a lone LF is data of its cell, as Papa Parse reads it
  auto recs = readAll("a,b\r\n1,2\n3,4\r\n");
  EXPECT_EQ(cellsOf(recs), (Cells{{"a", "b"}, {"1", "2\n3", "4"}}));
  EXPECT_EQ(linesOf(recs), (std::vector<int64_t>{1, 2}));
}

// Issue 16 section 7: what the package's reader (npm/lib/csv.mjs) got wrong, pinned here too.
TEST(CsvReader, Issue16Quirks) {
  // CRLF file whose first quoted header cell holds an LF: the last header cell is c, not c\r
  auto lf = readAll("\"a\nb\",c\r\n1,2\r\n");
  EXPECT_EQ(cellsOf(lf), (Cells{{"a\nb", "c"}, {"1", "2"}}));
  EXPECT_EQ(linesOf(lf), (std::vector<int64_t>{1, 3}));
  // bare CR line ends
  auto cr = readAll("email,name\ra@x.com,Ann\r\rb@x.com,\"Bob\rSmith\"\r");
  EXPECT_EQ(cellsOf(cr), (Cells{{"email", "name"}, {"a@x.com", "Ann"}, {"b@x.com", "Bob\rSmith"}}));
  EXPECT_EQ(linesOf(cr), (std::vector<int64_t>{1, 2, 4}));
  // a quote inside an unquoted cell, then a multi-line quoted field
  auto q = readAll("a,b\n1,x\"y\n2,\"p\nq\"\n3,4\n");
  EXPECT_EQ(cellsOf(q), (Cells{{"a", "b"}, {"1", "x\"y"}, {"2", "p\nq"}, {"3", "4"}}));
  for (const auto& r : q) EXPECT_FALSE(r.strayQuote || r.unclosedQuote);
}

TEST(CsvReader, LastRecordWithoutLineEnding) {
  auto recs = readAll("h1,h2\r\n\"c\r\nd\",e\r\nf,g");
  EXPECT_EQ(cellsOf(recs), (Cells{{"h1", "h2"}, {"c\r\nd", "e"}, {"f", "g"}}));
  EXPECT_EQ(linesOf(recs), (std::vector<int64_t>{1, 2, 4}));
  EXPECT_TRUE(readAll("").empty());
  EXPECT_EQ(cellsOf(readAll("a,b,\n1,,")), (Cells{{"a", "b", ""}, {"1", "", ""}}));
}

TEST(CsvReader, AnySplitGivesTheSameRecords) {
  for (const char* t : kQuirky) {
    std::string text(t);
    for (size_t guess : {size_t(1), size_t(7), size_t(1) << 20}) {
      auto whole = readSplit(text, {}, guess);
      for (size_t cut = 0; cut <= text.size(); ++cut) expectSame(whole, readSplit(text, {cut}, guess), text);
      std::vector<size_t> every;
      for (size_t i = 1; i < text.size(); ++i) every.push_back(i);
      expectSame(whole, readSplit(text, every, guess), text + " byte by byte");
    }
  }
}

TEST(CsvReader, JsTrim) {
  using leadroster::csv::jsTrim;
  EXPECT_EQ(jsTrim("  a b \t\r\n"), "a b");
  EXPECT_EQ(jsTrim("\xC2\xA0x\xE3\x80\x80"), "x");
  EXPECT_EQ(jsTrim("\xC3\xA9"), "\xC3\xA9");
  EXPECT_EQ(jsTrim("   "), "");
}

TEST(CsvReader, LongQuotedCellAcrossManyChunksStaysLinear) {
  std::string text = "a,b\n1,\"";
  text.append(size_t(1) << 20, 'x');
  text += "\"\n2,3\n";
  std::vector<size_t> cuts;
  for (size_t i = 4096; i < text.size(); i += 4096) cuts.push_back(i);
  auto recs = readSplit(text, cuts, 16);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].cells[1].size(), size_t(1) << 20);
  EXPECT_EQ(recs[2].line, 3);
}
