#include "target.hpp"

#include <boost/asio/io_context.hpp>

#include <stdexcept>

namespace parley_load {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Target resolve_target(const std::string& url, bool allow_remote) {
  std::string rest;
  std::string default_port;
  if (url.rfind("ws://", 0) == 0) {
    rest = url.substr(5);
    default_port = "80";
  } else if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
    default_port = "80";
  } else
    throw std::runtime_error("--url must start with ws:// or http:// (no TLS): " + url);
  auto slash = rest.find('/');
  if (slash != std::string::npos) rest = rest.substr(0, slash);
  Target t;
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) throw std::runtime_error("bad IPv6 host in " + url);
    t.host = rest.substr(1, close - 1);
    std::string after = rest.substr(close + 1);
    t.port = after.empty() ? default_port : (after[0] == ':' ? after.substr(1) : "");
  } else {
    auto colon = rest.find(':');
    t.host = rest.substr(0, colon);
    t.port = colon == std::string::npos ? default_port : rest.substr(colon + 1);
  }
  if (t.host.empty() || t.port.empty()) throw std::runtime_error("bad --url: " + url);
  t.host_header = (t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host) +
                  (t.port == "80" ? "" : ":" + t.port);

  asio::io_context ioc;
  tcp::resolver res(ioc);
  boost::system::error_code ec;
  auto results = res.resolve(t.host, t.port, tcp::resolver::numeric_service, ec);
  if (ec) throw std::runtime_error("cannot resolve " + t.host + ":" + t.port + ": " + ec.message());
  for (const auto& e : results) {
    if (!allow_remote && !e.endpoint().address().is_loopback())
      throw std::runtime_error(t.host + " resolves to " + e.endpoint().address().to_string() +
                               ", not loopback; pass --allow-remote to load a remote server");
    t.endpoints.push_back(e.endpoint());
  }
  if (t.endpoints.empty()) throw std::runtime_error("no address for " + t.host);
  return t;
}

std::string make_path(const std::string& tmpl, std::int64_t server_id, std::int64_t channel_id) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl.compare(i, 3, "{s}") == 0) {
      out += std::to_string(server_id);
      i += 2;
    } else if (tmpl.compare(i, 3, "{c}") == 0) {
      out += std::to_string(channel_id);
      i += 2;
    } else
      out += tmpl[i];
  }
  return out;
}

}  // namespace parley_load
