// Native driver of the streaming planner, for the benchmark (bench/run.mjs).
//
//   leadroster_plan --provider sendpilot [--options '{"campaignId":"c1"}'] [--format auto|ndjson|json]
//                   [--chunk-bytes 4194304] [--chunk-rows 5000] [--no-bodies] [--answer lean|full]
//                   [--out FILE] FILE
//
// Reads FILE in chunks and feeds Planner:
//  - NDJSON: blocks of --chunk-bytes cut at the last newline -> pushNdjson;
//  - JSON array: split here, streaming, into arrays of --chunk-rows elements
//    -> pushJsonArray (the file is never held whole in memory).
// Every push's output is produced as the JS API gets it: by default the lean
// answer (Planner::pushLean: head JSON + each lead once, in the request
// bodies or the open list); --answer full gives the full answer (every row
// with its lead; requests carry their body (options.emitBodies) unless
// --no-bodies). It is dropped (or appended to --out).
// Prints one JSON line:
//   {"n":..,"ms":..,"leadsPerSec":..,"cpuMs":..,"leadsPerCpuSec":..,"maxRssMB":..,"summary":{...},"outputBytes":..,...}
// where ms covers reading, planning and finish (not process start-up).
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <cstdio>
#include <cstring>
#include <string>

#include "json/json.h"
#include "api/lookup.h"
#include "engine/planner.h"

using leadroster::Error;
using leadroster::Json;
using leadroster::Planner;
using leadroster::Result;
using leadroster::Status;
using leadroster::success;
namespace code = leadroster::code;

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: leadroster_plan --provider P [--options JSON] [--format auto|ndjson|json]\n"
               "                       [--chunk-bytes N] [--chunk-rows N] [--no-bodies] [--answer lean|full]\n"
               "                       [--out FILE] FILE\n");
}

struct Sink {
  FILE* out = nullptr;
  size_t bytes = 0;
  size_t pushes = 0;
  bool lean = true;
  std::string head, body;
  void push(Planner& p, std::string_view text, bool ndjson) {
    if (!lean) {
      take(ndjson ? p.pushNdjson(text) : p.pushJsonArray(text));
      return;
    }
    p.pushLean(text, ndjson, true, head, body);
    take(head);
    take(body);
  }
  void take(const std::string& s) {
    bytes += s.size();
    ++pushes;
    if (out) {
      std::fwrite(s.data(), 1, s.size(), out);
      std::fputc('\n', out);
    }
  }
};

// Streams the elements of a top-level JSON array into chunks "[e1,e2,...]" of
// up to `chunkRows` elements. Strings are skipped with their escapes; only the
// array's own commas split.
class ArraySplitter {
 public:
  ArraySplitter(Planner& p, Sink& sink, size_t chunkRows) : planner_(p), sink_(sink), chunkRows_(chunkRows) {
    chunk_.reserve(chunkRows * 400);
    chunk_ = "[";
  }
  Status feed(const char* data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      char c = data[i];
      if (state_ == State::Before) {
        if (c == '[')
          state_ = State::Between;
        else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || (unsigned char)c >= 0x80)
          continue;  // ws, BOM
        else
          return Error{code::invalid_type, "not a JSON array", {}};
        continue;
      }
      if (state_ == State::After) continue;
      if (inString_) {
        chunk_ += c;
        if (escape_)
          escape_ = false;
        else if (c == '\\')
          escape_ = true;
        else if (c == '"')
          inString_ = false;
        continue;
      }
      if (depth_ == 0) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == ',' || c == ']') {
          if (inElement_) endElement();
          if (c == ']') state_ = State::After;
          continue;
        }
        if (!inElement_) {
          inElement_ = true;
          if (rowsInChunk_) chunk_ += ',';
        }
      }
      chunk_ += c;
      if (c == '"')
        inString_ = true;
      else if (c == '{' || c == '[')
        ++depth_;
      else if (c == '}' || c == ']')
        --depth_;
    }
    return success();
  }
  void finish() {
    if (inElement_) endElement();
    flush();
  }

 private:
  enum class State { Before, Between, After };
  void endElement() {
    inElement_ = false;
    if (++rowsInChunk_ >= chunkRows_) flush();
  }
  void flush() {
    if (rowsInChunk_ == 0) return;
    chunk_ += ']';
    sink_.push(planner_, chunk_, false);
    chunk_.assign("[");
    rowsInChunk_ = 0;
  }
  Planner& planner_;
  Sink& sink_;
  size_t chunkRows_;
  std::string chunk_;
  size_t rowsInChunk_ = 0;
  State state_ = State::Before;
  int depth_ = 0;
  bool inString_ = false, escape_ = false, inElement_ = false;
};

