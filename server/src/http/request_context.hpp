// What a handler sees of a request: the message, its path parameters, query, client and
// the authenticated principal (when there is one).
#pragma once
#include <boost/url/params_view.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/types.hpp"

namespace http {

class MultipartSpool;

// Who made the request, as established from the access token.
struct Principal {
  std::int64_t user_id = 0;
  std::int64_t session_id = 0;
};

struct RequestContext {
  Request& request;
  std::string_view path;                                    // decoded-safe, without query
  boost::urls::params_view query;                           // percent-decoded on access
  std::vector<std::pair<std::string, std::string>> params;  // from {name} route segments
  std::string client_address;
  std::optional<Principal> principal;
  std::shared_ptr<MultipartSpool> spool = nullptr;  // the received upload of a spooling route

  // The route parameter {name}; empty when absent.
  std::string_view param(std::string_view name) const {
    for (auto& [key, value] : params) {
      if (key == name) return value;
    }
    return {};
  }
  // The first query parameter of that name, decoded.
  std::optional<std::string> query_value(std::string_view name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return std::string((*it).value);
  }
};

}  // namespace http
