// Shared helpers for the engine tests: run a plan or drive a roster from JSON
// literals and read the answers back as nlohmann::ordered_json.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/lookup.h"
#include "engine/planner.h"
#include "engine/roster.h"

namespace lrtest {

// A Planner / Roster for the provider named `provider`, or the Error
// (unknown_provider first): the engine takes a Provider, the API finds it.
inline leadroster::Result<std::unique_ptr<leadroster::Planner>> createPlanner(std::string_view provider,
                                                                              std::string_view optionsJson) {
  return leadroster::api::createFor<leadroster::Planner>(provider, optionsJson);
}
inline leadroster::Result<std::unique_ptr<leadroster::Roster>> createRoster(std::string_view provider,
                                                                            std::string_view optionsJson) {
  return leadroster::api::createFor<leadroster::Roster>(provider, optionsJson);
}

using J = nlohmann::ordered_json;

// Parses an engine answer; fails the test (and returns null) when it is not JSON.
inline J parse(const std::string& text) {
  J j = J::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "engine answer is not JSON: " << text.substr(0, 300);
  return j.is_discarded() ? J() : j;
}

// A finished plan: every row, every request (with bodies) and the summary.
struct Plan {
  std::string createError;  // non-empty when Planner::create refused the options
  J rows = J::array();
  J requests = J::array();
  J summary;
  std::vector<std::string> fatals;  // {"fatal":...} answers of push calls

  const J& row(size_t i) const { return rows.at(i); }
  const J& request(size_t i) const { return requests.at(i); }
  std::vector<std::string> statuses() const {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r["status"].get<std::string>());
    return out;
  }
  // The request indexes, one vector per request.
  std::vector<std::vector<int64_t>> indexes() const {
    std::vector<std::vector<int64_t>> out;
    for (const auto& q : requests) out.push_back(q["indexes"].get<std::vector<int64_t>>());
    return out;
  }
};

inline void collect(Plan& plan, const std::string& answer) {
  J j = parse(answer);
  if (j.contains("fatal")) {
    plan.fatals.push_back(j["fatal"]["message"].get<std::string>());
    return;
  }
  if (j.contains("rows"))
    for (auto& r : j["rows"]) plan.rows.push_back(r);
  if (j.contains("requests"))
    for (auto& q : j["requests"]) plan.requests.push_back(q);
  if (j.contains("summary")) plan.summary = j["summary"];
}

// Runs rows through a fresh Planner. `options` gets emitBodies:true unless it says
// otherwise. chunk > 0 pushes the rows in chunks of that many (as JSON arrays).
inline Plan runPlanJson(const std::string& provider, J options, const J& rows, size_t chunk = 0) {
  Plan plan;
  if (options.is_null()) options = J::object();
  if (options.is_object() && !options.contains("emitBodies")) options["emitBodies"] = true;
  auto created = createPlanner(provider, options.dump());
  if (!created) {
    plan.createError = created.error().message.empty() ? "(empty error)" : created.error().message;
    return plan;
  }
  auto& planner = created.value();
  if (chunk == 0 || rows.size() <= chunk) {
    collect(plan, planner->pushJsonArray(rows.dump()));
  } else {
    for (size_t i = 0; i < rows.size(); i += chunk) {
      J part = J::array();
      for (size_t k = i; k < rows.size() && k < i + chunk; ++k) part.push_back(rows[k]);
      collect(plan, planner->pushJsonArray(part.dump()));
    }
  }
  collect(plan, planner->finish());
  return plan;
}

// Same with the rows given as raw text (to feed invalid JSON rows).
inline Plan runPlanText(const std::string& provider, J options, const std::string& rowsText) {
  Plan plan;
  if (options.is_object() && !options.contains("emitBodies")) options["emitBodies"] = true;
  auto created = createPlanner(provider, options.dump());
  if (!created) {
    plan.createError = created.error().message.empty() ? "(empty error)" : created.error().message;
    return plan;
  }
  auto& planner = created.value();
  collect(plan, planner->pushJsonArray(rowsText));
  collect(plan, planner->finish());
  return plan;
}

// Options-literal convenience: runPlan("reached", R"({...})", R"([...])").
inline Plan runPlan(const std::string& provider, const std::string& optionsJson, const std::string& rowsJson) {
  return runPlanJson(provider, J::parse(optionsJson), J::parse(rowsJson));
}

// The error message Planner::create gives for these options ("" when accepted).
// "code/option" of the Error Planner::create gives for these options, or "" when it succeeds.
inline std::string plannerFailure(const std::string& provider, const std::string& optionsJson) {
  auto created = createPlanner(provider, optionsJson);
  if (created) return "";
  return created.error().code + "/" + created.error().option;
}

// "code/option" of a {"fatal":{code, option}} answer ("" for a null option), or
// "not fatal: ..." when the answer is no fatal.
inline std::string fatalOf(const J& answer) {
  if (!answer.is_object() || !answer.contains("fatal")) return "not fatal: " + answer.dump();
  const J& f = answer["fatal"];
  return f.value("code", std::string("?")) + "/" + (f["option"].is_string() ? f["option"].get<std::string>() : "");
}

inline std::string plannerError(const std::string& provider, const std::string& optionsJson) {
  auto created = createPlanner(provider, optionsJson);
  if (created) return "";
  return created.error().message.empty() ? "(empty error)" : created.error().message;
}

