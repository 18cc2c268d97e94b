// The Embind layer: thin by design. Every call moves one UTF-8 JSON string
// each way; the C++ API below never throws, and this file catches anything
// that still would (e.g. std::bad_alloc) so no C++ exception reaches JS.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cstdint>
#include <string>

#include "api/api.h"
#include "api/lookup.h"
#include "api/options_api.h"
#include "input/input_planner.h"

using namespace leadroster;
using emscripten::class_;
using emscripten::function;

namespace {

template <class F>
std::string guarded(F&& f) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fatalJson(Error{code::internal_error, std::string("internal error: ") + e.what(), {}});
  } catch (...) {
    return fatalJson(Error{code::internal_error, "internal error", {}});
  }
}

// Runs a create() that returns Result<unique_ptr<T>>: the object, or the fatal
// JSON that createError() hands to JS ("" when created).
template <class T, class F>
void create(std::unique_ptr<T>& object, std::string& error, F&& f) {
  error = guarded([&] {
    auto r = f();
    if (!r) return fatalJson(r.error());
    object = std::move(r).value();
    return std::string();
  });
}

// Large inputs and outputs cross as bytes, not as Embind strings (whose
// per-character UTF-8 conversion in JS cost more than the planning itself):
// JS writes UTF-8 into a malloc'd buffer and passes (pointer, length); the
// answer stays in `out` and JS decodes it from the heap (outPointer, length).
inline std::string_view bytes(uintptr_t ptr, size_t len) {
  return std::string_view(reinterpret_cast<const char*>(ptr), len);
}

// A JS-visible handle: holds the object or the fatal JSON that stopped its creation.
struct PlannerHandle {
  std::unique_ptr<Planner> planner;
  std::string error;
  std::string out;
  PlannerHandle(std::string provider, std::string options) {
    create(planner, error, [&] { return api::createFor<Planner>(provider, options); });
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
    out = guarded([&] { return planner ? planner->finish() : error; });
    return out.size();
  }
  uintptr_t outPointer() const { return reinterpret_cast<uintptr_t>(out.data()); }
  // Keeps the buffer for the next push unless it grew unusually large.
  void releaseOut() {
    if (out.capacity() > (size_t(64) << 20)) std::string().swap(out);
    if (head.capacity() > (size_t(64) << 20)) std::string().swap(head);
  }
  // The lean answer: `head` (JSON, headPointer/headLength) indexes the bodies in `out`.
  std::string head;
  uintptr_t headPointer() const { return reinterpret_cast<uintptr_t>(head.data()); }
  size_t headLength() const { return head.size(); }
  size_t pushLean(uintptr_t ptr, size_t len, bool ndjson, bool keepOpen) {
    lean([&] { planner->pushLean(bytes(ptr, len), ndjson, keepOpen, head, out); });
    return out.size();
  }
  // planJson: the input stays in the caller's heap buffer until inputDone().
  std::string setInput(uintptr_t ptr, size_t len) {
    if (!planner) return error;
    try {
      Status s = planner->setInput(bytes(ptr, len));
      if (!s) return fatalJson(s.error());
    } catch (...) {
      return fatalJson(Error{code::internal_error, "internal error", {}});
    }
    return "";
  }
  bool inputDone() const { return !planner || planner->inputDone(); }
  // The input lines of the next rows pushed: n uint32 values at ptr (0: unknown).
  void setLines(uintptr_t ptr, size_t n) {
    if (!planner) return;
    const uint32_t* p = reinterpret_cast<const uint32_t*>(ptr);
    planner->setLines(std::vector<int64_t>(p, p + n));
  }
  size_t pushNext(double maxRows, bool keepOpen) {
    lean([&] { planner->pushNext(size_t(maxRows), keepOpen, head, out); });
    return out.size();
  }
  size_t finishLean() {
    lean([&] { planner->finishLean(head, out); });
    return out.size();
  }

