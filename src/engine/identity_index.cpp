#include "engine/identity_index.h"

#include <cstring>

namespace leadroster {

namespace {
inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
}  // namespace

uint64_t IdentityIndex::hashKey(KeyKind kind, std::string_view key) {
  // 64-bit hash, 8 bytes a step (murmur-style finalizer); collisions between
  // distinct keys are ~n^2/2^65 (about 3e-6 at 10 million keys).
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t(kind) + 1) * 0xD6E8FEB86659FD93ULL ^ key.size();
  size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, key.data() + i, 8);
    h = mix(h ^ w) * 0x9E3779B97F4A7C15ULL;
  }
  uint64_t tail = 0;
  for (size_t k = 0; i < key.size(); ++i, ++k) tail |= uint64_t((unsigned char)key[i]) << (8 * k);
  h = mix(h ^ tail ^ 0xA0761D6478BD642FULL);
  return h < 2 ? h + 2 : h;
}

IdentityIndex::~IdentityIndex() { release(); }

int64_t IdentityIndex::ownerAt(size_t slot) const {
  uint32_t o = *owners(slot);
  return o < kWide ? int64_t(o) - 1 : wide_[o - kWide];
}

void IdentityIndex::setOwner(size_t slot, int64_t owner) {
  if (owner >= -1 && owner < int64_t(kWide) - 1) {
    *owners(slot) = uint32_t(owner + 1);
  } else {
    *owners(slot) = kWide + uint32_t(wide_.size());
    wide_.push_back(owner);
  }
}

int64_t IdentityIndex::find(uint64_t hash) const {
  if (slots_ == 0) return kNone;
  size_t mask = slots_ - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t h = *hashes(i);
    if (h == hash) return ownerAt(i);
    if (h == 0) return kNone;
  }
}

bool IdentityIndex::insert(uint64_t hash, int64_t owner) {
  if ((used_ + 1) * 10 >= slots_ * 7) grow();
  size_t mask = slots_ - 1;
  size_t tomb = SIZE_MAX;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t& h = *hashes(i);
    if (h == hash) return false;
    if (h == 1 && tomb == SIZE_MAX) tomb = i;
    if (h == 0) {
      if (tomb != SIZE_MAX) {
        i = tomb;
      } else {
        ++used_;
      }
      *hashes(i) = hash;
      setOwner(i, owner);
      ++size_;
      return true;
    }
  }
}

bool IdentityIndex::erase(uint64_t hash) {
  if (slots_ == 0) return false;
  size_t mask = slots_ - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint64_t& h = *hashes(i);
    if (h == hash) {
      h = 1;
      --size_;
      return true;
    }
    if (h == 0) return false;
  }
}

// A zeroed page of pageSlots_ slots: one of `spare` (pages of that size) when there is one.
uint64_t* IdentityIndex::newPage(std::vector<uint64_t*>& spare) {
  uint64_t* p;
  if (!spare.empty()) {
    p = spare.back();
    spare.pop_back();
  } else {
    p = static_cast<uint64_t*>(::operator new(pageSlots_* kSlotBytes));
  }
  std::memset(p, 0, pageSlots_ * kSlotBytes);
  return p;
}

void IdentityIndex::grow() {
  size_t n = slots_ == 0 ? 1024 : slots_;
  while ((size_ + 1) * 10 >= n * 5) n *= 2;  // rehash to at most half full
  std::vector<uint64_t*> old;
  std::vector<uint64_t*> spare;  // old pages read, for the next new ones
  old.swap(pages_);
  const size_t oldPageSlots = pageSlots_;
  slots_ = n;
  pageSlots_ = n < kPageSlots ? n : kPageSlots;
  shift_ = 0;
  while ((size_t(1) << shift_) < pageSlots_) ++shift_;
  pageMask_ = pageSlots_ - 1;
  pages_.assign(n / pageSlots_, nullptr);
  size_ = used_ = 0;
  const size_t mask = n - 1;
  // Page by page: each entry goes where insert() would put it in the new table
  // (the new pages are made as they are first written), and each old page,
  // once read, becomes a spare for the next new page.
  for (uint64_t* page : old) {
    const uint32_t* own = reinterpret_cast<const uint32_t*>(page + oldPageSlots);
    for (size_t k = 0; k < oldPageSlots; ++k) {
      uint64_t hash = page[k];
      if (hash < 2) continue;
      for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint64_t*& dst = pages_[i >> shift_];
        if (!dst) dst = newPage(spare);
        uint64_t& h = dst[i & pageMask_];
        if (h == 0) {
          h = hash;
          reinterpret_cast<uint32_t*>(dst + pageSlots_)[i & pageMask_] =
              own[k];  // a wide owner keeps its place in wide_
          ++size_;
          ++used_;
          break;
        }
      }
    }
    if (oldPageSlots == pageSlots_)
      spare.push_back(page);
    else
      ::operator delete(page);
  }
  for (uint64_t*& page : pages_)
    if (!page) page = newPage(spare);
  for (uint64_t* page : spare) ::operator delete(page);
}

void IdentityIndex::release() {
  for (uint64_t* page : pages_) ::operator delete(page);
  pages_.clear();
}

void IdentityIndex::clear() {
  release();
  std::vector<uint64_t*>().swap(pages_);
  std::vector<int64_t>().swap(wide_);
  slots_ = pageSlots_ = shift_ = pageMask_ = 0;
  size_ = used_ = 0;
}

// ---- Deduper

Deduper::Match Deduper::find(const std::vector<Identity>& ids) const {
  for (const auto& id : ids) {
    int64_t owner = index_.find(key(id));
    if (owner != IdentityIndex::kNone) return Match{owner, id.field};
  }
  return Match{};
}

void Deduper::add(const std::vector<Identity>& ids, int64_t owner, std::vector<uint64_t>* inserted) {
  for (const auto& id : ids) {
    uint64_t h = key(id);
    if (index_.insert(h, owner) && inserted) inserted->push_back(h);
  }
}

}  // namespace leadroster
