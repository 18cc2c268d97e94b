#include "normalize/public_suffix.h"

#include <algorithm>
#include <string>
#include <vector>

#include "normalize/domain.h"
#include "normalize/text.h"

namespace leadroster {

namespace {

#include "normalize/public_suffix.inc"

// The rules, decoded once from kPublicSuffixCoded (front-coded, labels
// reversed): one string, sorted by bytes, each rule ended by '\n'.
const std::string& rules() {
  static const std::string all = [] {
    std::vector<std::string> list;
    list.reserve(kPublicSuffixRuleCount);
    std::string prev;
    std::string_view coded(kPublicSuffixCoded, sizeof kPublicSuffixCoded - 1);
    for (size_t at = 0; at < coded.size();) {
      size_t end = coded.find('\n', at);
      size_t shared = size_t(coded[at] - '#');
      std::string rev = prev.substr(0, shared);
      rev.append(coded.substr(at + 1, end - at - 1));
      prev = rev;
      at = end + 1;
      // "uk.co" -> "co.uk"; a marker last ("ck*", "ck.www!") goes first ("*.ck", "!www.ck").
      std::string marker;
      if (!rev.empty() && rev.back() == '*')
        marker = "*.", rev.pop_back();
      else if (!rev.empty() && rev.back() == '!')
        marker = "!", rev.pop_back();
      std::string rule = marker;
      for (size_t e = rev.size(); e > 0;) {
        size_t dot = rev.rfind('.', e - 1);
        size_t b = dot == std::string::npos ? 0 : dot + 1;
        if (rule.size() > marker.size()) rule += '.';
        rule.append(rev, b, e - b);
        e = dot == std::string::npos ? 0 : dot;
      }
      list.push_back(std::move(rule));
    }
    std::sort(list.begin(), list.end());
    std::string joined;
    for (const auto& r : list) joined += r + '\n';
    return joined;
  }();
  return all;
}

// Binary search over the sorted rules of kRules (one string, each rule ended by
// '\n'): [lo, hi) always starts and ends at a rule boundary; the probe is the
// whole rule around the middle byte.
bool hasRule(std::string_view rule) {
  const std::string_view kRules = rules();
  size_t lo = 0, hi = kRules.size();
  while (lo < hi) {
    size_t start = lo + (hi - lo) / 2;
    while (start > lo && kRules[start - 1] != '\n') --start;
    size_t end = kRules.find('\n', start);  // < hi: the rule before hi ends with '\n'
    int c = kRules.substr(start, end - start).compare(rule);
    if (c == 0) return true;
    if (c < 0)
      lo = end + 1;
    else
      hi = start;
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

std::string_view publicSuffixListVersion() { return kPublicSuffixVersion; }
std::string_view publicSuffixListDate() { return kPublicSuffixDate; }

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
  std::string_view host = d.value();
  std::string_view suffix = publicSuffix(host);
  if (suffix.size() >= host.size())
    return Normalized::failure(
        code::invalid_domain,
        "domain " + text::quoteForMessage(host) + " is a public suffix (like co.uk); it has no registrable domain");
  std::string_view rest = host.substr(0, host.size() - suffix.size() - 1);
  size_t dot = rest.rfind('.');
  std::string_view registrable = host.substr(dot == std::string_view::npos ? 0 : dot + 1);
  return Normalized::success(std::string(registrable));
}

}  // namespace leadroster
