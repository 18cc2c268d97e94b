#include "input/input_planner.h"

#include "api/api.h"
#include "api/lookup.h"
#include "engine/intake.h"
#include "json/json_writer.h"

namespace leadroster::input {

namespace {

bool isWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool hasBom(std::string_view s) {
  return s.size() >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF;
}

std::string fatalWithLine(const char* code, const std::string& message, int64_t line) {
  std::string out = "{\"fatal\":{\"option\":null,\"code\":";
  appendJsonString(out, code);
  out += ",\"message\":";
  appendJsonString(out, message);
  out += ",\"line\":";
  out += std::to_string(line);
  return out + "}}";
}

Error argError(const char* option, std::string message) {
  return Error{code::invalid_value, std::move(message), option};
}

}  // namespace

InputPlanner::InputPlanner(std::unique_ptr<Planner> planner, std::string optionsJson)
    : planner_(std::move(planner)), optionsJson_(std::move(optionsJson)) {}

Result<std::unique_ptr<InputPlanner>> InputPlanner::create(std::string_view provider, std::string_view optionsJson,
                                                           std::string_view argsJson) {
  Json args;
  if (!argsJson.empty()) {
    Result<Json> parsed = parseDocument(argsJson);
    if (!parsed) return Error{code::invalid_type, "input arguments: " + parsed.error().message, {}};
    args = std::move(parsed.value());
  }
  if (!args.is_null() && !args.is_object())
    return Error{code::invalid_type, "input arguments must be an object {format, map, delimiter}", {}};
  Format format = Format::Unknown;
  char delimiter = 0;
  bool keepCells = false, allCells = false, fixCells = false;
  Json map;
  if (args.is_object()) {
    for (auto it = args.begin(); it != args.end(); ++it) {
      const std::string& k = it.key();
      const Json& v = it.value();
      if (k != "format" && k != "map" && k != "delimiter" && k != "cells")
        return Error{code::unknown_option, "unknown input argument " + k + " (format, map, delimiter, cells)", k};
      if (v.is_null()) continue;
      if (k == "format") {
        if (!v.is_string())
          return Error{code::invalid_type, "format must be \"csv\", \"json\" or \"ndjson\"", "format"};
        std::string f = v.get<std::string>();
        if (f == "csv")
          format = Format::Csv;
        else if (f == "json")
          format = Format::Json;
        else if (f == "ndjson" || f == "jsonl")
          format = Format::Ndjson;
        else if (f != "" && f != "auto")
          return argError("format", "format must be \"csv\", \"json\" or \"ndjson\", not " + v.dump());
      } else if (k == "delimiter") {
        if (!v.is_string()) return Error{code::invalid_type, "delimiter must be one of , ; tab |", "delimiter"};
        std::string d = v.get<std::string>();
        if (d == "tab" || d == "\\t") d = "\t";
        if (d.empty()) continue;
        if (d != "," && d != ";" && d != "\t" && d != "|")
          return argError("delimiter", "delimiter must be one of , ; tab |, not " + v.dump());
        delimiter = d[0];
      } else if (k == "map") {
        if (!v.is_object()) return Error{code::invalid_type, "map must be an object {\"Header\": \"field\"}", "map"};
        map = v;
      } else if (k == "cells") {
        if (v != "rejected" && v != "fix" && v != "all")
          return argError("cells", "cells must be \"rejected\", \"fix\" or \"all\"");
        keepCells = true;
        allCells = v == "all";
        fixCells = v == "fix";
      }
    }
  }
  Result<std::unique_ptr<Planner>> p = api::createFor<Planner>(provider, optionsJson);
  if (!p) return p.error();
  // mapHeaders reads the channel (puffle's identity) and nothing else of the options.
  Json mapOptions;
  if (!optionsJson.empty()) {
    Result<Json> o = parseDocument(optionsJson);
    if (o && o.value().is_object() && o.value().contains("channel"))
      mapOptions = Json{{"channel", o.value()["channel"]}};
  }
  std::unique_ptr<InputPlanner> ip(
      new InputPlanner(std::move(p.value()), mapOptions.is_null() ? "" : mapOptions.dump()));
  ip->provider_ = std::string(provider);
  ip->format_ = format;
  ip->delimiter_ = delimiter;
  ip->keepCells_ = keepCells;
  ip->allCells_ = allCells;
  ip->fixCells_ = fixCells;
  ip->map_ = std::move(map);
  if (format == Format::Csv) ip->reader_ = std::make_unique<csv::Reader>(delimiter);
  if (format == Format::Json) ip->json_ = std::make_unique<JsonArrayReader>();
  return ip;
}

const char* InputPlanner::formatName() const {
  switch (format_) {
    case Format::Csv: return "csv";
    case Format::Json: return "json";
    case Format::Ndjson: return "ndjson";
    default: return nullptr;
  }
}

void InputPlanner::detect(bool atEnd) {
  // the first bytes of a byte-order mark cut by the chunk: wait for the rest
  if (!atEnd && pending_.size() < 3 && std::string_view("\xEF\xBB\xBF", 3).substr(0, pending_.size()) == pending_)
    return;
  size_t i = hasBom(pending_) ? 3 : 0;
  while (i < pending_.size() && isWs(pending_[i])) ++i;
  if (i < pending_.size()) {
    char c = pending_[i];
    format_ = c == '[' ? Format::Json : c == '{' ? Format::Ndjson : Format::Csv;
  } else {
    return;  // nothing but white space yet (at the end: a blank input, no rows)
  }
  if (format_ == Format::Csv) {
    reader_ = std::make_unique<csv::Reader>(delimiter_);
    reader_->push(pending_);
    pending_.clear();
  }
  if (format_ == Format::Json) json_ = std::make_unique<JsonArrayReader>();
}

bool InputPlanner::readJson(std::string_view bytes, bool atEnd) {
  size_t from = rows_.size();
  if (!json_->push(bytes, rows_) || (atEnd && !json_->end())) {
    rows_.clear();
    lines_.clear();
    clearCells();
    fatal_ = fatalWithLine("invalid_type", json_->error(), json_->errorLine());
    return false;
  }
  for (size_t k = from; k < rows_.size(); ++k) {
    lines_.push_back(rows_[k].line);
    if (keepCells_) keepCells(&rows_[k].text, 1);
  }
  return true;
}

// The formula guard leadroster's writer puts on a cell (npm/lib/export.mjs guardCell: one leading ' before
// = + - @ TAB CR) comes back off as the package's reader takes it off (unguardCell: /^'+[=+\-@\t\r]/),
// so a cleaned or rejected file re-imports with the cells it was written from.
// "leadroster_line", "LeadRoster_Status"...: npm/lib/export.mjs isOwnColumn.
static bool isOwnColumn(std::string_view h) {
  static const char kPrefix[] = "leadroster_";
  if (h.size() < sizeof kPrefix - 1) return false;
  for (size_t i = 0; i + 1 < sizeof kPrefix; ++i) {
    char c = h[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != kPrefix[i]) return false;
  }
  return true;
}

static void unguardCell(std::string_view& cell) {
  size_t q = 0;
  while (q < cell.size() && cell[q] == '\'') ++q;
  if (q == 0 || q == cell.size()) return;
  const char c = cell[q];
  if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') cell.remove_prefix(1);
}

bool InputPlanner::readCsv() {
  csv::Record rec;
  while (reader_->next(rec)) {
    if (rec.strayQuote || rec.unclosedQuote) {
      fatal_ = fatalWithLine("invalid_csv", "CSV line " + std::to_string(rec.line) + ": a quoted field is not closed",
                             rec.line);
      return false;
    }
    for (auto& cell : rec.cells) unguardCell(cell);
    if (!header_) {
      std::string headers = "[";
      Json map = map_;
      for (size_t k = 0; k < rec.cells.size(); ++k) {
        if (k) headers += ',';
        std::string_view h = csv::jsTrim(rec.cells[k]);
        appendJsonString(headers, h);
        // the columns leadroster adds to the files it writes (a fixed rejected file read back) are never sent
        if (isOwnColumn(h) && !(map.is_object() && map.contains(std::string(h)))) {
          if (!map.is_object()) map = Json::object();
          map[std::string(h)] = "-";
        }
      }
      headers += ']';
      if (keepCells_) {
        columns_ = "[";
        for (size_t k = 0; k < rec.cells.size(); ++k) {
          if (k) columns_ += ',';
          appendJsonString(columns_, rec.cells[k]);
        }
        columns_ += ']';
      }
      Json a = Json::object();
      if (!map.is_null()) a["map"] = map;
      if (!optionsJson_.empty()) a["options"] = parseJson(optionsJson_);
      // (a header that is not UTF-8 is the caller's to refuse: never a throw here)
      std::string mapped = api::mapHeaders(provider_, headers, a.dump(-1, ' ', false, Json::error_handler_t::replace));
      Json m = parseJson(mapped, false);
      if (m.is_discarded() || !m.is_object() || m.contains("fatal")) {
        if (m.is_object() && m.contains("fatal") && m["fatal"].is_object()) {
          if (m["fatal"]["option"].is_null()) m["fatal"]["option"] = "map";
          fatal_ = m.dump(-1, ' ', false, Json::error_handler_t::replace);
        } else {
          fatal_ = fatalJson(Error{code::internal_error, "the header could not be mapped", "map"});
        }
        return false;
      }
      writer_ = std::make_unique<LeadWriter>(planner_->provider(), m["mapping"]);
      mapping_ = std::move(mapped);
      header_ = true;
      continue;
    }
    size_t spansAt = spans_.size();
    bool read = writer_->write(rec.cells, leads_, parseEveryRow_ ? nullptr : &spans_);
    rowsReadWithoutParse_ += read;
    rowSpans_.push_back({spansAt, spans_.size(), read});
    ends_.push_back(leads_.size());
    lines_.push_back(rec.line);
    if (keepCells_) keepCells(rec.cells.data(), rec.cells.size());
  }
  return true;
}

void InputPlanner::readLines(std::string_view text) {
  size_t i = 0, n = text.size();
  if (!bomChecked_) {
    bomChecked_ = true;
    if (hasBom(text)) i = 3;
  }
  while (i < n) {
    size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = n;
    size_t a = i, b = e;
    while (a < b && isWs(text[a])) ++a;
    while (b > a && isWs(text[b - 1])) --b;
    if (b > a) {
      rows_.push_back(RowText{text.substr(a, b - a), false});
      lines_.push_back(line_);
      if (keepCells_) {
        std::string_view line = text.substr(a, b - a);
        keepCells(&line, 1);
      }
    }
    if (e < n) ++line_;
    i = e + 1;
  }
}

void InputPlanner::answer(bool keepOpen, bool atEnd, std::string& head, std::string& body) {
  if (!leads_.empty() || !ends_.empty()) {
    size_t from = 0;
    for (size_t end : ends_) {
      rows_.push_back(RowText{std::string_view(leads_).substr(from, end - from), false});
      from = end;
    }
    // the rows the writer read: their members as views of leads_ (which no longer grows)
    if (rowSpans_.size() == ends_.size()) {
      members_.clear();
      members_.reserve(spans_.size());
      auto view = [&](size_t at, size_t len) { return std::string_view(leads_).substr(at, len); };
      for (const MemberSpan& s : spans_)
        members_.push_back({json::Value{json::Type::String, view(s.keyAt, s.keyLen), s.keyEscaped},
                            json::Value{s.type, view(s.valueAt, s.valueLen), s.valueEscaped}});
      size_t base = rows_.size() - ends_.size();
      static const json::Member kNoMembers{};  // a read row with no members (an empty lead) still points somewhere
      for (size_t k = 0; k < rowSpans_.size(); ++k) {
        const RowSpans& r = rowSpans_[k];
        if (!r.read) continue;
        rows_[base + k].members = r.end > r.begin ? members_.data() + r.begin : &kNoMembers;
        rows_[base + k].memberCount = r.end - r.begin;
      }
    }
  }
  // each row's input line goes with it: the planner reports it as "line" (and duplicateOfLine)
  for (size_t k = 0; k < rows_.size() && k < lines_.size(); ++k) rows_[k].line = lines_[k];
  int64_t first = int64_t(planner_->rowsSeen());
  planner_->pushLeanRows(rows_.data(), rows_.size(), keepOpen, plannerHead_, body);
  if (plannerHead_.compare(0, 9, "{\"fatal\":") == 0) {
    head = plannerHead_;
  } else {
    head.clear();
    head.reserve(plannerHead_.size() + lines_.size() * 8 + mapping_.size() + 128);
    head += "{\"input\":{\"format\":";
    const char* f = formatName();
    head += f ? std::string("\"") + f + "\"" : std::string("null");
    if (format_ == Format::Csv && reader_ && reader_->guessed()) {
      head += ",\"delimiter\":";
      appendJsonString(head, std::string(1, reader_->delimiter() ? reader_->delimiter() : ','));
    }
    if (!mapping_.empty()) {
      head += ",\"mapping\":";
      head += mapping_;
      mapping_.clear();
      if (!columns_.empty()) {
        head += ",\"columns\":";
        head += columns_;
        columns_.clear();
      }
    }
    if (atEnd) head += header_ || format_ != Format::Csv ? ",\"header\":true" : ",\"header\":false";
    head += ",\"first\":";
    head += std::to_string(first);
    head += ",\"lines\":[";
    for (size_t k = 0; k < lines_.size(); ++k) {
      if (k) head += ',';
      head += std::to_string(lines_[k]);
    }
    head += ']';
    if (keepCells_) {
      // the rows not in an ok range: invalid and duplicate ("fix": and the ok rows with a value left out)
      // the cells' JSON goes after the bodies (the head says its length): a
      // caller reads it when it needs the cells, not with the head
      std::string& cells = cellsJson_;
      cells.assign(1, '[');
      const std::vector<int64_t>& ok = planner_->lastOk();
      const std::vector<int64_t>& dropped = planner_->lastOkDropped();
      size_t r = 0, d = 0;
      bool any = false;
      JsonOut o(cells);
      for (size_t k = 0; k < rowCells_.size(); ++k) {
        int64_t index = first + int64_t(k);
        while (r + 1 < ok.size() && ok[r + 1] <= index) r += 2;
        while (d < dropped.size() && dropped[d] < index) ++d;
        bool keep = allCells_ || !(r + 1 < ok.size() && ok[r] <= index && index < ok[r + 1]) ||
                    (fixCells_ && d < dropped.size() && dropped[d] == index);
        if (!keep) continue;
        if (any) o.put(',');
        any = true;
        o.put('[');
        o.put(std::to_string(index));
        o.put(",[");
        size_t from = k ? rowCells_[k - 1] : 0;
        for (size_t c = from; c < rowCells_[k]; ++c) {
          if (c > from) o.put(',');
          size_t at = c ? cellEnds_[c - 1] : 0;
          o.putString(std::string_view(cellText_).substr(at, cellEnds_[c] - at));
        }
        o.put("]]");
      }
      o.put(']');
      o.flush();
      head += ",\"cellsBytes\":";
      head += std::to_string(cells.size());
      body += cells;
    }
    head += "},";
    head.append(plannerHead_, 1, std::string::npos);
  }
  leads_.clear();
  ends_.clear();
  spans_.clear();
  rowSpans_.clear();
  rows_.clear();
  lines_.clear();
  clearCells();
}

void InputPlanner::keepCells(const std::string_view* cells, size_t n) {
  for (size_t c = 0; c < n; ++c) {
    cellText_.append(cells[c].data(), cells[c].size());
    cellEnds_.push_back(cellText_.size());
  }
  rowCells_.push_back(cellEnds_.size());
}

void InputPlanner::push(std::string_view bytes, bool keepOpen, std::string& head, std::string& body) {
  body.clear();
  if (!fatal_.empty()) {
    head = fatal_;
    return;
  }
  std::string detected;  // the bytes held until the format was told (a JSON array's start)
  if (format_ == Format::Unknown) {
    pending_.append(bytes.data(), bytes.size());
    detect(false);
    bytes = {};
    if (format_ == Format::Json) {
      detected.swap(pending_);
      bytes = detected;
    }
    if (format_ == Format::Ndjson) {
      std::string all;
      all.swap(pending_);
      size_t nl = all.rfind('\n');
      if (nl != std::string::npos) {
        readLines(std::string_view(all).substr(0, nl + 1));
        pending_ = all.substr(nl + 1);
      } else {
        pending_ = std::move(all);
      }
      answer(keepOpen, false, head, body);
      return;
    }
  }
  switch (format_) {
    case Format::Csv:
      reader_->push(bytes);
      if (!readCsv()) {
        head = fatal_;
        body.clear();
        return;
      }
      break;
    case Format::Ndjson: {
      std::string_view text = bytes;
      size_t nl = text.rfind('\n');
      if (nl == std::string_view::npos) {
        pending_.append(bytes.data(), bytes.size());
        break;
      }
      if (pending_.empty()) {
        readLines(text.substr(0, nl + 1));
        answer(keepOpen, false, head, body);
        pending_.assign(text.data() + nl + 1, text.size() - nl - 1);
        return;
      }
      std::string all;
      all.swap(pending_);
      all.append(bytes.data(), nl + 1);
      readLines(all);
      answer(keepOpen, false, head, body);
      pending_.assign(text.data() + nl + 1, text.size() - nl - 1);
      return;
    }
    case Format::Json:
      if (!readJson(bytes, false)) {
        head = fatal_;
        return;
      }
      break;
    case Format::Unknown: break;
  }
  answer(keepOpen, false, head, body);
}

void InputPlanner::end(bool keepOpen, std::string& head, std::string& body) {
  body.clear();
  if (!fatal_.empty()) {
    head = fatal_;
    return;
  }
  if (format_ == Format::Unknown) detect(true);
  switch (format_) {
    case Format::Csv:
      reader_->end();
      if (!readCsv()) {
        head = fatal_;
        return;
      }
      break;
    case Format::Ndjson: readLines(pending_); break;
    case Format::Json: {
      std::string held;
      held.swap(pending_);  // set when the format was told at the end
      if (!readJson(held, true)) {
        head = fatal_;
        return;
      }
      break;
    }
    case Format::Unknown: break;
  }
  answer(keepOpen, true, head, body);
  if (format_ != Format::Csv) {
    pending_.clear();
    pending_.shrink_to_fit();
  }
}

void InputPlanner::finish(std::string& head, std::string& body) {
  body.clear();
  if (!fatal_.empty()) {
    head = fatal_;
    return;
  }
  planner_->finishLean(head, body);
}

}  // namespace leadroster::input
