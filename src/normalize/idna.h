// Internationalized domain names: punycode (RFC 3492) and UTS #46 processing
// (ToASCII, non-transitional, from Unicode's data; idna.cpp says what it
// refuses beyond UTS #46) for the hosts of email addresses and websites.
#pragma once
#include <string>
#include <string_view>

namespace leadroster {

// Whether `host` needs toAsciiHost: a byte >= 0x80 or an "xn--" label.
// Decodes one UTF-8 code point at s[i] (ASCII included): its length, or 0
// when the bytes are not well-formed UTF-8 (overlong, surrogate, > U+10FFFF).
size_t decodeUtf8(std::string_view s, size_t i, char32_t& cp);

bool mayBeIdn(std::string_view host);

// Maps `host` (UTF-8) to its ASCII form: the host is mapped and normalized
// (NFC), each label checked (see idna.cpp) and a non-ASCII one punycode-encoded
// as "xn--..."; an existing "xn--" label must decode to a label that passes
// the same checks. Returns "" with `out` set, or a reason in plain
// words starting with `what` ("email domain"). The ASCII rules of hostnames
// (label lengths, characters) are left to the caller. With `mapDots` false the
// ideographic and fullwidth full stops are refused instead of read as '.'
// (email addresses: the address is not rewritten beyond IDN conversion).
std::string toAsciiHost(std::string_view host, std::string_view what, std::string& out, bool mapDots = true);

// RFC 3492 on code points. Encode fails only on overflow; decode fails on
// anything that is not valid punycode.
bool punycodeEncode(const std::u32string& input, std::string& out);
bool punycodeDecode(std::string_view input, std::u32string& out);

}  // namespace leadroster
