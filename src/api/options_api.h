// engine.options(): every option of src/engine/options.def the engine takes
// from a caller, as JSON [{name, type, flag, scope, required, min?, max?,
// maxLength?, values?, format?, default?, doc}] (api/describe.cpp).
#pragma once
#include <string>

namespace leadroster::api {
std::string options();
}  // namespace leadroster::api
