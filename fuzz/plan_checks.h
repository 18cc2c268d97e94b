// Plan invariants (fuzz_planner): planner / roster / validator outputs are
// valid JSON of the documented shape: rows indexed in order, statuses
// consistent with their errors, every ok row in exactly one request (in order,
// at most batchSize a request, body within maxBodyBytes), sent values in their
// normalized form, summary counts that add up, fatals structured
// ({"fatal":{"option","code","message"}}).
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "engine/planner.h"
#include "engine/roster.h"
#include "harness_common.h"
#include "normalize/domain.h"
#include "normalize/email.h"
#include "normalize/linkedin.h"
#include "normalize/phone.h"
#include "normalize/uuid.h"
#include "providers/registry.h"

namespace fuzzcheck {

// ---- planner, roster, validator

// A row's problem codes are the engine's documented error and warning codes
// (src/result.h lists them once; this list had drifted from it).
inline bool isKnownCode(const std::string& c) {
  namespace k = leadroster::code;
  for (const char* x : k::errorCodes)
    if (c == x) return true;
  for (const char* x : k::warningCodes)
    if (c == x) return true;
  return false;
}

inline std::string checkProblems(const JsonT& list, const std::string& where) {
  if (!list.is_array()) return where + " is not an array";
  for (const auto& p : list) {
    if (!p.is_object() || !p.contains("field") || !p.contains("code") || !p.contains("message"))
      return where + " holds a malformed problem: " + p.dump();
    if (!p["field"].is_null() && !p["field"].is_string()) return where + ": field is not a string or null";
    if (!p["code"].is_string() || !isKnownCode(p["code"].get<std::string>()))
      return where + ": unknown code " + p["code"].dump();
    if (!p["message"].is_string() || p["message"].get<std::string>().empty()) return where + ": empty message";
  }
  return "";
}

// Options picked by the planner target's first byte.
struct FuzzOptions {
  uint8_t bits = 0;
  std::string json;
  size_t batchSize = 0;
  size_t maxBodyBytes = 0;
  bool emitBodies = false;
  size_t existing = 0;
};

inline FuzzOptions optionsFor(const leadroster::Provider& p, uint8_t bits) {
  FuzzOptions o;
  o.bits = bits;
  JsonT j = JsonT::object();
  bool uuidId = p.campaignIdFormat == leadroster::Format::Uuid;
  j["campaignId"] = uuidId ? "6BA7B810-9DAD-11D1-80B4-00C04FD430C8" : "camp_1";
  if (bits & 1) j["foldGmail"] = true;
  if (bits & 2) { j["emitBodies"] = true; o.emitBodies = true; }
  o.batchSize = p.defaultPerRequest;
  if (bits & 4) { o.batchSize = p.maxPerRequest < 2 ? p.maxPerRequest : 2; j["batchSize"] = o.batchSize; }
  if (bits & 8) { o.maxBodyBytes = 400; j["maxBodyBytes"] = 400; }
  if (bits & 16) j["channel"] = "linkedin";
  j["defaultCountry"] = (bits & 32) ? "fr" : "US";
  if (bits & 64) j["template"] = "Hi {{firstName}} {{ company.industry }} %first_name% %custom_fields.x% {{";
  if (bits & 128) {
    j["existing"] = JsonT::array({
        {{"email", "Dup@Acme.com"}, {"companyName", "Acme"}, {"contactName", "Ann"},
         {"linkedinUrl", "linkedin.com/in/dup"}, {"linkedin_url", "linkedin.com/in/dup"}, {"phone", "+33612345678"},
         {"leadId", "5f1a2b3c4d5e6f7a8b9c0d1e"}, {"lead_id", "6ba7b810-9dad-11d1-80b4-00c04fd430c9"}},
        {{"email", "not an email"}},
    });
    o.existing = 2;
  }
  o.json = j.dump();
  return o;
}

// {"fatal":{"option":string|null,"code":string,"message":string}} and nothing else.
inline bool isFatal(const JsonT& j) {
  if (!j.is_object() || j.size() != 1 || !j.contains("fatal")) return false;
  const JsonT& f = j["fatal"];
  return f.is_object() && f.size() == 3 && f.contains("option") && (f["option"].is_null() || f["option"].is_string()) &&
         f.contains("code") && f["code"].is_string() && f.contains("message") && f["message"].is_string() &&
         !f["message"].get<std::string>().empty();
}

class PlanChecker {
 public:
  PlanChecker(const FuzzOptions& o, const leadroster::Provider& p) : o_(o), p_(p) {}

