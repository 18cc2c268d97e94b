// Direct tests of src/engine/identity_index.cpp: the paged table against a
// std::unordered_map, through grows (pages smaller than, then as big as, a
// full page), erases (tombstones), owners that do not fit 32 bits, and clear().
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/identity_index.h"

using leadroster::IdentityIndex;

namespace {

uint64_t hashOf(uint64_t k) { return IdentityIndex::hashKey(leadroster::KeyKind(0), std::to_string(k)); }

void expectSame(const IdentityIndex& index, const std::unordered_map<uint64_t, int64_t>& model, uint64_t keys) {
  ASSERT_EQ(index.size(), model.size());
  for (uint64_t k = 0; k < keys; ++k) {
    uint64_t h = hashOf(k);
    auto it = model.find(h);
    ASSERT_EQ(index.find(h), it == model.end() ? IdentityIndex::kNone : it->second) << "key " << k;
  }
}

}  // namespace

TEST(IdentityIndex, MatchesAMapThroughGrowsErasesAndWideOwners) {
  IdentityIndex index;
  std::unordered_map<uint64_t, int64_t> model;
  EXPECT_EQ(index.find(hashOf(1)), IdentityIndex::kNone);
  EXPECT_FALSE(index.erase(hashOf(1)));
  std::mt19937_64 rng(19);
  const uint64_t keys = 60000;  // past several grows, to many full pages
  const int64_t owners[] = {
      IdentityIndex::kExisting, 0, 4026531838LL, 4026531839LL, 4294967295LL, 5000000000LL, INT64_MAX, -2};
  for (int step = 0; step < 200000; ++step) {
    uint64_t k = rng() % keys;
    uint64_t h = hashOf(k);
    unsigned op = unsigned(rng() % 10);
    if (op < 7) {
      int64_t owner = rng() % 4 == 0 ? owners[rng() % 8] : int64_t(rng() % 1000000);
      bool inserted = model.emplace(h, owner).second;
      ASSERT_EQ(index.insert(h, owner), inserted) << "step " << step;
    } else if (op < 9) {
      ASSERT_EQ(index.erase(h), model.erase(h) == 1) << "step " << step;
    } else {
      auto it = model.find(h);
      ASSERT_EQ(index.find(h), it == model.end() ? IdentityIndex::kNone : it->second) << "step " << step;
    }
  }
  expectSame(index, model, keys);
  EXPECT_GE(index.memoryBytes(), index.size() * 12);
  index.clear();
  model.clear();
  expectSame(index, model, 100);
  EXPECT_EQ(index.memoryBytes(), 0u);
  for (uint64_t k = 0; k < 20000; ++k) {
    ASSERT_TRUE(index.insert(hashOf(k), int64_t(k) * 3 + (k % 5 == 0 ? 5000000000LL : 0)));
    model.emplace(hashOf(k), int64_t(k) * 3 + (k % 5 == 0 ? 5000000000LL : 0));
  }
  expectSame(index, model, 25000);
}
