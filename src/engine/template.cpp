#include "engine/template.h"

#include "normalize/text.h"

namespace leadroster {

namespace {
bool isIdentifier(std::string_view s) {
  if (s.empty() || text::isDigit(s.front())) return false;
  for (char c : s)
    if (!(text::isAlnum(c) || c == '_')) return false;
  return true;
}
}  // namespace

std::vector<std::string> parseTemplate(std::string_view t, const TemplateSyntax& syn) {
  std::vector<std::string> vars;
  size_t pos = 0;
  while (pos < t.size()) {
    size_t a = t.find(syn.open, pos);
    if (a == std::string_view::npos) break;
    size_t b = t.find(syn.close, a + syn.open.size());
    if (b == std::string_view::npos) break;
    std::string_view name = t.substr(a + syn.open.size(), b - a - syn.open.size());
    // {{ name }} may be padded; with one delimiter for both ends (%name%) a
    // padded name is prose between two percent signs ("30% more %first_name%").
    if (syn.open != syn.close) name = text::trim(name);
    bool good = !name.empty() && name.size() <= 200 && name.front() != '.' && name.back() != '.';
    if (syn.open == "%" && syn.close == "%") {
      // %name% or %custom_fields.key% syntax: identifiers only; "20%-30%" is prose.
      static constexpr std::string_view kCustom = "custom_fields.";
      good = good &&
             (isIdentifier(name) || (text::startsWith(name, kCustom) && isIdentifier(name.substr(kCustom.size()))));
    } else {
      for (char c : name) good &= text::isAlnum(c) || c == '_' || c == '.' || c == '-';
    }
    if (good) {
      std::string n(name);
      bool seen = false;
      for (const auto& v : vars) seen |= v == n;
      if (!seen) vars.push_back(std::move(n));
      pos = b + syn.close.size();
    } else {
      pos = a + 1;
    }
  }
  return vars;
}
}  // namespace leadroster
