// Direct tests of the ASCII text helpers (src/normalize/text.{h,cpp}).
#include <gtest/gtest.h>

#include <string>

#include "normalize/text.h"

namespace text = leadroster::text;

TEST(Text, TrimRemovesAsciiAndInvisibleSpacesAtBothEndsOnly) {
  EXPECT_EQ(text::trim(" \t\r\n\f\va b\v "), "a b");
  EXPECT_EQ(text::trim("\xC2\xA0x\xC2\xA0"), "x");                       // U+00A0
  EXPECT_EQ(text::trim("\xEF\xBB\xBFx\xEF\xBB\xBF"), "x");               // U+FEFF
  EXPECT_EQ(text::trim("\xE2\x80\x8Bx\xE2\x80\x8B"), "x");               // U+200B
  EXPECT_EQ(text::trim(" \xC2\xA0 \xE2\x80\x8B x \xEF\xBB\xBF "), "x");  // mixed, repeated
  EXPECT_EQ(text::trim("a\xC2\xA0"
                       "b"),
            "a\xC2\xA0"
            "b");  // inside: kept
  EXPECT_EQ(text::trim(""), "");
  EXPECT_EQ(text::trim("\xC2"), "\xC2");  // a truncated sequence is not a space
  EXPECT_EQ(text::trim("   "), "");
}

TEST(Text, CaseMappingIsAsciiOnly) {
  EXPECT_EQ(text::toLowerAscii("AbC-\xC3\x89"), "abc-\xC3\x89");  // É stays
  EXPECT_EQ(text::toUpperAscii("aBc-\xC3\xA9"), "ABC-\xC3\xA9");
  EXPECT_EQ(text::toLower('Z'), 'z');
  EXPECT_EQ(text::toUpper('@'), '@');
  EXPECT_TRUE(text::equalsIgnoreCase("HTTPS", "https"));
  EXPECT_FALSE(text::equalsIgnoreCase("http", "https"));
  EXPECT_FALSE(text::equalsIgnoreCase("\xC3\x89", "\xC3\xA9"));
}

TEST(Text, PrefixesAndSuffixes) {
  EXPECT_TRUE(text::startsWith("www.acme.com", "www."));
  EXPECT_FALSE(text::startsWith("ww", "www."));
  EXPECT_TRUE(text::startsWith("x", ""));
  EXPECT_TRUE(text::endsWith("acme.com", ".com"));
  EXPECT_FALSE(text::endsWith("com", ".com"));
}

TEST(Text, Utf8Validity) {
  EXPECT_TRUE(text::isValidUtf8(""));
  EXPECT_TRUE(text::isValidUtf8("plain"));
  EXPECT_TRUE(text::isValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"));
  EXPECT_FALSE(text::isValidUtf8("\x80"));              // a lone continuation byte
  EXPECT_FALSE(text::isValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(text::isValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(text::isValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(text::isValidUtf8("\xF0\x80\x80\xAF"));  // overlong
  EXPECT_FALSE(text::isValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(text::isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(text::isValidUtf8("\xFF"));
  EXPECT_FALSE(text::isValidUtf8("\xE2\x82x"));
}

TEST(Text, ControlCharacters) {
  EXPECT_FALSE(text::hasControlChar("a b~\xC3\xA9"));
  EXPECT_TRUE(text::hasControlChar(std::string("a\0b", 3)));
  EXPECT_TRUE(text::hasControlChar("a\tb"));
  EXPECT_TRUE(text::hasControlChar("\x7F"));
  EXPECT_TRUE(text::hasControlChar("\x1F"));
}

TEST(Text, QuoteForMessageIsShortAndPrintable) {
  EXPECT_EQ(text::quoteForMessage("XX"), "\"XX\"");
  EXPECT_EQ(text::quoteForMessage("a\nb\xC3\xA9"), "\"a?b??\"");
  EXPECT_EQ(text::quoteForMessage(std::string(40, 'x')), "\"" + std::string(40, 'x') + "\"");
  EXPECT_EQ(text::quoteForMessage(std::string(41, 'x')), "\"" + std::string(40, 'x') + "...\"");
  EXPECT_EQ(text::quoteForMessage(""), "\"\"");
}
