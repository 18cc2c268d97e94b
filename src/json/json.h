// The JSON type of the engine: nlohmann::ordered_json keeps a lead's keys in
// the order the user wrote them.
#pragma once
#include <nlohmann/json.hpp>

namespace leadroster {
using Json = nlohmann::ordered_json;
}