 private:
  template <class F>
  void lean(F&& f) {
    if (!planner) {
      head = error;  // already the fatal JSON
      out.clear();
      return;
    }
    std::string failed = guarded([&] {
      f();
      return std::string();
    });
    if (!failed.empty()) {
      head = std::move(failed);
      out.clear();
    }
  }
  template <class F>
  void run(F&& f) {
    if (!planner) {
      out = error;
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

// planInput / createInputPlanner: CSV, JSON array or NDJSON bytes in (one
// heap buffer a push), the planner's lean answer out (input/input_planner.h).
struct InputPlannerHandle {
  std::unique_ptr<input::InputPlanner> planner;
  std::string error, head, out;
  InputPlannerHandle(std::string provider, std::string options, std::string args) {
    create(planner, error, [&] { return input::InputPlanner::create(provider, options, args); });
  }
  std::string createError() const { return error; }
  size_t push(uintptr_t ptr, size_t len, bool keepOpen) {
    return run([&] { planner->push(bytes(ptr, len), keepOpen, head, out); });
  }
  size_t end(bool keepOpen) {
    return run([&] { planner->end(keepOpen, head, out); });
  }
  size_t finish() {
    return run([&] { planner->finish(head, out); });
  }
  uintptr_t headPointer() const { return reinterpret_cast<uintptr_t>(head.data()); }
  size_t headLength() const { return head.size(); }
  uintptr_t outPointer() const { return reinterpret_cast<uintptr_t>(out.data()); }
  void releaseOut() {
    if (out.capacity() > (size_t(64) << 20)) std::string().swap(out);
    if (head.capacity() > (size_t(64) << 20)) std::string().swap(head);
  }

 private:
  template <class F>
  size_t run(F&& f) {
    if (!planner) {
      head = error;
      out.clear();
      return 0;
    }
    std::string failed = guarded([&] {
      f();
      return std::string();
    });
    if (!failed.empty()) {
      head = std::move(failed);
      out.clear();
    }
    return out.size();
  }
};

struct RosterHandle {
  std::unique_ptr<Roster> roster;
  std::string error;
  RosterHandle(std::string provider, std::string options) {
    create(roster, error, [&] { return api::createFor<Roster>(provider, options); });
  }
  std::string createError() const { return error; }
  std::string out;
  size_t add(uintptr_t ptr, size_t len) {
    out = guarded([&] { return roster->add(bytes(ptr, len)); });
    return out.size();
  }
  uintptr_t outPointer() const { return reinterpret_cast<uintptr_t>(out.data()); }
  void releaseOut() { std::string().swap(out); }
  std::string list(std::string q) {
    return guarded([&] { return roster->list(q); });
  }
  std::string patch(std::string id, std::string f) {
    return guarded([&] { return roster->patch(id, f); });
  }
  std::string remove(std::string a) {
    return guarded([&] { return roster->remove(a); });
  }
  std::string launch() {
    return guarded([&] { return roster->launch(); });
  }
  double size() const { return roster ? double(roster->size()) : 0; }
};

struct ValidatorHandle {
  std::unique_ptr<api::LeadValidator> validator;
  std::string error;
  ValidatorHandle(std::string provider, std::string options) {
    create(validator, error, [&] { return api::LeadValidator::create(provider, options); });
  }
  std::string createError() const { return error; }
  std::string check(std::string lead) {
    return guarded([&] { return validator->check(lead); });
  }
  // The lead as UTF-8 bytes in the heap; the answer stays in `out` (outPointer).
  std::string out;
  size_t checkBytes(uintptr_t ptr, size_t len) {
    out = guarded([&] { return validator->check(bytes(ptr, len)); });
    return out.size();
  }
  uintptr_t outPointer() const { return reinterpret_cast<uintptr_t>(out.data()); }
};

std::string normalizeEmail(std::string s) {
  return guarded([&] { return api::normalizeEmail(s); });
}
std::string normalizeLinkedInUrl(std::string s) {
  return guarded([&] { return api::normalizeLinkedInUrl(s); });
}
std::string normalizePhone(std::string s, std::string c) {
  return guarded([&] { return api::normalizePhone(s, c); });
}
std::string normalizeDomain(std::string s) {
  return guarded([&] { return api::normalizeDomain(s); });
}
std::string normalizeUuid(std::string s) {
  return guarded([&] { return api::normalizeUuid(s); });
}
std::string registrableDomain(std::string s) {
  return guarded([&] { return api::registrableDomain(s); });
}
bool isFreeMailDomain(std::string s) {
  try {
    return api::isFreeMailDomain(s);
  } catch (...) {
    return false;
  }
}
std::string describeProvider(std::string p, std::string o) {
  return guarded([&] { return api::describeProvider(p, o); });
}
std::string mapHeaders(std::string p, std::string h, std::string a) {
  return guarded([&] { return api::mapHeaders(p, h, a); });
}
std::string predictResponse(std::string p, std::string plan) {
  return guarded([&] { return api::predictResponse(p, plan); });
}
std::string readResponse(std::string p, std::string req, int status, std::string h, std::string body, double now) {
  return guarded([&] { return api::readResponse(p, req, status, h, body, now); });
}
std::string emulateAnswer(std::string p, std::string req) {
  return guarded([&] { return api::emulateAnswer(p, req); });
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
  function(
      "heapUsedBytes", +[]() -> double { return double(mallinfo().uordblks); });
  function("providers", &api::providers);
  function("describeProvider", &describeProvider);
  function("codes", &api::codes);
  function("options", &api::options);
  function("mapHeaders", &mapHeaders);
  function("headerAliases", &api::headerAliases);
  function("normalizeEmail", &normalizeEmail);
  function("normalizeLinkedInUrl", &normalizeLinkedInUrl);
  function("normalizePhone", &normalizePhone);
  function("normalizeDomain", &normalizeDomain);
  function("normalizeUuid", &normalizeUuid);
  function("registrableDomain", &registrableDomain);
  function("isFreeMailDomain", &isFreeMailDomain);
  function("predictResponse", &predictResponse);
  function("readResponse", &readResponse);
  function("emulateAnswer", &emulateAnswer);
  function("sendkitFilterRequest", &sendkitFilterRequest);
  function("sendkitSelectAllRequest", &sendkitSelectAllRequest);
  class_<PlannerHandle>("Planner")
      .constructor<std::string, std::string>()
      .function("createError", &PlannerHandle::createError)
      .function("pushJson", &PlannerHandle::pushJson)
      .function("pushNdjson", &PlannerHandle::pushNdjson)
      .function("finish", &PlannerHandle::finish)
      .function("outPointer", &PlannerHandle::outPointer)
      .function("releaseOut", &PlannerHandle::releaseOut)
      .function("headPointer", &PlannerHandle::headPointer)
      .function("headLength", &PlannerHandle::headLength)
      .function("pushLean", &PlannerHandle::pushLean)
      .function("setInput", &PlannerHandle::setInput)
      .function("inputDone", &PlannerHandle::inputDone)
      .function("setLines", &PlannerHandle::setLines)
      .function("pushNext", &PlannerHandle::pushNext)
      .function("finishLean", &PlannerHandle::finishLean);
  class_<InputPlannerHandle>("InputPlanner")
      .constructor<std::string, std::string, std::string>()
      .function("createError", &InputPlannerHandle::createError)
      .function("push", &InputPlannerHandle::push)
      .function("end", &InputPlannerHandle::end)
      .function("finish", &InputPlannerHandle::finish)
      .function("headPointer", &InputPlannerHandle::headPointer)
      .function("headLength", &InputPlannerHandle::headLength)
      .function("outPointer", &InputPlannerHandle::outPointer)
      .function("releaseOut", &InputPlannerHandle::releaseOut);
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
      .function("check", &ValidatorHandle::check)
      .function("checkBytes", &ValidatorHandle::checkBytes)
      .function("outPointer", &ValidatorHandle::outPointer);
}