  // One pushJsonArray / pushNdjson answer.
  std::string push(const std::string& out, bool ndjson) {
    JsonT j;
    std::string problem;
    if (!parseJson(out, j, problem, "planner push")) return problem;
    if (!j.is_object()) return "planner push: not an object";
    if (j.contains("fatal")) {
      if (ndjson) return "planner pushNdjson: fatal " + j["fatal"].dump();
      return isFatal(j) ? "" : "planner push: malformed fatal";
    }
    if (!j.contains("rows") || !j["rows"].is_array() || !j.contains("requests") || !j["requests"].is_array())
      return "planner push: no rows/requests arrays: " + shown(out);
    for (const auto& row : j["rows"]) {
      problem = checkRow(row);
      if (!problem.empty()) return problem;
    }
    return checkRequests(j["requests"]);
  }

  std::string finish(const std::string& out) {
    JsonT j;
    std::string problem;
    if (!parseJson(out, j, problem, "planner finish")) return problem;
    if (!j.is_object() || !j.contains("requests") || !j.contains("summary")) return "planner finish: bad shape";
    problem = checkRequests(j["requests"]);
    if (!problem.empty()) return problem;
    if (!pending_.empty()) return "planner finish: " + std::to_string(pending_.size()) + " ok rows in no request";
    const JsonT& s = j["summary"];
    auto n = [&](const char* k) { return s.contains(k) && s[k].is_number_unsigned() ? s[k].get<int64_t>() : -1; };
    if (n("total") != next_ || n("ok") != ok_ || n("invalid") != invalid_ || n("duplicate") != duplicate_ ||
        n("requests") != requests_)
      return "planner finish: summary " + s.dump() + " but saw total " + std::to_string(next_) + " ok " +
             std::to_string(ok_) + " invalid " + std::to_string(invalid_) + " duplicate " +
             std::to_string(duplicate_) + " requests " + std::to_string(requests_);
    if (n("ok") + n("invalid") + n("duplicate") != n("total")) return "planner finish: counts do not add up";
    return "";
  }

  int64_t rows() const { return next_; }

 private:
  std::string checkRow(const JsonT& row) {
    std::string where = "planner row " + std::to_string(next_);
    if (!row.is_object() || !row.contains("index") || row["index"] != next_)
      return where + ": index out of order: " + row.dump();
    if (!row.contains("lead") || !row["lead"].is_object()) return where + ": lead is not an object";
    std::string p = checkProblems(row.value("errors", JsonT()), where + " errors");
    if (p.empty()) p = checkProblems(row.value("warnings", JsonT()), where + " warnings");
    if (!p.empty()) return p;
    const std::string status = row.value("status", "");
    bool hasErrors = !row["errors"].empty();
    const JsonT& dup = row.value("duplicateOf", JsonT());
    if (status == "ok") {
      if (hasErrors || !dup.is_null()) return where + ": ok with errors or duplicateOf";
      okRows_.insert(next_);
      pending_.push_back(next_);
      leads_[next_] = row["lead"];
      ++ok_;
    } else if (status == "invalid") {
      if (!hasErrors) return where + ": invalid without errors";
      ++invalid_;
    } else if (status == "duplicate") {
      if (hasErrors) return where + ": duplicate with errors";
      bool good = dup == "existing" ? o_.existing > 0
                                    : dup.is_number_integer() && okRows_.count(dup.get<int64_t>());
      if (!good) return where + ": duplicateOf " + dup.dump() + " is not an earlier ok row";
      if (!row.contains("matchedOn") || !row["matchedOn"].is_string()) return where + ": duplicate without matchedOn";
      ++duplicate_;
    } else {
      return where + ": unknown status " + shown(status);
    }
    // An ok value must be idempotent under its own normalizer.
    if (status != "invalid") {
      for (const auto& f : p_.fields) {
        if (f.path.find('.') != std::string_view::npos) continue;
        auto it = row["lead"].find(std::string(f.path));
        if (it == row["lead"].end() || !it->is_string()) continue;
        const std::string v = it->get<std::string>();
        bool same = true;
        switch (f.format) {
          case leadroster::Format::Email: { auto r = leadroster::normalizeEmail(v); same = r.ok() && r.value() == v; break; }
          case leadroster::Format::LinkedInProfile:
          case leadroster::Format::LinkedInCompany: { auto r = leadroster::normalizeLinkedInUrl(v); same = r.ok() && r.value() == v; break; }
          case leadroster::Format::Phone: { auto r = leadroster::normalizePhone(v, ""); same = r.ok() && r.value() == v; break; }
          case leadroster::Format::Domain: {
            auto r = leadroster::normalizeDomain(v);
            same = r.ok() && r.value() == v;
            break;
          }
          case leadroster::Format::Uuid: { auto r = leadroster::normalizeUuid(v); same = r.ok() && r.value() == v; break; }
          default: break;
        }
        if (!same) return where + ": sent value " + shown(v) + " of " + std::string(f.path) + " is not normalized";
      }
    }
    ++next_;
    return "";
  }

