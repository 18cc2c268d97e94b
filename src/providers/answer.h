// What a provider's answer reader (Provider::readAnswer) fills, and the shared
// pieces every reader uses: reading an error body whatever its shape, settling
// rows from counts, matching error entries to the leads of the request.
// src/api/response.cpp owns the rest (status classes, Retry-After, the output).
#pragma once
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"

namespace leadroster {

struct AnswerRow {
  size_t index = 0;
  std::string result = "unknown";  // added | duplicate | rejected | unknown
  std::string code;
  std::string message;
  std::string leadId;  // the provider's id for the lead, when its answer names one
};

struct Answer {
  std::string outcome = "accepted";  // accepted | retry | failed
  std::optional<double> retryAfterMs;
  std::string errorCode;
  std::string errorMessage;
  std::vector<AnswerRow> rows;  // one per lead of the request, in order
  // The answer's own counts, as it gave them ({"inserted_count": 3, ...}), for
  // answers that count rows without naming them (smartlead): reported as is.
  std::vector<std::pair<std::string, double>> counts;
  // Settles every row still unknown.
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

// The answer to one request, as readAnswer gets it (never 429 or 5xx: those are
// `retry` for every provider, read before).
struct AnswerInput {
  int status = 200;
  const Json* body = nullptr;      // the parsed body; nullptr when empty or not JSON
  std::string_view raw;            // the body's text
  std::vector<const Json*> leads;  // the leads of the request body (may be empty)
};

namespace answer {

const Json* get(const Json& j, const char* key);  // j[key] or nullptr
std::string str(const Json* j);                   // a string as is, null as "", else its JSON
std::optional<double> num(const Json* j);
bool isBlank(std::string_view s);

// The error code and message of an error body, whatever its shape:
// {success:false,error:{code,message}}, {error:{code,message}},
// {statusCode,message,error}, {error:"..."}, {message}; else the raw text.
void errorFromBody(const Json* body, std::string_view raw, std::string& code, std::string& message);
// bad_request, unauthorized, ... http_<n>.
std::string statusCode(int status);

// A 4xx: the request `failed` with the body's error (else the status's).
void failed(Answer& a, const AnswerInput& in);
// failed(), every row `rejected` with that error: the request added nothing.
void rejectRequest(Answer& a, const AnswerInput& in);
// A 2xx whose body is not a JSON object: unexpected_body (every row unknown).
// True when the body is an object.
bool objectBody(Answer& a, const AnswerInput& in);
// A 2xx body saying {success:false,...} (or {<key>:false,...}): the request
// failed, rows rejected. `fallback` is the message when the body has none.
// True when it said so.
bool saysFailure(Answer& a, const Json& body, std::string_view fallback = {}, const char* key = "success");

// The sum of the numbers at these keys of an object; nullopt when none is a number.
std::optional<double> sum(const Json& j, std::initializer_list<const char*> keys);

// One kind of lead an answer counts: how many, and what a row of that kind becomes.
struct Tally {
  std::optional<double> count;
  std::string_view result;  // added | duplicate | rejected
  std::string_view code = {};
  std::string_view message = {};
};
// Settles the rows still unknown from the answer's counts: a negative count or
// counts above those rows are inconsistent_counts; when one kind covers them
// all, each becomes that kind; counts below them are incomplete_counts; mixed
// counts leave them unknown (the answer's counts say how many of each).
void settleByTallies(Answer& a, std::initializer_list<Tally> tallies);
// The same for {added, duplicates, invalid} counts, the invalid ones beyond
// the rows already rejected.
void settleByCounts(Answer& a, std::optional<double> added, std::optional<double> dups, std::optional<double> invalid);
// Rejects the row each error entry names (an index/row/position, or the lead it
// echoes by email, leadId, linkedinUrl, lead_id, phone, linkedin_url, or whole).
void rejectEntries(Answer& a, const Json* errors, const std::vector<const Json*>& leads);

}  // namespace answer
}  // namespace leadroster
