// SendKit's filter and select-all modes: their predicted answers.
#pragma once
#include "json/json.h"
#include "providers/provider.h"

namespace leadroster::api {

// A request body of the filter or select-all mode (no "leads").
bool isSendkitModeBody(const Json& body);
// The page's answer to it: {"success":true,"data":{"added","skipped","matched"}}.
PredictedResponse predictSendkitMode(const Json& body);

}  // namespace leadroster::api
