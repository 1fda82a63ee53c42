// Cross-origin rules: CORS for an allow-list of origins, and refusal of cookie-carrying
// state-changing requests (and WebSocket handshakes) from foreign sites.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "http/types.hpp"

namespace http {

class OriginPolicy {
 public:
  explicit OriginPolicy(std::vector<std::string> allowed_origins = {});

  // Exact match of scheme, host and port against the allow-list; "null" never matches.
  bool is_allowed(std::string_view origin) const;
  // The origin names the host the request was sent to (this site).
  static bool is_same_origin(std::string_view origin, std::string_view host);
  // Foreign: an Origin that is neither this site nor allowed, or, lacking Origin,
  // Sec-Fetch-Site: cross-site.
  bool is_foreign(const Request& request) const;
  // A POST/PUT/PATCH/DELETE that carries cookies and comes from a foreign site.
  bool refuses(const Request& request) const;

  // Adds Access-Control-* headers for an allowed Origin (and Vary: Origin always).
  void add_cors_headers(const Request& request, Response& response) const;
  // The answer to an OPTIONS preflight; allowed_methods from the router.
  Response preflight(const Request& request, const std::vector<Verb>& allowed_methods) const;

 private:
  std::vector<std::string> allowed_;
};

}  // namespace http
