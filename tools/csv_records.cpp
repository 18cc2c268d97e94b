// The CSV reader's records of a file, for the differential test against Papa
// Parse (tests/js/csv-differential.test.mjs):
//
//   csv_records [--chunk N] [--delimiter D] [--ndjson] FILE
//
// Feeds FILE to csv::Reader in chunks of N bytes (default: whole) and prints
// one JSON object: {"delimiter","newline","records":[{"line","cells","stray","unclosed"}]}.
// --ndjson: FILE holds one JSON string a line (a text each); one answer a line.
// Cells that are not valid UTF-8 are written with U+FFFD, as a TextDecoder would.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "input/csv_reader.h"
#include "json/json.h"

int main(int argc, char** argv) {
  size_t chunk = 0;
  char delimiter = 0;
  const char* path = nullptr;
  bool many = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--chunk") && i + 1 < argc)
      chunk = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--delimiter") && i + 1 < argc)
      delimiter = argv[++i][0];
    else if (!std::strcmp(argv[i], "--ndjson"))
      many = true;
    else
      path = argv[i];
  }
  if (!path) {
    std::fprintf(stderr, "usage: csv_records [--chunk N] [--delimiter D] FILE\n");
    return 2;
  }
  std::FILE* f = std::fopen(path, "rb");
  if (!f) {
    std::perror(path);
    return 1;
  }
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);

  auto records = [&](std::string_view input) {
    leadroster::csv::Reader r(delimiter);
    leadroster::Json list = leadroster::Json::array();
    leadroster::csv::Record rec;
    auto drain = [&] {
      while (r.next(rec)) {
        leadroster::Json cells = leadroster::Json::array();
        for (auto c : rec.cells) cells.push_back(std::string(c));
        list.push_back(
            {{"line", rec.line}, {"cells", cells}, {"stray", rec.strayQuote}, {"unclosed", rec.unclosedQuote}});
      }
    };
    size_t step = chunk == 0 ? input.size() + 1 : chunk;
    for (size_t at = 0; at < input.size(); at += step) {
      r.push(input.substr(at, step));
      drain();
    }
    r.end();
    drain();
    leadroster::Json out = {{"delimiter", std::string(1, r.delimiter() ? r.delimiter() : ',')},
                            {"newline", std::string(r.newline())},
                            {"records", list}};
    std::puts(out.dump(-1, ' ', false, leadroster::Json::error_handler_t::replace).c_str());
  };
  if (!many) {
    records(text);
    return 0;
  }
  size_t from = 0;
  while (from < text.size()) {
    size_t nl = text.find('\n', from);
    if (nl == std::string::npos) nl = text.size();
    if (nl > from) records(leadroster::Json::parse(text.substr(from, nl - from)).get<std::string>());
    from = nl + 1;
  }
  return 0;
}
