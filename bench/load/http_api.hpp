// Minimal blocking HTTP/1.1 client (one connection per request, with a timeout) for the
// setup calls: register, token, membership, server list.
#pragma once

#include <boost/beast/http/verb.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "target.hpp"

namespace parley_load {

struct HttpResponse {
  int status = 0;  // 0 = transport error, see `error`
  std::string body;
  std::vector<std::string> set_cookies;
  int retry_after = -1;  // seconds, -1 when absent
  std::string error;
};

HttpResponse http_call(const Target& t, boost::beast::http::verb verb, const std::string& path,
                       const std::string& json_body, const std::string& cookie, double timeout_s);

// Value of cookie `name` in a list of Set-Cookie header values; empty when absent.
std::string cookie_value(const std::vector<std::string>& set_cookies, std::string_view name);

}  // namespace parley_load
