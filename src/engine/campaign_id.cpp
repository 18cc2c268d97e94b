#include "engine/campaign_id.h"

#include "normalize/text.h"
#include "result.h"

namespace leadroster {

std::string campaignIdProblem(std::string_view id, bool inPath) {
  const std::string head = "options.campaignId ";
  if (id.size() > 200) return head + "must be at most 200 bytes";
  if (!text::isValidUtf8(id)) return head + "must be valid UTF-8";
  for (size_t i = 0; i < id.size(); ++i) {
    unsigned char c = (unsigned char)id[i];
    bool c1 = c == 0xC2 && i + 1 < id.size() && (unsigned char)id[i + 1] >= 0x80 &&
              (unsigned char)id[i + 1] <= 0x9F;  // U+0080..U+009F
    if (c < 0x20 || c == 0x7F || c1) return head + "must not contain control characters";
  }
  if (!id.empty() && text::trim(id).size() != id.size())
    return head + "has whitespace around it (" + text::quoteForMessage(id) + "); remove it";
  if (inPath && (id == "." || id == ".."))
    return head + "must not be \"" + std::string(id) + "\": it would change the request path";
  return "";
}

void appendPathSegment(std::string& out, std::string_view segment) {
  static const char* hex = "0123456789ABCDEF";
  for (char ch : segment) {
    unsigned char c = (unsigned char)ch;
    if (text::isAlnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

}  // namespace leadroster
