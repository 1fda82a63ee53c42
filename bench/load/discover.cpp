// discover mode: find server and channel ids by name with GET /api/server/select/.
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>

#include "http_api.hpp"
#include "modes.hpp"

namespace parley_load {

namespace json = boost::json;

int run_discover(const Options& opts, const Target& target) {
  auto r = http_call(target, boost::beast::http::verb::get, "/api/server/select/", "", "", 30.0);
  if (r.status != 200) {
    std::cerr << "GET /api/server/select/: "
              << (r.status ? "HTTP " + std::to_string(r.status) : r.error) << "\n";
    return 1;
  }
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_array()) {
    std::cerr << "GET /api/server/select/: not a JSON array\n";
    return 1;
  }
  const json::object* server = nullptr;
  for (const auto& s : v.get_array())
    if (s.is_object() && s.get_object().contains("name") &&
        s.get_object().at("name") == json::value(opts.server_name))
      server = &s.get_object();
  if (!server) {
    std::cerr << "no server named \"" << opts.server_name << "\"\n";
    return 1;
  }
  const std::int64_t sid = server->at("id").to_number<std::int64_t>();
  if (!opts.channel_id_as_server) {
    for (const auto& c : server->at("channel_server").as_array())
      if (c.as_object().at("name") == json::value(opts.channel_name)) {
        std::printf("%lld %lld %lld\n", static_cast<long long>(sid),
                    static_cast<long long>(c.as_object().at("id").to_number<std::int64_t>()),
                    static_cast<long long>(sid));
        return 0;
      }
    std::cerr << "server \"" << opts.server_name << "\" has no channel \"" << opts.channel_name
              << "\"\n";
    return 1;
  }
  // djchat peer: membership is checked on the server whose id equals the channel id, so a
  // usable channel is one whose id equals the id of the server the senders join.
  for (const auto& s : v.get_array())
    for (const auto& c : s.as_object().at("channel_server").as_array())
      if (c.as_object().at("id").to_number<std::int64_t>() == sid) {
        std::printf("%lld %lld %lld\n",
                    static_cast<long long>(s.as_object().at("id").to_number<std::int64_t>()),
                    static_cast<long long>(sid), static_cast<long long>(sid));
        return 0;
      }
  std::cerr << "no channel has id " << sid << " (the id of \"" << opts.server_name << "\")\n";
  return 1;
}

}  // namespace parley_load
