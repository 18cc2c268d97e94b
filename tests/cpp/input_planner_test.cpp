// The engine's input path (src/input/input_planner.h, lead_writer.h): numbers
// written as JavaScript writes them, leads typed from CSV cells, format
// detection, lines, and chunk-split invariance. The JS differential against
// the old rows.mjs path is tests/js/input-differential.test.mjs.
#include <gtest/gtest.h>

#include <algorithm>

#include "input/input_planner.h"
#include "input/lead_writer.h"
#include "json/json.h"

using namespace leadroster;
using leadroster::input::InputPlanner;
using leadroster::input::jsNumberJson;

TEST(InputNumbers, WrittenAsJavaScriptWritesThem) {
  EXPECT_EQ(jsNumberJson("250"), "250");
  EXPECT_EQ(jsNumberJson("+7"), "7");
  EXPECT_EQ(jsNumberJson("007"), "7");
  EXPECT_EQ(jsNumberJson("-0"), "0");
  EXPECT_EQ(jsNumberJson("1.50"), "1.5");
  EXPECT_EQ(jsNumberJson(".5"), "0.5");
  EXPECT_EQ(jsNumberJson("1e21"), "1e+21");
  EXPECT_EQ(jsNumberJson("1e20"), "100000000000000000000");
  EXPECT_EQ(jsNumberJson("0.000001"), "0.000001");
  EXPECT_EQ(jsNumberJson("1E-7"), "1e-7");
  EXPECT_EQ(jsNumberJson("-1.25e-3"), "-0.00125");
  EXPECT_EQ(jsNumberJson("99999999999999999999"), "100000000000000000000");
  EXPECT_EQ(jsNumberJson("123456789012345678901234"), "1.2345678901234569e+23");
  EXPECT_EQ(jsNumberJson("0.1"), "0.1");
  EXPECT_EQ(jsNumberJson("1e999"), "null");
}

namespace {
struct Answer {
  Json head;
  std::string body;
};
std::vector<Answer> run(const std::string& text, const std::string& args, size_t chunk) {
  auto p = InputPlanner::create("reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a"})", args);
  EXPECT_TRUE(p.ok()) << p.error().message;
  std::vector<Answer> out;
  std::string head, body;
  for (size_t at = 0; at < text.size(); at += chunk) {
    p.value()->push(std::string_view(text).substr(at, chunk), true, head, body);
    out.push_back({Json::parse(head), body});
  }
  p.value()->end(true, head, body);
  out.push_back({Json::parse(head), body});
  p.value()->finish(head, body);
  out.push_back({Json::parse(head), body});
  return out;
}
// Every row of the answers as (status, line), plus the open and request leads' text.
std::vector<std::string> digest(const std::vector<Answer>& answers) {
  std::vector<std::string> d;
  for (const auto& a : answers) {
    if (a.head.contains("fatal")) d.push_back("fatal " + a.head["fatal"]["code"].get<std::string>());
    if (a.head.contains("input"))
      for (const auto& l : a.head["input"]["lines"]) d.push_back("line " + l.dump());
    if (a.head.contains("rows"))
      for (const auto& r : a.head["rows"]) d.push_back(r["status"].get<std::string>() + " " + r["index"].dump());
    d.push_back(a.body);
  }
  // bodies may be split differently between answers: compare their concatenation
  std::string all;
  std::vector<std::string> out;
  for (auto& s : d) {
    if (s.rfind("line ", 0) == 0 || s.rfind("invalid ", 0) == 0 || s.rfind("duplicate ", 0) == 0 ||
        s.rfind("fatal", 0) == 0)
      out.push_back(s);
    else
      all += s;
  }
  out.push_back(all);
  return out;
}
}  // namespace

