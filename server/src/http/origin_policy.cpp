#include "http/origin_policy.hpp"

#include <algorithm>
#include <boost/beast/http/verb.hpp>

#include "http/response.hpp"

namespace http {
namespace {

bool is_state_changing(Verb verb) {
  return verb == Verb::post || verb == Verb::put || verb == Verb::patch || verb == Verb::delete_;
}

bool carries_cookies(const Request& request) {
  return request.find(bhttp::field::cookie) != request.end();
}

}  // namespace

OriginPolicy::OriginPolicy(std::vector<std::string> allowed_origins)
    : allowed_(std::move(allowed_origins)) {
  for (auto& origin : allowed_) {
    while (!origin.empty() && origin.back() == '/') origin.pop_back();
  }
}

bool OriginPolicy::is_allowed(std::string_view origin) const {
  if (origin.empty() || origin == "null") return false;
  return std::find(allowed_.begin(), allowed_.end(), origin) != allowed_.end();
}

bool OriginPolicy::is_same_origin(std::string_view origin, std::string_view host) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.starts_with(scheme)) {
      return !host.empty() && origin.substr(scheme.size()) == host;
    }
  }
  return false;
}

bool OriginPolicy::is_foreign(const Request& request) const {
  auto origin = request[bhttp::field::origin];
  if (!origin.empty()) {
    return !is_same_origin(origin, request[bhttp::field::host]) && !is_allowed(origin);
  }
  return request["Sec-Fetch-Site"] == "cross-site";
}

bool OriginPolicy::refuses(const Request& request) const {
  return is_state_changing(request.method()) && carries_cookies(request) && is_foreign(request);
}

void OriginPolicy::add_cors_headers(const Request& request, Response& response) const {
  response.set(bhttp::field::vary, "Origin");
  auto origin = request[bhttp::field::origin];
  if (!is_allowed(origin)) return;
  response.set(bhttp::field::access_control_allow_origin, origin);
  response.set(bhttp::field::access_control_allow_credentials, "true");
  response.set(bhttp::field::access_control_expose_headers, "Link, Retry-After");
}

Response OriginPolicy::preflight(const Request& request,
                                 const std::vector<Verb>& allowed_methods) const {
  auto origin = request[bhttp::field::origin];
  if (!is_allowed(origin)) {
    auto response = error_response(Status::forbidden, "Origin not allowed.");
    response.set(bhttp::field::vary, "Origin");
    return response;
  }
  auto response = empty_response(Status::no_content);
  add_cors_headers(request, response);
  std::string methods = "OPTIONS";
  for (Verb verb : allowed_methods) {
    methods += ", ";
    methods += std::string_view(bhttp::to_string(verb));
  }
  response.set(bhttp::field::access_control_allow_methods, methods);
  std::string_view asked = request[bhttp::field::access_control_request_headers];
  response.set(bhttp::field::access_control_allow_headers,
               asked.empty() ? std::string_view("Content-Type, Authorization") : asked);
  response.set(bhttp::field::access_control_max_age, "600");
  response.set(bhttp::field::vary,
               "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  return response;
}

}  // namespace http
