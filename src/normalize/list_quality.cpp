#include "normalize/list_quality.h"

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "normalize/public_suffix.h"
#include "normalize/text.h"

namespace leadroster {

namespace {

#include "normalize/list_quality.inc"

// One front-coded list of list_quality.inc: sorted entries in blocks of
// kListBlock, each ('#' + bytes shared with the entry before, 0 at a block's
// start), the rest, '\n'. The block starts are found once, at first use; a
// lookup binary-searches the blocks by their first entry (written whole) and
// reads that one block.
class CodedList {
 public:
  CodedList(const char* coded, size_t size, unsigned count) : coded_(coded, size) {
    blocks_.reserve(count / kListBlock + 1);
    unsigned n = 0;
    for (size_t at = 0; at < coded_.size(); ++n) {
      if (n % kListBlock == 0) blocks_.push_back(uint32_t(at));
      size_t end = coded_.find('\n', at);
      at = end == std::string_view::npos ? coded_.size() : end + 1;
    }
  }

  bool contains(std::string_view key) const {
    if (blocks_.empty() || key.empty() || key.size() > kMaxEntry) return false;
    // The last block whose first entry is <= key.
    size_t lo = 0, hi = blocks_.size();
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (entryAt(blocks_[mid]).compare(key) <= 0) lo = mid;
      else hi = mid;
    }
    size_t at = blocks_[lo];
    size_t stop = lo + 1 < blocks_.size() ? blocks_[lo + 1] : coded_.size();
    char buf[kMaxEntry + 1];
    size_t len = 0;
    while (at < stop) {
      size_t end = coded_.find('\n', at);
      if (end == std::string_view::npos) end = coded_.size();
      size_t shared = size_t(coded_[at] - '#');
      size_t rest = end - at - 1;
      if (shared > len || shared + rest > kMaxEntry) return false;  // not the generator's output
      std::memcpy(buf + shared, coded_.data() + at + 1, rest);
      len = shared + rest;
      int c = std::string_view(buf, len).compare(key);
      if (c == 0) return true;
      if (c > 0) return false;
      at = end + 1;
    }
    return false;
  }

 private:
  static constexpr size_t kMaxEntry = 255;
  // A block's first entry: written whole after its '#'.
  std::string_view entryAt(size_t at) const {
    size_t end = coded_.find('\n', at);
    if (end == std::string_view::npos) end = coded_.size();
    return coded_.substr(at + 1, end - at - 1);
  }
  std::string_view coded_;
  std::vector<uint32_t> blocks_;
};

const CodedList& disposableExact() {
  static const CodedList list(kDisposableCoded, sizeof kDisposableCoded - 1, kDisposableCount);
  return list;
}
const CodedList& disposableWildcard() {
  static const CodedList list(kDisposableWildcardCoded, sizeof kDisposableWildcardCoded - 1,
                              kDisposableWildcardCount);
  return list;
}
const CodedList& roles() {
  static const CodedList list(kRoleCoded, sizeof kRoleCoded - 1, kRoleCount);
  return list;
}

// Whether a line of a '\n'-ended list (kKnownHosts, kComTypos) is `s`.
bool hasLine(std::string_view lines, std::string_view s) {
  for (size_t at = 0; at < lines.size();) {
    size_t end = lines.find('\n', at);
    if (lines.substr(at, end - at) == s) return true;
    at = end + 1;
  }
  return false;
}

// Whether a and b are one edit apart (optimal string alignment: a swap of two
// neighbours, an insert, a delete or a replace); false when equal.
bool oneEditApart(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (a.size() != b.size()) return a.substr(i + 1) == b.substr(i);  // a delete (or insert)
  if (i == a.size()) return false;                                    // equal
  if (a.substr(i + 1) == b.substr(i + 1)) return true;                // a replace
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace

std::string_view disposableListVersion() { return kDisposableListVersion; }
std::string_view roleListVersion() { return kRoleListVersion; }
unsigned disposableListSize() { return kDisposableCount + kDisposableWildcardCount; }
unsigned roleListSize() { return kRoleCount; }

bool isDisposableDomain(std::string_view domain, std::string_view* matched) {
  if (domain.empty()) return false;
  // index.json: the domain, then each parent down to the registrable domain
  // (a domain that is itself a public suffix: itself only). With one dot
  // (acme.com) the only parent is one label, never an entry: no suffix to find.
  size_t firstDot = domain.find('.');
  if (firstDot == std::string_view::npos) return false;
  std::string_view suffix =
      domain.find('.', firstDot + 1) == std::string_view::npos ? domain.substr(firstDot + 1) : publicSuffix(domain);
  for (size_t start = 0; start < domain.size();) {
    std::string_view s = domain.substr(start);
    if (disposableExact().contains(s)) {
      if (matched) *matched = s;
      return true;
    }
    size_t dot = s.find('.');
    if (dot == std::string_view::npos || s.size() - dot - 1 <= suffix.size()) break;  // the next is the suffix
    start += dot + 1;
  }
  // wildcard.json: the domain and each parent that has a dot.
  for (size_t start = 0;;) {
    std::string_view s = domain.substr(start);
    size_t dot = s.find('.');
    if (dot == std::string_view::npos) break;
    if (disposableWildcard().contains(s)) {
      if (matched) *matched = s;
      return true;
    }
    start += dot + 1;
  }
  return false;
}

bool isRoleLocalPart(std::string_view local) {
  local = local.substr(0, local.find('+'));
  char buf[65];
  if (local.empty() || local.size() >= sizeof buf) return false;
  for (size_t i = 0; i < local.size(); ++i) buf[i] = text::toLower(local[i]);
  return roles().contains(std::string_view(buf, local.size()));
}

std::string_view mailHostTypo(std::string_view domain) {
  if (domain.empty() || hasLine(kKnownHosts, domain)) return {};
  const std::string_view targets(kTypoTargets, sizeof kTypoTargets - 1);
  for (size_t at = 0; at < targets.size();) {
    size_t end = targets.find('\n', at);
    std::string_view t = targets.substr(at, end - at);
    at = end + 1;
    size_t dot = t.find('.');
    std::string_view name = t.substr(0, dot), tail = t.substr(dot);  // tail: ".com", ".co.uk"
    if (tail == ".com" || tail == ".net") {
      if (oneEditApart(domain, t)) return t;
    } else if (domain.size() > tail.size() && domain.substr(domain.size() - tail.size()) == tail) {
      // a country's host (hotmail.fr): its top-level domain as written (hotmail.fi is Finland's)
      std::string_view dname = domain.substr(0, domain.size() - tail.size());
      if (dname.find('.') == std::string_view::npos && oneEditApart(dname, name)) return t;
    }
  }
  // A known .com host with a misspelt top-level domain: aol.con -> aol.com.
  size_t last = domain.rfind('.');
  if (last == std::string_view::npos || last == 0) return {};
  std::string_view tld = domain.substr(last + 1);
  if (!hasLine(kComTypos, tld)) return {};
  const std::string_view known(kKnownHosts, sizeof kKnownHosts - 1);
  std::string_view name = domain.substr(0, last);
  for (size_t at = 0; at < known.size();) {
    size_t end = known.find('\n', at);
    std::string_view h = known.substr(at, end - at);
    at = end + 1;
    if (h.size() == name.size() + 4 && h.substr(0, name.size()) == name && h.substr(name.size()) == ".com") return h;
  }
  return {};
}

}  // namespace leadroster
