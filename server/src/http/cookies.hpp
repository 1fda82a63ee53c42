// Reading the Cookie header robustly (any layout, values containing '=', quoted values,
// pairs without '=', several Cookie headers, none at all) and writing Set-Cookie values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace http {

// The value of the first cookie called `name` in one Cookie header value.
std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name);
// The same across every Cookie header of the request.
std::optional<std::string_view> find_cookie(const Request& request, std::string_view name);

// The token of "Authorization: Bearer <token>" (scheme case-insensitive); nullopt otherwise.
std::optional<std::string_view> bearer_token(const Request& request);

struct CookieAttributes {
  std::string_view path = "/";
  std::int64_t max_age = 0;  // seconds; 0 deletes the cookie
  bool http_only = true;
  bool secure = false;
  std::string_view same_site = "Lax";
};

// "name=value; Path=/; Max-Age=300; HttpOnly; SameSite=Lax[; Secure]". A deletion
// (max_age 0) also carries an Expires in the past for old clients.
std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieAttributes& attributes);

}  // namespace http
