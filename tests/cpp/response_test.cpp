// readResponse: every documented answer of every provider (seeds pages and
// README extra facts), including the bodies shown on the pages verbatim.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/api.h"

using J = nlohmann::json;

namespace {

const double kNow = 1700000000000.0;  // 2023-11-14T22:13:20Z

J read(const char* provider, const J& request, int status, const J& headers, const std::string& body) {
  std::string out = leadroster::api::readResponse(provider, request.dump(), status, headers.dump(), body, kNow);
  J j = J::parse(out);
  EXPECT_FALSE(j.contains("fatal")) << out;
  return j;
}

J req(std::initializer_list<int> idx, J body = nullptr) { return J{{"indexes", J(idx)}, {"body", body}}; }

std::string results(const J& a) {
  std::string s;
  for (const auto& r : a["rows"]) s += r["result"].get<std::string>() + ",";
  return s;
}

}  // namespace

// ---- sendpilot (seeds/001)

TEST(ReadResponse, SendpilotPageBodyVerbatimAllAdded) {
  J a = read("sendpilot", req({0, 1}), 200, J::object(), R"({
  "success": true,
  "leadsAdded": 2,
  "duplicatesSkipped": 0,
  "invalidEntries": 0
})");
  EXPECT_EQ(a["outcome"], "accepted");
  EXPECT_EQ(results(a), "added,added,");
  EXPECT_TRUE(a["retryAfterMs"].is_null());
  EXPECT_FALSE(a.contains("error"));
}

TEST(ReadResponse, SendpilotCountsSettleAllDuplicatesButNotAMix) {
  J a = read("sendpilot", req({4, 5}), 200, J::object(),
             R"({"success":true,"leadsAdded":0,"duplicatesSkipped":2,"invalidEntries":0})");
  EXPECT_EQ(results(a), "duplicate,duplicate,");
  EXPECT_EQ(a["rows"][0]["index"], 4);
  J b = read("sendpilot", req({0, 1, 2}), 200, J::object(),
             R"({"success":true,"leadsAdded":2,"duplicatesSkipped":1,"invalidEntries":0})");
  EXPECT_EQ(b["outcome"], "accepted");
  EXPECT_EQ(results(b), "unknown,unknown,unknown,");
}

TEST(ReadResponse, SendpilotErrorsNamingALeadRejectThatRow) {
  J body = {{"campaignId", "c"},
            {"leads", J::array({J{{"linkedinUrl", "https://www.linkedin.com/in/a"}},
                                J{{"linkedinUrl", "https://www.linkedin.com/in/b"}}})}};
  J a = read("sendpilot", req({7, 8}, body), 200, J::object(),
             R"({"success":true,"leadsAdded":1,"duplicatesSkipped":0,"invalidEntries":1,
                 "errors":[{"linkedinUrl":"https://www.linkedin.com/in/b","message":"Invalid LinkedIn URL"}]})");
  EXPECT_EQ(results(a), "added,rejected,");
  EXPECT_EQ(a["rows"][1]["message"], "Invalid LinkedIn URL");
}

TEST(ReadResponse, Sendpilot400ValidationFailedIsFailedAndRejectsRows) {
  J a = read("sendpilot", req({0}), 400, J::object(),
             R"({"statusCode":400,"message":"Validation failed","error":"Bad Request"})");
  EXPECT_EQ(a["outcome"], "failed");
  EXPECT_EQ(a["error"]["code"], "bad_request");
  EXPECT_NE(a["error"]["message"].get<std::string>().find("Validation failed"), std::string::npos);
  EXPECT_EQ(results(a), "rejected,");
}

// ---- reached (seeds/002)

TEST(ReadResponse, ReachedPageBodyVerbatimPerEntry) {
  J a = read("reached", req({0, 1}), 200, J::object(), R"({
  "data": {
    "campaign_id": "c1d2e3f4-...",
    "results": [
      {
        "lead_id": "new-lead-uuid-1",
        "status": "added"
      },
      {
        "lead_id": "existing-lead-uuid",
        "status": "already_in_campaign"
      }
    ]
  }
})");
  EXPECT_EQ(a["outcome"], "accepted");
  EXPECT_EQ(results(a), "added,duplicate,");
  // the provider's id for each lead, added or already there
  EXPECT_EQ(a["rows"][0]["leadId"], "new-lead-uuid-1");
  EXPECT_EQ(a["rows"][1]["leadId"], "existing-lead-uuid");
}

