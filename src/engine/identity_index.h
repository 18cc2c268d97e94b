// The dedup index: fixed-size 64-bit hashes of identity keys -> the index of
// the row that owns the cluster (or kExisting for the campaign's own leads).
// Open addressing, linear probing, no strings kept: 12 bytes a slot (the hash,
// and the owner in 32 bits; an owner that does not fit is kept aside).
//
// The slots are in pages of up to kPageSlots. A grow rehashes page by page into
// pages allocated as they are first written, and each page read is reused for
// the next one needed: growing costs the new table and a few pages, not the old
// and the new tables side by side (a WASM memory never shrinks, so that pair
// would be the run's peak).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/check_lead.h"
#include "providers/provider.h"

namespace leadroster {

class IdentityIndex {
 public:
  static constexpr int64_t kExisting = -1;
  static constexpr int64_t kNone = INT64_MIN;

  IdentityIndex() = default;
  IdentityIndex(const IdentityIndex&) = delete;
  IdentityIndex& operator=(const IdentityIndex&) = delete;
  ~IdentityIndex();

  // The hash of one identity; the kind is mixed in so an email never equals a phone.
  static uint64_t hashKey(KeyKind kind, std::string_view key);

  // The owner of `hash`, or kNone.
  int64_t find(uint64_t hash) const;
  // Maps hash -> owner unless present. Returns true when inserted.
  bool insert(uint64_t hash, int64_t owner);
  // Removes hash (used by the roster). Returns true when it was present.
  bool erase(uint64_t hash);
  size_t size() const { return size_; }
  size_t memoryBytes() const { return pages_.size() * pageSlots_ * kSlotBytes; }
  void clear();

 private:
  static constexpr size_t kPageShift = 13;
  static constexpr size_t kPageSlots = size_t(1) << kPageShift;
  static constexpr size_t kSlotBytes = sizeof(uint64_t) + sizeof(uint32_t);
  // A page: pageSlots_ hashes (0 = empty, 1 = erased, real hashes are >= 2),
  // then as many owners: owner + 1 below kWide, else kWide + the owner's place
  // in wide_ (an owner past 4e9 rows: never seen in practice, but kept exact).
  static constexpr uint32_t kWide = 0xF0000000u;
  uint64_t* hashes(size_t slot) const { return pages_[slot >> shift_] + (slot & pageMask_); }
  uint32_t* owners(size_t slot) const {
    return reinterpret_cast<uint32_t*>(pages_[slot >> shift_] + pageSlots_) + (slot & pageMask_);
  }
  int64_t ownerAt(size_t slot) const;
  void setOwner(size_t slot, int64_t owner);
  uint64_t* newPage(std::vector<uint64_t*>& spare);
  void grow();
  void release();
  std::vector<uint64_t*> pages_;  // nullptr only inside grow(): a page not written yet
  std::vector<int64_t> wide_;     // owners outside [-1, kWide - 2]
  size_t slots_ = 0;              // a power of two (or 0)
  size_t pageSlots_ = 0;          // min(slots_, kPageSlots)
  size_t shift_ = 0;              // log2(pageSlots_)
  size_t pageMask_ = 0;
  size_t size_ = 0;
  size_t used_ = 0;  // size_ + tombstones
};

// Dedup by identity clusters, over one IdentityIndex: the one identity
// matcher of the planner and the roster. A lead that matches a cluster is a
// duplicate of the cluster's owner, and identities it carries that the index
// lacks join that cluster. Clusters never merge. The owner is whatever the
// caller counts by: a row index for the planner, a slot for the roster, or
// IdentityIndex::kExisting.
class Deduper {
 public:
  struct Match {
    int64_t owner = IdentityIndex::kNone;
    std::string_view matchedOn;  // the provider field of the identity that matched
  };
  static uint64_t key(const Identity& id) { return id.hash ? id.hash : IdentityIndex::hashKey(id.kind, id.key); }

  // The first identity (in the provider's dedup key order) that the index knows.
  Match find(const std::vector<Identity>& ids) const;
  // Records the identities under `owner` (a new cluster, or one that grows);
  // the hashes actually inserted are appended to `inserted` when given.
  void add(const std::vector<Identity>& ids, int64_t owner, std::vector<uint64_t>* inserted = nullptr);
  IdentityIndex& index() { return index_; }
  const IdentityIndex& index() const { return index_; }

 private:
  IdentityIndex index_;
};

}  // namespace leadroster
