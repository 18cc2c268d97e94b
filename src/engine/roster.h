// One campaign's roster: the leads, an identity index for O(1) dedup, paging,
// patch, remove and the draft/launched state.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/planner.h"

namespace leadroster {

class Roster {
 public:
  // The roster (seeded with options.existing), or the Error naming the bad argument.
  static Result<std::unique_ptr<Roster>> create(const Provider& provider, std::string_view optionsJson);
  Roster(const Provider& p, PlanOptions o);

  // rows: a JSON array. Returns {"rows":[...]} (plan-style rows; ok rows carry "id"),
  // or a fatal (fatalJson) when rows is not an array. All-or-nothing per row.
  std::string add(std::string_view rowsJson);
  // query: {"status"?, "page"? (from 1), "limit"? (1..200, default 50)}.
  // Returns {"leads":[{"id","status","lead"}...],"total","page","limit"} or {"fatal":...}.
  std::string list(std::string_view queryJson) const;
  // fields: an object merged into the lead (null removes a key); the result is
  // validated again. {"ok":true,"lead":...} or {"ok":false,"code","message","errors"?}.
  std::string patch(std::string_view id, std::string_view fieldsJson);
  // {"ids":[...]} (at most 500) or {"all":true}. {"ok":true,"removed":n,"notFound":[...]}.
  std::string remove(std::string_view argJson);
  // Moves the campaign out of draft. {"ok":true,"state":"launched"}.
  std::string launch();
  size_t size() const { return live_; }
  bool launched() const { return launched_; }

 private:
  struct Entry {
    std::string id;
    std::string leadJson;
    std::vector<uint64_t> hashes;  // every index key owned by this lead's cluster
    uint8_t status = 0;            // index into statuses_
    bool alive = false;
  };
  std::string frozenMessage() const;
  std::string makeId(size_t slot) const;
  uint8_t statusCode(std::string_view s);

  const Provider& provider_;
  PlanOptions options_;
  IdentityRules rules_;
  Deduper dedup_;  // identity hash -> slot of the cluster's owner
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> slotById_;
  std::vector<std::string> statuses_;
  size_t live_ = 0;
  bool launched_ = false;
  bool seeding_ = false;  // create() adding options.existing: the campaign's own leads
};

}  // namespace leadroster