TEST(ReadResponse, ReachedErrorEntryForALeadWithoutIdentifiers) {
  J a = read("reached", req({0, 1}), 200, J::object(),
             R"({"data":{"campaign_id":"c","results":[{"status":"added","lead_id":"x"},
                 {"error":{"code":"bad_request","message":"phone, email or lead_id is required"}}]}})");
  EXPECT_EQ(results(a), "added,rejected,");
  EXPECT_EQ(a["rows"][1]["code"], "bad_request");
}

TEST(ReadResponse, ReachedErrorBodiesAndRateLimit) {
  J a = read("reached", req({0}), 401, J::object(), R"({"error":{"code":"unauthorized","message":"Invalid API key"}})");
  EXPECT_EQ(a["outcome"], "failed");
  EXPECT_EQ(a["error"]["code"], "unauthorized");
  J n = read("reached", req({0}), 404, J::object(), R"({"error":{"code":"not_found","message":"Campaign not found"}})");
  EXPECT_EQ(n["error"]["code"], "not_found");
  J r = read("reached", req({0}), 429, J{{"X-RateLimit-Reset", "30"}, {"X-RateLimit-Remaining", "0"}},
             R"({"error":{"code":"rate_limited","message":"Too many requests"}})");
  EXPECT_EQ(r["outcome"], "retry");
  EXPECT_EQ(r["retryAfterMs"], 30000);
  EXPECT_EQ(r["error"]["code"], "rate_limited");
  EXPECT_EQ(results(r), "unknown,");
  J i = read("reached", req({0}), 500, J::object(), R"({"error":{"code":"internal","message":"oops"}})");
  EXPECT_EQ(i["outcome"], "retry");
  EXPECT_EQ(i["error"]["code"], "internal");
}

TEST(ReadResponse, ReachedShortResultsLeaveTheRestUnknown) {
  J a = read("reached", req({0, 1}), 200, J::object(), R"({"data":{"results":[{"status":"added"}]}})");
  EXPECT_EQ(results(a), "added,unknown,");
  EXPECT_EQ(a["error"]["code"], "unexpected_body");
}

// ---- sendkit (seeds/003)

TEST(ReadResponse, SendkitPageBodyVerbatimWithErrorEntry) {
  J body = {{"leads", J::array({J{{"email", "john@acme.com"}}, J{{"email", "invalid@"}},
                                J{{"leadId", "665d4e5f6a7b8c9d0e1f2a3b"}}})}};
  J a = read("sendkit", req({0, 1, 2}, body), 200, J::object(), R"({
"success": true,
"data": {
"added": 2,
"skipped": 1,
"errors": [
{
"entry": {
"email": "invalid@"
},
"message": "Either leadId or email is required"
}
]
}
})");
  EXPECT_EQ(a["outcome"], "accepted");
  // the counts (2 added, 1 skipped) are more than the two rows left: not settled
  EXPECT_EQ(a["rows"][1]["result"], "rejected");
  EXPECT_EQ(a["rows"][1]["message"], "Either leadId or email is required");
  EXPECT_EQ(a["rows"][0]["result"], "unknown");
}

TEST(ReadResponse, SendkitCountsSettleAllAddedAndAllSkipped) {
  J a =
      read("sendkit", req({0, 1}), 200, J::object(), R"({"success":true,"data":{"added":2,"skipped":0,"errors":[]}})");
  EXPECT_EQ(results(a), "added,added,");
  J b = read("sendkit", req({0, 1}), 200, J::object(), R"({"success":true,"data":{"added":0,"skipped":2}})");
  EXPECT_EQ(results(b), "duplicate,duplicate,");
  J c = read("sendkit", req({0, 1}), 200, J::object(),
             R"({"success":true,"data":{"added":45,"skipped":5,"matched":50}})");
  EXPECT_EQ(c["error"]["code"], "inconsistent_counts");
  EXPECT_EQ(results(c), "unknown,unknown,");
}

