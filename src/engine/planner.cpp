#include "engine/planner.h"

#include <cmath>
#include <cstdio>

#include "engine/campaign_id.h"
#include "engine/intake.h"
#include "result.h"
#include "providers/registry.h"
#include "normalize/text.h"
#include "normalize/uuid.h"

namespace leadroster {

// ---- Deduper

Deduper::Match Deduper::find(const std::vector<Identity>& ids) const {
  for (const auto& id : ids) {
    int64_t owner = index_.find(IdentityIndex::hashKey(id.kind, id.key));
    if (owner != IdentityIndex::kNone) return Match{owner, id.field};
  }
  return Match{};
}

std::vector<uint64_t> Deduper::add(const std::vector<Identity>& ids, int64_t owner) {
  std::vector<uint64_t> inserted;
  for (const auto& id : ids) {
    uint64_t h = IdentityIndex::hashKey(id.kind, id.key);
    if (index_.insert(h, owner)) inserted.push_back(h);
  }
  return inserted;
}

// ---- JSON helpers

std::string dumpJson(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void appendRowJson(std::string& out, int64_t index, std::string_view status, const std::string& leadJson,
                   const LeadCheck& check, int64_t duplicateOf, std::string_view matchedOn,
                   std::string_view extra) {
  out += "{\"index\":";
  out += std::to_string(index);
  out += ",\"status\":\"";
  out += status;
  out += "\",\"lead\":";
  out += leadJson;
  out += ",\"errors\":";
  appendProblems(out, check.errors);
  out += ",\"warnings\":";
  appendProblems(out, check.warnings);
  out += ",\"duplicateOf\":";
  if (duplicateOf == IdentityIndex::kNone) out += "null";
  else if (duplicateOf == IdentityIndex::kExisting) out += "\"existing\"";
  else out += std::to_string(duplicateOf);
  out += ",\"matchedOn\":";
  if (matchedOn.empty()) out += "null";
  else appendJsonString(out, matchedOn);
  out += extra;
  out += '}';
}

std::string requestPath(const Provider& p, const PlanOptions& o) {
  std::string_view tpl = p.pathTemplate;
  size_t at = tpl.find("{campaignId}");
  if (at == std::string_view::npos) return std::string(tpl);
  std::string path(tpl.substr(0, at));
  appendPathSegment(path, o.campaignId);  // one path segment, percent-encoded
  path += tpl.substr(at + 12);
  return path;
}

double minDurationSeconds(const RateLimit& limit, size_t requests) {
  if (limit.requests == 0 || !(limit.windowSeconds > 0)) return 0;
  // A token bucket of `burst` (else `requests`) tokens refilled at
  // requests/windowSeconds: the first `capacity` go at once, each further
  // request waits for a token. The shortest time the limit allows.
  size_t capacity = limit.burst ? limit.burst : limit.requests;
  if (requests <= capacity) return 0;
  return double(requests - capacity) * limit.windowSeconds / double(limit.requests);
}

std::string secondsJson(double seconds) {
  double ms = std::round(seconds * 1000);
  if (ms >= 9.0e15) ms = 9.0e15;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.0f", ms);
  std::string digits(buf);  // milliseconds, an integer
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  std::string out = digits.substr(0, digits.size() - 3);
  std::string frac = digits.substr(digits.size() - 3);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return out;
}

std::string headersJson(const Provider& p) {
  Json h = Json::object();
  for (const auto& hd : p.headers) h[std::string(hd.name)] = std::string(hd.placeholder);
  h["Content-Type"] = "application/json";
  return dumpJson(h);
}

// ---- Planner

namespace {
constexpr const char* kFinished = "the planner is finished; create a new one";
}  // namespace

std::unique_ptr<Planner> Planner::create(std::string_view providerId, std::string_view optionsJson,
                                         std::string& error) {
  PlanOptions opts;
  const Provider* p = resolveProvider(providerId, optionsJson, opts, error);
  if (!p) return nullptr;
  if (opts.campaignId.empty()) {
    error = "options.campaignId is required to build " + std::string(p->id) + " requests";
    return nullptr;
  }
  if (p->campaignIdFormat == Format::Uuid) {
    Normalized u = normalizeUuid(opts.campaignId);
    if (!u) {
      error = "options.campaignId must be a uuid for " + std::string(p->id) + ": " + u.message;
      return nullptr;
    }
    opts.campaignId = u.value;
  }
  return std::make_unique<Planner>(*p, std::move(opts));
}

Planner::Planner(const Provider& p, PlanOptions o) : provider_(p), options_(std::move(o)) {
  rules_ = provider_.identity(options_);
  path_ = requestPath(provider_, options_);
  headers_ = headersJson(provider_);
  switch (provider_.body) {
    case BodyShape::Lead: envelopeJson_ = "null"; break;
    case BodyShape::Leads:
      envelopeJson_ = "{}";
      envelopePrefix_ = "{\"leads\":[";
      break;
    case BodyShape::CampaignIdAndLeads: {
      std::string id;
      appendJsonString(id, options_.campaignId);
      envelopeJson_ = "{\"campaignId\":" + id + "}";
      envelopePrefix_ = "{\"campaignId\":" + id + ",\"leads\":[";
      break;
    }
  }
  // The campaign's existing leads seed the index (invalid ones cannot match anything).
  for (const auto& lead : options_.existing) {
    LeadCheck c = checkLead(provider_, lead, options_, rules_);
    dedup_.add(c.identities, IdentityIndex::kExisting);
  }
  options_.existing = Json::array();  // not needed any more
}

size_t Planner::bodyBytesWith(size_t leadBytes) const {
  if (provider_.body == BodyShape::Lead) return leadBytes;
  size_t n = batchIndexes_.size() + 1;
  return envelopePrefix_.size() + 2 /* ]} */ + batchLeadBytes_ + leadBytes + (n - 1) /* commas */;
}

void Planner::flush(std::string& out) {
  if (batchIndexes_.empty()) return;
  if (!out.empty()) out += ',';
  out += "{\"method\":\"";
  out += provider_.method;
  out += "\",\"path\":";
  appendJsonString(out, path_);
  out += ",\"headers\":";
  out += headers_;
  out += ",\"indexes\":[";
  for (size_t i = 0; i < batchIndexes_.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(batchIndexes_[i]);
  }
  out += "],\"envelope\":";
  out += envelopeJson_;
  if (options_.emitBodies) {
    out += ",\"body\":";
    if (provider_.body == BodyShape::Lead) {
      out += batchLeads_[0];
    } else {
      out += envelopePrefix_;
      for (size_t i = 0; i < batchLeads_.size(); ++i) {
        if (i) out += ',';
        out += batchLeads_[i];
      }
      out += "]}";
    }
  }
  out += '}';
  ++requests_;
  batchIndexes_.clear();
  batchLeads_.clear();
  batchLeadBytes_ = 0;
}

void Planner::processRow(const RowText& slice, std::string& rowsOut, std::string& requestsOut) {
  int64_t index = int64_t(next_++);
  LeadCheck check = slice.tooDeep ? LeadCheck{} : checkLead(provider_, slice.text, options_, rules_);
  if (slice.tooDeep)
    check.rowError(code::invalid_type, "the row nests objects or arrays more than " +
                                           std::to_string(kMaxNestingDepth) + " levels deep");
  std::string leadJson = check.lead.json();
  if (rowsOut.back() != '[') rowsOut += ',';
  // A lead that alone exceeds the body cap can never be sent: it is invalid, and
  // (like any invalid row) neither a duplicate nor an entry of the index.
  if (check.ok() && options_.maxBodyBytes &&
      (provider_.body == BodyShape::Lead ? leadJson.size() : envelopePrefix_.size() + 2 + leadJson.size()) >
          options_.maxBodyBytes)
    check.rowError(code::too_long, "the lead is " + std::to_string(leadJson.size()) +
                                       " bytes of JSON; it cannot fit a request body of maxBodyBytes " +
                                       std::to_string(options_.maxBodyBytes));
  if (!check.ok()) {
    ++invalid_;
    appendRowJson(rowsOut, index, "invalid", leadJson, check, IdentityIndex::kNone, {});
    return;
  }
  Deduper::Match m = dedup_.find(check.identities);
  if (m.owner != IdentityIndex::kNone) {
    dedup_.add(check.identities, m.owner);  // the cluster grows by what this row adds
    ++duplicate_;
    appendRowJson(rowsOut, index, "duplicate", leadJson, check, m.owner, m.matchedOn);
    return;
  }
  if (options_.maxBodyBytes && !batchIndexes_.empty() && bodyBytesWith(leadJson.size()) > options_.maxBodyBytes)
    flush(requestsOut);
  dedup_.add(check.identities, index);
  ++ok_;
  appendRowJson(rowsOut, index, "ok", leadJson, check, IdentityIndex::kNone, {});
  batchIndexes_.push_back(index);
  batchLeadBytes_ += leadJson.size();
  if (options_.emitBodies) batchLeads_.push_back(std::move(leadJson));
  if (batchIndexes_.size() >= options_.batchSize) flush(requestsOut);
}

void Planner::pushRows(const std::vector<RowText>& rows, std::string& out) {
  // Rows are written straight into `out` (a buffer the caller reuses across
  // pushes, so big answers cost no fresh allocation each time).
  out.clear();
  out.reserve(rows.size() * 320 + 64);
  out += "{\"rows\":[";
  requestsOut_.clear();
  for (const auto& r : rows) processRow(r, out, requestsOut_);
  out += "],\"requests\":[";
  out += requestsOut_;
  out += "]}";
}

void Planner::pushJsonArray(std::string_view text, std::string& out) {
  if (finished_) {
    out = fatalJson(kFinished);
    return;
  }
  rows_.clear();
  std::string error;
  if (!splitJsonArray(text, rows_, error)) {
    out = fatalJson(error);
    return;
  }
  pushRows(rows_, out);
}

void Planner::pushNdjson(std::string_view text, std::string& out) {
  if (finished_) {
    out = fatalJson(kFinished);
    return;
  }
  rows_.clear();
  splitNdjson(text, rows_);
  pushRows(rows_, out);
}

std::string Planner::pushJsonArray(std::string_view text) {
  std::string out;
  pushJsonArray(text, out);
  return out;
}

std::string Planner::pushNdjson(std::string_view text) {
  std::string out;
  pushNdjson(text, out);
  return out;
}

std::string Planner::finish() {
  std::string requestsOut;
  if (!finished_) flush(requestsOut);
  finished_ = true;
  std::string out = "{\"requests\":[";
  out += requestsOut;
  out += "],\"summary\":{\"total\":" + std::to_string(next_) + ",\"ok\":" + std::to_string(ok_) +
         ",\"invalid\":" + std::to_string(invalid_) + ",\"duplicate\":" + std::to_string(duplicate_) +
         ",\"requests\":" + std::to_string(requests_) +
         ",\"minDurationSeconds\":" + secondsJson(minDurationSeconds(provider_.rateLimit, requests_)) + "}}";
  return out;
}

}  // namespace leadroster
