// One input path for every format: bytes of a CSV, a JSON array or NDJSON in
// (in chunks of any size, cut anywhere), the planner's lean answer out. The
// format is detected once here (the first byte that is not white space after
// an optional UTF-8 BOM: '[' a JSON array, '{' NDJSON, anything else CSV)
// unless the caller names it. A CSV's first record is its header, mapped by
// api::mapHeaders (the caller's "map" applied; a leadroster_* column, which
// leadroster's own files add, is ignored unless the map names it) and each later record written
// as a lead straight from its cells (input/lead_writer.h) into the planner.
//
// Each answer's head is the planner's lean head with one more member first:
//   "input":{"format":"csv"|"json"|"ndjson"|null,"first":<row index of lines[0]>,
//            "lines":[1-based input line of each row of this answer],
//            "delimiter":","(CSV),"mapping":{mapHeaders' answer}(the answer that read the header),
//            "columns":[the header's cells as written](with "cells", in the answer that read the header),
//            "cells":[[row,[cell,...]],...](with "cells":"rejected": the invalid and duplicate rows' cells;
//                    "fix": those and the ok rows' sent without some value; "all": every row's;
//                    a JSON row's cell is its text),
//            "header":true|false(finish: whether a CSV header was read)}
// A bad argument, a --map the engine refuses, or a CSV quote that is never
// closed gives {"fatal":{"option","code","message"[,"line"]}} and the planner
// stops (every later call answers the same).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/planner.h"
#include "input/csv_reader.h"
#include "input/json_array_reader.h"
#include "input/lead_writer.h"

namespace leadroster::input {

enum class Format { Unknown, Csv, Json, Ndjson };

class InputPlanner {
 public:
  // optionsJson: the plan options; argsJson: {"format"?, "map"?, "delimiter"?, "cells"?}.
  static Result<std::unique_ptr<InputPlanner>> create(std::string_view provider, std::string_view optionsJson,
                                                      std::string_view argsJson);

  // A chunk of bytes; the rows it completes are planned (keepOpen as Planner::pushLean).
  void push(std::string_view bytes, bool keepOpen, std::string& head, std::string& body);
  // The end of the input: the rows still held (a CSV's last record, an NDJSON
  // line without "\n") are planned and a JSON array must be closed; input.header says
  // whether a CSV had a header.
  void end(bool keepOpen, std::string& head, std::string& body);
  // Then the planner's finishLean: {"requests":[...],"summary":{...}}.
  void finish(std::string& head, std::string& body);

  // CSV rows are checked from the lead writer's members, without a parse of
  // their text, where the writer can say them (see LeadWriter::write). For the
  // tests: parse every row's text instead (the answers must be the same), and
  // how many rows were read without a parse.
  void parseEveryRow(bool on) { parseEveryRow_ = on; }
  size_t rowsReadWithoutParse() const { return rowsReadWithoutParse_; }

 private:
  InputPlanner(std::unique_ptr<Planner> planner, std::string optionsJson);
  void detect(bool atEnd);
  bool readCsv();                                     // false on a fatal
  void readLines(std::string_view text);              // NDJSON lines (complete ones)
  bool readJson(std::string_view bytes, bool atEnd);  // a JSON array's complete elements; false on a fatal
  void answer(bool keepOpen, bool atEnd, std::string& head, std::string& body);
  std::string provider_;
  const char* formatName() const;

  std::unique_ptr<Planner> planner_;
  std::string optionsJson_;
  Json map_;  // the caller's map (null when none)
  char delimiter_ = 0;
  bool keepCells_ = false;
  bool allCells_ = false;  // cells of every row, not only the rejected ones
  bool fixCells_ = false;  // "fix": the rejected rows' and the ok rows' with a value left out
  Format format_ = Format::Unknown;
  std::string pending_;  // bytes not yet read (before detection; NDJSON tail)
  std::unique_ptr<csv::Reader> reader_;
  std::unique_ptr<JsonArrayReader> json_;
  std::unique_ptr<LeadWriter> writer_;
  bool header_ = false;
  std::string mapping_;  // mapHeaders' answer, in the answer that read the header
  std::string columns_;  // with cells: the header's cells as written (JSON array), in that answer
  int64_t line_ = 1;     // NDJSON / JSON: the line at the start of pending_
  bool bomChecked_ = false;
  std::string fatal_;  // set once the input cannot be read on
  // the current answer's rows
  std::string leads_;
  std::vector<size_t> ends_;
  // CSV rows read without a parse: each row's members are spans_[begin, end),
  // made json::Member views in members_; a row not `read` has its text parsed.
  struct RowSpans {
    size_t begin, end;
    bool read;
  };
  std::vector<MemberSpan> spans_;
  std::vector<RowSpans> rowSpans_;
  std::vector<json::Member> members_;
  bool parseEveryRow_ = false;
  size_t rowsReadWithoutParse_ = 0;
  std::vector<RowText> rows_;
  std::vector<int64_t> lines_;
  // with keepCells_: the current answer's rows' cells, flat (no string per cell):
  // cell k is cellText_[cellEnds_[k-1], cellEnds_[k]); row r's cells end at cellEnds_[rowCells_[r] - 1]
  std::string cellText_;
  std::vector<size_t> cellEnds_;
  std::vector<size_t> rowCells_;
  std::string cellsJson_;  // scratch: the answer's cells as JSON
  void keepCells(const std::string_view* cells, size_t n);
  void clearCells() {
    cellText_.clear();
    cellEnds_.clear();
    rowCells_.clear();
  }
  std::string plannerHead_;
};

}  // namespace leadroster::input
