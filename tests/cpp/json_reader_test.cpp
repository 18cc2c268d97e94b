// Direct tests of the span reader (src/json/json_reader.cpp): what it accepts,
// every error with its byte offset, numbers at the edges, escapes and
// surrogates, depth, trailing bytes, and the iterators over a parsed value.
// (fuzz/fuzz_json_reader.cpp checks it against nlohmann on arbitrary bytes.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json/json_reader.h"

namespace json = leadroster::json;

namespace {

// "" when `text` parses, else the error message ("<what> at byte <n>").
std::string errorOf(const std::string& text, int maxDepth = 64) {
  auto r = json::parse(text, maxDepth);
  if (r) return "";
  EXPECT_EQ(r.error().code, "invalid_type") << text;
  return r.error().message;
}

// The value's spans point into `text`: keep the text alive while using it.
json::Value parsed(const std::string& text) {
  auto r = json::parse(text);
  EXPECT_TRUE(r) << text << ": " << r.error().message;
  return r.value();
}

std::string decoded(const std::string& jsonString) { return json::decode(parsed(jsonString)); }

}  // namespace

TEST(JsonReader, AcceptsEveryValueTypeWithItsSpan) {
  const std::string text = " {\"a\" : [1, -2.5e+3, true, false, null, \"x\"], \"b\": {}} \n\t\r";
  auto v = parsed(text);
  EXPECT_EQ(v.type, json::Type::Object);
  EXPECT_EQ(v.raw, "{\"a\" : [1, -2.5e+3, true, false, null, \"x\"], \"b\": {}}");  // trailing ws not included
  std::vector<json::Type> types;
  std::vector<std::string> raws;
  json::forEachMember(v, [&](std::string_view key, const json::Value& child) {
    if (key == "a") {
      json::forEachElement(child, [&](const json::Value& e) {
        types.push_back(e.type);
        raws.emplace_back(e.raw);
        return true;
      });
    }
    return true;
  });
  EXPECT_EQ(types, (std::vector<json::Type>{json::Type::Number, json::Type::Number, json::Type::True, json::Type::False,
                                            json::Type::Null, json::Type::String}));
  EXPECT_EQ(raws, (std::vector<std::string>{"1", "-2.5e+3", "true", "false", "null", "\"x\""}));
  // Scalars at the top level, and numbers keep their spelling.
  EXPECT_EQ(parsed("1.50E+2").raw, "1.50E+2");
  EXPECT_EQ(parsed("-0").raw, "-0");
  EXPECT_EQ(parsed("\"\"").type, json::Type::String);
  EXPECT_EQ(parsed("[]").type, json::Type::Array);
}

