// Message templates: the variables a template names, in the provider's syntax
// ({{firstName}}, %custom_fields.key%).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"

namespace leadroster {

// The distinct variable names of a template, in order of first use.
std::vector<std::string> parseTemplate(std::string_view t, const TemplateSyntax& syn);

}  // namespace leadroster
