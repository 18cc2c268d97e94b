// The dedup index: fixed-size 64-bit hashes of identity keys -> the index of
// the row that owns the cluster (or kExisting for the campaign's own leads).
// Open addressing, linear probing: 16 bytes a slot, O(1) lookups, no strings kept.
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

  // The hash of one identity; the kind is mixed in so an email never equals a phone.
  static uint64_t hashKey(KeyKind kind, std::string_view key);

  // The owner of `hash`, or kNone.
  int64_t find(uint64_t hash) const;
  // Maps hash -> owner unless present. Returns true when inserted.
  bool insert(uint64_t hash, int64_t owner);
  // Removes hash (used by the roster). Returns true when it was present.
  bool erase(uint64_t hash);
  size_t size() const { return size_; }
  size_t memoryBytes() const { return slots_.capacity() * sizeof(Slot); }
  void clear();

 private:
  struct Slot {
    uint64_t hash = 0;  // 0 = empty, 1 = erased (real hashes are >= 2)
    int64_t owner = 0;
  };
  void grow();
  std::vector<Slot> slots_;
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
