// Internationalized domain names: punycode (RFC 3492) and a practical subset
// of UTS #46 processing (ToASCII, non-transitional), enough for the hosts of
// email addresses and websites.
#pragma once
#include <string>
#include <string_view>

namespace leadroster {

// Whether `host` needs toAsciiHost: a byte >= 0x80 or an "xn--" label.
// Decodes one UTF-8 code point at s[i] (ASCII included): its length, or 0
// when the bytes are not well-formed UTF-8 (overlong, surrogate, > U+10FFFF).
size_t decodeUtf8(std::string_view s, size_t i, char32_t& cp);

bool mayBeIdn(std::string_view host);

// Maps `host` (ASCII already lowercased; UTF-8) to its ASCII form: each label
// with non-ASCII characters is mapped (see idna.cpp for the subset), checked
// and punycode-encoded as "xn--..."; an existing "xn--" label must decode to
// a label that maps to itself. Returns "" with `out` set, or a reason in plain
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
