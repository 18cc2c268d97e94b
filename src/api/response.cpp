// readResponse: what a provider's answer to one add-leads request says about
// each row the request carried. One place for the five providers' answers
// (their pages in ../shared/seeds/ and the extra facts in its README); kept in
// src/api/ rather than in each provider file because most of it is shared
// (status classes, Retry-After, error bodies, count settling) and each
// provider's own part is a few lines.
//
// Choices where the pages are silent:
// - A 2xx answer whose body cannot be read is `accepted` with every row
//   `unknown` and error `unexpected_body`: the provider took the request, and
//   sending it again would only be answered with duplicates.
// - A 4xx other than 409-at-magnetite and 429 is `failed`; its rows are
//   `rejected` with the provider's error code (the request added nothing).
// - Counts settle rows only when they are all of one kind (all added, all
//   duplicates, all invalid); error entries that name a lead of the request
//   (sendkit's `entry`, an `index`, a `linkedinUrl`) settle that row first.
// - Retry-After wins over the body's `retryAfter` (seconds), which wins over
//   X-RateLimit-Reset (epoch seconds when above 10^9, epoch ms above 10^12,
//   else seconds from now). retryAfterMs is null when nothing says.
// - puffle's 400 names the offending index in a field (`index`) or in its
//   message ("index 3", "leads[3]", "row 3"): that row is `rejected`
//   (missing_identity), the others `rejected` with code `batch_rejected`
//   (puffle imports nothing from a refused batch).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "api/cold.h"
#include "engine/intake.h"
#include "json/json_writer.h"
#include "providers/registry.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

