// The shared pieces of the providers' answer readers (providers/answer.h).
#include "providers/answer.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "cold.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::answer {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Which row an error entry names: an `index`, or the lead it echoes.
std::optional<size_t> rowOfEntry(const Json& err, const std::vector<const Json*>& leads, size_t n) {
  for (const char* k : {"index", "row", "position"})
    if (auto i = num(get(err, k)); i && *i >= 0 && *i < double(n) && std::floor(*i) == *i) return size_t(*i);
  const Json* entry = get(err, "entry");
  if (!entry) entry = get(err, "lead");
  const Json& e = entry ? *entry : err;
  for (const char* k : {"email", "leadId", "linkedinUrl", "lead_id", "phone", "linkedin_url"}) {
    std::string v = lower(str(get(e, k)));
    if (v.empty()) continue;
    for (size_t i = 0; i < leads.size() && i < n; ++i)
      if (lower(str(get(*leads[i], k))) == v) return i;
  }
  if (entry && leads.size() == n) {
    for (size_t i = 0; i < n; ++i)
      if (*leads[i] == *entry) return i;
  }
  return std::nullopt;
}

}  // namespace

const Json* get(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::string str(const Json* j) {
  if (!j) return {};
  if (j->is_string()) return j->get<std::string>();
  if (j->is_null()) return {};
  return j->dump();
}

std::optional<double> num(const Json* j) {
  if (!j || !j->is_number()) return std::nullopt;
  return j->get<double>();
}

bool isBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

void errorFromBody(const Json* body, std::string_view raw, std::string& code, std::string& message) {
  if (body && body->is_object()) {
    const Json* e = get(*body, "error");
    if (e && e->is_object()) {
      code = str(get(*e, "code"));
      message = str(get(*e, "message"));
    } else if (e && e->is_string()) {
      message = e->get<std::string>();
    }
    if (message.empty())
      message = str(get(*body, "message"));
    else if (const Json* m = get(*body, "message"); m && m->is_string() && m->get<std::string>() != message)
      message = m->get<std::string>() + " (" + message + ")";
    if (code.empty()) code = str(get(*body, "code"));
    return;
  }
  message = std::string(raw.substr(0, 200));
}

std::string statusCode(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 409: return "conflict";
    case 422: return "unprocessable";
    case 429: return "rate_limited";
    default: return "http_" + std::to_string(status);
  }
}

void failed(Answer& a, const AnswerInput& in) {
  a.outcome = "failed";
  std::string code, message;
  errorFromBody(in.body, in.raw, code, message);
  if (code.empty()) code = statusCode(in.status);
  if (message.empty()) message = "HTTP " + std::to_string(in.status);
  a.error(code, message);
}

void rejectRequest(Answer& a, const AnswerInput& in) {
  failed(a, in);
  a.all("rejected", a.errorCode, a.errorMessage);
}

bool objectBody(Answer& a, const AnswerInput& in) {
  if (in.body && in.body->is_object()) return true;
  a.error("unexpected_body", in.body ? "the answer is not a JSON object" : "the answer is not JSON");
  return false;
}

bool saysFailure(Answer& a, const Json& b, std::string_view fallback, const char* key) {
  const Json* s = get(b, key);
  if (!s || !s->is_boolean() || s->get<bool>()) return false;
  std::string code, message;
  errorFromBody(&b, {}, code, message);
  a.outcome = "failed";
  a.error(code.empty() ? "provider_error" : code, message.empty() ? std::string(fallback) : message);
  a.all("rejected", a.errorCode, a.errorMessage);
  return true;
}

std::optional<double> sum(const Json& j, std::initializer_list<const char*> keys) {
  std::optional<double> total;
  for (const char* k : keys)
    if (auto n = num(get(j, k))) total = total.value_or(0) + *n;
  return total;
}

void settleByTallies(Answer& a, std::initializer_list<Tally> tallies) {
  size_t open = 0;
  for (const auto& r : a.rows) open += r.result == "unknown";
  const double n = double(open);
  double total = 0;
  for (const Tally& t : tallies) {
    double c = t.count.value_or(0);
    if (c < 0)
      total = n + 1;  // never a count
    else
      total += c;
  }
  if (total > n + 1e-9) {
    a.error("inconsistent_counts", "the answer counts more leads than the request carried");
    return;
  }
  if (open == 0) return;
  for (const Tally& t : tallies)
    if (t.count.value_or(0) == n) return a.all(std::string(t.result), std::string(t.code), std::string(t.message));
  if (total < n - 1e-9) a.error("incomplete_counts", "the answer's counts do not cover every lead of the request");
}

void settleByCounts(Answer& a, std::optional<double> added, std::optional<double> dups, std::optional<double> invalid) {
  size_t settledRejected = 0;
  for (const auto& r : a.rows) settledRejected += r.result == "rejected";
  if (invalid && *invalid >= 0) invalid = std::max(0.0, *invalid - double(settledRejected));
  settleByTallies(a, {{added, "added"},
                      {dups, "duplicate"},
                      {invalid, "rejected", "invalid_entry", "the provider counted this lead as invalid"}});
}

void rejectEntries(Answer& a, const Json* errors, const std::vector<const Json*>& leads) {
  if (!errors || !errors->is_array()) return;
  for (const auto& e : *errors) {
    auto i = rowOfEntry(e, leads, a.rows.size());
    if (!i || a.rows[*i].result != "unknown") continue;
    std::string code = str(get(e, "code"));
    std::string message = str(get(e, "message"));
    if (message.empty()) message = str(get(e, "error"));
    a.rows[*i].result = "rejected";
    a.rows[*i].code = code.empty() ? "invalid_entry" : code;
    a.rows[*i].message = message;
  }
}

}  // namespace leadroster::answer
LEADROSTER_COLD_CODE_END