  std::string checkRequests(const JsonT& reqs) {
    if (!reqs.is_array()) return "planner: requests is not an array";
    for (const auto& r : reqs) {
      ++requests_;
      if (!r.is_object() || !r.contains("indexes") || !r["indexes"].is_array() || r["indexes"].empty())
        return "planner request without indexes: " + r.dump();
      if (!r.contains("method") || !r["method"].is_string() || !r.contains("path") || !r["path"].is_string() ||
          !r.contains("headers") || !r["headers"].is_object() || !r.contains("envelope"))
        return "planner request: bad shape";
      const JsonT& idx = r["indexes"];
      if (idx.size() > o_.batchSize)
        return "planner request: " + std::to_string(idx.size()) + " leads, batchSize " + std::to_string(o_.batchSize);
      for (const auto& i : idx) {
        if (pending_.empty() || !i.is_number_integer() || i.get<int64_t>() != pending_.front())
          return "planner request: index " + i.dump() + " is not the next ok row waiting";
        pending_.erase(pending_.begin());
      }
      if (o_.emitBodies) {
        if (!r.contains("body")) return "planner request: no body with emitBodies";
        const JsonT& body = r["body"];
        if (p_.body == leadroster::BodyShape::Lead) {
          if (body != leads_[idx[0].get<int64_t>()]) return "planner request: body is not the lead";
        } else {
          const std::string key(p_.leadsKey);  // "leads", or an envelope's own key (lead_list)
          if (!body.is_object() || !body.contains(key) || !body[key].is_array() || body[key].size() != idx.size())
            return "planner request: body." + key + " does not match indexes";
          for (size_t k = 0; k < idx.size(); ++k)
            if (body[key][k] != leads_[idx[k].get<int64_t>()]) return "planner request: body lead differs";
        }
        if (o_.maxBodyBytes) {
          size_t bytes = body.dump(-1, ' ', false, JsonT::error_handler_t::strict).size();
          if (bytes > o_.maxBodyBytes)
            return "planner request: body of " + std::to_string(bytes) + " bytes over maxBodyBytes " +
                   std::to_string(o_.maxBodyBytes);
        }
      }
      for (const auto& i : idx) leads_.erase(i.get<int64_t>());
    }
    return "";
  }

