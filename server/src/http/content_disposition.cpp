#include "http/content_disposition.hpp"

namespace http {

std::string content_disposition(std::string_view disposition, std::string_view filename) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string fallback;
  std::string encoded;
  for (unsigned char c : filename) {
    bool printable = c >= 0x20 && c < 0x7F;
    // One '_' per character that is not printable ASCII (UTF-8 continuation bytes add none).
    if ((c & 0xC0) != 0x80) {
      fallback.push_back(printable && c != '"' && c != '\\' && c != '%' ? static_cast<char>(c)
                                                                        : '_');
    }
    // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
    bool attr_char =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (attr_char) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(kHex[c >> 4]);
      encoded.push_back(kHex[c & 15]);
    }
  }
  if (fallback.empty()) fallback = "download";
  std::string out(disposition);
  out += "; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
  return out;
}

}  // namespace http
