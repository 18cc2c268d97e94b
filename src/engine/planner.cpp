#include "engine/planner.h"

#include "engine/intake.h"
#include "result.h"
#include "providers/registry.h"
#include "normalize/text.h"
#include "normalize/uuid.h"

namespace leadroster {

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
  std::string path(p.pathTemplate);
  size_t at = path.find(kCampaignIdPlaceholder);
  if (at != std::string::npos) path.replace(at, kCampaignIdPlaceholder.size(), o.campaignId);
  return path;
}

std::string headersJson(const Provider& p) {
  Json h = Json::object();
  for (const auto& hd : p.headers) h[std::string(hd.name)] = std::string(hd.placeholder);
  h["Content-Type"] = "application/json";
  return dumpJson(h);
}

// ---- Planner

namespace {
const Error kFinished{code::invalid_state, "the planner is finished; create a new one", {}};
}  // namespace

Result<std::unique_ptr<Planner>> Planner::create(std::string_view providerId, std::string_view optionsJson) {
  Result<Configured> c = resolveProvider(providerId, optionsJson);
  if (!c) return c.error();
  const Provider& p = *c.value.provider;
  PlanOptions& opts = c.value.options;
  if (opts.campaignId.empty())
    return Error{code::missing_field, "options.campaignId is required to build " + std::string(p.id) + " requests",
                 "campaignId"};
  if (p.campaignIdFormat == Format::Uuid) {
    Normalized u = normalizeUuid(opts.campaignId);
    if (!u)
      return Error{code::invalid_value,
                   "options.campaignId must be a uuid for " + std::string(p.id) + ": " + u.message, "campaignId"};
    opts.campaignId = u.value;
  }
  return std::make_unique<Planner>(p, std::move(opts));
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
  LeadCheck check = checkRow(provider_, slice, options_, rules_);
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
  Status split = splitJsonArray(text, rows_);
  if (!split) {
    out = fatalJson(split.error());
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
         ",\"requests\":" + std::to_string(requests_) + "}}";
  return out;
}

}  // namespace leadroster