  const FuzzOptions& o_;
  const leadroster::Provider& p_;
  int64_t next_ = 0, ok_ = 0, invalid_ = 0, duplicate_ = 0, requests_ = 0;
  std::set<int64_t> okRows_;
  std::vector<int64_t> pending_;
  std::map<int64_t, JsonT> leads_;
};

inline std::string checkRoster(const leadroster::Provider& p, const FuzzOptions& o, std::string_view text) {
  auto created = leadroster::Roster::create(p, o.json);
  std::string where = "roster " + std::string(p.id);
  if (!created) return where + ": create failed: " + created.error().message;
  auto& roster = created.value();
  size_t before = roster->size();
  JsonT j;
  std::string problem;
  if (!parseJson(roster->add(text), j, problem, "roster add")) return problem;
  std::vector<std::string> ids;
  if (!j.contains("fatal")) {
    if (!j.contains("rows") || !j["rows"].is_array()) return where + " add: no rows";
    int64_t index = 0;
    std::set<std::string> seen;
    for (const auto& row : j["rows"]) {
      if (!row.is_object() || row.value("index", JsonT()) != index) return where + " add: index out of order";
      problem = checkProblems(row.value("errors", JsonT()), where + " errors");
      if (!problem.empty()) return problem;
      std::string status = row.value("status", "");
      if (status == "ok") {
        if (!row.contains("id") || !row["id"].is_string() || !seen.insert(row["id"].get<std::string>()).second)
          return where + " add: ok row without a fresh id";
        ids.push_back(row["id"]);
      } else if (status == "duplicate") {
        const JsonT& d = row.value("duplicateOf", JsonT());
        if (!(d == "existing" && row.contains("existingId")) && !(d.is_number_integer() && d.get<int64_t>() < index))
          return where + " add: bad duplicateOf " + d.dump();
      } else if (status != "invalid" || row["errors"].empty()) {
        return where + " add: bad status " + shown(status);
      }
      ++index;
    }
  }
  if (roster->size() != before + ids.size())
    return where + ": size " + std::to_string(roster->size()) + " after adding " + std::to_string(ids.size()) +
           " to " + std::to_string(before);
  if (!ids.empty()) {
    // Patch with the fuzz text itself (mostly not an object) and with edits of the identities.
    // (the fixed edits only on some option bits: the target is slow enough)
    std::vector<std::string_view> edits{text};
    if (o.bits & 1) edits.push_back("{\"email\":null,\"firstName\":\"B\\u0000\"}");
    if (o.bits & 2) edits.push_back("{\"email\":\"X@Gmail.com\",\"phone\":\"06 12 34 56 78\"}");
    for (std::string_view fields : edits) {
      if (!parseJson(roster->patch(ids[0], fields), j, problem, "roster patch")) return problem;
      if (!j.is_object() || !j.contains("ok") || !j["ok"].is_boolean()) return where + " patch: bad shape";
      if (j["ok"] == true && (!j.contains("lead") || !j["lead"].is_object() || j.value("id", "") != ids[0]))
        return where + " patch: ok without the lead";
      if (j["ok"] == false && (!j.contains("code") || !j["code"].is_string())) return where + " patch: no code";
    }
  }
  if (!parseJson(roster->list("{\"limit\":200}"), j, problem, "roster list")) return problem;
  if (j.value("total", JsonT()) != roster->size()) return where + " list: total differs from size()";
  if (!ids.empty()) {
    size_t n = roster->size();
    if (!parseJson(roster->remove("{\"ids\":[\"" + ids.back() + "\",\"nope\"]}"), j, problem, "roster remove"))
      return problem;
    if (j.value("removed", JsonT()) != 1 || roster->size() != n - 1) return where + " remove: did not remove one";
  }
  if (p.freezesOnLaunch || p.statusWhenLaunched != p.statusBeforeLaunch) {
    roster->launch();
    if (!parseJson(roster->add(text), j, problem, "roster add after launch")) return problem;
    if (!parseJson(roster->list("{\"status\":\"active\",\"page\":2,\"limit\":1}"), j, problem, "roster list"))
      return problem;
  }
  return "";
}

inline std::string checkValidator(const leadroster::Provider& p, const FuzzOptions& o, std::string_view text) {
  auto created = leadroster::api::LeadValidator::create(p.id, o.json);
  if (!created) return "validator " + std::string(p.id) + ": create failed: " + created.error().message;
  auto& v = created.value();
  JsonT j;
  std::string problem;
  if (!parseJson(v->check(text), j, problem, "validator check")) return problem;
  if (!j.is_object() || !j.contains("ok") || !j.contains("errors") || !j["errors"].is_array())
    return "validator check: bad shape";
  if ((j["ok"] == true) != j["errors"].empty()) return "validator check: ok disagrees with errors";
  return checkProblems(j["errors"], "validator errors");
}

// The lean answer (Planner::pushLean / setInput+pushNext / finishLean) must
// say exactly what the full answers said: the same rows (ok rows rebuilt from
// their ranges, warnings and the leads in the bodies or the open list), the
// same requests, and with emitBodies the same bodies; every body byte indexed.
class LeanReplay {
 public:
  std::string add(const std::string& head, const std::string& body, bool finish) {
    JsonT h;
    std::string problem;
    if (!parseJson(head, h, problem, "lean head")) return problem;
    if (!h.is_object()) return "lean head: not an object";
    if (h.contains("fatal")) {
      fatal_ = true;
      return body.empty() ? "" : "lean head: fatal with a body";
    }
    size_t off = 0;
    for (const auto& r : h.value("requests", JsonT::array())) {
      if (!r.contains("bodyBytes") || !r["bodyBytes"].is_number_unsigned()) return "lean request: no bodyBytes";
      size_t n = r["bodyBytes"].get<size_t>();
      if (off + n > body.size()) return "lean request: bodyBytes past the end";
      JsonT b;
      if (!parseJson(body.substr(off, n), b, problem, "lean body")) return problem;
      off += n;
      JsonT q = r;
      q.erase("bodyBytes");
      q["body"] = b;
      const auto& idx = r["indexes"];
      for (size_t k = 0; k < idx.size(); ++k)
        leads_[idx[k].get<int64_t>()] =
            r["envelope"].is_null() ? b : b[r.contains("leadsKey") ? r["leadsKey"].get<std::string>() : "leads"][k];
      requests_.push_back(q);
    }
    if (finish) {
      summary_ = h["summary"];
      return off == body.size() ? "" : "lean finish: unindexed body bytes";
    }
    for (const auto& row : h["rows"]) rows_[row["index"].get<int64_t>()] = row;
    std::vector<int64_t> okIdx;
    const auto& ok = h["ok"];
    for (size_t i = 0; i + 1 < ok.size(); i += 2) {
      int64_t a = ok[i].get<int64_t>(), e = ok[i + 1].get<int64_t>();
      if (a >= e) return "lean ok: empty range";
      if (!okIdx.empty() && a <= okIdx.back()) return "lean ok: ranges not ascending";
      for (int64_t x = a; x < e; ++x) {
        okIdx.push_back(x);
        rows_[x] = JsonT{{"index", x}, {"status", "ok"}, {"lead", nullptr}, {"errors", JsonT::array()},
                         {"warnings", JsonT::array()}, {"duplicateOf", nullptr}, {"matchedOn", nullptr}};
      }
    }
    // "lines": runs [index, line, ...] covering this push's rows; ok rows take
    // their line from them, and rows written in full must agree with them.
    if (!h.contains("lines") || !h["lines"].is_array()) return "lean head: no lines";
    const auto& runs = h["lines"];
    auto lineOf = [&](int64_t x) -> int64_t {
      int64_t line = -1;
      for (size_t i = 0; i + 1 < runs.size(); i += 2) {
        int64_t at = runs[i].get<int64_t>(), l = runs[i + 1].get<int64_t>();
        if (at > x) break;
        line = l ? l + (x - at) : 0;
      }
      return line;
    };
    for (int64_t x : okIdx) {
      int64_t line = lineOf(x);
      if (line < 0) return "lean lines: ok row " + std::to_string(x) + " in no run";
      if (line > 0) {
        rows_[x]["line"] = line;
        rows_[x]["duplicateOfLine"] = nullptr;
      }
    }
    for (const auto& row : h["rows"]) {
      int64_t x = row["index"].get<int64_t>();
      int64_t want = lineOf(x);
      int64_t have = row.contains("line") ? row["line"].get<int64_t>() : 0;
      if (want != have) return "lean lines: row " + std::to_string(x) + " line " + std::to_string(have) + ", runs say " + std::to_string(want);
    }
    const auto& ow = h["okWarnings"];
    for (size_t i = 0; i + 1 < ow.size(); i += 2) {
      int64_t x = ow[i].get<int64_t>();
      size_t w = ow[i + 1].get<size_t>();
      if (w >= h["warnings"].size() || !rows_.count(x)) return "lean okWarnings: bad reference";
      rows_[x]["warnings"].push_back(h["warnings"][w]);
    }
    std::set<std::string> distinct;
    for (const auto& w : h["warnings"])
      if (!distinct.insert(w.dump()).second) return "lean warnings: one written twice";
    const auto& open = h["open"];
    if (open.size() > okIdx.size()) return "lean open: more open leads than ok rows";
    for (size_t k = 0; k < open.size(); ++k) {
      size_t n = open[k].get<size_t>();
      if (off + n > body.size()) return "lean open: past the end";
      JsonT lead;
      if (!parseJson(body.substr(off, n), lead, problem, "lean open lead")) return problem;
      off += n;
      int64_t x = okIdx[okIdx.size() - open.size() + k];
      if (leads_.count(x)) return "lean open: lead also in a body";
      openLeads_[x] = lead;
    }
    for (int64_t x : okIdx)
      if (keepOpen_ && !leads_.count(x) && !openLeads_.count(x)) return "lean: ok row with no lead in the answer";
    return off == body.size() ? "" : "lean push: unindexed body bytes";
  }

