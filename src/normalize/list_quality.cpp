#include "normalize/list_quality.h"

#include <algorithm>
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
    // ~12 bits an entry, in 512-bit blocks (one cache line): about 1% false positives.
    filter_.assign((size_t(count) * 12 / 512 + 1) * 8, 0);
    char buf[kMaxEntry + 1];
    size_t len = 0;
    unsigned n = 0;
    for (size_t at = 0; at < coded_.size(); ++n) {
      if (n % kListBlock == 0) blocks_.push_back(uint32_t(at));
      size_t end = coded_.find('\n', at);
      if (end == std::string_view::npos) end = coded_.size();
      size_t shared = size_t(coded_[at] - '#');
      size_t rest = end - at - 1;
      if (shared <= len && shared + rest <= kMaxEntry) {
        std::memcpy(buf + shared, coded_.data() + at + 1, rest);
        len = shared + rest;
        uint64_t h = hashOf(std::string_view(buf, len));
        uint64_t* block = &filter_[blockOf(h)];
        for (unsigned i = 0; i < kProbes; ++i) {
          unsigned bit = bitOf(h, i);
          block[bit >> 6] |= uint64_t(1) << (bit & 63);
        }
      }
      at = end + 1;
    }
  }

  // Whether key may be an entry (no: it is not; yes: binary-search it).
  bool mayContain(std::string_view key) const {
    uint64_t h = hashOf(key);
    const uint64_t* block = &filter_[blockOf(h)];
    for (unsigned i = 0; i < kProbes; ++i) {
      unsigned bit = bitOf(h, i);
      if (!(block[bit >> 6] & (uint64_t(1) << (bit & 63)))) return false;
    }
    return true;
  }

  bool contains(std::string_view key) const {
    if (blocks_.empty() || key.empty() || key.size() > kMaxEntry || !mayContain(key)) return false;
    // The last block whose first entry is <= key.
    size_t lo = 0, hi = blocks_.size();
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (entryAt(blocks_[mid]).compare(key) <= 0)
        lo = mid;
      else
        hi = mid;
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
  // A Bloom filter in front of the binary search: most lookups are of
  // addresses on no list, and it answers those with one hash and one cache
  // line instead of a dozen probes into the list.
  static constexpr unsigned kProbes = 6;
  static uint64_t hashOf(std::string_view s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, then a finalizer
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 29);
  }
  size_t blockOf(uint64_t h) const { return size_t(((h >> 32) * uint64_t(filter_.size() / 8)) >> 32) * 8; }
  static unsigned bitOf(uint64_t h, unsigned i) {
    uint32_t a = uint32_t(h), b = uint32_t(h >> 16) | 1;
    return (a + i * b) & 511;
  }
  std::string_view coded_;
  std::vector<uint32_t> blocks_;
  std::vector<uint64_t> filter_;
};

const CodedList& disposableExact() {
  static const CodedList list(kDisposableCoded, sizeof kDisposableCoded - 1, kDisposableCount);
  return list;
}
const CodedList& disposableWildcard() {
  static const CodedList list(kDisposableWildcardCoded, sizeof kDisposableWildcardCoded - 1, kDisposableWildcardCount);
  return list;
}
const CodedList& roles() {
  static const CodedList list(kRoleCoded, sizeof kRoleCoded - 1, kRoleCount);
  return list;
}

