// Direct tests of src/engine/intake.cpp: splitting a JSON array or NDJSON into
// row slices, parseDocument, and checkRow (the one "row too deep" error).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/intake.h"
#include "api/lookup.h"

using leadroster::RowText;

namespace {

std::vector<std::string> texts(const std::vector<RowText>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.emplace_back(r.text);
  return out;
}

// The rows of a JSON array, or the error message.
std::vector<std::string> split(const std::string& text, std::string* error = nullptr) {
  std::vector<RowText> rows;
  leadroster::Status s = leadroster::splitJsonArray(text, rows);
  if (error) *error = s ? "" : s.error().message;
  if (!s) {
    EXPECT_EQ(s.error().code, "invalid_type") << text;
  }
  return texts(rows);
}

std::string splitError(const std::string& text) {
  std::string error;
  split(text, &error);
  return error;
}

std::string nested(int depth) { return std::string(size_t(depth), '[') + std::string(size_t(depth), ']'); }

}  // namespace

TEST(IntakeSplitJsonArray, ElementsAreTrimmedSlices) {
  EXPECT_EQ(split(" [ {\"a\":1} , [1,2] , \"x,y]\" , 3 , null ] \n"),
            (std::vector<std::string>{"{\"a\":1}", "[1,2]", "\"x,y]\"", "3", "null"}));
  EXPECT_EQ(split("[]"), std::vector<std::string>{});
  EXPECT_EQ(split("[ \n ]"), std::vector<std::string>{});
  // Brackets and commas inside strings (escaped quotes too) do not split.
  EXPECT_EQ(split(R"(["[{", "\"],[", {"k":"}"}])"),
            (std::vector<std::string>{R"("[{")", R"("\"],[")", R"({"k":"}"})"}));
  // A byte-order mark before the array is not data.
  EXPECT_EQ(split("\xEF\xBB\xBF[1]"), std::vector<std::string>{"1"});
  // Elements are not validated here: a bad row becomes that row's error later.
  EXPECT_EQ(split("[{bad json}, 2]"), (std::vector<std::string>{"{bad json}", "2"}));
}

TEST(IntakeSplitJsonArray, TextThatIsNotAnArrayIsAnError) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "rows must be a JSON array"},
      {"{}", "rows must be a JSON array"},
      {"  x", "rows must be a JSON array"},
      {"[1,,2]", "rows: empty element in the JSON array"},
      {"[,]", "rows: empty element in the JSON array"},
      {"[1,]", "rows: empty element in the JSON array"},
      {"[1] x", "rows: text after the end of the JSON array"},
      {"[1]]", "rows: text after the end of the JSON array"},
      {"[1}]", "rows: unbalanced brackets in the JSON array"},
      {"[1", "rows: the JSON array is not closed"},
      {"[\"1]", "rows: the JSON array is not closed"},
  };
  for (const auto& [text, error] : cases) EXPECT_EQ(splitError(text), error) << text;
}

TEST(IntakeSplitJsonArray, RowsNestedTooDeepAreMarked) {
  std::vector<RowText> rows;
  ASSERT_TRUE(leadroster::splitJsonArray("[" + nested(64) + "," + nested(65) + "]", rows));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[0].tooDeep);
  EXPECT_TRUE(rows[1].tooDeep);
}

TEST(IntakeSplitNdjson, OneRowANonBlankLine) {
  std::vector<RowText> rows;
  leadroster::splitNdjson("\xEF\xBB\xBF{\"a\":1}\n\n   \n  [2]  \r\n{bad}", rows);
  EXPECT_EQ(texts(rows), (std::vector<std::string>{"{\"a\":1}", "[2]", "{bad}"}));
  rows.clear();
  leadroster::splitNdjson("", rows);
  EXPECT_TRUE(rows.empty());
  leadroster::splitNdjson("\n\r\n\t\n", rows);
  EXPECT_TRUE(rows.empty());
}

TEST(IntakeParseDocument, ValueOrError) {
  auto ok = leadroster::parseDocument(R"({"a":[1,"x"]})");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok.value()["a"][1], "x");
  auto bad = leadroster::parseDocument("{oops");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "invalid_type");
  EXPECT_EQ(bad.error().message, "not valid JSON");
  auto deep = leadroster::parseDocument(nested(65));
  EXPECT_FALSE(deep);
  EXPECT_EQ(deep.error().code, "invalid_type");
  EXPECT_EQ(deep.error().message, "nesting deeper than 64 levels");
  EXPECT_TRUE(leadroster::parseDocument(nested(64)));
}

TEST(IntakeCheckRow, ATooDeepRowIsAnInvalidTypeRowError) {
  const leadroster::Provider* p = leadroster::api::findProvider("sendkit");
  ASSERT_NE(p, nullptr);
  leadroster::PlanOptions options;
  auto rules = p->identity(options);
  leadroster::LeadCheck deep = leadroster::checkRow(*p, RowText{"[]", true}, options, rules);
  ASSERT_EQ(deep.errors.size(), 1u);
  EXPECT_EQ(deep.errors[0].code, "invalid_type");
  EXPECT_TRUE(deep.errors[0].fieldIsNull);
  EXPECT_EQ(deep.errors[0].message, "the row nests objects or arrays more than 64 levels deep");
  leadroster::LeadCheck fine = leadroster::checkRow(*p, RowText{R"({"email":"a@acme.com"})", false}, options, rules);
  EXPECT_TRUE(fine.ok());
}
