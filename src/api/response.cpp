// readResponse: what a provider's answer to one add-leads request says about
// each row the request carried. Only the shared logic lives here: the status
// classes (429 and 5xx are `retry` for every provider, other statuses outside
// 2xx/4xx `unexpected_status`), Retry-After, and the output. Each provider's
// own reading of its 2xx and 4xx bodies is its file's readAnswer
// (src/providers/*.cpp), built from the pieces in providers/answer.h.
//
// Choices where the pages are silent:
// - A 2xx answer whose body cannot be read is `accepted` with every row
//   `unknown` and error `unexpected_body`: the provider took the request, and
//   sending it again would only be answered with duplicates.
// - A 4xx other than a provider's duplicate answer (its readAnswer) and 429 is `failed`; its rows are
//   `rejected` with the provider's error code (the request added nothing).
// - Counts settle rows only when they are all of one kind (all added, all
//   duplicates, all invalid); error entries that name a lead of the request
//   (an echoed `entry`, an `index`, a `linkedinUrl`) settle that row first.
// - Retry-After wins over the body's `retryAfter` (seconds), which wins over
//   X-RateLimit-Reset (epoch seconds when above 10^9, epoch ms above 10^12,
//   else seconds from now). retryAfterMs is null when nothing says.
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
#include "api/lookup.h"
#include "cold.h"
#include "engine/intake.h"
#include "json/json_writer.h"
#include "providers/answer.h"

LEADROSTER_COLD_CODE_BEGIN
namespace leadroster::api {

namespace {

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

using answer::get;
using answer::num;
using answer::str;

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

// The leads of the request body (for matching error entries to rows).
std::vector<const Json*> leadsOf(const Provider& p, const Json& body) {
  std::vector<const Json*> out;
  if (p.body == BodyShape::Lead) {
    out.push_back(&body);
  } else if (const Json* l = get(body, std::string(p.leadsKey).c_str()); l && l->is_array()) {
    for (const auto& x : *l) out.push_back(&x);
  }
  return out;
}

void appendAnswer(std::string& out, const Answer& a) {
  out += "{\"outcome\":";
  appendJsonString(out, a.outcome);
  out += ",\"retryAfterMs\":";
  if (a.retryAfterMs)
    out += std::to_string(static_cast<long long>(*a.retryAfterMs));
  else
    out += "null";
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
    if (!r.leadId.empty()) {
      out += ",\"leadId\":";
      appendJsonString(out, r.leadId);
    }
    out += '}';
  }
  out += ']';
  if (!a.counts.empty()) {
    out += ",\"counts\":{";
    for (size_t i = 0; i < a.counts.size(); ++i) {
      if (i) out += ',';
      appendJsonString(out, a.counts[i].first);
      double v = a.counts[i].second;
      out += ':';
      out += std::floor(v) == v && std::fabs(v) < 9e15 ? std::to_string(static_cast<long long>(v)) : Json(v).dump();
    }
    out += '}';
  }
  out += '}';
}

}  // namespace

std::string readResponse(std::string_view providerId, std::string_view requestJson, int status,
                         std::string_view headersJson, std::string_view bodyText, double nowMs) {
  Result<const Provider*> found = requireProvider(providerId);
  if (!found) return fatalJson(found.error());
  const Provider* p = found.value();
  Result<Json> req = parseDocument(requestJson);
  if (!req || !req.value().is_object())
    return fatalJson(Error{code::invalid_type, "request must be a request of a plan (an object with indexes)", {}});
  Json& request = req.value();
  const Json* indexes = get(request, "indexes");
  if (!indexes || !indexes->is_array())
    return fatalJson(Error{code::invalid_type, "request.indexes must be an array of row indexes", {}});
  Json headers = Json::object();
  if (!headersJson.empty()) {
    Result<Json> h = parseDocument(headersJson);
    if (!h || !h.value().is_object()) return fatalJson(Error{code::invalid_type, "headers must be an object", {}});
    for (auto it = h.value().begin(); it != h.value().end(); ++it) headers[lower(it.key())] = it.value();
  }
  if (status < 100 || status > 599)
    return fatalJson(Error{code::invalid_value, "status must be an HTTP status code (100..599)", {}});

  Answer a;
  for (const auto& i : *indexes) {
    AnswerRow r;
    r.index = i.is_number_unsigned() || i.is_number_integer() ? i.get<size_t>() : 0;
    a.rows.push_back(r);
  }
  Result<Json> bodyDoc = Result<Json>::failure(code::invalid_type, "no body");
  AnswerInput in;
  in.status = status;
  in.raw = bodyText;
  if (!answer::isBlank(bodyText)) {
    bodyDoc = parseDocument(bodyText);
    if (bodyDoc) in.body = &bodyDoc.value();
  }
  if (const Json* reqBody = get(request, "body")) in.leads = leadsOf(*p, *reqBody);

  if (status == 429 || status >= 500) {
    a.outcome = "retry";
    std::string code, message;
    answer::errorFromBody(in.body, in.raw, code, message);
    a.error(code.empty() ? answer::statusCode(status) : code,
            message.empty() ? "HTTP " + std::to_string(status) : message);
    a.retryAfterMs = retryDelay(headers, in.body, nowMs);
  } else if ((status >= 200 && status < 300) || status >= 400) {
    if (p->readAnswer)
      p->readAnswer(a, in);
    else
      a.error("unexpected_body", "no reader for this provider's answers");
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
