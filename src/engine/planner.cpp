#include "engine/planner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/campaign_id.h"
#include "engine/intake.h"
#include "json/json_writer.h"
#include "result.h"
#include "normalize/text.h"
#include "normalize/uuid.h"

namespace leadroster {

// ---- JSON helpers

void appendRowJson(std::string& out, int64_t index, std::string_view status, const std::string& leadJson,
                   const LeadCheck& check, int64_t duplicateOf, std::string_view matchedOn, std::string_view extra,
                   int64_t line, int64_t duplicateOfLine) {
  out += "{\"index\":";
  out += std::to_string(index);
  if (line > 0) {
    out += ",\"line\":";
    out += std::to_string(line);
  }
  out += ",\"status\":\"";
  out += status;
  out += "\",\"lead\":";
  out += leadJson;
  out += ",\"errors\":";
  appendProblems(out, check.errors);
  out += ",\"warnings\":";
  appendProblems(out, check.warnings);
  out += ",\"duplicateOf\":";
  if (duplicateOf == IdentityIndex::kNone)
    out += "null";
  else if (duplicateOf == IdentityIndex::kExisting)
    out += "\"existing\"";
  else
    out += std::to_string(duplicateOf);
  if (line > 0) {
    out += ",\"duplicateOfLine\":";
    if (duplicateOfLine > 0)
      out += std::to_string(duplicateOfLine);
    else
      out += "null";
  }
  out += ",\"matchedOn\":";
  if (matchedOn.empty())
    out += "null";
  else
    appendJsonString(out, matchedOn);
  out += extra;
  out += '}';
}

std::string requestPath(const Provider& p, const PlanOptions& o) {
  std::string_view tpl = p.pathTemplate;
  size_t at = tpl.find(kCampaignIdPlaceholder);
  std::string path;
  if (at == std::string_view::npos) {
    path = std::string(tpl);
  } else {
    path = std::string(tpl.substr(0, at));
    appendPathSegment(path, o.campaignId);  // one path segment, percent-encoded
    path += tpl.substr(at + kCampaignIdPlaceholder.size());
  }
  if (p.pathQuery) {
    std::string q = p.pathQuery(o);
    if (!q.empty()) path += (path.find('?') == std::string::npos ? "?" : "&") + q;
  }
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

Result<std::unique_ptr<Planner>> Planner::create(const Provider& provider, std::string_view optionsJson) {
  Result<Configured> c = configure(provider, optionsJson);
  if (!c) return c.error();
  const Provider& p = *c.value().provider;
  PlanOptions& opts = c.value().options;
  if (opts.campaignId.empty())
    return Error{code::missing_field, "options.campaignId is required to build " + std::string(p.id) + " requests",
                 "campaignId"};
  if (p.campaignIdFormat == Format::Uuid) {
    Normalized u = normalizeUuid(opts.campaignId);
    if (!u)
      return Error{code::invalid_value,
                   "options.campaignId must be a uuid for " + std::string(p.id) + ": " + u.error().message,
                   "campaignId"};
    opts.campaignId = u.value();
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
    case BodyShape::Envelope: {
      // The provider's members first, then its leads array: {"campaign_id":"..",...,"leads":[
      Json env = provider_.envelope ? provider_.envelope(options_) : Json::object();
      if (!env.is_object()) env = Json::object();
      env.erase(std::string(provider_.leadsKey));
      envelopeJson_ = dumpJson(env);
      envelopePrefix_ = envelopeJson_.substr(0, envelopeJson_.size() - 1);  // without its }
      if (!env.empty()) envelopePrefix_ += ',';
      appendJsonString(envelopePrefix_, provider_.leadsKey);
      envelopePrefix_ += ":[";
      break;
    }
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
  for (size_t i = 0; i < options_.suppressed.size(); ++i) {
    const auto& s = options_.suppressed[i];
    KeyKind kind = s.kind == 'e'   ? KeyKind::Email
                   : s.kind == 'p' ? KeyKind::Phone
                   : s.kind == 'l' ? KeyKind::LinkedIn
                                   : KeyKind::Id;
    suppress_.insert(IdentityIndex::hashKey(kind, s.kind == 'd' ? "@" + s.value : s.value), int64_t(i));
  }
}

int64_t Planner::suppressedBy(const LeadCheck& check) const {
  if (suppress_.size() == 0) return IdentityIndex::kNone;
  std::string key;
  for (const FieldSpec& f : provider_.fields) {
    KeyKind kind;
    if (f.format == Format::Email)
      kind = KeyKind::Email;
    else if (f.format == Format::Phone)
      kind = KeyKind::Phone;
    else if (f.format == Format::LinkedInProfile)
      kind = KeyKind::LinkedIn;
    else
      continue;
    const std::string* v = check.lead.string(f.path);
    if (!v || v->empty()) continue;
    key.assign(*v);
    if (kind == KeyKind::Email)
      for (char& c : key) c = text::toLower(c);
    int64_t hit = suppress_.find(IdentityIndex::hashKey(kind, key));
    if (hit != IdentityIndex::kNone) return hit;
    if (kind != KeyKind::Email) continue;
    // A suppressed domain: the email's host or any domain above it.
    size_t at = key.rfind('@');
    if (at == std::string::npos) continue;
    std::string_view d = std::string_view(key).substr(at + 1);
    while (!d.empty()) {
      hit = suppress_.find(IdentityIndex::hashKey(KeyKind::Id, "@" + std::string(d)));
      if (hit != IdentityIndex::kNone) return hit;
      size_t dot = d.find('.');
      if (dot == std::string_view::npos) break;
      d = d.substr(dot + 1);
    }
  }
  return IdentityIndex::kNone;
}

size_t Planner::bodyBytesWith(size_t leadBytes) const {
  if (provider_.body == BodyShape::Lead) return leadBytes;
  size_t n = batchIndexes_.size() + 1;
  return envelopePrefix_.size() + 2 /* ]} */ + batchLeadBytes_ + leadBytes + (n - 1) /* commas */;
}

void Planner::flush(Sink& sink) {
  if (batchIndexes_.empty()) return;
  std::string& out = *sink.requests;
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
  if (provider_.body == BodyShape::Envelope) {
    out += ",\"leadsKey\":";
    appendJsonString(out, provider_.leadsKey);
  }
  // The body: the batch's leads, written once per row, copied here once.
  std::string* dst = sink.lean ? sink.bodies : (options_.emitBodies ? &out : nullptr);
  if (dst) {
    if (!sink.lean) out += ",\"body\":";
    size_t before = dst->size();
    if (provider_.body == BodyShape::Lead) {
      *dst += batchBody_;
    } else {
      *dst += envelopePrefix_;
      *dst += batchBody_;
      *dst += "]}";
    }
    if (sink.lean) {
      out += ",\"bodyBytes\":";
      out += std::to_string(dst->size() - before);
    }
  }
  out += '}';
  ++requests_;
  batchIndexes_.clear();
  batchBody_.clear();
  batchLeadEnds_.clear();
  batchLeadBytes_ = 0;
}

void Planner::setLines(std::vector<int64_t> lines) {
  givenLines_ = std::move(lines);
  givenPos_ = 0;
}

void Planner::assignLines(std::vector<RowText>& rows, size_t from, bool own) {
  for (size_t k = from; k < rows.size(); ++k) {
    if (givenPos_ < givenLines_.size())
      rows[k].line = givenLines_[givenPos_++];
    else if (!own)
      rows[k].line = 0;
  }
  if (givenPos_ >= givenLines_.size() && !givenLines_.empty()) {
    givenLines_.clear();
    givenPos_ = 0;
  }
}

void Planner::processRow(const RowText& slice, Sink& sink) {
  int64_t index = int64_t(next_++);
  const int64_t line = slice.line > 0 ? slice.line : 0;
  if (sink.lean) {
    // lines as runs: a new run where this row's line does not continue the last one
    if (index != sink.runIndex || line != sink.runLine) {
      sink.lineRuns.push_back(index);
      sink.lineRuns.push_back(line);
    }
    sink.runIndex = index + 1;
    sink.runLine = line ? line + 1 : 0;
  }
  LeadCheck& check = check_;  // reused row after row: its memory is kept
  checkRowInto(provider_, slice, options_, rules_, check);
  std::string& leadJson = leadBuf_;
  leadJson.clear();
  check.lead.appendJson(leadJson);
  std::string& rowsOut = *sink.rows;
  auto rowComma = [&] {
    if (!rowsOut.empty() && rowsOut.back() != '[') rowsOut += ',';
  };
  // A lead that alone exceeds the body cap can never be sent: it is invalid, and
  // (like any invalid row) neither a duplicate nor an entry of the index.
  if (check.ok() && options_.maxBodyBytes &&
      (provider_.body == BodyShape::Lead ? leadJson.size() : envelopePrefix_.size() + 2 + leadJson.size()) >
          options_.maxBodyBytes) {
    check.rowError(code::too_long, "the lead is " + std::to_string(leadJson.size()) +
                                       " bytes of JSON; it cannot fit a request body of at most " +
                                       std::to_string(options_.maxBodyBytes) + " bytes");
    check.errors.back().hint = "the request body limit is the maxBodyBytes option";
  }
  if (!check.ok()) {
    ++invalid_;
    rowComma();
    appendRowJson(rowsOut, index, "invalid", leadJson, check, IdentityIndex::kNone, {}, {}, line);
    return;
  }
  // A suppressed lead is never planned, whatever else it is (it joins no cluster).
  if (int64_t s = suppressedBy(check); s != IdentityIndex::kNone) {
    ++suppressed_;
    rowComma();
    appendRowJson(rowsOut, index, "suppressed", leadJson, check, IdentityIndex::kNone, {},
                  ",\"suppressedBy\":" + std::to_string(s), line);
    return;
  }
  Deduper::Match m = dedup_.find(check.identities);
  if (m.owner != IdentityIndex::kNone) {
    dedup_.add(check.identities, m.owner);  // the cluster grows by what this row adds
    ++duplicate_;
    rowComma();
    int64_t ownerLine = m.owner >= 0 && size_t(m.owner) < lineOf_.size() ? int64_t(lineOf_[size_t(m.owner)]) : 0;
    appendRowJson(rowsOut, index, "duplicate", leadJson, check, m.owner, m.matchedOn, {}, line, ownerLine);
    return;
  }
  if (options_.maxBodyBytes && !batchIndexes_.empty() && bodyBytesWith(leadJson.size()) > options_.maxBodyBytes)
    flush(sink);
  dedup_.add(check.identities, index);
  ++ok_;
  if (line > 0 && line <= int64_t(UINT32_MAX)) {  // a later duplicate names this line
    if (lineOf_.size() <= size_t(index)) lineOf_.resize(size_t(index) + 1, 0);
    lineOf_[size_t(index)] = uint32_t(line);
  }
  if (sink.lean) {
    // ok rows: an index range; their lead is in a body; warnings by reference.
    if (!sink.ok.empty() && sink.ok.back() == index)
      sink.ok.back() = index + 1;
    else {
      sink.ok.push_back(index);
      sink.ok.push_back(index + 1);
    }
    for (const Problem& w : check.warnings) {
      sink.key.clear();
      sink.key += w.field;
      sink.key += '\0';
      sink.key += w.code;
      sink.key += '\0';
      sink.key += w.message;
      sink.key += '\0';
      sink.key += w.dropped ? '1' : '0';
      sink.key += w.hint;
      sink.key += '\0';
      sink.key += w.suggestion;
      auto it = sink.warningIds.find(sink.key);
      int64_t id;
      if (it != sink.warningIds.end()) {
        id = it->second;
      } else {
        id = int64_t(sink.warningIds.size());
        sink.warningIds.emplace(sink.key, id);
        if (!sink.warnings.empty()) sink.warnings += ',';
        std::vector<Problem> one{w};
        std::string item;
        appendProblems(item, one);
        sink.warnings.append(item, 1, item.size() - 2);  // without [ ]
      }
      sink.okWarnings.push_back(index);
      sink.okWarnings.push_back(id);
      if (w.dropped && (sink.okDropped.empty() || sink.okDropped.back() != index)) sink.okDropped.push_back(index);
    }
  } else {
    rowComma();
    appendRowJson(rowsOut, index, "ok", leadJson, check, IdentityIndex::kNone, {}, {}, line);
  }
  if (!batchIndexes_.empty()) batchBody_ += ',';
  batchBody_ += leadJson;
  batchLeadEnds_.push_back(batchBody_.size());
  batchIndexes_.push_back(index);
  batchLeadBytes_ += leadJson.size();
  if (batchIndexes_.size() >= options_.batchSize) flush(sink);
}

void Planner::pushRows(const RowText* rows, size_t n, std::string& out) {
  // Rows are written straight into `out` (a buffer the caller reuses across
  // pushes, so big answers cost no fresh allocation each time).
  out.clear();
  out.reserve(n * 320 + 64);
  out += "{\"rows\":[";
  requestsOut_.clear();
  sink_.lean = false;
  sink_.rows = &out;
  sink_.requests = &requestsOut_;
  sink_.bodies = nullptr;
  for (size_t i = 0; i < n; ++i) processRow(rows[i], sink_);
  out += "],\"requests\":[";
  out += requestsOut_;
  out += "]}";
}

namespace {
void appendInts(std::string& out, const std::vector<int64_t>& v) {
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  out += ']';
}
}  // namespace

void Planner::pushRowsLean(const RowText* rows, size_t n, bool keepOpen, std::string& head, std::string& body) {
  head.clear();
  body.clear();
  rowsOut_.clear();
  requestsOut_.clear();
  sink_.lean = true;
  sink_.rows = &rowsOut_;
  sink_.requests = &requestsOut_;
  sink_.bodies = &body;
  sink_.ok.clear();
  sink_.okWarnings.clear();
  sink_.okDropped.clear();
  sink_.warnings.clear();
  sink_.warningIds.clear();
  sink_.lineRuns.clear();
  sink_.runIndex = -1;
  int64_t first = int64_t(next_);
  for (size_t i = 0; i < n; ++i) processRow(rows[i], sink_);
  // The leads of this call's ok rows still waiting for their request.
  std::vector<size_t> open;
  if (keepOpen) {
    for (size_t k = 0; k < batchIndexes_.size(); ++k) {
      if (batchIndexes_[k] < first) continue;
      size_t from = k == 0 ? 0 : batchLeadEnds_[k - 1] + 1;
      body.append(batchBody_, from, batchLeadEnds_[k] - from);
      open.push_back(batchLeadEnds_[k] - from);
    }
  }
  appendLeanHead(sink_, head, open);
}

void Planner::appendLeanHead(Sink& sink, std::string& head, const std::vector<size_t>& open) {
  head.reserve(rowsOut_.size() + requestsOut_.size() + sink.warnings.size() + 16 * sink.ok.size() + 128);
  head += "{\"rows\":[";
  head += rowsOut_;
  head += "],\"ok\":";
  appendInts(head, sink.ok);
  head += ",\"warnings\":[";
  head += sink.warnings;
  head += "],\"okWarnings\":";
  appendInts(head, sink.okWarnings);
  head += ",\"requests\":[";
  head += requestsOut_;
  head += "],\"lines\":";
  appendInts(head, sink.lineRuns);
  head += ",\"open\":[";
  for (size_t i = 0; i < open.size(); ++i) {
    if (i) head += ',';
    head += std::to_string(open[i]);
  }
  head += "]}";
}

void Planner::pushLean(std::string_view text, bool ndjson, bool keepOpen, std::string& head, std::string& body) {
  body.clear();
  if (finished_) {
    head = fatalJson(kFinished);
    return;
  }
  rows_.clear();
  if (ndjson) {
    ndjsonLine_ = splitNdjson(text, rows_, ndjsonLine_);
  } else {
    Status split = splitJsonArray(text, rows_);
    if (!split) {
      head = fatalJson(split.error());
      return;
    }
  }
  assignLines(rows_, 0, ndjson);
  pushRowsLean(rows_.data(), rows_.size(), keepOpen, head, body);
}

std::string Planner::finishedJson() { return fatalJson(kFinished); }

Status Planner::setInput(std::string_view text) {
  input_.clear();
  inputPos_ = 0;
  if (finished_) return kFinished;
  size_t i = 0;
  if (text.size() >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
      (unsigned char)text[2] == 0xBF)
    i = 3;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  if (i < text.size() && text[i] == '[') {
    Status split = splitJsonArray(text, input_);
    if (!split) {
      input_.clear();
      return split;
    }
  } else {
    splitNdjson(text, input_);
  }
  assignLines(input_, 0, true);
  return success();
}

void Planner::pushNext(size_t maxRows, bool keepOpen, std::string& head, std::string& body) {
  body.clear();
  if (finished_) {
    head = fatalJson(kFinished);
    return;
  }
  size_t n = std::min(maxRows ? maxRows : input_.size(), input_.size() - inputPos_);
  const RowText* rows = input_.data() + inputPos_;
  inputPos_ += n;
  pushRowsLean(rows, n, keepOpen, head, body);
  if (inputDone()) {
    input_.clear();
    input_.shrink_to_fit();
    inputPos_ = 0;
  }
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
  assignLines(rows_, 0, false);
  pushRows(rows_.data(), rows_.size(), out);
}

void Planner::pushNdjson(std::string_view text, std::string& out) {
  if (finished_) {
    out = fatalJson(kFinished);
    return;
  }
  rows_.clear();
  ndjsonLine_ = splitNdjson(text, rows_, ndjsonLine_);
  assignLines(rows_, 0, true);
  pushRows(rows_.data(), rows_.size(), out);
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

void Planner::appendSummary(std::string& out) const {
  out += "\"summary\":{\"total\":" + std::to_string(next_) + ",\"ok\":" + std::to_string(ok_) +
         ",\"invalid\":" + std::to_string(invalid_) + ",\"duplicate\":" + std::to_string(duplicate_) +
         (options_.hasSuppressed ? ",\"suppressed\":" + std::to_string(suppressed_) : std::string()) +
         ",\"requests\":" + std::to_string(requests_) +
         ",\"minDurationSeconds\":" + secondsJson(minDurationSeconds(provider_.rateLimit, requests_)) + "}";
}

std::string Planner::finish() {
  std::string requestsOut;
  if (!finished_) {
    sink_.lean = false;
    sink_.requests = &requestsOut;
    flush(sink_);
  }
  finished_ = true;
  std::string out = "{\"requests\":[";
  out += requestsOut;
  out += "],";
  appendSummary(out);
  out += '}';
  return out;
}

void Planner::finishLean(std::string& head, std::string& body) {
  body.clear();
  requestsOut_.clear();
  if (!finished_) {
    sink_.lean = true;
    sink_.requests = &requestsOut_;
    sink_.bodies = &body;
    flush(sink_);
  }
  finished_ = true;
  input_.clear();
  head = "{\"requests\":[";
  head += requestsOut_;
  head += "],";
  appendSummary(head);
  head += '}';
}

}  // namespace leadroster
