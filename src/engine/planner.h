// The streaming planner: rows in, per-row results and full requests out, with
// memory bounded by the dedup index plus one unfinished batch.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/identity_index.h"
#include "engine/intake.h"
#include "json/json.h"
#include "providers/provider.h"
#include "engine/check_lead.h"

namespace leadroster {

// Output helpers. What writes JSON without knowing the engine's types lives in
// json/ (appendJsonString, secondsJson, fatalJson in json_writer.h; dumpJson in
// json.h).
// These stay here because each is made of engine or provider types: a plan row
// is a LeadCheck's errors and warnings with IdentityIndex's duplicateOf (its
// string parts already go through json/), and a request's path and headers
// come from the Provider and its PlanOptions, which json/ does not know.

// Appends one plan row result as JSON. With a line (> 0) the row also gets
// "line" (after "index") and "duplicateOfLine" (the line of the row it
// duplicates, null when unknown or an existing lead).
void appendRowJson(std::string& out, int64_t index, std::string_view status, const std::string& leadJson,
                   const LeadCheck& check, int64_t duplicateOf, std::string_view matchedOn, std::string_view extra = {},
                   int64_t line = 0, int64_t duplicateOfLine = 0);

// The path with the campaign id filled in.
std::string requestPath(const Provider& p, const PlanOptions& o);
// The shortest time the provider's documented rate limit allows for `requests`
// add-lead requests (0 when none is documented).
double minDurationSeconds(const RateLimit& limit, size_t requests);
// {"Authorization":"Bearer YOUR_API_KEY"}
std::string headersJson(const Provider& p);

class Planner {
 public:
  // The planner, or the Error (naming the argument) when the options are bad.
  static Result<std::unique_ptr<Planner>> create(const Provider& provider, std::string_view optionsJson);
  Planner(const Provider& p, PlanOptions o);

  // A chunk of rows as a JSON array (JS callers) or NDJSON text (files).
  // Returns {"rows":[...],"requests":[...]}, or a fatal (fatalJson) when the
  // text is not an array or the planner is finished.
  std::string pushJsonArray(std::string_view text);
  std::string pushNdjson(std::string_view text);
  // The same, written into `out` (cleared first; its capacity is reused).
  void pushJsonArray(std::string_view text, std::string& out);
  void pushNdjson(std::string_view text, std::string& out);
  // {"requests":[...],"summary":{...}}
  std::string finish();

  // The lean answer (what the JS package reads). Each lead is written once:
  // `body` gets the request bodies completed by this call back to back and
  // then, when keepOpen, the leads of this call's ok rows whose request is not
  // complete yet; `head` gets the JSON that indexes them:
  //   {"rows":[invalid and duplicate rows in full],"ok":[start,end,...],
  //    "warnings":[each distinct warning of an ok row once],
  //    "okWarnings":[row,warning,...],
  //    "requests":[{"method","path","headers","indexes","envelope","bodyBytes"}],
  //    "open":[bytes,...]}
  // ok rows are the half-open index ranges of "ok" (their lead is in a body or
  // in "open"; the open leads are the last ones of "ok"); okWarnings pairs an
  // ok row with an index into "warnings". "lines" gives every row's input line
  // as runs [index, line, ...]: row i of a run starting at (index, line) is on
  // line + (i - index), or has no known line when the run's line is 0. A bad
  // text gives head {"fatal":...}.
  void pushLean(std::string_view text, bool ndjson, bool keepOpen, std::string& head, std::string& body);
  // The same over an input set once (planJson): a JSON array or NDJSON
  // (detected), split once; each call processes up to maxRows more rows.
  // setInput returns false with a message when a JSON array is malformed; the
  // text must stay alive until the last pushNext.
  Status setInput(std::string_view text);
  bool inputDone() const { return inputPos_ >= input_.size(); }
  void pushNext(size_t maxRows, bool keepOpen, std::string& head, std::string& body);
  // {"requests":[...],"summary":{...}} with the remaining bodies in `body`.
  void finishLean(std::string& head, std::string& body);