TEST(InputPlanner, CsvRowsCarryTheirLinesAndAnySplitPlansTheSame) {
  std::string text =
      "\xEF\xBB\xBF"
      "Email,Company,First Name\r\n"
      "a@a.com,\"Acme, Inc.\",Ann\r\n"
      "\r\n"
      "bad,\"multi\r\nline\",Bo\r\n"
      "A@A.com,Again,Cy\r\n"
      "d@d.com,Delta,Di";
  auto whole = run(text, "{}", text.size());
  ASSERT_FALSE(whole[0].head.contains("fatal"));
  EXPECT_EQ(whole[0].head["input"]["format"], "csv");
  // a text shorter than the guess prefix (1 MiB) is read at end(): the header, the rows and their lines
  EXPECT_EQ(whole[1].head["input"]["mapping"]["mapping"][0]["field"], "email");
  EXPECT_EQ(whole[1].head["input"]["lines"], Json::parse("[2,4,6,7]"));
  EXPECT_EQ(whole[1].head["input"]["header"], true);
  EXPECT_EQ(whole[2].head["summary"]["total"], 4);
  EXPECT_EQ(whole[2].head["summary"]["invalid"], 1);
  EXPECT_EQ(whole[2].head["summary"]["duplicate"], 1);
  for (size_t chunk : {size_t(1), size_t(2), size_t(5), size_t(17)})
    EXPECT_EQ(digest(run(text, "{}", chunk)), digest(whole)) << chunk;
}

TEST(InputPlanner, DetectsJsonAndNdjsonAndReadsBlankInputAsNoRows) {
  auto nd = run("{\"email\":\"a@a.com\"}\n\n{\"email\":\"b@b.com\"}", "{}", 7);
  EXPECT_EQ(nd.back().head["summary"]["total"], 2);
  auto arr = run(" [{\"email\":\"a@a.com\"},\n{\"email\":\"b\"}]", "{}", 3);
  EXPECT_EQ(arr.back().head["summary"]["invalid"], 1);
  EXPECT_EQ(arr[arr.size() - 2].head["input"]["format"], "json");
  Json lines = Json::array();
  for (const auto& a : arr)
    if (a.head.contains("input"))
      for (const auto& l : a.head["input"]["lines"]) lines.push_back(l);
  EXPECT_EQ(lines, Json::parse("[1,2]"));
  auto blank = run(" \r\n", "{}", 1);
  EXPECT_EQ(blank.back().head["summary"]["total"], 0);
  // a CSV named: no header read from a blank file
  auto csv = run("", R"({"format":"csv"})", 1);
  EXPECT_EQ(csv[csv.size() - 2].head["input"]["header"], false);
}

TEST(InputPlanner, RefusesBadArgumentsAndAnUnclosedQuote) {
  auto refused = [](const char* args) {
    auto r = InputPlanner::create("reached", R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a"})", args);
    return r ? std::string("created") : r.error().code + "/" + r.error().option;
  };
  EXPECT_EQ(refused(R"({"format":"xml"})"), "invalid_value/format");
  EXPECT_EQ(refused(R"({"delimiter":"x"})"), "invalid_value/delimiter");
  auto bad = run("email\na@a.com\n\"b@b.com\n", "{}", 100);
  bool fatal = false;
  for (const auto& a : bad)
    if (a.head.contains("fatal")) {
      fatal = true;
      EXPECT_EQ(a.head["fatal"]["code"], "invalid_csv");
      EXPECT_EQ(a.head["fatal"]["line"], 3);
    }
  EXPECT_TRUE(fatal);
  auto map = run("Mail\na@a.com\n", R"({"map":{"Mail":"nope"}})", 100);
  EXPECT_EQ(map[1].head["fatal"]["option"], "map");
  EXPECT_EQ(map[2].head["fatal"]["option"], "map");  // and the planner stays refused
}

