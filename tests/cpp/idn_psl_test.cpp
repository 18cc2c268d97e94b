// Internationalized domain names (punycode RFC 3492, the UTS #46 subset of
// normalize/idna.cpp) in emails and domains, and registrable domains by the
// Public Suffix List (normalize/public_suffix.cpp).
#include <gtest/gtest.h>

#include <string>

#include "normalize/domain.h"
#include "normalize/email.h"
#include "normalize/idna.h"
#include "normalize/public_suffix.h"

using namespace leadroster;

TEST(Punycode, Rfc3492Samples) {
  struct Case {
    std::u32string unicode;
    const char* encoded;
  } cases[] = {
      {U"b\u00fccher", "bcher-kva"},
      {U"m\u00fcnchen", "mnchen-3ya"},
      {U"\u4f8b\u3048", "r8jz45g"},
      {U"\u043f\u0440\u0438\u043c\u0435\u0440", "e1afmkfd"},
      // RFC 3492 7.1 (J) Spanish and (L) Japanese, basic code points kept as written.
      {U"Porqu\u00e9nopuedensimplementehablarenEspa\u00f1ol", "PorqunopuedensimplementehablarenEspaol-fmd56a"},
      {U"3\u5e74B\u7d44\u91d1\u516b\u5148\u751f", "3B-ww4c5e180e575a65lsy2b"},
  };
  for (const auto& c : cases) {
    std::string out;
    ASSERT_TRUE(punycodeEncode(c.unicode, out));
    EXPECT_EQ(out, c.encoded);
    std::u32string back;
    ASSERT_TRUE(punycodeDecode(c.encoded, back)) << c.encoded;
    std::u32string lowered = c.unicode;
    for (auto& ch : lowered)
      if (ch >= U'A' && ch <= U'Z') ch += 0x20;
    EXPECT_EQ(back, lowered) << c.encoded;
  }
  std::u32string junk;
  EXPECT_FALSE(punycodeDecode("99999999999999999999", junk));  // overflow
  EXPECT_FALSE(punycodeDecode("a-!", junk));
}

TEST(IdnEmail, SentAsPunycode) {
  EXPECT_EQ(normalizeEmail("info@m\xC3\xBCller.de").value(), "info@xn--mller-kva.de");
  EXPECT_EQ(normalizeEmail("info@m\xC3\xBCller.de").domain, "xn--mller-kva.de");
  EXPECT_EQ(normalizeEmail("Info@M\xC3\x9CLLER.DE").value(), "info@xn--mller-kva.de");  // Ü lowercased
  EXPECT_EQ(normalizeEmail("info@xn--mller-kva.de").value(), "info@xn--mller-kva.de");  // the same identity
  EXPECT_EQ(normalizeEmail("a@\xD0\x9F\xD0\xA0\xD0\x98\xD0\x9C\xD0\x95\xD0\xA0.\xD1\x80\xD1\x84").value(),
            "a@xn--e1afmkfd.xn--p1ai");                                     // ПРИМЕР.рф
  EXPECT_EQ(normalizeEmail("a@fa\xC3\x9F.de").value(), "a@xn--fa-hia.de");  // ß kept (non-transitional)
  EXPECT_EQ(normalizeEmail("a@\xEF\xBC\xA1\xEF\xBC\xA3\xEF\xBC\xAD\xEF\xBC\xA5.com").value(),
            "a@acme.com");  // fullwidth
  const std::string ideographicStop = std::string("a@b\xC3\xBC") + "cher\xE3\x80\x82" + "de";
  EXPECT_EQ(normalizeEmail(ideographicStop).error().code, "invalid_email");  // U+3002: not rewritten in an address
  EXPECT_EQ(normalizeDomain("b\xC3\xBC"
                            "cher\xE3\x80\x82"
                            "de")
                .value(),
            "xn--bcher-kva.de");  // a host: read as '.'
  EXPECT_EQ(normalizeEmail("a@s\xC3\xA3o-paulo.com.br").value(), "a@xn--so-paulo-rza.com.br");
  // NFC: a decomposed ü is the same domain as ü (UTS #46 normalizes).
  EXPECT_EQ(normalizeEmail("a@mu\xCC\x88ller.de").value(), "a@xn--mller-kva.de");
  // Vietnamese (Latin Extended Additional) upper case.
  EXPECT_EQ(normalizeEmail("a@\xE1\xBA\xA0"
                           "b.vn")
                .value(),
            normalizeEmail("a@\xE1\xBA\xA1"
                           "b.vn")
                .value());
}