  // Rows the caller split itself (src/input: leads written from CSV cells),
  // answered as pushLean; lastOk() is that call's ok ranges (half-open).
  void pushLeanRows(const RowText* rows, size_t n, bool keepOpen, std::string& head, std::string& body) {
    body.clear();
    if (finished_) {
      head = finishedJson();
      return;
    }
    pushRowsLean(rows, n, keepOpen, head, body);
  }
  const std::vector<int64_t>& lastOk() const { return sink_.ok; }
  // That call's ok rows that went out without some value (a warning dropped: true), ascending.
  const std::vector<int64_t>& lastOkDropped() const { return sink_.okDropped; }
  bool finished() const { return finished_; }

  // Input lines. A row's line (1-based, 0 unknown) comes, in this order, from
  // setLines (the lines of the next rows pushed, in order: JS callers with CSV
  // records), else for NDJSON pushes the planner's own count (each pushed text
  // is the next lines of one input, the first text starting on line 1), else
  // for setInput the line in its text (NDJSON: the row's line; a JSON array:
  // the line where the element starts), else the RowText's own line (a caller
  // splitting rows itself). A JSON array pushed in chunks (pushJsonArray,
  // pushLean without ndjson) has no lines of its own.
  void setLines(std::vector<int64_t> lines);

  const Provider& provider() const { return provider_; }
  size_t rowsSeen() const { return next_; }
  size_t indexBytes() const { return dedup_.index().memoryBytes(); }

 private:
  // Where one call's answer goes: the full answer (rows and requests as JSON,
  // bodies inside requests when emitBodies) or the lean one.
  struct Sink {
    bool lean = false;
    std::string* rows = nullptr;      // full: every row; lean: invalid + duplicate rows
    std::string* requests = nullptr;  // request objects
    std::string* bodies = nullptr;    // lean: the bodies, back to back
    std::vector<int64_t> ok;          // lean: half-open ranges
    std::vector<int64_t> okWarnings;  // lean: row, warning id pairs
    std::vector<int64_t> okDropped;   // lean: ok rows with a value left out
    std::string warnings;             // lean: distinct warnings, JSON objects
    std::unordered_map<std::string, int64_t> warningIds;
    std::string key;                     // scratch
    std::vector<int64_t> lineRuns;       // lean: index, line pairs
    int64_t runIndex = -1, runLine = 0;  // the next row a run would continue to
  };
  static std::string finishedJson();
  void pushRows(const RowText* rows, size_t n, std::string& out);
  void pushRowsLean(const RowText* rows, size_t n, bool keepOpen, std::string& head, std::string& body);
  // Gives rows_ their lines: setLines' when given, else `own` (the split's) or none.
  void assignLines(std::vector<RowText>& rows, size_t from, bool own);
  void processRow(const RowText& slice, Sink& sink);
  void flush(Sink& sink);
  size_t bodyBytesWith(size_t leadBytes) const;
  void appendSummary(std::string& out) const;
  void appendLeanHead(Sink& sink, std::string& head, const std::vector<size_t>& open);
  int64_t suppressedBy(const LeadCheck& check) const;  // the options.suppressed entry a lead holds, or kNone

  const Provider& provider_;
  PlanOptions options_;
  IdentityRules rules_;
  Deduper dedup_;
  std::string path_, headers_, envelopePrefix_, envelopeJson_;
  size_t next_ = 0;
  size_t ok_ = 0, invalid_ = 0, duplicate_ = 0, requests_ = 0, suppressed_ = 0;
  IdentityIndex suppress_;  // options.suppressed: hash -> entry index
  // the unfinished batch
  std::vector<int64_t> batchIndexes_;
  std::string batchBody_;              // the batch's leads, comma-separated
  std::vector<size_t> batchLeadEnds_;  // end offset of each lead in batchBody_
  size_t batchLeadBytes_ = 0;
  bool finished_ = false;
  std::vector<RowText> rows_;   // scratch: the slices of the current push
  std::string requestsOut_;     // scratch: the requests the current push completes
  std::string rowsOut_;         // scratch: lean rows
  std::string leadBuf_;         // scratch: the current row's lead JSON
  LeadCheck check_;             // scratch: the current row's check
  Sink sink_;                   // reused between calls (capacity kept)
  std::vector<RowText> input_;  // setInput's rows
  size_t inputPos_ = 0;
  std::vector<int64_t> givenLines_;  // setLines', for the next rows
  size_t givenPos_ = 0;
  int64_t ndjsonLine_ = 1;        // the line the next NDJSON push starts on
  std::vector<uint32_t> lineOf_;  // row index -> line (0 unknown), for duplicateOfLine; empty without lines
};

}  // namespace leadroster
