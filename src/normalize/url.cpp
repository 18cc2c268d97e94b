#include "normalize/url.h"

#include "normalize/domain.h"
#include "normalize/text.h"

namespace leadroster {

Normalized normalizeUrl(std::string_view input) {
  std::string_view s = text::trim(input);
  if (s.empty()) return Normalized::failure(code::invalid_url, "URL is empty");
  if (text::hasControlChar(s) || s.find(' ') != std::string_view::npos)
    return Normalized::failure(code::invalid_url, "URL contains spaces or control characters");
  if (!text::isValidUtf8(s)) return Normalized::failure(code::invalid_url, "URL is not valid UTF-8 text");
  std::string out;
  size_t scheme = s.find("://");
  if (scheme == std::string_view::npos) {
    out = "https://";
    out += s;
  } else {
    std::string_view sch = s.substr(0, scheme);
    if (!text::equalsIgnoreCase(sch, "http") && !text::equalsIgnoreCase(sch, "https"))
      return Normalized::failure(code::invalid_url,
                                 "URL scheme must be http or https, not " + text::quoteForMessage(sch));
    out = text::toLowerAscii(sch);
    out += s.substr(scheme);
  }
  // host: between "://" and the first '/', '?', '#'
  size_t hostStart = out.find("://") + 3;
  size_t hostEnd = text::findAny(out, "/?#", hostStart);
  std::string_view host =
      std::string_view(out).substr(hostStart, hostEnd == std::string::npos ? std::string::npos : hostEnd - hostStart);
  if (host.find('@') != std::string_view::npos)
    return Normalized::failure(code::invalid_url, "URL must not contain a user name");
  Normalized d = normalizeDomain(host);
  if (!d) return Normalized::failure(code::invalid_url, "URL host is not a valid domain: " + d.error().message);
  // lowercase the host in place
  for (size_t i = hostStart; i < (hostEnd == std::string::npos ? out.size() : hostEnd); ++i)
    out[i] = text::toLower(out[i]);
  return Normalized::success(std::move(out));
}

}  // namespace leadroster
