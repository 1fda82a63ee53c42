#include "http/router.hpp"

#include <algorithm>

namespace http {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Matches one pattern against split path segments; fills params on success.
bool matches(const Route& route, const std::vector<std::string_view>& parts,
             std::vector<std::pair<std::string, std::string>>& params) {
  if (route.segments.size() != parts.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view pattern = route.segments[i];
    if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}') {
      std::string_view name = pattern.substr(1, pattern.size() - 2);
      bool want_int = false;
      if (auto colon = name.find(':'); colon != std::string_view::npos) {
        want_int = name.substr(colon + 1) == "int";
        name = name.substr(0, colon);
      }
      if (parts[i].empty() || (want_int && !all_digits(parts[i]))) return false;
      params.emplace_back(std::string(name), std::string(parts[i]));
    } else if (pattern != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t start = 0;
  for (;;) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      parts.push_back(path.substr(start));
      return parts;
    }
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

void Router::add(Verb verb, std::string pattern, Handler handler, RouteOptions options) {
  Route route{verb, pattern, {}, std::move(handler), options};
  for (auto part : split_path(pattern)) route.segments.emplace_back(part);
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Verb verb, std::string_view path) const {
  Match result;
  auto parts = split_path(path);
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& route : routes_) {
    if (!matches(route, parts, params)) continue;
    result.allowed.push_back(route.verb);
    bool verb_ok = route.verb == verb || (verb == Verb::head && route.verb == Verb::get);
    if (verb_ok && !result.route) {
      result.route = &route;
      result.params = params;
    }
  }
  result.other_method = !result.route && !result.allowed.empty();
  // Every route ends with a slash; the same path without it answers the same (SPEC Part II).
  if (!result.route && result.allowed.empty() && !path.empty() && path.back() != '/') {
    return match(verb, std::string(path) + "/");
  }
  return result;
}

}  // namespace http
