#include "engine/roster.h"

#include <algorithm>
#include <cstdio>

#include "engine/intake.h"
#include "result.h"
#include "normalize/text.h"

namespace leadroster {

namespace {
constexpr size_t kMaxRemoveIds = 500;
constexpr size_t kMaxListLimit = 200;
constexpr size_t kDefaultListLimit = 50;

std::string failure(const char* c, const std::string& message) {
  std::string out = "{\"ok\":false,\"code\":";
  appendJsonString(out, c);
  out += ",\"message\":";
  appendJsonString(out, message);
  out += '}';
  return out;
}
}  // namespace

Result<std::unique_ptr<Roster>> Roster::create(const Provider& provider, std::string_view optionsJson) {
  Result<Configured> c = configure(provider, optionsJson);
  if (!c) return c.error();
  auto r = std::make_unique<Roster>(*c.value().provider, std::move(c.value().options));
  if (!r->options_.existing.empty()) {
    std::string existing = dumpJson(r->options_.existing);
    r->options_.existing = Json::array();
    r->seeding_ = true;
    r->add(existing);
    r->seeding_ = false;
  }
  return r;
}

Roster::Roster(const Provider& p, PlanOptions o) : provider_(p), options_(std::move(o)) {
  rules_ = provider_.identity(options_);
  statuses_.emplace_back(provider_.statusBeforeLaunch);
}

uint8_t Roster::statusCode(std::string_view s) {
  for (size_t i = 0; i < statuses_.size(); ++i)
    if (statuses_[i] == s) return uint8_t(i);
  statuses_.emplace_back(s);
  return uint8_t(statuses_.size() - 1);
}

std::string Roster::makeId(size_t slot) const {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012zx", slot + 1);
  return buf;
}

std::string Roster::frozenMessage() const {
  return "the " + std::string(provider_.id) + " campaign has been launched: its roster is frozen and cannot be changed";
}

std::string Roster::add(std::string_view rowsJson) {
  std::vector<RowText> rows;
  Status split = splitJsonArray(rowsJson, rows);
  if (!split) return fatalJson(split.error());
  // The page's per-call limit (the campaign's existing leads are not a call).
  if (provider_.rosterAddMax && !seeding_ && (rows.empty() || rows.size() > provider_.rosterAddMax))
    return fatalJson(Error{code::invalid_value,
                           "rows must hold 1 to " + std::to_string(provider_.rosterAddMax) + " leads per add for " +
                               std::string(provider_.id) + ", not " + std::to_string(rows.size()),
                           {}});
  std::string out = "{\"rows\":[";
  const size_t batchStart = entries_.size();
  std::vector<int64_t> rowOfSlot;  // slot - batchStart -> row index
  int64_t index = 0;
  for (const auto& slice : rows) {
    if (index) out += ',';
    LeadCheck check;
    if (launched_ && provider_.freezesOnLaunch)
      check.rowError(code::roster_frozen, frozenMessage());
    else
      check = checkRow(provider_, slice, options_, rules_);
    std::string leadJson = check.lead.json();
    // Existing leads are already in the campaign: like a plan's, they count by
    // their valid identities, whatever else they lack.
    if (!check.ok() && !(seeding_ && !check.identities.empty())) {
      appendRowJson(out, index, "invalid", leadJson, check, IdentityIndex::kNone, {});
      ++index;
      continue;
    }
    Deduper::Match m = dedup_.find(check.identities);
    if (m.owner != IdentityIndex::kNone) {
      const int64_t ownerSlot = m.owner;
      Entry& owner = entries_[size_t(ownerSlot)];
      dedup_.add(check.identities, ownerSlot, &owner.hashes);  // the cluster grows
      int64_t dupOf =
          size_t(ownerSlot) >= batchStart ? rowOfSlot[size_t(ownerSlot) - batchStart] : IdentityIndex::kExisting;
      std::string extra;
      if (dupOf == IdentityIndex::kExisting) {
        extra = ",\"existingId\":";
        appendJsonString(extra, owner.id);
      }
      appendRowJson(out, index, "duplicate", leadJson, check, dupOf, m.matchedOn, extra);
      ++index;
      continue;
    }
    size_t slot = entries_.size();
    Entry e;
    e.id = makeId(slot);
    e.alive = true;
    e.status = statusCode(launched_ ? provider_.statusWhenLaunched : provider_.statusBeforeLaunch);
    dedup_.add(check.identities, int64_t(slot), &e.hashes);
    std::string extra = ",\"id\":";
    appendJsonString(extra, e.id);
    appendRowJson(out, index, "ok", leadJson, check, IdentityIndex::kNone, {}, extra);
    e.leadJson = std::move(leadJson);
    slotById_.emplace(e.id, slot);
    entries_.push_back(std::move(e));
    rowOfSlot.push_back(index);
    ++live_;
    ++index;
  }
  out += "]}";
  return out;
}

std::string Roster::list(std::string_view queryJson) const {
  auto bad = [](const char* c, std::string message, const char* key) {
    return fatalJson(Error{c, std::move(message), key});
  };
  Json q;
  if (!queryJson.empty()) {
    Result<Json> doc = parseDocument(queryJson);
    if (!doc) return bad(code::invalid_type, "query: " + doc.error().message, "");
    q = std::move(doc.value());
  }
  std::string status;
  size_t page = 1, limit = kDefaultListLimit;
  if (q.is_object()) {
    if (q.contains("status") && !q["status"].is_null()) {
      if (!q["status"].is_string()) return bad(code::invalid_type, "query.status must be a string", "status");
      status = q["status"].get<std::string>();
    }
    if (q.contains("page") && !q["page"].is_null()) {
      if (!q["page"].is_number() || q["page"].get<double>() < 1 || q["page"].get<double>() > 9007199254740991.0)
        return bad(q["page"].is_number() ? code::invalid_value : code::invalid_type,
                   "query.page must be a number from 1", "page");
      page = size_t(q["page"].get<double>());
    }
    if (q.contains("limit") && !q["limit"].is_null()) {
      if (!q["limit"].is_number() || q["limit"].get<double>() < 1 || q["limit"].get<double>() > double(kMaxListLimit))
        return bad(q["limit"].is_number() ? code::invalid_value : code::invalid_type,
                   "query.limit must be between 1 and 200", "limit");
      limit = size_t(q["limit"].get<double>());
    }
  } else if (!q.is_null()) {
    return bad(code::invalid_type, "query must be an object", "");
  }
  if (!status.empty() && !provider_.leadStatuses.empty() &&
      std::find(provider_.leadStatuses.begin(), provider_.leadStatuses.end(), status) == provider_.leadStatuses.end()) {
    std::string names;
    for (auto s : provider_.leadStatuses) names += (names.empty() ? "" : ", ") + std::string(s);
    return fatalJson(Error{code::invalid_value,
                           "query.status must be one of " + names + " for " + std::string(provider_.id) + "; got " +
                               text::quoteForMessage(status),
                           "status"});
  }
  int statusIndex = -1;
  if (!status.empty()) {
    for (size_t i = 0; i < statuses_.size(); ++i)
      if (statuses_[i] == status) statusIndex = int(i);
  }
  size_t skip = (page - 1) * limit, total = 0;
  std::string out = "{\"leads\":[";
  bool first = true;
  for (const auto& e : entries_) {
    if (!e.alive) continue;
    if (!status.empty() && int(e.status) != statusIndex) continue;
    if (total >= skip && total < skip + limit) {
      if (!first) out += ',';
      first = false;
      out += "{\"id\":";
      appendJsonString(out, e.id);
      out += ",\"status\":";
      appendJsonString(out, statuses_[e.status]);
      out += ",\"lead\":";
      out += e.leadJson;
      out += '}';
    }
    ++total;
  }
  out += "],\"total\":" + std::to_string(total) + ",\"page\":" + std::to_string(page) +
         ",\"limit\":" + std::to_string(limit) + "}";
  return out;
}

std::string Roster::patch(std::string_view id, std::string_view fieldsJson) {
  if (launched_ && provider_.freezesOnLaunch) return failure(code::roster_frozen, frozenMessage());
  auto found = slotById_.find(std::string(id));
  if (found == slotById_.end())
    return failure(code::invalid_value, "no lead with id " + text::quoteForMessage(id) + " in this roster");
  Result<Json> parsed = parseDocument(fieldsJson);
  if (!parsed || !parsed.value().is_object()) return failure(code::invalid_type, "fields must be a JSON object");
  const Json& fields = parsed.value();
  size_t slot = found->second;
  Entry& e = entries_[slot];
  Json lead = parseJson(e.leadJson, false);
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (it.value().is_null())
      lead.erase(it.key());
    else
      lead[it.key()] = it.value();
  }
  LeadCheck check = checkLead(provider_, lead, options_, rules_);
  if (!check.ok()) {
    std::string out = "{\"ok\":false,\"code\":";
    appendJsonString(out, check.errors[0].code);
    out += ",\"message\":";
    appendJsonString(out, check.errors[0].message);
    out += ",\"errors\":";
    appendProblems(out, check.errors);
    out += '}';
    return out;
  }
  // The new identities must not belong to another lead.
  std::vector<uint64_t> keys;
  for (const auto& ident : check.identities) {
    uint64_t h = Deduper::key(ident);
    int64_t owner = dedup_.index().find(h);
    if (owner != IdentityIndex::kNone && size_t(owner) != slot)
      return failure(code::invalid_value, std::string(ident.field) + " " + ident.key + " already belongs to lead " +
                                              entries_[size_t(owner)].id);
    keys.push_back(h);
  }
  // Only the lead's own identities are replaced: those its cluster gained from
  // duplicates stay with it (clusters grow, a patch does not shrink them).
  std::vector<uint64_t> own, kept;
  for (const auto& ident : checkLead(provider_, std::string_view(e.leadJson), options_, rules_).identities)
    own.push_back(Deduper::key(ident));
  for (uint64_t h : e.hashes) {
    if (std::find(own.begin(), own.end(), h) != own.end())
      dedup_.index().erase(h);
    else
      kept.push_back(h);
  }
  e.hashes = std::move(kept);
  for (uint64_t h : keys)
    if (dedup_.index().insert(h, int64_t(slot))) e.hashes.push_back(h);
  e.leadJson = check.lead.json();
  std::string out = "{\"ok\":true,\"id\":";
  appendJsonString(out, e.id);
  out += ",\"lead\":" + e.leadJson + ",\"warnings\":";
  appendProblems(out, check.warnings);
  out += '}';
  return out;
}