TEST(InputPlanner, JsonArrayRowsArePlannedAsTheyArriveWithTheirLinesAnySplit) {
  std::string text =
      "\xEF\xBB\xBF[\n  {\"email\":\"a@a.com\",\"note\":\"x, ] } [\\\"\"},\n"
      "  {\n    \"email\": \"b\"\n  },\n\n  {\"email\":\"A@a.com\"},{\"email\":\"d@d.com\",\"tags\":[1,[2]]}\n]\n";
  for (const char* args : {"{}", R"({"format":"json"})"}) {
    auto whole = run(text, args, text.size());
    EXPECT_EQ(whole.back().head["summary"]["total"], 4) << args;
    EXPECT_EQ(whole.back().head["summary"]["invalid"], 1) << args;
    EXPECT_EQ(whole.back().head["summary"]["duplicate"], 1) << args;
    // the first push already plans the elements it completes: no wait for the end
    EXPECT_EQ(whole[0].head["input"]["lines"], Json::parse("[2,3,7,7]")) << args;
    // rows come in other answers when cut elsewhere: the same rows, lines and bodies
    auto sorted = [](std::vector<std::string> d) {
      std::sort(d.begin(), d.end() - 1);
      return d;
    };
    for (size_t chunk : {size_t(1), size_t(2), size_t(3), size_t(11)})
      EXPECT_EQ(sorted(digest(run(text, args, chunk))), sorted(digest(whole))) << chunk;
  }
  // a duplicate names the line of the element it repeats
  auto dup = run(text, "{}", 5);
  bool seen = false;
  for (const auto& a : dup)
    if (a.head.contains("rows"))
      for (const auto& r : a.head["rows"])
        if (r["status"] == "duplicate") {
          EXPECT_EQ(r["line"], 7);
          EXPECT_EQ(r["duplicateOfLine"], 2);
          seen = true;
        }
  EXPECT_TRUE(seen);
}

TEST(InputPlanner, JsonArrayThatCannotBeSplitIsAFatalWithItsLine) {
  const std::vector<std::pair<std::string, int64_t>> bad = {
      {"[{\"email\":\"a@b.co\"},", 1},                           // not closed
      {"{\"email\":\"a@b.co\"}", 1},                             // not an array (named json)
      {"[{\"email\":\"a@b.co\"}\n {\"email\":\"c@d.co\"}]", 2},  // a missing ','
      {"[{\"email\":\"a@b.co\"},]", 1},                          // a ',' before ']'
      {"[{\"email\":\"a@b.co\"}] x", 1},                         // text after the array
      {"[{\"email\":\"a\nb\"}]", 2},                             // a line break inside a string
      {"[,{}]", 1},
  };
  for (const auto& [text, line] : bad) {
    for (size_t chunk : {size_t(1), text.size()}) {
      auto out = run(text, R"({"format":"json"})", chunk);
      bool fatal = false;
      for (const auto& a : out)
        if (a.head.contains("fatal") && !fatal) {
          fatal = true;
          EXPECT_EQ(a.head["fatal"]["code"], "invalid_type") << text;
          EXPECT_EQ(a.head["fatal"]["line"], line) << text;
        }
      EXPECT_TRUE(fatal) << text;
    }
  }
  // blank, or an empty array: no rows, no error
  for (const char* ok : {"", " \n", "[]", " [ ] \n"})
    EXPECT_EQ(run(ok, R"({"format":"json"})", 1).back().head["summary"]["total"], 0) << ok;
}

TEST(InputPlanner, AHeaderThatIsNotUtf8NeverThrows) {
  // a leadroster_* column (ignored by the mapping) whose name is not UTF-8: found by fuzz_input_planner
  std::string text = "email,leadroster_\xA3x\na@a.com,1\n";
  EXPECT_NO_THROW({
    auto out = run(text, "{}", 4);
    // refused (the header mapping reads UTF-8), never a throw
    EXPECT_TRUE(out.back().head.contains("fatal")) << out.back().head.dump();
  });
}