// True when `problems` (errors or warnings of a row) holds {field, code} with a
// non-empty message. field "" means JSON null.
inline bool hasProblem(const J& problems, const std::string& field, const std::string& code) {
  for (const auto& p : problems) {
    bool fieldMatches = field.empty() ? p["field"].is_null() : (p["field"].is_string() && p["field"] == field);
    if (fieldMatches && p["code"] == code && p["message"].is_string() && !p["message"].get<std::string>().empty())
      return true;
  }
  return false;
}
// True when the row has an error on `field` (any code).
inline bool hasErrorOn(const J& row, const std::string& field) {
  for (const auto& p : row["errors"])
    if (field.empty() ? p["field"].is_null() : p["field"] == field) return true;
  return false;
}
inline bool hasError(const J& row, const std::string& field, const std::string& code) {
  return hasProblem(row["errors"], field, code);
}
inline bool hasWarning(const J& row, const std::string& field, const std::string& code) {
  return hasProblem(row["warnings"], field, code);
}

// Expect a row to be invalid with exactly this error (among possibly others).
#define EXPECT_ROW_ERROR(row, field, code)                                                                          \
  do {                                                                                                              \
    const ::lrtest::J r_ = (row);                                                                                   \
    EXPECT_EQ(r_["status"], "invalid") << r_.dump();                                                                \
    EXPECT_TRUE(::lrtest::hasError(r_, field, code)) << "want " << (field) << "/" << (code) << " in " << r_.dump(); \
  } while (0)

#define EXPECT_ROW_OK(row)                                 \
  do {                                                     \
    const ::lrtest::J r_ = (row);                          \
    EXPECT_EQ(r_["status"], "ok") << r_.dump();            \
    EXPECT_TRUE(r_["errors"].empty()) << r_.dump();        \
    EXPECT_TRUE(r_["duplicateOf"].is_null()) << r_.dump(); \
    EXPECT_TRUE(r_["matchedOn"].is_null()) << r_.dump();   \
  } while (0)

#define EXPECT_ROW_DUPLICATE(row, dupOf, matched)                  \
  do {                                                             \
    const ::lrtest::J r_ = (row);                                  \
    EXPECT_EQ(r_["status"], "duplicate") << r_.dump();             \
    EXPECT_EQ(r_["duplicateOf"], ::lrtest::J(dupOf)) << r_.dump(); \
    EXPECT_EQ(r_["matchedOn"], ::lrtest::J(matched)) << r_.dump(); \
    EXPECT_TRUE(r_["errors"].empty()) << r_.dump();                \
  } while (0)

// Checks the shape every plan row must have and that the summary adds up.
inline void expectWellFormed(const Plan& plan, size_t totalRows) {
  ASSERT_EQ(plan.createError, "");
  ASSERT_TRUE(plan.fatals.empty()) << plan.fatals[0];
  ASSERT_EQ(plan.rows.size(), totalRows);
  for (size_t i = 0; i < plan.rows.size(); ++i) {
    const J& r = plan.rows[i];
    EXPECT_EQ(r["index"], i);
    for (const char* k : {"index", "status", "lead", "errors", "warnings", "duplicateOf", "matchedOn"})
      EXPECT_TRUE(r.contains(k)) << "row " << i << " lacks " << k;
    EXPECT_TRUE(r["errors"].is_array());
    EXPECT_TRUE(r["warnings"].is_array());
    if (r["status"] != "duplicate") {
      EXPECT_TRUE(r["duplicateOf"].is_null()) << r.dump();
      EXPECT_TRUE(r["matchedOn"].is_null()) << r.dump();
    }
    EXPECT_EQ(r["status"] == "invalid", !r["errors"].empty()) << r.dump();
  }
  size_t ok = 0, invalid = 0, dup = 0;
  for (const auto& r : plan.rows) {
    ok += r["status"] == "ok";
    invalid += r["status"] == "invalid";
    dup += r["status"] == "duplicate";
  }
  EXPECT_EQ(plan.summary["total"], totalRows);
  EXPECT_EQ(plan.summary["ok"], ok);
  EXPECT_EQ(plan.summary["invalid"], invalid);
  EXPECT_EQ(plan.summary["duplicate"], dup);
  EXPECT_EQ(plan.summary["requests"], plan.requests.size());
  // Every ok row is sent exactly once, in order; nothing else is sent.
  std::vector<int64_t> sent;
  for (const auto& q : plan.requests)
    for (const auto& i : q["indexes"]) sent.push_back(i.get<int64_t>());
  std::vector<int64_t> okRows;
  for (const auto& r : plan.rows)
    if (r["status"] == "ok") okRows.push_back(r["index"].get<int64_t>());
  EXPECT_EQ(sent, okRows);
}

// The leads a request sends (its body's "leads", or the body itself for magnetite).
inline J sentLeads(const J& request) {
  const J& body = request.at("body");
  if (body.is_object() && body.contains("leads")) return body["leads"];
  return J::array({body});
}

// ---- roster

inline std::unique_ptr<leadroster::Roster> makeRoster(const std::string& provider, const std::string& optionsJson) {
  auto r = createRoster(provider, optionsJson);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return std::move(r.value());
}

}  // namespace lrtest
