#include "normalize/public_suffix.h"

#include <algorithm>
#include <string>

#include "normalize/domain.h"
#include "normalize/text.h"

namespace leadroster {

namespace {

#include "normalize/public_suffix.inc"

constexpr std::string_view kRules(kPublicSuffixRules, sizeof kPublicSuffixRules - 1);
static_assert(!kRules.empty() && kRules.back() == '\n', "every rule ends with a newline");

// Binary search over the sorted rules of kRules (one string, each rule ended by
// '\n'): [lo, hi) always starts and ends at a rule boundary; the probe is the
// whole rule around the middle byte.
bool hasRule(std::string_view rule) {
  size_t lo = 0, hi = kRules.size();
  while (lo < hi) {
    size_t start = lo + (hi - lo) / 2;
    while (start > lo && kRules[start - 1] != '\n') --start;
    size_t end = kRules.find('\n', start);  // < hi: the rule before hi ends with '\n'
    int c = kRules.substr(start, end - start).compare(rule);
    if (c == 0) return true;
    if (c < 0) lo = end + 1;
    else hi = start;
  }
  return false;
}

bool hasRule(std::string_view marker, std::string_view name) {
  char buf[256];
  if (marker.size() + name.size() > sizeof buf) return false;
  std::copy(marker.begin(), marker.end(), buf);
  std::copy(name.begin(), name.end(), buf + marker.size());
  return hasRule(std::string_view(buf, marker.size() + name.size()));
}

}  // namespace

std::string_view publicSuffix(std::string_view host) {
  if (host.empty()) return host;
  // Candidate suffixes from the longest (the whole host) to the last label:
  // the first that a rule matches is the longest match.
  for (size_t start = 0; start < host.size();) {
    std::string_view s = host.substr(start);
    size_t dot = s.find('.');
    if (hasRule("!", s))  // an exception: the suffix is s without its first label
      return dot == std::string_view::npos ? s : s.substr(dot + 1);
    if (hasRule(s)) return s;
    if (dot != std::string_view::npos && hasRule("*.", s.substr(dot + 1))) return s;
    if (dot == std::string_view::npos) break;
    start += dot + 1;
  }
  size_t last = host.rfind('.');
  return last == std::string_view::npos ? host : host.substr(last + 1);  // the "*" rule
}

Normalized registrableDomain(std::string_view input) {
  Normalized d = normalizeDomain(input);
  if (!d) return d;
  std::string_view host = d.value;
  std::string_view suffix = publicSuffix(host);
  if (suffix.size() >= host.size())
    return Normalized::failure(code::invalid_domain,
                               "domain " + text::quoteForMessage(host) +
                                   " is a public suffix (like co.uk); it has no registrable domain");
  std::string_view rest = host.substr(0, host.size() - suffix.size() - 1);
  size_t dot = rest.rfind('.');
  std::string_view registrable = host.substr(dot == std::string_view::npos ? 0 : dot + 1);
  return Normalized::success(std::string(registrable));
}

}  // namespace leadroster