  // Compares with the full answers (rows of every push, requests, summary).
  std::string compare(const std::vector<std::string>& fullPushes, const std::string& fullFinish, bool bodies) {
    if (fatal_) return "";
    JsonT all = JsonT::array(), reqs = JsonT::array();
    std::string problem;
    for (const auto& a : fullPushes) {
      JsonT j;
      if (!parseJson(a, j, problem, "full push")) return problem;
      if (j.contains("fatal")) return "";  // nothing to compare
      for (auto& r : j["rows"]) all.push_back(r);
      for (auto& r : j["requests"]) reqs.push_back(r);
    }
    JsonT f;
    if (!parseJson(fullFinish, f, problem, "full finish")) return problem;
    for (auto& r : f["requests"]) reqs.push_back(r);
    if (all.size() != rows_.size()) return "lean: " + std::to_string(rows_.size()) + " rows, full " + std::to_string(all.size());
    for (auto& [x, row] : rows_) {
      if (row["status"] == "ok") {
        auto it = leads_.find(x);
        if (it == leads_.end()) return "lean: ok row " + std::to_string(x) + " in no body";
        row["lead"] = it->second;
        auto o = openLeads_.find(x);
        if (o != openLeads_.end() && o->second != it->second) return "lean: open lead differs from its body";
      }
      if (row != all[size_t(x)]) return "lean row " + std::to_string(x) + " " + row.dump() + " full " + all[size_t(x)].dump();
    }
    if (reqs.size() != requests_.size()) return "lean: request count differs";
    for (size_t i = 0; i < reqs.size(); ++i) {
      JsonT q = requests_[i];
      if (!bodies) q.erase("body");
      if (q != reqs[i]) return "lean request " + std::to_string(i) + " differs: " + q.dump() + " full " + reqs[i].dump();
    }
    if (summary_ != f["summary"]) return "lean summary differs";
    return "";
  }
  bool keepOpen_ = true;