// The lines of a '\n'-ended list of list_quality.inc, as views into it.
std::vector<std::string_view> linesOf(const char* text, size_t size) {
  std::vector<std::string_view> out;
  std::string_view all(text, size);
  for (size_t at = 0; at < all.size();) {
    size_t end = all.find('\n', at);
    out.push_back(all.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// A typo target: "hotmail.co.uk" is name "hotmail", tail ".co.uk"; anyTail for a
// .com / .net host, whose top-level domain may be the mistyped part too.
struct Target {
  std::string_view host, name, tail;
  bool anyTail;
  uint32_t mask;  // maskOf(host)
};

// The characters a string has (a-z one bit each, the rest sharing six): one
// edit removes one character and adds one, so strings one edit apart differ in
// two bits of it at most, a test far cheaper than the edit itself.
uint32_t maskOf(std::string_view s) {
  uint32_t m = 0;
  for (char c : s) m |= uint32_t(1) << (c >= 'a' && c <= 'z' ? c - 'a' : 26 + (unsigned char)c % 6);
  return m;
}
bool nearMasks(uint32_t a, uint32_t b) {
  uint32_t x = a ^ b;
  x &= x - 1;  // at most two bits set
  return (x & (x - 1)) == 0;
}

struct Hosts {
  std::vector<Target> targets;
  std::vector<std::string_view> known;  // sorted
  std::vector<std::string_view> comTypos;
  bool isKnown(std::string_view d) const { return std::binary_search(known.begin(), known.end(), d); }
};

const Hosts& mailHosts() {
  static const Hosts hosts = [] {
    Hosts h;
    for (std::string_view t : linesOf(kTypoTargets, sizeof kTypoTargets - 1)) {
      size_t dot = t.find('.');
      std::string_view tail = t.substr(dot);
      bool anyTail = tail == ".com" || tail == ".net";
      h.targets.push_back(Target{t, t.substr(0, dot), tail, anyTail, maskOf(t)});
    }
    h.known = linesOf(kKnownHosts, sizeof kKnownHosts - 1);
    std::sort(h.known.begin(), h.known.end());
    h.comTypos = linesOf(kComTypos, sizeof kComTypos - 1);
    return h;
  }();
  return hosts;
}

// Whether a and b are one edit apart (optimal string alignment: a swap of two
// neighbours, an insert, a delete or a replace); false when equal.
bool oneEditApart(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (a.size() != b.size()) return a.substr(i + 1) == b.substr(i);  // a delete (or insert)
  if (i == a.size()) return false;                                  // equal
  if (a.substr(i + 1) == b.substr(i + 1)) return true;              // a replace
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace

std::string_view disposableListVersion() { return kDisposableListVersion; }
std::string_view roleListVersion() { return kRoleListVersion; }
unsigned disposableListSize() { return kDisposableCount + kDisposableWildcardCount; }
unsigned roleListSize() { return kRoleCount; }

bool isDisposableDomain(std::string_view domain, std::string_view* matched) {
  // Each candidate with a dot, from the domain itself to its last two labels:
  // index.json matches the domain, or a parent down to its registrable domain
  // (an entry that is a public suffix, edu.pl, matches itself only);
  // wildcard.json matches the domain or any parent. The public suffix is
  // looked up only when a parent is on index.json.
  for (size_t start = 0;;) {
    std::string_view s = domain.substr(start);
    size_t dot = s.find('.');
    if (dot == std::string_view::npos) break;
    bool hit = disposableWildcard().contains(s);
    if (!hit && disposableExact().contains(s)) hit = start == 0 || s.size() > publicSuffix(domain).size();
    if (hit) {
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
  const Hosts& hosts = mailHosts();
  if (domain.empty()) return {};
  const uint32_t mask = maskOf(domain);
  for (const Target& t : hosts.targets) {
    // (with the same tail, the names differ in the mask as the hosts do, or less)
    if (domain.size() + 1 < t.host.size() || domain.size() > t.host.size() + 1 || !nearMasks(mask, t.mask)) continue;
    if (t.anyTail) {
      if (!oneEditApart(domain, t.host)) continue;
    } else {
      // a country's host (hotmail.fr): its top-level domain as written (hotmail.fi is Finland's)
      if (domain.size() <= t.tail.size() || domain.substr(domain.size() - t.tail.size()) != t.tail) continue;
      std::string_view dname = domain.substr(0, domain.size() - t.tail.size());
      if (dname.find('.') != std::string_view::npos || !oneEditApart(dname, t.name)) continue;
    }
    return hosts.isKnown(domain) ? std::string_view() : t.host;
  }
  // A known .com host with a misspelt top-level domain: aol.con -> aol.com.
  size_t last = domain.rfind('.');
  if (last == std::string_view::npos || last == 0) return {};
  std::string_view tld = domain.substr(last + 1), name = domain.substr(0, last);
  if (tld.size() > 4) return {};
  bool comTypo = false;
  for (std::string_view c : hosts.comTypos) {  // 2-4 bytes each: compared here, not by memcmp
    bool same = c.size() == tld.size();
    for (size_t i = 0; same && i < c.size(); ++i) same = c[i] == tld[i];
    if ((comTypo = same)) break;
  }
  if (!comTypo) return {};
  for (std::string_view h : hosts.known)
    if (h.size() == name.size() + 4 && h.substr(0, name.size()) == name && h.substr(name.size()) == ".com") return h;
  return {};
}

}  // namespace leadroster
