// The streaming planner: rows in, per-row results and full requests out, with
// memory bounded by the dedup index plus one unfinished batch.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/identity_index.h"
#include "engine/intake.h"
#include "json/json.h"
#include "providers/provider.h"
#include "engine/check_lead.h"

namespace leadroster {

// Dedup by identity clusters: a row that matches a cluster is a duplicate of
// the cluster's first row, and identities it carries that the index lacks
// join that cluster. Clusters never merge.
class Deduper {
 public:
  struct Match {
    int64_t owner = IdentityIndex::kNone;  // row index, or kExisting
    std::string_view matchedOn;
  };
  Match find(const std::vector<Identity>& ids) const;
  // Records the identities of an accepted row (owner = its index) or of a
  // duplicate (owner = its cluster's owner); returns the hashes inserted.
  std::vector<uint64_t> add(const std::vector<Identity>& ids, int64_t owner);
  IdentityIndex& index() { return index_; }
  const IdentityIndex& index() const { return index_; }

 private:
  IdentityIndex index_;
};

// Appends one plan row result as JSON.
void appendRowJson(std::string& out, int64_t index, std::string_view status, const std::string& leadJson,
                   const LeadCheck& check, int64_t duplicateOf, std::string_view matchedOn,
                   std::string_view extra = {});

std::string dumpJson(const Json& j);

// The path with the campaign id filled in.
std::string requestPath(const Provider& p, const PlanOptions& o);
// The shortest time the provider's documented rate limit allows for `requests`
// add-lead requests (0 when none is documented).
double minDurationSeconds(const RateLimit& limit, size_t requests);
// A number of seconds as JSON, to the millisecond ("150", "0.6").
std::string secondsJson(double seconds);
// {"Authorization":"Bearer YOUR_API_KEY"}
std::string headersJson(const Provider& p);

class Planner {
 public:
  // Returns nullptr and sets `error` (naming the argument) when the provider or options are bad.
  static std::unique_ptr<Planner> create(std::string_view provider, std::string_view optionsJson,
                                         std::string& error);
  Planner(const Provider& p, PlanOptions o);

  // A chunk of rows as a JSON array (JS callers) or NDJSON text (files).
  // Returns {"rows":[...],"requests":[...]} or {"fatal":"..."} when the text is not an array.
  std::string pushJsonArray(std::string_view text);
  std::string pushNdjson(std::string_view text);
  // The same, written into `out` (cleared first; its capacity is reused).
  void pushJsonArray(std::string_view text, std::string& out);
  void pushNdjson(std::string_view text, std::string& out);
  // {"requests":[...],"summary":{...}}
  std::string finish();

  const Provider& provider() const { return provider_; }
  size_t rowsSeen() const { return next_; }
  size_t indexBytes() const { return dedup_.index().memoryBytes(); }

 private:
  void pushRows(const std::vector<RowText>& rows, std::string& out);
  void processRow(const RowText& slice, std::string& rowsOut, std::string& requestsOut);
  void flush(std::string& requestsOut);
  size_t bodyBytesWith(size_t leadBytes) const;

  const Provider& provider_;
  PlanOptions options_;
  IdentityRules rules_;
  Deduper dedup_;
  std::string path_, headers_, envelopePrefix_, envelopeJson_;
  size_t next_ = 0;
  size_t ok_ = 0, invalid_ = 0, duplicate_ = 0, requests_ = 0;
  // the unfinished batch
  std::vector<int64_t> batchIndexes_;
  std::vector<std::string> batchLeads_;  // kept only when options_.emitBodies
  size_t batchLeadBytes_ = 0;
  bool finished_ = false;
  std::vector<RowText> rows_;  // scratch: the slices of the current push
  std::string requestsOut_;    // scratch: the requests the current push completes
};

}  // namespace leadroster
