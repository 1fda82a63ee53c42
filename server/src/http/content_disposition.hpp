// Content-Disposition for downloads (RFC 6266) with the name in both forms: an ASCII
// fallback in filename="..." for old clients and the exact UTF-8 name in filename*=
// (RFC 5987/8187 percent-encoding), so that no name can break out of the header.
#pragma once
#include <string>
#include <string_view>

namespace http {

// disposition: "inline" or "attachment".
std::string content_disposition(std::string_view disposition, std::string_view filename);

}  // namespace http
