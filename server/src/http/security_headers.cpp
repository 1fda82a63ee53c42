#include "http/security_headers.hpp"

#include <algorithm>
#include <cctype>

namespace http {
namespace {

// host, host:port, [v6]:port: letters, digits and . - : [ ] only, so that the header cannot
// be extended through a crafted Host.
bool plain_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']';
  });
}

// The hash of an empty <style> element. emotion (MUI's styling) creates empty <style> tags and
// fills them through CSSOM insertRule in production builds; style-src does not govern
// insertRule, but a <style> element the policy refuses has no sheet to insert into. Allowing
// exactly the empty element (instead of 'unsafe-inline' or a per-response nonce) lets the app
// style itself while any injected <style> with content stays blocked.
constexpr std::string_view kEmptyStyleHash =
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

}  // namespace

std::string content_security_policy(std::string_view host) {
  std::string connect = "'self'";
  if (plain_host(host)) {
    connect += " ws://";
    connect += host;
    connect += " wss://";
    connect += host;
  }
  return "default-src 'self'; script-src 'self'; style-src 'self' " + std::string(kEmptyStyleHash) +
         "; "
         "img-src 'self' data: blob:; connect-src " +
         connect +
         "; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
}

void set_security_headers(const Request& request, Response& response) {
  response.set("Content-Security-Policy", content_security_policy(request[bhttp::field::host]));
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "same-origin");
}

}  // namespace http
