// The server being measured: URL parsing, resolution, the loopback-only rule, path templates.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace parley_load {

struct Target {
  std::string host;  // as written (brackets removed for IPv6)
  std::string port;
  std::string host_header;  // host[:port] for Host headers
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
};

// Accepts ws://, http:// (wss/https are refused: no TLS in this tool). Throws on a
// non-loopback address unless allow_remote.
Target resolve_target(const std::string& url, bool allow_remote);

// Replaces {s} and {c} in tmpl.
std::string make_path(const std::string& tmpl, std::int64_t server_id, std::int64_t channel_id);

}  // namespace parley_load