TEST(ReadResponse, SendkitValidationErrorAndNotFoundVerbatim) {
  J a = read("sendkit", req({0}), 400, J::object(), R"({
"success": false,
"error": {
"code": "VALIDATION_ERROR",
"message": "Provide leads array, filters, or selectAll: true"
}
})");
  EXPECT_EQ(a["outcome"], "failed");
  EXPECT_EQ(a["error"]["code"], "VALIDATION_ERROR");
  EXPECT_EQ(a["rows"][0]["result"], "rejected");
  J n = read("sendkit", req({0}), 404, J::object(), R"({
"success": false,
"error": {
"code": "NOT_FOUND",
"message": "Campaign not found"
}
})");
  EXPECT_EQ(n["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(n["error"]["message"], "Campaign not found");
}

// ---- magnetite (seeds/000 + README)

TEST(ReadResponse, MagnetitePageBodyVerbatimIsAdded) {
  J a = read("magnetite", req({3}), 201, J::object(), R"({
  "success": true,
  "prospectId": "abc123...",
  "status": "queued",
  "message": "Lead added to campaign and queued for outreach"
})");
  EXPECT_EQ(a["outcome"], "accepted");
  EXPECT_EQ(results(a), "added,");
  EXPECT_EQ(a["rows"][0]["index"], 3);
  EXPECT_EQ(a["rows"][0]["leadId"], "abc123...");
}

TEST(ReadResponse, Magnetite409IsADuplicateNotAFailure) {
  J a = read("magnetite", req({0}), 409, J::object(),
             R"({"success":false,"error":{"code":"DUPLICATE_LEAD","message":"Lead already exists"}})");
  EXPECT_EQ(a["outcome"], "accepted");
  EXPECT_EQ(results(a), "duplicate,");
}

TEST(ReadResponse, MagnetiteRateLimitRetryAfterFromBodyOrHeaders) {
  J a =
      read("magnetite", req({0}), 429, J::object(),
           R"({"success":false,"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too many requests"},"retryAfter":42})");
  EXPECT_EQ(a["outcome"], "retry");
  EXPECT_EQ(a["error"]["code"], "RATE_LIMIT_EXCEEDED");
  EXPECT_EQ(a["retryAfterMs"], 42000);
  // Retry-After wins over the body
  J b = read("magnetite", req({0}), 429, J{{"Retry-After", "7"}},
             R"({"success":false,"error":{"code":"RATE_LIMIT_EXCEEDED","message":"x","details":{"retryAfter":42}}})");
  EXPECT_EQ(b["retryAfterMs"], 7000);
  // an HTTP date, 90 s after kNow
  J c = read("magnetite", req({0}), 503, J{{"retry-after", "Tue, 14 Nov 2023 22:14:50 GMT"}}, "");
  EXPECT_EQ(c["retryAfterMs"], 90000);
  // X-RateLimit-Reset as epoch seconds
  J d = read("magnetite", req({0}), 429, J{{"X-RateLimit-Reset", "1700000012"}}, "{}");
  EXPECT_EQ(d["retryAfterMs"], 12000);
}

TEST(ReadResponse, MagnetiteErrorBodies) {
  J a = read("magnetite", req({0}), 400, J::object(),
             R"({"success":false,"error":{"code":"INVALID_REQUEST","message":"email is invalid",
                 "details":{"field":"email","expected":"email","received":"x"}}})");
  EXPECT_EQ(a["outcome"], "failed");
  EXPECT_EQ(a["error"]["code"], "INVALID_REQUEST");
  EXPECT_EQ(a["rows"][0]["result"], "rejected");
  for (const char* code : {"INVALID_API_KEY", "MISSING_AUTHORIZATION"}) {
    J u = read("magnetite", req({0}), 401, J::object(),
               std::string(R"({"success":false,"error":{"code":")") + code + R"(","message":"no"}})");
    EXPECT_EQ(u["outcome"], "failed");
    EXPECT_EQ(u["error"]["code"], code);
  }
  J f = read("magnetite", req({0}), 403, J::object(), "");
  EXPECT_EQ(f["error"]["code"], "forbidden");
  J n = read("magnetite", req({0}), 404, J::object(), "Not Found");
  EXPECT_EQ(n["error"]["code"], "not_found");
}

// ---- puffle (seeds/004 + README)