TEST(IdnEmail, RefusedWithInvalidEmail) {
  for (const char* bad : {
           "a@\xE2\x98\x83.com",      // ☃
           "a@\xF0\x9F\x98\x80.com",  // emoji
           "a@ex\xC2\xA0"
           "ample.de",  // no-break space
           "a@ex\xE2\x80\x8D"
           "ample.de",  // ZWJ
           "a@\xCC\x81"
           "abc.de",               // starts with a combining mark
           "a@xn--zz-.de",         // punycode of ASCII only
           "a@xn--.de",            // empty punycode
           "a@xn--MLLER-KVA-.de",  // not valid punycode
           "a@xn--Mller-kva9.de",  // trailing garbage
           "a@ab--\xC3\xBC.de",    // "--" in places 3 and 4
           "a@m\xC3\xBCller",      // no top-level domain
           "a@m\xFF"
           "ller.de",  // invalid UTF-8
       }) {
    EmailResult r = normalizeEmail(bad);
    EXPECT_FALSE(r.ok()) << bad << " -> " << r.value();
    EXPECT_EQ(r.error().code, "invalid_email") << bad;
    EXPECT_FALSE(r.error().message.empty());
  }
  // The length limit applies to the ASCII form.
  std::string label(56, 'a');
  std::string longIdn = "x@" + label + "\xC3\xBC." + label + "." + label + "." + label + ".de";
  EXPECT_EQ(normalizeEmail(longIdn).error().code, "invalid_email");
}

TEST(IdnDomain, NormalizeDomainToo) {
  EXPECT_EQ(normalizeDomain("https://www.m\xC3\xBCller.de/kontakt").value(), "xn--mller-kva.de");
  EXPECT_EQ(normalizeDomain("xn--mller-kva.de").value(), "xn--mller-kva.de");
  EXPECT_FALSE(normalizeDomain("\xE2\x98\x83.com").ok());
  EXPECT_EQ(normalizeDomain("\xE2\x98\x83.com").error().code, "invalid_domain");
}

TEST(PublicSuffix, RegistrableDomain) {
  struct Case {
    const char* host;
    const char* registrable;  // "" = none
  } cases[] = {
      {"mail.acme.co.uk", "acme.co.uk"},
      {"acme.co.uk", "acme.co.uk"},
      {"a.b.c.acme.com", "acme.com"},
      {"https://www.shop.acme.com/path", "acme.com"},
      {"x.y.example.kawasaki.jp", "y.example.kawasaki.jp"},  // *.kawasaki.jp
      {"www.city.kawasaki.jp", "city.kawasaki.jp"},          // !city.kawasaki.jp
      {"foo.www.ck", "www.ck"},                              // !www.ck beats *.ck
      {"a.b.c.ck", "b.c.ck"},
      {"x.acme.github.io", "acme.github.io"},  // private section
      {"mail.host.acme.zz", "acme.zz"},        // no rule: "*"
      {"m\xC3\xBCller.de", "xn--mller-kva.de"},
      {"shop.xn--fiqs8s", "shop.xn--fiqs8s"},  // 中国
      {"co.uk", ""},
      {"github.io", ""},
      {"com", ""},
  };
  for (const auto& c : cases) {
    Normalized r = registrableDomain(c.host);
    if (*c.registrable) {
      EXPECT_TRUE(r.ok()) << c.host << ": " << r.error().message;
      EXPECT_EQ(r.value(), c.registrable) << c.host;
    } else {
      EXPECT_FALSE(r.ok()) << c.host << " -> " << r.value();
      EXPECT_EQ(r.error().code, "invalid_domain") << c.host;
    }
  }
  EXPECT_EQ(publicSuffix("mail.acme.co.uk"), "co.uk");
  EXPECT_EQ(publicSuffix("acme.unknowntld"), "unknowntld");
}