TEST(JsonReader, EveryErrorWithItsByteOffset) {
  struct Case {
    std::string text, error;
  };
  const std::vector<Case> cases = {
      {"", "unexpected end of JSON at byte 0"},
      {"   ", "unexpected end of JSON at byte 3"},
      {"[1,", "unexpected end of JSON at byte 3"},
      {"[1,]", "bad number at byte 3"},
      {"[1 2]", "expected ',' or ']' at byte 3"},
      {"[1", "expected ',' or ']' at byte 2"},
      {"{1:2}", "expected a key at byte 1"},
      {"{\"a\",", "expected ':' at byte 4"},
      {"{\"a\" 1}", "expected ':' at byte 5"},
      {"{\"a\":1 \"b\":2}", "expected ',' or '}' at byte 7"},
      {"{\"a\":1,}", "expected a key at byte 7"},
      {"{\"a\":}", "bad number at byte 5"},
      {"tru", "unexpected text at byte 0"},
      {"nul", "unexpected text at byte 0"},
      {"[true, fals]", "unexpected text at byte 7"},
      {"truex", "text after the JSON value at byte 4"},
      {"1 2", "text after the JSON value at byte 2"},
      {"{} {}", "text after the JSON value at byte 3"},
      {"\"abc", "unterminated string at byte 4"},
      {"\"a\\", "unterminated string at byte 2"},
      {"\"\\x\"", "bad escape in string at byte 1"},
      {"\"\\u12g4\"", "bad \\u escape at byte 1"},
      {"\"\\u12\"", "bad \\u escape at byte 1"},
      {"\"a\x01\"", "control character in string at byte 2"},
      {"\"\n\"", "control character in string at byte 1"},
      {"\"\xff\"", "invalid UTF-8 in string at byte 1"},
      {"\"\xc0\x80\"", "invalid UTF-8 in string at byte 1"},          // overlong NUL
      {"\"\xe0\x80\xaf\"", "invalid UTF-8 in string at byte 1"},      // overlong '/'
      {"\"\xed\xa0\x80\"", "invalid UTF-8 in string at byte 1"},      // a surrogate in UTF-8
      {"\"\xf4\x90\x80\x80\"", "invalid UTF-8 in string at byte 1"},  // above U+10FFFF
      {"\"\xe2\x82\"", "invalid UTF-8 in string at byte 1"},          // truncated sequence
      {"\"ab\x80\"", "invalid UTF-8 in string at byte 3"},            // lone continuation byte
      {"-", "bad number at byte 1"},
      {"-a", "bad number at byte 1"},
      {"+1", "bad number at byte 0"},
      {".5", "bad number at byte 0"},
      {"01", "text after the JSON value at byte 1"},
      {"1.", "bad number at byte 2"},
      {"1.e5", "bad number at byte 2"},
      {"1e", "bad number at byte 2"},
      {"1e+", "bad number at byte 3"},
      {"\xEF\xBB\xBF{}", "bad number at byte 0"},  // a BOM is the caller's to strip (intake does)
      {"1e400", "number out of range at byte 5"},
      {"-1E+400", "number out of range at byte 7"},
      {"[[[]]]", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(errorOf(c.text), c.error) << "input: " << c.text;
}

TEST(JsonReader, NumbersAtTheEdges) {
  EXPECT_EQ(errorOf("1.7976931348623157e308"), "");  // DBL_MAX
  EXPECT_EQ(errorOf("-1.7976931348623157e308"), "");
  EXPECT_EQ(errorOf("1.8e308"), "number out of range at byte 7");
  EXPECT_EQ(errorOf("4.9e-324"), "");  // the smallest subnormal
  EXPECT_EQ(errorOf("1e-400"), "");    // underflows to 0: finite, kept as written
  EXPECT_EQ(parsed("1e-400").raw, "1e-400");
  EXPECT_EQ(errorOf("123456789012345678901234567890"), "");  // beyond int64: a double still holds it
  EXPECT_EQ(errorOf("1" + std::string(308, '0')), "");       // 1e308 written out: 309 digits
  const std::string tooBig = "1" + std::string(309, '0');    // 1e309 written out: over 300 characters
  EXPECT_EQ(errorOf(tooBig), "number out of range at byte 310");
  EXPECT_EQ(errorOf("0." + std::string(400, '0') + "1"), "");  // long but tiny
  EXPECT_EQ(errorOf("-0.0e-0"), "");
}

TEST(JsonReader, DepthIsCapped) {
  auto nested = [](int n) { return std::string(size_t(n), '[') + std::string(size_t(n), ']'); };
  EXPECT_EQ(errorOf(nested(64)), "");
  EXPECT_EQ(errorOf(nested(65)), "nesting too deep at byte 64");
  EXPECT_EQ(errorOf("[[[]]]", 2), "nesting too deep at byte 2");
  EXPECT_EQ(errorOf("{\"a\":{\"b\":[]}}", 2), "nesting too deep at byte 10");
  EXPECT_EQ(errorOf("[1, \"[[[[\"]", 1), "");  // brackets inside strings do not count
}

TEST(JsonReader, EscapesDecode) {
  EXPECT_EQ(decoded(R"("a\nb\tc\rd\be\ff")"), "a\nb\tc\rd\be\ff");
  EXPECT_EQ(decoded(R"("\"\\\/")"), "\"\\/");
  EXPECT_EQ(decoded(R"("\u0041\u00e9\u20AC")"), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(decoded(R"("\u0000")"), std::string(1, '\0'));
  const std::string plain = R"("plain")", escaped = R"("a\u0062")";
  auto v = parsed(plain);
  EXPECT_FALSE(v.escaped);
  std::string buf;
  EXPECT_EQ(json::text(v, buf), "plain");
  EXPECT_TRUE(buf.empty());  // no copy for a string without escapes
  auto e = parsed(escaped);
  EXPECT_TRUE(e.escaped);
  EXPECT_EQ(json::text(e, buf), "ab");
}

TEST(JsonReader, SurrogatesDecode) {
  EXPECT_EQ(decoded(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80");    // a pair: U+1F600
  EXPECT_EQ(decoded(R"("\uD83D\uDE00!")"), "\xF0\x9F\x98\x80!");  // upper-case hex
  EXPECT_EQ(decoded(R"("\udbff\udfff")"), "\xF4\x8F\xBF\xBF");    // U+10FFFF
  EXPECT_EQ(decoded(R"("\ud83d")"), "\xEF\xBF\xBD");              // lone high: U+FFFD
  EXPECT_EQ(decoded(R"("\ude00")"), "\xEF\xBF\xBD");              // lone low
  EXPECT_EQ(decoded(R"("\ud83dx")"), "\xEF\xBF\xBDx");            // high then text
  EXPECT_EQ(decoded(R"("\ud83d\u0041")"),
            "\xEF\xBF\xBD"
            "A");                                                       // high then not a low
  EXPECT_EQ(decoded(R"("\ude00\ud83d")"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // reversed pair
  EXPECT_EQ(decoded("\"\xF0\x9F\x98\x80\""), "\xF0\x9F\x98\x80");       // raw UTF-8 is kept
}

TEST(JsonReader, MembersOfTheTopLevelObjectAreCollected) {
  std::vector<json::Member> members;
  auto r = json::parse(R"({"a":1,"b\u0021":{"c":[2]},"a":"dup"})", 64, &members);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(members.size(), 3u);  // duplicates kept, in order: the caller decides
  EXPECT_EQ(members[0].key.raw, "\"a\"");
  EXPECT_EQ(members[0].value.raw, "1");
  EXPECT_TRUE(members[1].key.escaped);
  EXPECT_EQ(json::decode(members[1].key), "b!");
  EXPECT_EQ(members[1].value.raw, R"({"c":[2]})");
  EXPECT_EQ(members[2].value.raw, "\"dup\"");
  std::vector<json::Member> none;
  ASSERT_TRUE(json::parse("[1]", 64, &none));
  EXPECT_TRUE(none.empty());
}

TEST(JsonReader, IteratorsStopEarlyAndDecodeKeys) {
  const std::string object = R"({ "x\u0079" : 1 , "b" : 2 , "c" : 3 })";
  auto v = parsed(object);
  std::vector<std::string> keys;
  json::forEachMember(v, [&](std::string_view k, const json::Value&) {
    keys.emplace_back(k);
    return keys.size() < 2;
  });
  EXPECT_EQ(keys, (std::vector<std::string>{"xy", "b"}));
  int n = 0;
  json::forEachElement(parsed("[ ]"), [&](const json::Value&) { return ++n, true; });
  EXPECT_EQ(n, 0);
  json::forEachElement(parsed(R"([ "a,]" , {"k":"}"} , [1,[2]] ])"), [&](const json::Value&) { return ++n, true; });
  EXPECT_EQ(n, 3);
}

TEST(JsonReader, TypeNames) {
  EXPECT_STREQ(json::typeName(json::Type::Null), "null");
  EXPECT_STREQ(json::typeName(json::Type::True), "a boolean");
  EXPECT_STREQ(json::typeName(json::Type::False), "a boolean");
  EXPECT_STREQ(json::typeName(json::Type::Number), "a number");
  EXPECT_STREQ(json::typeName(json::Type::String), "a string");
  EXPECT_STREQ(json::typeName(json::Type::Object), "an object");
  EXPECT_STREQ(json::typeName(json::Type::Array), "an array");
}
