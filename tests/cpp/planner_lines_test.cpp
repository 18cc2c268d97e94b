// Input lines: every row the planner reports carries the input's line next to
// its 0-based index (NDJSON: its line, counted across pushes; a JSON array
// given whole: the line where the element starts; lines given by the caller
// with setLines: CSV records), duplicates name the line of the row they
// duplicate, and the lean answer's "lines" runs give the ok rows' lines.
#include <string>

#include "test_helpers.h"

using lrtest::J;

namespace {
const char* kOpts = R"({"campaignId":"3f1c2d4e-0000-4000-8000-00000000000a","emitBodies":true})";

std::unique_ptr<leadroster::Planner> planner() {
  auto created = lrtest::createPlanner("reached", kOpts);
  EXPECT_TRUE(created) << created.error().message;
  return std::move(created.value());
}

// Line of row x from lean runs [index, line, ...] (0: unknown, -1: no run).
int64_t runLine(const J& runs, int64_t x) {
  int64_t line = -1;
  for (size_t i = 0; i + 1 < runs.size(); i += 2) {
    int64_t at = runs[i].get<int64_t>(), l = runs[i + 1].get<int64_t>();
    if (at > x) break;
    line = l ? l + (x - at) : 0;
  }
  return line;
}
}  // namespace

TEST(PlannerLines, NdjsonRowsCarryTheirLineAcrossPushesAndDuplicatesNameTheirs) {
  auto p = planner();
  // line 1 ok, 2 blank, 3 bad JSON, 4 ok; then the next push starts on line 5
  J a = lrtest::parse(p->pushNdjson("{\"email\":\"a@acme.com\"}\n\n{bad}\n{\"email\":\"b@acme.com\"}\n"));
  ASSERT_EQ(a["rows"].size(), 3u);
  EXPECT_EQ(a["rows"][0]["index"], 0);
  EXPECT_EQ(a["rows"][0]["line"], 1);
  EXPECT_EQ(a["rows"][1]["line"], 3);
  EXPECT_EQ(a["rows"][2]["index"], 2);
  EXPECT_EQ(a["rows"][2]["line"], 4);
  J b = lrtest::parse(p->pushNdjson("\n{\"email\":\"B@acme.com\"}\n"));
  ASSERT_EQ(b["rows"].size(), 1u);
  EXPECT_EQ(b["rows"][0]["status"], "duplicate");
  EXPECT_EQ(b["rows"][0]["index"], 3);
  EXPECT_EQ(b["rows"][0]["line"], 6);
  EXPECT_EQ(b["rows"][0]["duplicateOf"], 2);
  EXPECT_EQ(b["rows"][0]["duplicateOfLine"], 4);
  EXPECT_TRUE(a["rows"][0]["duplicateOfLine"].is_null());
}

TEST(PlannerLines, JsonArrayGivenWholeHasTheLineWhereEachElementStarts) {
  auto p = planner();
  std::string text =
      "[\n  {\"email\":\"a@acme.com\"},\n  {\n    \"email\": \"a@acme.com\"\n  },\n\n  {\"email\": 5}\n]";
  ASSERT_TRUE(p->setInput(text));
  std::string head, body;
  p->pushNext(0, true, head, body);
  J h = lrtest::parse(head);
  ASSERT_EQ(h["rows"].size(), 2u);  // the duplicate and the invalid row, in full
  EXPECT_EQ(h["rows"][0]["line"], 3);
  EXPECT_EQ(h["rows"][0]["duplicateOfLine"], 2);
  EXPECT_EQ(h["rows"][1]["line"], 7);
  EXPECT_EQ(runLine(h["lines"], 0), 2);  // the ok row, from the runs
  EXPECT_EQ(runLine(h["lines"], 1), 3);
  EXPECT_EQ(runLine(h["lines"], 2), 7);
}

TEST(PlannerLines, SetLinesGivesTheCallersLinesAndAChunkedArrayHasNone) {
  auto p = planner();
  // CSV records: header on line 1, a quoted two-line cell in record 1 (lines 2-3)
  p->setLines({2, 4, 5});
  std::string head, body;
  p->pushLean(R"([{"email":"a@acme.com"},{"email":"x"},{"email":"A@acme.com"}])", false, true, head, body);
  J h = lrtest::parse(head);
  ASSERT_EQ(h["rows"].size(), 2u);
  EXPECT_EQ(h["rows"][0]["index"], 1);
  EXPECT_EQ(h["rows"][0]["line"], 4);
  EXPECT_EQ(h["rows"][1]["line"], 5);
  EXPECT_EQ(h["rows"][1]["duplicateOfLine"], 2);
  EXPECT_EQ(runLine(h["lines"], 0), 2);
  EXPECT_EQ(h["lines"], J::parse("[0,2,1,4]"));  // runs: 2, then 4 5
  // the given lines are used up: a JSON array pushed in chunks has no lines of its own
  J n = lrtest::parse(p->pushJsonArray(R"([{"email":"c@acme.com"}])"));
  EXPECT_FALSE(n["rows"][0].contains("line"));
  EXPECT_FALSE(n["rows"][0].contains("duplicateOfLine"));
}

TEST(PlannerLines, NoLinesNoLineMembers) {
  auto p = planner();
  J a = lrtest::parse(p->pushJsonArray(R"([{"email":"a@acme.com"},{"email":"a@acme.com"}])"));
  EXPECT_FALSE(a["rows"][1].contains("line"));
  EXPECT_FALSE(a["rows"][1].contains("duplicateOfLine"));
  EXPECT_EQ(a["rows"][1]["duplicateOf"], 0);
}
