// Browser-side defence in depth for the pages Parley serves (the web client, Swagger UI): a
// strict Content-Security-Policy, no MIME sniffing, no referrer beyond the origin.
#pragma once
#include <string>
#include <string_view>

#include "http/types.hpp"

namespace http {

// The policy of the web client: scripts and styles only from the site (no inline script, no
// eval, no inline style but the empty <style> elements emotion fills through CSSOM), images
// also from data: and blob: (previews of files being uploaded), connections
// to the site and its WebSocket, no plugins, no framing, no <base>. `host` is the request's
// Host header: the WebSocket origin is ws:// or wss:// on it (not every browser counts them
// as 'self'); a Host that is not a plain host[:port] gets 'self' alone.
std::string content_security_policy(std::string_view host);

// Content-Security-Policy (above), X-Content-Type-Options: nosniff and Referrer-Policy:
// same-origin (URLs of channels never leave the site).
void set_security_headers(const Request& request, Response& response);

}  // namespace http