TEST(ReadResponse, PuffleImportedAndDuplicateCounts) {
  J a = read("puffle", req({0, 1}), 200, J::object(), R"({"imported":2,"duplicates":0})");
  EXPECT_EQ(results(a), "added,added,");
  J b = read("puffle", req({0, 1}), 200, J::object(), R"({"imported":0,"duplicates":2})");
  EXPECT_EQ(results(b), "duplicate,duplicate,");
  J c = read("puffle", req({0, 1}), 200, J::object(), R"({"imported":1,"duplicates":1})");
  EXPECT_EQ(results(c), "unknown,unknown,");
  EXPECT_EQ(c["outcome"], "accepted");
}

TEST(ReadResponse, Puffle400NamesTheOffendingIndex) {
  J a = read("puffle", req({10, 11, 12}), 400, J::object(), R"({"error":"leads[1]: email is required"})");
  EXPECT_EQ(a["outcome"], "failed");
  EXPECT_EQ(results(a), "rejected,rejected,rejected,");
  EXPECT_EQ(a["rows"][1]["code"], "missing_identity");
  EXPECT_EQ(a["rows"][0]["code"], "batch_rejected");
  J b = read("puffle", req({0, 1}), 400, J::object(), R"({"error":"campaign is not a draft"})");
  EXPECT_EQ(b["rows"][0]["code"], "bad_request");
}

// The index in puffle's message: the first of index/leads[/row/entry/lead (any
// case), then spaces, '#', ':' and spaces, then digits; out of range: no row.
TEST(ReadResponse, Puffle400IndexInTheMessage) {
  struct Case {
    const char* message;
    int row;  // -1: none named
  } cases[] = {
      {"index 2", 2},
      {"Index: 1", 1},
      {"ROW #2 is invalid", 2},
      {"entry:\t 0", 0},
      {"lead 1", 1},
      {"leads[2].email", 2},
      {"Leads [1]", -1},
      {"row # : 1", -1},
      {"row :# 1", -1},
      {"row#:1", 1},
      {"lead 7 and row 1", -1},
      {"leadership 1", -1},
      {"the leads 1", -1},
      {"bad row 01 then row 2", 1},
      {"rowrow 2", 2},
      {"index", -1},
      {"no index here", -1},
      {"Lead\u00a01", -1},
      {"undex 1 lead 0", 0},
  };
  for (const auto& c : cases) {
    J a = read("puffle", req({10, 11, 12}), 400, J::object(), J{{"error", c.message}}.dump());
    std::string expected;
    for (int i = 0; i < 3; ++i)
      expected += c.row < 0 ? "bad_request," : i == c.row ? "missing_identity," : "batch_rejected,";
    std::string got;
    for (const auto& r : a["rows"]) got += r["code"].get<std::string>() + ",";
    EXPECT_EQ(got, expected) << c.message;
  }
}

// ---- malformed and unexpected answers never throw

TEST(ReadResponse, MalformedBodiesComeBackAsOutcomeWithError) {
  for (const char* p : {"sendpilot", "reached", "sendkit", "magnetite", "puffle"}) {
    for (const char* body : {"<html>oops</html>", "[1,2]", "{\"unrelated\":true}", "null", "{\"leadsAdded\":\"x\""}) {
      J a = read(p, req({0}), 200, J::object(), body);
      EXPECT_EQ(a["outcome"], "accepted") << p << " " << body;
      EXPECT_EQ(a["error"]["code"], "unexpected_body") << p << " " << body;
      EXPECT_EQ(results(a), "unknown,") << p << " " << body;
    }
    J r = read(p, req({0}), 502, J::object(), "<html>Bad gateway</html>");
    EXPECT_EQ(r["outcome"], "retry");
    J s = read(p, req({0}), 302, J::object(), "");
    EXPECT_EQ(s["outcome"], "failed");
    EXPECT_EQ(s["error"]["code"], "unexpected_status");
  }
}

TEST(ReadResponse, BadArgumentsAreFatalNotCrashes) {
  EXPECT_NE(leadroster::api::readResponse("nope", "{\"indexes\":[]}", 200, "{}", "", 0).find("fatal"),
            std::string::npos);
  EXPECT_NE(leadroster::api::readResponse("puffle", "[]", 200, "{}", "", 0).find("fatal"), std::string::npos);
  EXPECT_NE(leadroster::api::readResponse("puffle", "{\"indexes\":[]}", 42, "{}", "", 0).find("fatal"),
            std::string::npos);
}