std::string Roster::remove(std::string_view argJson) {
  if (launched_ && provider_.freezesOnLaunch) return failure(code::roster_frozen, frozenMessage());
  Result<Json> parsed = parseDocument(argJson);
  if (!parsed || !parsed.value().is_object())
    return failure(code::invalid_type, "remove takes { ids: [...] } or { all: true }");
  const Json& arg = parsed.value();
  size_t removed = 0;
  if (arg.contains("all") && arg["all"] == true) {
    removed = live_;
    // Slots stay (emptied), so a new lead never gets the id of a removed one.
    for (auto& e : entries_) e = Entry{};
    slotById_.clear();
    dedup_.index().clear();
    live_ = 0;
    return "{\"ok\":true,\"removed\":" + std::to_string(removed) + ",\"notFound\":[]}";
  }
  if (!arg.contains("ids") || !arg["ids"].is_array())
    return failure(code::invalid_type, "remove takes { ids: [...] } or { all: true }");
  const Json& ids = arg["ids"];
  if (ids.empty() || ids.size() > kMaxRemoveIds)
    return failure(code::invalid_value, "ids must hold 1 to 500 lead ids, not " + std::to_string(ids.size()));
  for (const auto& v : ids)
    if (!v.is_string()) return failure(code::invalid_type, "ids must be strings");
  std::string notFound = "[";
  for (const auto& v : ids) {
    auto it = slotById_.find(v.get<std::string>());
    if (it == slotById_.end()) {
      if (notFound.size() > 1) notFound += ',';
      appendJsonString(notFound, v.get<std::string>());
      continue;
    }
    Entry& e = entries_[it->second];
    for (uint64_t h : e.hashes) dedup_.index().erase(h);
    e = Entry{};
    slotById_.erase(it);
    --live_;
    ++removed;
  }
  notFound += ']';
  return "{\"ok\":true,\"removed\":" + std::to_string(removed) + ",\"notFound\":" + notFound + "}";
}

std::string Roster::launch() {
  launched_ = true;
  if (provider_.statusWhenLaunched != provider_.statusBeforeLaunch) {
    uint8_t before = statusCode(provider_.statusBeforeLaunch);
    uint8_t after = statusCode(provider_.statusWhenLaunched);
    for (auto& e : entries_)
      if (e.alive && e.status == before) e.status = after;
  }
  return "{\"ok\":true,\"state\":\"launched\"}";
}

}  // namespace leadroster