namespace {

struct RowOut {
  size_t index = 0;
  std::string result = "unknown";
  std::string code;
  std::string message;
};

struct Answer {
  std::string outcome = "accepted";
  std::optional<double> retryAfterMs;
  std::string errorCode;
  std::string errorMessage;
  std::vector<RowOut> rows;
  void all(const std::string& result, const std::string& code = {}, const std::string& message = {}) {
    for (auto& r : rows)
      if (r.result == "unknown") {
        r.result = result;
        r.code = code;
        r.message = message;
      }
  }
  void error(std::string code, std::string message) {
    errorCode = std::move(code);
    errorMessage = std::move(message);
  }
};

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

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

// Parses a decimal number (seconds); nullopt when the text is not one.
std::optional<double> decimal(const std::string& t) {
  std::string s = trimmed(t);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the form HTTP dates take.
std::optional<double> httpDateMs(const std::string& t) {
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  char wd[8] = {0}, mon[8] = {0}, tz[8] = {0};
  int day, year, hh, mm, ss;
  if (std::sscanf(t.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", wd, &day, mon, &year, &hh, &mm, &ss, tz) != 8)
    return std::nullopt;
  int m = -1;
  for (int i = 0; i < 12; ++i)
    if (lower(mon) == months[i]) m = i;
  if (m < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  // days from civil (Howard Hinnant's algorithm), UTC
  int y = year - (m < 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = unsigned(y - era * 400);
  unsigned mp = unsigned((m + 1 + 9) % 12);
  unsigned doy = (153 * mp + 2) / 5 + unsigned(day) - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  double days = double(era) * 146097 + double(doe) - 719468;
  return ((days * 24 + hh) * 60 + mm) * 60000.0 + ss * 1000.0;
}

// The delay the answer asks for, in ms (never negative).
std::optional<double> retryDelay(const Json& headers, const Json* body, double nowMs) {
  auto header = [&](const char* name) -> std::optional<std::string> {
    const Json* h = get(headers, name);
    if (!h) return std::nullopt;
    return str(h);
  };
  auto clamp = [](double ms) { return std::max(0.0, std::round(ms)); };
  if (auto ra = header("retry-after")) {
    if (auto s = decimal(*ra)) return clamp(*s * 1000);
    if (auto d = httpDateMs(trimmed(*ra))) return clamp(*d - nowMs);
  }
  if (body) {
    const Json* ra = get(*body, "retryAfter");
    if (!ra) {
      const Json* e = get(*body, "error");
      if (e) ra = get(*e, "retryAfter");
      if (!ra && e) {
        const Json* d = get(*e, "details");
        if (d) ra = get(*d, "retryAfter");
      }
    }
    if (ra) {
      if (auto s = num(ra)) return clamp(*s * 1000);
      if (ra->is_string())
        if (auto s = decimal(ra->get<std::string>())) return clamp(*s * 1000);
    }
  }
  if (auto reset = header("x-ratelimit-reset")) {
    if (auto v = decimal(*reset)) {
      if (*v > 1e12) return clamp(*v - nowMs);
      if (*v > 1e9) return clamp(*v * 1000 - nowMs);
      return clamp(*v * 1000);
    }
    if (auto d = httpDateMs(trimmed(*reset))) return clamp(*d - nowMs);
  }
  return std::nullopt;
}

// The provider's error code and message from an error body, whatever its shape:
// {success:false,error:{code,message}} (magnetite, sendkit), {error:{code,message}}
// (reached), {statusCode,message,error} (sendpilot), {error:"..."} / {message} (puffle).
void errorFromBody(const Json* body, const std::string& rawBody, std::string& code, std::string& message) {
  if (body && body->is_object()) {
    const Json* e = get(*body, "error");
    if (e && e->is_object()) {
      code = str(get(*e, "code"));
      message = str(get(*e, "message"));
    } else if (e && e->is_string()) {
      message = e->get<std::string>();
    }
    if (message.empty()) message = str(get(*body, "message"));
    else if (const Json* m = get(*body, "message"); m && m->is_string() && m->get<std::string>() != message)
      message = m->get<std::string>() + " (" + message + ")";
    if (code.empty()) code = str(get(*body, "code"));
    return;
  }
  message = rawBody.substr(0, 200);
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

// Settles the rows still unknown from counts: only when all are of one kind.
void settleByCounts(Answer& a, std::optional<double> added, std::optional<double> dups,
                    std::optional<double> invalid) {
  size_t open = 0;
  for (const auto& r : a.rows) open += r.result == "unknown";
  size_t settledRejected = 0;
  for (const auto& r : a.rows) settledRejected += r.result == "rejected";
  double ad = added.value_or(0), du = dups.value_or(0), in = invalid.value_or(0);
  double inOpen = std::max(0.0, in - double(settledRejected));
  if (ad < 0 || du < 0 || in < 0 || ad + du + inOpen > double(open) + 1e-9) {
    a.error("inconsistent_counts", "the answer counts more leads than the request carried");
    return;
  }
  if (open == 0) return;
  if (ad == double(open)) a.all("added");
  else if (du == double(open)) a.all("duplicate");
  else if (inOpen == double(open)) a.all("rejected", "invalid_entry", "the provider counted this lead as invalid");
  else if (ad + du + inOpen < double(open))
    a.error("incomplete_counts", "the answer's counts do not cover every lead of the request");
}

// The leads of the request body (for matching error entries to rows).
std::vector<const Json*> leadsOf(const Provider& p, const Json& body) {
  std::vector<const Json*> out;
  if (p.body == BodyShape::Lead) {
    out.push_back(&body);
  } else if (const Json* l = get(body, "leads"); l && l->is_array()) {
    for (const auto& x : *l) out.push_back(&x);
  }
  return out;
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

// ---- 2xx bodies, per provider

void okSendpilot(Answer& a, const Json& b, const std::vector<const Json*>& leads) {
  if (const Json* s = get(b, "success"); s && s->is_boolean() && !s->get<bool>()) {
    std::string code, message;
    errorFromBody(&b, {}, code, message);
    a.outcome = "failed";
    a.error(code.empty() ? "provider_error" : code, message.empty() ? "success: false" : message);
    a.all("rejected", a.errorCode, a.errorMessage);
    return;
  }
  auto added = num(get(b, "leadsAdded"));
  auto dups = num(get(b, "duplicatesSkipped"));
  auto invalid = num(get(b, "invalidEntries"));
  if (!added && !dups && !invalid) {
    a.error("unexpected_body", "a 2xx answer without leadsAdded/duplicatesSkipped/invalidEntries");
    return;
  }
  rejectEntries(a, get(b, "errors"), leads);
  settleByCounts(a, added, dups, invalid);
}

void okReached(Answer& a, const Json& b) {
  const Json* data = get(b, "data");
  const Json* results = data ? get(*data, "results") : nullptr;
  if (!results || !results->is_array()) {
    a.error("unexpected_body", "a 2xx answer without data.results");
    return;
  }
  size_t i = 0;
  for (const auto& r : *results) {
    if (i >= a.rows.size()) break;
    RowOut& row = a.rows[i++];
    std::string status = str(get(r, "status"));
    const Json* err = get(r, "error");
    if (status == "added") {
      row.result = "added";
    } else if (status == "already_in_campaign") {
      row.result = "duplicate";
    } else if (err || status == "error" || status == "failed" || status == "skipped") {
      row.result = "rejected";
      if (err && err->is_object()) {
        row.code = str(get(*err, "code"));
        row.message = str(get(*err, "message"));
      } else {
        row.message = err ? str(err) : str(get(r, "message"));
      }
      if (row.code.empty()) row.code = "missing_identity";
    } else {
      row.code = "unexpected_status";
      row.message = "result status " + (status.empty() ? std::string("missing") : "\"" + status + "\"");
    }
  }
  if (results->size() != a.rows.size())
    a.error("unexpected_body", "data.results has " + std::to_string(results->size()) + " entries for " +
                                   std::to_string(a.rows.size()) + " leads");
}

void okSendkit(Answer& a, const Json& b, const std::vector<const Json*>& leads) {
  if (const Json* s = get(b, "success"); s && s->is_boolean() && !s->get<bool>()) {
    std::string code, message;
    errorFromBody(&b, {}, code, message);
    a.outcome = "failed";
    a.error(code.empty() ? "provider_error" : code, message);
    a.all("rejected", a.errorCode, a.errorMessage);
    return;
  }
  const Json* data = get(b, "data");
  if (!data || !data->is_object()) {
    a.error("unexpected_body", "a 2xx answer without data");
    return;
  }
  const Json* errors = get(*data, "errors");
  rejectEntries(a, errors, leads);
  size_t nErrors = errors && errors->is_array() ? errors->size() : 0;
  settleByCounts(a, num(get(*data, "added")), num(get(*data, "skipped")), double(nErrors));
}

void okMagnetite(Answer& a, const Json& b) {
  if (const Json* s = get(b, "success"); s && s->is_boolean() && !s->get<bool>()) {
    std::string code, message;
    errorFromBody(&b, {}, code, message);
    a.outcome = "failed";
    a.error(code.empty() ? "provider_error" : code, message);
    a.all("rejected", a.errorCode, a.errorMessage);
    return;
  }
  if (!get(b, "prospectId") && !get(b, "success")) {
    a.error("unexpected_body", "a 2xx answer without success/prospectId");
    return;
  }
  a.all("added");
}

void okPuffle(Answer& a, const Json& b) {
  auto imported = num(get(b, "imported"));
  auto dups = num(get(b, "duplicates"));
  if (const Json* d = get(b, "data"); !imported && d) {
    imported = num(get(*d, "imported"));
    dups = num(get(*d, "duplicates"));
  }
  if (!imported && !dups) {
    a.error("unexpected_body", "a 2xx answer without imported/duplicates");
    return;
  }
  settleByCounts(a, imported, dups, std::nullopt);
}

// The digits of the first "index 3", "leads[3]", "row #3", "entry: 3" or
// "lead 3" in a message: one of those words (ASCII case-insensitive), then
// white space, an optional '#', an optional ':', white space and the digits.
// The leftmost match of the ECMAScript pattern
//   (?:index|leads\[|row|entry|lead)\s*#?:?\s*(\d+)   (icase)
// written out: std::regex would bring all of <locale> into the WASM.
std::optional<std::string> indexInMessage(std::string_view message) {
  static constexpr std::string_view kWords[] = {"index", "leads[", "row", "entry", "lead"};
  auto isSpace = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  const size_t n = message.size();
  for (size_t start = 0; start < n; ++start) {
    for (std::string_view word : kWords) {
      if (n - start < word.size()) continue;
      size_t i = 0;
      while (i < word.size() && lower(message[start + i]) == word[i]) ++i;
      if (i < word.size()) continue;
      size_t p = start + word.size();
      while (p < n && isSpace(message[p])) ++p;
      if (p < n && message[p] == '#') ++p;
      if (p < n && message[p] == ':') ++p;
      while (p < n && isSpace(message[p])) ++p;
      size_t end = p;
      while (end < n && isDigit(message[end])) ++end;
      if (end > p) return std::string(message.substr(p, end - p));
    }
  }
  return std::nullopt;
}

// puffle's 400 names the offending index.
std::optional<size_t> offendingIndex(const Json* body, const std::string& message, size_t n) {
  if (body) {
    for (const Json* o : {body, get(*body, "error"), get(*body, "details")}) {
      if (!o) continue;
      if (auto i = num(get(*o, "index")); i && *i >= 0 && *i < double(n)) return size_t(*i);
    }
  }
  if (std::optional<std::string> digits = indexInMessage(message)) {
    size_t i = std::stoul(*digits);
    if (i < n) return i;
  }
  return std::nullopt;
}

void appendAnswer(std::string& out, const Answer& a) {
  out += "{\"outcome\":";
  appendJsonString(out, a.outcome);
  out += ",\"retryAfterMs\":";
  if (a.retryAfterMs) out += std::to_string(static_cast<long long>(*a.retryAfterMs));
  else out += "null";
  if (!a.errorCode.empty() || !a.errorMessage.empty()) {
    out += ",\"error\":{\"code\":";
    appendJsonString(out, a.errorCode.empty() ? "provider_error" : a.errorCode);
    out += ",\"message\":";
    appendJsonString(out, a.errorMessage);
    out += "}";
  }
  out += ",\"rows\":[";
  bool first = true;
  for (const auto& r : a.rows) {
    if (!first) out += ',';
    first = false;
    out += "{\"index\":" + std::to_string(r.index) + ",\"result\":";
    appendJsonString(out, r.result);
    if (!r.code.empty()) {
      out += ",\"code\":";
      appendJsonString(out, r.code);
    }
    if (!r.message.empty()) {
      out += ",\"message\":";
      appendJsonString(out, r.message);
    }
    out += '}';
  }
  out += "]}";
}

}  // namespace

std::string readResponse(std::string_view providerId, std::string_view requestJson, int status,
                         std::string_view headersJson, std::string_view bodyText, double nowMs) {
  Result<const Provider*> found = requireProvider(providerId);
  if (!found) return fatalJson(found.error());
  const Provider* p = found.value;
  Result<Json> req = parseDocument(requestJson);
  if (!req || !req.value.is_object())
    return fatalJson(Error{code::invalid_type, "request must be a request of a plan (an object with indexes)", {}});
  Json& request = req.value;
  const Json* indexes = get(request, "indexes");
  if (!indexes || !indexes->is_array())
    return fatalJson(Error{code::invalid_type, "request.indexes must be an array of row indexes", {}});
  Json headers = Json::object();
  if (!headersJson.empty()) {
    Result<Json> h = parseDocument(headersJson);
    if (!h || !h.value.is_object()) return fatalJson(Error{code::invalid_type, "headers must be an object", {}});
    for (auto it = h.value.begin(); it != h.value.end(); ++it) headers[lower(it.key())] = it.value();
  }
  if (status < 100 || status > 599)
    return fatalJson(Error{code::invalid_value, "status must be an HTTP status code (100..599)", {}});

  Answer a;
  for (const auto& i : *indexes) {
    RowOut r;
    r.index = i.is_number_unsigned() || i.is_number_integer() ? i.get<size_t>() : 0;
    a.rows.push_back(r);
  }
  Result<Json> bodyDoc = Result<Json>::failure(code::invalid_type, "no body");
  const Json* body = nullptr;
  std::string raw(bodyText);
  if (!trimmed(raw).empty()) {
    bodyDoc = parseDocument(bodyText);
    if (bodyDoc) body = &bodyDoc.value;
  }
  const Json* reqBody = get(request, "body");
  std::vector<const Json*> leads = reqBody ? leadsOf(*p, *reqBody) : std::vector<const Json*>{};
  const std::string id(p->id);

  if (status == 429 || status >= 500) {
    a.outcome = "retry";
    std::string code, message;
    errorFromBody(body, raw, code, message);
    a.error(code.empty() ? statusCode(status) : code,
            message.empty() ? "HTTP " + std::to_string(status) : message);
    a.retryAfterMs = retryDelay(headers, body, nowMs);
  } else if (status >= 200 && status < 300) {
    if (!body || !body->is_object()) {
      if (id == "magnetite" && !body && trimmed(raw).empty()) {
        a.all("added");  // a 201 without a body still created the lead
      } else {
        a.error("unexpected_body", body ? "the answer is not a JSON object" : "the answer is not JSON");
      }
    } else if (id == "sendpilot") {
      okSendpilot(a, *body, leads);
    } else if (id == "reached") {
      okReached(a, *body);
    } else if (id == "sendkit") {
      okSendkit(a, *body, leads);
    } else if (id == "magnetite") {
      okMagnetite(a, *body);
    } else if (id == "puffle") {
      okPuffle(a, *body);
    } else {
      a.error("unexpected_body", "no reader for this provider's answers");
    }
  } else if (status == 409 && id == "magnetite") {
    // magnetite: a duplicate lead answers 409; not a failure, never retried.
    std::string code, message;
    errorFromBody(body, raw, code, message);
    a.all("duplicate", code.empty() ? "duplicate_lead" : code, message);
  } else if (status >= 400) {
    a.outcome = "failed";
    std::string code, message;
    errorFromBody(body, raw, code, message);
    if (code.empty()) code = statusCode(status);
    if (message.empty()) message = "HTTP " + std::to_string(status);
    a.error(code, message);
    if (id == "puffle" && status == 400) {
      if (auto i = offendingIndex(body, message, a.rows.size())) {
        a.rows[*i].result = "rejected";
        a.rows[*i].code = "missing_identity";
        a.rows[*i].message = message;
        a.all("rejected", "batch_rejected",
              "not imported: lead " + std::to_string(*i) + " of this request was refused");
      }
    }
    a.all("rejected", code, message);
  } else {
    a.outcome = "failed";
    a.error("unexpected_status", "HTTP " + std::to_string(status) + " is not an answer to an add-leads request");
  }
  std::string out;
  appendAnswer(out, a);
  return out;
}

}  // namespace leadroster::api
LEADROSTER_COLD_CODE_END