// The rules are one sorted string searched by bytes: the first and last rules,
// neighbours of a rule, markers and odd hosts.
TEST(PublicSuffix, RuleTableEdges) {
  EXPECT_EQ(publicSuffix("city.kawasaki.jp"), "kawasaki.jp");  // "!city.kawasaki.jp", the first rule
  EXPECT_EQ(publicSuffix("a.city.kawasaki.jp"), "kawasaki.jp");
  EXPECT_EQ(publicSuffix("x.kawasaki.jp"), "x.kawasaki.jp");  // "*.kawasaki.jp"
  EXPECT_EQ(publicSuffix("a.zw"), "zw");                      // "zw", the last rule
  EXPECT_EQ(publicSuffix("a.zushi.kanagawa.jp"), "zushi.kanagawa.jp");
  EXPECT_EQ(publicSuffix("a.zz"), "zz");      // after the last rule: "*"
  EXPECT_EQ(publicSuffix("a.0.bg"), "0.bg");  // a digit rule
  EXPECT_EQ(publicSuffix("a.c.uk"), "uk");    // "co.uk" and "uk" but no "c.uk"
  EXPECT_EQ(publicSuffix("a.coo.uk"), "uk");
  EXPECT_EQ(publicSuffix("www.ck"), "ck");
  EXPECT_EQ(publicSuffix(".ck"), ".ck");  // "*.ck" with an empty label
  EXPECT_EQ(publicSuffix("a..b"), "b");
  EXPECT_EQ(publicSuffix("!www.ck"), "!www.ck");  // a rule's own text matches as a suffix
  EXPECT_EQ(publicSuffix("*.ck"), "*.ck");
  EXPECT_EQ(publicSuffix(""), "");
  EXPECT_EQ(publicSuffix("co.uk\nuk"), "uk\nuk");  // no rule holds a newline
  EXPECT_EQ(publicSuffix(std::string(300, 'a') + ".co.uk"), "co.uk");
}

// Issue 16 section 7: the top-level domain rule (2+ letters) holds for the
// Unicode form, not the punycode one ("xn--9ca" is 7 letters, "é" is one).
TEST(IdnEmail, TopLevelDomainRuleOnTheUnicodeForm) {
  for (const char* bad : {"a@b.\xC3\xA9", "a@b.\xC3\x89", "a@b.xn--9ca",
                          "a@b.\xC3\xA9"
                          "1"}) {
    EmailResult r = normalizeEmail(bad);
    EXPECT_FALSE(r.ok()) << bad << " -> " << r.value();
    EXPECT_EQ(r.error().code, "invalid_email") << bad;
  }
  EXPECT_FALSE(normalizeDomain("b.\xC3\xA9").ok());
  EXPECT_EQ(normalizeDomain("b.\xC3\xA9").error().code, "invalid_domain");
  // two letters or more pass
  EXPECT_EQ(normalizeEmail("a@b.\xC3\xA9\xC3\xA9").value(), "a@b.xn--9caa");
  EXPECT_EQ(normalizeEmail("a@\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80.\xD1\x80\xD1\x84").value(),
            "a@xn--e1afmkfd.xn--p1ai");
  EXPECT_EQ(normalizeEmail("a@b.xn--p1ai").value(), "a@b.xn--p1ai");
}