namespace {
// A CSV of the cells real exports have, picked by a fixed generator: names with
// accents and non-breaking spaces, quotes, backslashes, tabs and controls,
// numbers, booleans, lists, dotted and array-index headers, blank cells.
std::string quirkyCsv(size_t rows) {
  const std::vector<std::string> header = {
      "Email", "First Name", "Last Name", "Full Name",    "Phone",   "Company", "custom_fields.industry", "a.b.c", "0",
      "Tags",  "Employees",  "Active",    "LinkedIn URL", "Website", "Country"};
  const std::vector<std::string> cells = {"",
                                          "x",
                                          "Ann",
                                          "Zo\xc3\xab",
                                          "  padded  ",
                                          "back\\slash",
                                          "quo\"\"te",
                                          "tab\there",
                                          "ctl\x01x",
                                          "123",
                                          "-4.50",
                                          "1e3",
                                          "TRUE",
                                          "false",
                                          "a;b; c",
                                          "\xe6\x97\xa5",
                                          "\xc2\xa0nb\xc2\xa0",
                                          "+1 415 555 0100",
                                          "(415) 555-0199",
                                          "https://www.linkedin.com/in/ann-b",
                                          "acme.com",
                                          "Germany",
                                          "United States"};
  std::string out;
  for (size_t k = 0; k < header.size(); ++k) out += (k ? "," : "") + header[k];
  out += "\r\n";
  uint32_t seed = 7;
  auto pick = [&](size_t n) {
    seed = seed * 1103515245u + 12345u;
    return size_t((seed >> 16) % n);
  };
  for (size_t r = 0; r < rows; ++r) {
    for (size_t k = 0; k < header.size(); ++k) {
      std::string v = k == 0 ? (pick(5) ? "a" + std::to_string(r % 700) + "@x" + std::to_string(r % 13) + ".com"
                                        : cells[pick(cells.size())])
                             : cells[pick(cells.size())];
      bool quote = v.find_first_of(",\"\n\r") != std::string::npos;
      out += (k ? "," : "");
      out += quote ? "\"" + v + "\"" : v;
    }
    out += "\r\n";
  }
  return out;
}

std::string planAll(const std::string& provider, const std::string& text, size_t chunk, bool parse, size_t* unparsed) {
  auto p = InputPlanner::create(provider,
                                R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","defaultCountry":"US"})", "{}");
  EXPECT_TRUE(p.ok()) << p.error().message;
  p.value()->parseEveryRow(parse);
  std::string all, head, body;
  for (size_t at = 0; at < text.size(); at += chunk) {
    p.value()->push(std::string_view(text).substr(at, chunk), true, head, body);
    all += head + "\n" + body + "\n";
  }
  p.value()->end(true, head, body);
  all += head + "\n" + body + "\n";
  p.value()->finish(head, body);
  all += head + "\n" + body + "\n";
  *unparsed = p.value()->rowsReadWithoutParse();
  return all;
}
}  // namespace

TEST(InputPlanner, CsvRowsReadWithoutAParsePlanExactlyAsTheirParsedText) {
  std::string csv = quirkyCsv(1500);
  for (const char* provider :
       {"reached", "sendpilot", "instantly", "smartlead", "lemlist", "magnetite", "puffle", "sendkit"}) {
    for (size_t chunk : {size_t(1) << 20, size_t(977)}) {
      size_t unparsed = 0, none = 0;
      std::string direct = planAll(provider, csv, chunk, false, &unparsed);
      std::string parsed = planAll(provider, csv, chunk, true, &none);
      EXPECT_EQ(none, 0u) << provider;
      // most rows are read without a parse; the rest (non-ASCII text) are parsed
      EXPECT_GT(unparsed, 100u) << provider;
      EXPECT_LT(unparsed, 1500u) << provider;
      EXPECT_TRUE(direct == parsed) << provider << " chunk " << chunk << ": the answers differ";
      EXPECT_NE(direct.find("\"ok\""), std::string::npos) << provider;
    }
  }
}