bool endsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string provider, options, format = "auto", file, outPath;
  size_t chunkBytes = 4u << 20, chunkRows = 5000;
  bool bodies = true, lean = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--provider")
      provider = value();
    else if (a == "--options")
      options = value();
    else if (a == "--format")
      format = value();
    else if (a == "--chunk-bytes")
      chunkBytes = std::stoul(value());
    else if (a == "--chunk-rows")
      chunkRows = std::stoul(value());
    else if (a == "--no-bodies")
      bodies = false;
    else if (a == "--answer")
      lean = value() != "full";
    else if (a == "--out")
      outPath = value();
    else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      usage();
      return 2;
    } else
      file = a;
  }
  if (provider.empty() || file.empty() || chunkBytes == 0 || chunkRows == 0) {
    usage();
    return 2;
  }
  if (format == "auto") format = endsWith(file, ".json") ? "json" : "ndjson";
  if (format != "json" && format != "ndjson") {
    usage();
    return 2;
  }
  // The native API's callers get the body in each request.
  Json opts = options.empty() ? Json::object() : Json::parse(options, nullptr, false);
  if (!opts.is_object()) {
    std::fprintf(stderr, "--options must be a JSON object\n");
    return 2;
  }
  if (bodies && !opts.contains("emitBodies")) opts["emitBodies"] = true;

  auto t0 = std::chrono::steady_clock::now();
  Result<std::unique_ptr<Planner>> created = leadroster::api::createFor<Planner>(provider, opts.dump());
  if (!created) {
    std::fprintf(stderr, "leadroster_plan: %s\n", created.error().message.c_str());
    return 2;
  }
  std::unique_ptr<Planner> planner = std::move(created.value());
  FILE* in = std::fopen(file.c_str(), "rb");
  if (!in) {
    std::perror(file.c_str());
    return 1;
  }
  Sink sink;
  sink.lean = lean;
  if (!outPath.empty()) {
    sink.out = std::fopen(outPath.c_str(), "wb");
    if (!sink.out) {
      std::perror(outPath.c_str());
      return 1;
    }
  }

  size_t inputBytes = 0;
  std::string buf;  // NDJSON: carried partial line + the block just read
  std::string block(chunkBytes, '\0');
  ArraySplitter splitter(*planner, sink, chunkRows);
  for (;;) {
    size_t got = std::fread(&block[0], 1, block.size(), in);
    if (got == 0) break;
    inputBytes += got;
    if (format == "json") {
      if (Status fed = splitter.feed(block.data(), got); !fed) {
        std::fprintf(stderr, "leadroster_plan: %s: %s\n", file.c_str(), fed.error().message.c_str());
        return 1;
      }
      continue;
    }
    buf.append(block.data(), got);
    size_t cut = buf.rfind('\n');
    if (cut == std::string::npos) continue;  // a line longer than a block: read on
    sink.push(*planner, std::string_view(buf.data(), cut + 1), true);
    buf.erase(0, cut + 1);
  }
  std::fclose(in);
  if (format == "json")
    splitter.finish();
  else if (!buf.empty())
    sink.push(*planner, buf, true);
  std::string end;
  if (lean) {
    planner->finishLean(end, sink.body);
    sink.take(end);
    sink.take(sink.body);
  } else {
    end = planner->finish();
    sink.take(end);
  }
  auto t1 = std::chrono::steady_clock::now();
  if (sink.out) std::fclose(sink.out);

  double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  Json last = Json::parse(end, nullptr, false);
  Json summary = last.is_object() && last.contains("summary") ? last["summary"] : Json();
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  size_t n = planner->rowsSeen();
  Json report = Json::object();
  report["n"] = n;
  report["ms"] = std::round(ms * 100) / 100;
  report["leadsPerSec"] = ms > 0 ? std::llround(double(n) / (ms / 1000.0)) : 0;
  double cpuMs = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
  report["cpuMs"] = std::round(cpuMs * 100) / 100;  // whole process: start-up is negligible
  report["leadsPerCpuSec"] = cpuMs > 0 ? std::llround(double(n) / (cpuMs / 1000.0)) : 0;
  report["maxRssMB"] = std::round(double(ru.ru_maxrss) / 1024.0 * 10) / 10;  // ru_maxrss is in KiB on Linux
  report["summary"] = summary;
  report["provider"] = provider;
  report["format"] = format;
  report["inputBytes"] = inputBytes;
  report["outputBytes"] = sink.bytes;
  report["pushes"] = sink.pushes;
  report["indexBytes"] = planner->indexBytes();
  report["bodies"] = bodies;
  report["answer"] = lean ? "lean" : "full";
  std::printf("%s\n", report.dump().c_str());
  return 0;
}
