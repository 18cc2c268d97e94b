#include "json/json.h"

namespace leadroster {

// What Json::parse(text, nullptr, allowExceptions) does without a callback:
// the DOM parser over the text, strict (nothing but whitespace after the
// value), a discarded value on an error when exceptions are off.
Json parseJson(std::string_view text, bool allowExceptions) {
  using Input = nlohmann::detail::iterator_input_adapter<const char*>;
  Json result;
  nlohmann::detail::json_sax_dom_parser<Json> sax(result, allowExceptions);
  nlohmann::detail::parser<Json, Input> parser(Input(text.data(), text.data() + text.size()), nullptr, allowExceptions);
  if (!parser.sax_parse(&sax, true) || sax.is_errored()) result = Json(Json::value_t::discarded);
  return result;
}

}  // namespace leadroster
