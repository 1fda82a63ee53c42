// Maps (method, path) to a handler. Patterns are literal segments and {name} segments
// ({name:int} matches digits only; a text {name} also matches an empty segment before the
// last, as in /reactions//@me/, so that its handler can refuse it clearly). Patterns end with a
// slash; a path without it that matches no route is matched as if it had one.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart_spool.hpp"
#include "http/request_context.hpp"
#include "http/types.hpp"

namespace http {

enum class AuthPolicy {
  optional,  // anonymous allowed; a present but invalid token is refused (401)
  required,  // 401 without valid credentials
  ignore,    // the token is not looked at (login, refresh, register, logout)
};

constexpr std::size_t kDefaultBodyLimit = 1024 * 1024;
constexpr std::size_t kUploadBodyLimit = 8 * 1024 * 1024;

struct RouteOptions {
  AuthPolicy auth = AuthPolicy::optional;
  std::size_t body_limit = kDefaultBodyLimit;
  // Set: the body is a multipart upload, spooled to disk as it arrives (RequestContext::spool)
  // instead of being read into memory.
  std::optional<SpoolOptions> spool = std::nullopt;
};

using Handler = std::function<Task<Response>(RequestContext&)>;

struct Route {
  Verb verb;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

class Router {
 public:
  void add(Verb verb, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;                             // null when nothing matched
    std::vector<std::pair<std::string, std::string>> params;  // filled when route is set
    bool other_method = false;  // the path exists for another method (405, not 404)
    std::vector<Verb> allowed;  // methods the path answers, for Allow / CORS preflight
  };
  Match match(Verb verb, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a", "b", ""}: the empty last segment keeps the trailing slash.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace http