// Issue 16 section 7: the list is the newest the registries offer (npm tldts),
// not Debian's copy of 2023-02-09, which still had nom.ad and amusement.aero.
TEST(PublicSuffix, TodaysList) {
  EXPECT_EQ(publicSuffix("x.nom.ad"), "ad");
  EXPECT_EQ(registrableDomain("x.nom.ad").value(), "nom.ad");
  EXPECT_EQ(publicSuffix("x.amusement.aero"), "aero");
  EXPECT_EQ(registrableDomain("shop.amusement.aero").value(), "amusement.aero");
  EXPECT_EQ(publicSuffixListVersion().substr(0, 6), "tldts ");
  std::string_view date = publicSuffixListDate();
  ASSERT_EQ(date.size(), 10u);
  EXPECT_GE(date, "2026-01-01");
}

// Issue 16 section 7: UTS #46 processing (mapping table + NFC) where the old
// subset encoded a different domain or refused with the wrong reason.
TEST(Idna, Uts46Cases) {
  struct Case {
    const char* host;
    const char* ascii;  // nullptr: refused
  } cases[] = {
      {"\xE1\x84\x80\xE1\x85\xA1.com", "xn--o39a.com"},              // U+1100 U+1161: composes to 가
      {"\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8.com", "xn--p39a.com"},  // + U+11A8: 각
      {"\xE1\x85\x9F\xE1\x85\xA1.com", "xn--qsd.com"},               // U+115F filler: ignored
      {"stra\xE1\xBA\x9E"
       "e.de",
       "xn--strae-oqa.de"},  // U+1E9E -> ß (Unicode 15.1)
      {"a\xF0\x9E\xA4\x80"
       "b.com",
       "xn--ab-bm02a.com"},                               // U+1E900 Adlam (U+1E000-1EFFF letters)
      {"\xF0\x9E\xA0\x80.com", "xn--z45h.com"},           // U+1E800 Mende Kikakui
      {"mu\xCC\x88ller.de", "xn--mller-kva.de"},          // NFC
      {"\xE0\xAE\xA4\xE0\xAE\xBE.com", "xn--rlc6c.com"},  // Tamil with a vowel sign (no composition)
      {"\xC7\x95"
       "a.de",
       "xn--a-tta.de"},                // U+01D5 maps to U+01D6
      {"\xEF\xAC\x81.com", "fi.com"},  // U+FB01 ligature maps to "fi"
      {"\xCC\x81"
       "abc.de",
       nullptr},  // starts with a combining mark
      {"\xE0\xBD\xB1"
       "abc.de",
       nullptr},  // ... Tibetan vowel sign
      {"\xF0\x91\x80\x80"
       "abc.de",
       nullptr},  // ... U+11000 Brahmi
      {"\xF0\x9E\x80\x80"
       "a.com",
       nullptr},                      // ... U+1E000 Glagolitic combining
      {"-\xC3\xA9.de", nullptr},      // Unicode label starting with '-'
      {"\xC3\xA9-.de", nullptr},      // ... ending with '-'
      {"xn----9ca.de", nullptr},      // xn-- whose Unicode form starts with '-'
      {"xn--9ca-.de", nullptr},       // not valid punycode
      {"\xE2\x91\xB4.com", nullptr},  // U+2474 maps to "(1)": not STD3
  };
  for (const auto& c : cases) {
    Normalized d = normalizeDomain(c.host);
    if (c.ascii) {
      EXPECT_TRUE(d.ok()) << c.host << ": " << d.error().message;
      EXPECT_EQ(d.value(), c.ascii) << c.host;
    } else {
      EXPECT_FALSE(d.ok()) << c.host << " -> " << d.value();
      EXPECT_EQ(d.error().code, "invalid_domain") << c.host;
    }
  }
  // The '-' rules name the hyphen, not dots.
  EXPECT_NE(normalizeDomain("-\xC3\xA9.de").error().message.find("'-'"), std::string::npos);
  EXPECT_NE(normalizeDomain("\xC3\xA9-.de").error().message.find("'-'"), std::string::npos);
}
