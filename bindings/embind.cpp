// The Embind layer: thin by design. Every call moves one UTF-8 JSON string
// each way; the C++ API below never throws, and this file catches anything
// that still would (e.g. std::bad_alloc) so no C++ exception reaches JS.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstdint>
#include <string>

#include "api/api.h"

using namespace leadroster;
using emscripten::class_;
using emscripten::function;

namespace {

template <class F>
std::string guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fatalJson(std::string("internal error: ") + e.what());
  } catch (...) {
    return fatalJson("internal error");
  }
}

// Large inputs and outputs cross as bytes, not as Embind strings (whose
// per-character UTF-8 conversion in JS cost more than the planning itself):
// JS writes UTF-8 into a malloc'd buffer and passes (pointer, length); the
// answer stays in `out` and JS decodes it from the heap (outPointer, length).
inline std::string_view bytes(uintptr_t ptr, size_t len) {
  return std::string_view(reinterpret_cast<const char*>(ptr), len);
}

// A JS-visible handle: holds the object or the error that stopped its creation.
struct PlannerHandle {
  std::unique_ptr<Planner> planner;
  std::string error;
  std::string out;
  PlannerHandle(std::string provider, std::string options) {
    try { planner = Planner::create(provider, options, error); } catch (...) { error = "internal error"; }
  }
  std::string createError() const { return error; }
  size_t pushJson(uintptr_t ptr, size_t len) {
    run([&] { planner->pushJsonArray(bytes(ptr, len), out); });
    return out.size();
  }
  size_t pushNdjson(uintptr_t ptr, size_t len) {
    run([&] { planner->pushNdjson(bytes(ptr, len), out); });
    return out.size();
  }
  size_t finish() {
    out = guarded([&] { return planner ? planner->finish() : fatalJson(error); });
    return out.size();
  }
  uintptr_t outPointer() const { return reinterpret_cast<uintptr_t>(out.data()); }
  // Keeps the buffer for the next push unless it grew unusually large.
  void releaseOut() {
    if (out.capacity() > (size_t(64) << 20)) std::string().swap(out);
  }

 private:
  template <class F>
  void run(F&& f) {
    if (!planner) {
      out = fatalJson(error);
      return;
    }
    // f writes into `out` (its capacity is reused); an exception replaces it.
    std::string failed = guarded([&] {
      f();
      return std::string();
    });
    if (!failed.empty()) out = std::move(failed);
  }
};

struct RosterHandle {
  std::unique_ptr<Roster> roster;
  std::string error;
  RosterHandle(std::string provider, std::string options) {
    try { roster = Roster::create(provider, options, error); } catch (...) { error = "internal error"; }
  }
  std::string createError() const { return error; }
  std::string out;
  size_t add(uintptr_t ptr, size_t len) {
    out = guarded([&] { return roster->add(bytes(ptr, len)); });
    return out.size();
  }
  uintptr_t outPointer() const { return reinterpret_cast<uintptr_t>(out.data()); }
  void releaseOut() { std::string().swap(out); }
  std::string list(std::string q) { return guarded([&] { return roster->list(q); }); }
  std::string patch(std::string id, std::string f) { return guarded([&] { return roster->patch(id, f); }); }
  std::string remove(std::string a) { return guarded([&] { return roster->remove(a); }); }
  std::string launch() { return guarded([&] { return roster->launch(); }); }
  double size() const { return roster ? double(roster->size()) : 0; }
};

struct ValidatorHandle {
  std::unique_ptr<api::LeadValidator> validator;
  std::string error;
  ValidatorHandle(std::string provider, std::string options) {
    try { validator = api::LeadValidator::create(provider, options, error); } catch (...) { error = "internal error"; }
  }
  std::string createError() const { return error; }
  std::string check(std::string lead) { return guarded([&] { return validator->check(lead); }); }
};

std::string normalizeEmail(std::string s) { return guarded([&] { return api::normalizeEmail(s); }); }
std::string normalizeLinkedInUrl(std::string s) { return guarded([&] { return api::normalizeLinkedInUrl(s); }); }
std::string normalizePhone(std::string s, std::string c) { return guarded([&] { return api::normalizePhone(s, c); }); }
std::string normalizeDomain(std::string s) { return guarded([&] { return api::normalizeDomain(s); }); }
std::string normalizeUuid(std::string s) { return guarded([&] { return api::normalizeUuid(s); }); }
std::string registrableDomain(std::string s) { return guarded([&] { return api::registrableDomain(s); }); }
bool isFreeMailDomain(std::string s) {
  try { return api::isFreeMailDomain(s); } catch (...) { return false; }
}
std::string predictResponse(std::string p, std::string plan) {
  return guarded([&] { return api::predictResponse(p, plan); });
}
std::string sendkitFilterRequest(std::string id, std::string f) {
  return guarded([&] { return api::sendkitFilterRequest(id, f); });
}
std::string sendkitSelectAllRequest(std::string id, std::string ids) {
  return guarded([&] { return api::sendkitSelectAllRequest(id, ids); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(leadroster) {
  function("version", &api::version);
  // Bytes of the heap in use (allocated, not free), for leak tests; heapBytes() is the heap size.
  function("heapUsedBytes", +[]() -> double { return double(mallinfo().uordblks); });
  function("providers", &api::providers);
  function("normalizeEmail", &normalizeEmail);
  function("normalizeLinkedInUrl", &normalizeLinkedInUrl);
  function("normalizePhone", &normalizePhone);
  function("normalizeDomain", &normalizeDomain);
  function("normalizeUuid", &normalizeUuid);
  function("registrableDomain", &registrableDomain);
  function("isFreeMailDomain", &isFreeMailDomain);
  function("predictResponse", &predictResponse);
  function("sendkitFilterRequest", &sendkitFilterRequest);
  function("sendkitSelectAllRequest", &sendkitSelectAllRequest);
  class_<PlannerHandle>("Planner")
      .constructor<std::string, std::string>()
      .function("createError", &PlannerHandle::createError)
      .function("pushJson", &PlannerHandle::pushJson)
      .function("pushNdjson", &PlannerHandle::pushNdjson)
      .function("finish", &PlannerHandle::finish)
      .function("outPointer", &PlannerHandle::outPointer)
      .function("releaseOut", &PlannerHandle::releaseOut);
  class_<RosterHandle>("Roster")
      .constructor<std::string, std::string>()
      .function("createError", &RosterHandle::createError)
      .function("add", &RosterHandle::add)
      .function("outPointer", &RosterHandle::outPointer)
      .function("releaseOut", &RosterHandle::releaseOut)
      .function("list", &RosterHandle::list)
      .function("patch", &RosterHandle::patch)
      .function("remove", &RosterHandle::remove)
      .function("launch", &RosterHandle::launch)
      .function("size", &RosterHandle::size);
  class_<ValidatorHandle>("LeadValidator")
      .constructor<std::string, std::string>()
      .function("createError", &ValidatorHandle::createError)
      .function("check", &ValidatorHandle::check);
}
