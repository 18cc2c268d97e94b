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

int64_t IdentityIndex::find(uint64_t hash) const {
  if (slots_.empty()) return kNone;
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.hash == hash) return s.owner;
    if (s.hash == 0) return kNone;
  }
}

bool IdentityIndex::insert(uint64_t hash, int64_t owner) {
  if ((used_ + 1) * 10 >= slots_.size() * 7) grow();
  size_t mask = slots_.size() - 1;
  size_t tomb = SIZE_MAX;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.hash == hash) return false;
    if (s.hash == 1 && tomb == SIZE_MAX) tomb = i;
    if (s.hash == 0) {
      if (tomb != SIZE_MAX) {
        slots_[tomb] = Slot{hash, owner};
      } else {
        s = Slot{hash, owner};
        ++used_;
      }
      ++size_;
      return true;
    }
  }
}

bool IdentityIndex::erase(uint64_t hash) {
  if (slots_.empty()) return false;
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.hash == hash) {
      s.hash = 1;
      --size_;
      return true;
    }
    if (s.hash == 0) return false;
  }
}

void IdentityIndex::grow() {
  size_t n = slots_.empty() ? 1024 : slots_.size();
  while ((size_ + 1) * 10 >= n * 5) n *= 2;  // rehash to at most half full
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(n, Slot{});
  size_ = used_ = 0;
  for (const Slot& s : old)
    if (s.hash >= 2) insert(s.hash, s.owner);
}

void IdentityIndex::clear() {
  std::vector<Slot>().swap(slots_);
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
