// Native driver of the engine's input path (input::InputPlanner), for the
// benchmark (bench/csv.mjs): the comparable of the WASM engine on the same file.
//
//   plan_input --provider reached [--options '{"campaignId":"..."}'] [--args '{"format":"csv"}']
//              [--chunk-bytes 1048576] FILE
//
// Reads FILE in chunks, pushes each (keepOpen, as the streaming JS planner
// does), then end + finish; answers are produced and dropped. Prints one JSON
// line: {"ms","cpuMs","maxRssMB","rows","bytes","summary"}; ms covers reading
// and planning (not process start-up).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "input/input_planner.h"
#include "json/json.h"

using namespace leadroster;

static double cpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

int main(int argc, char** argv) {
  std::string provider = "reached", options = "{}", args = "{}";
  size_t chunk = size_t(1) << 20;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--provider") && i + 1 < argc)
      provider = argv[++i];
    else if (!std::strcmp(argv[i], "--options") && i + 1 < argc)
      options = argv[++i];
    else if (!std::strcmp(argv[i], "--args") && i + 1 < argc)
      args = argv[++i];
    else if (!std::strcmp(argv[i], "--chunk-bytes") && i + 1 < argc)
      chunk = std::strtoull(argv[++i], nullptr, 10);
    else
      path = argv[i];
  }
  if (!path || chunk == 0) {
    std::fprintf(stderr, "usage: plan_input --provider P [--options JSON] [--args JSON] [--chunk-bytes N] FILE\n");
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpuMs();
  auto created = input::InputPlanner::create(provider, options, args);
  if (!created) {
    std::fprintf(stderr, "%s\n", created.error().message.c_str());
    return 2;
  }
  auto& planner = *created.value();
  std::FILE* f = std::fopen(path, "rb");
  if (!f) {
    std::perror(path);
    return 1;
  }
  std::string buf(chunk, '\0'), head, body;
  size_t n, bytes = 0, heads = 0;
  while ((n = std::fread(&buf[0], 1, chunk, f)) > 0) {
    bytes += n;
    planner.push(std::string_view(buf.data(), n), true, head, body);
    heads += head.size() + body.size();
  }
  std::fclose(f);
  planner.end(true, head, body);
  planner.finish(head, body);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  Json end = Json::parse(head, nullptr, false);
  if (end.is_discarded() || end.contains("fatal")) {
    std::fprintf(stderr, "%s\n", head.c_str());
    return 1;
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  Json out = {{"ms", ms},       {"cpuMs", cpuMs() - c0}, {"maxRssMB", u.ru_maxrss / 1024.0},
              {"bytes", bytes}, {"answerBytes", heads},  {"summary", end["summary"]}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