 private:
  bool fatal_ = false;
  std::map<int64_t, JsonT> rows_, leads_, openLeads_;
  std::vector<JsonT> requests_;
  JsonT summary_;
};

inline std::string checkLean(const leadroster::Provider& p, const FuzzOptions& o, std::string_view text,
                             const std::vector<std::string>& fullPushes, const std::string& fullFinish) {
  // pushLean: the text as a JSON array, then as NDJSON (keepOpen by bit 0 of the options byte)
  {
    auto created = leadroster::Planner::create(p, o.json);
    if (!created) return "lean planner: create failed";
    auto& planner = created.value();
    LeanReplay r;
    r.keepOpen_ = (o.bits & 1) == 0;
    std::string head, body, problem;
    planner->pushLean(text, false, r.keepOpen_, head, body);
    problem = r.add(head, body, false);
    if (problem.empty()) {
      planner->pushLean(text, true, r.keepOpen_, head, body);
      problem = r.add(head, body, false);
    }
    if (problem.empty()) {
      planner->finishLean(head, body);
      problem = r.add(head, body, true);
    }
    if (problem.empty()) problem = r.compare(fullPushes, fullFinish, o.emitBodies);
    if (!problem.empty()) return "pushLean: " + problem;
  }
  // setInput + pushNext (planJson), 3 rows a call, against a full planner
  // given the same text as what setInput detected (a JSON array or NDJSON).
  {
    auto createdLean = leadroster::Planner::create(p, o.json);
    auto createdFull = leadroster::Planner::create(p, o.json);
    if (!createdLean || !createdFull) return "planJson path: create failed";
    auto& planner = createdLean.value();
    auto& full = createdFull.value();
    size_t i = 0;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    bool isArray = i < text.size() && text[i] == '[';
    if (isArray) {
      // setInput gives an array's rows the line where each element starts: the
      // full planner gets the same lines (a pushed array chunk has none of its own)
      std::vector<leadroster::RowText> split;
      if (leadroster::splitJsonArray(text, split)) {
        std::vector<int64_t> lines;
        for (const auto& r : split) lines.push_back(r.line);
        full->setLines(std::move(lines));
      }
    }
    std::string fullPush = isArray ? full->pushJsonArray(text) : full->pushNdjson(text);
    std::string fullEnd = full->finish();
    leadroster::Status input = planner->setInput(text);
    if (!input) {
      if (!isArray || fullPush.rfind("{\"fatal\":", 0) != 0)
        return "setInput refused what the full planner read: " + input.error().message;
      return "";
    }
    if (fullPush.rfind("{\"fatal\":", 0) == 0) return "setInput read what the full planner refused";
    LeanReplay r;
    std::string head, body, problem;
    size_t calls = 0;
    while (!planner->inputDone() && problem.empty()) {
      planner->pushNext(3, true, head, body);
      problem = r.add(head, body, false);
      if (++calls > text.size() + 2) return "pushNext: no progress";
    }
    if (problem.empty()) {
      planner->finishLean(head, body);
      problem = r.add(head, body, true);
    }
    if (problem.empty()) problem = r.compare({fullPush}, fullEnd, o.emitBodies);
    if (!problem.empty()) return "planJson path: " + problem;
  }
  return "";
}

// The planner target: byte 0 picks the options (see optionsFor), the rest is
// rows text given to every provider as a JSON array then as NDJSON, then
// finish(); then to a roster (add, patch, list, remove, launch) and a validator.
inline std::string checkPlannerInput(const uint8_t* data, size_t size) {
  uint8_t bits = size ? data[0] : 0;
  std::string_view text = size ? std::string_view((const char*)data + 1, size - 1) : std::string_view();
  for (const leadroster::Provider* p : leadroster::allProviders()) {
    FuzzOptions o = optionsFor(*p, bits);
    auto created = leadroster::Planner::create(*p, o.json);
    if (!created)
      return "planner " + std::string(p->id) + ": create failed: " + created.error().message + " options " + o.json;
    auto& planner = created.value();
    PlanChecker c(o, *p);
    std::vector<std::string> full{planner->pushJsonArray(text), planner->pushNdjson(text)};
    std::string fullFinish = planner->finish();
    std::string problem = c.push(full[0], false);
    if (problem.empty()) problem = c.push(full[1], true);
    if (problem.empty()) problem = c.finish(fullFinish);
    if (problem.empty()) problem = checkLean(*p, o, text, full, fullFinish);
    if (problem.empty() && planner->rowsSeen() != size_t(c.rows())) problem = "planner: rowsSeen differs";
    if (problem.empty() && planner->pushNdjson(text).rfind("{\"fatal\":{", 0) != 0)
      problem = "planner: push after finish is not fatal";
    if (problem.empty()) problem = checkRoster(*p, o, text);
    if (problem.empty()) problem = checkValidator(*p, o, text);
    if (!problem.empty()) return std::string(p->id) + " (options " + o.json + "): " + problem;
  }
  return "";
}

}  // namespace fuzzcheck
