#include "http/cookies.hpp"

#include <boost/beast/core/string.hpp>

namespace http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string_view> find_cookie(std::string_view header, std::string_view name) {
  if (name.empty()) return std::nullopt;
  while (!header.empty()) {
    auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    auto equals = pair.find('=');
    if (equals == std::string_view::npos) continue;  // not a name=value pair: skipped
    if (trim(pair.substr(0, equals)) != name) continue;
    std::string_view value = trim(pair.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> find_cookie(const Request& request, std::string_view name) {
  auto range = request.equal_range(bhttp::field::cookie);
  for (auto it = range.first; it != range.second; ++it) {
    if (auto value = find_cookie(it->value(), name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> bearer_token(const Request& request) {
  auto it = request.find(bhttp::field::authorization);
  if (it == request.end()) return std::nullopt;
  std::string_view value = trim(it->value());
  constexpr std::string_view kScheme = "bearer";
  if (value.size() <= kScheme.size() || !beast::iequals(value.substr(0, kScheme.size()), kScheme) ||
      (value[kScheme.size()] != ' ' && value[kScheme.size()] != '\t')) {
    return std::nullopt;
  }
  value = trim(value.substr(kScheme.size()));
  if (value.empty()) return std::nullopt;
  return value;
}

std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieAttributes& attributes) {
  std::string header;
  header.reserve(name.size() + value.size() + 96);
  header += name;
  header += '=';
  header += value;
  header += "; Path=";
  header += attributes.path;
  header += "; Max-Age=";
  header += std::to_string(attributes.max_age);
  if (attributes.max_age <= 0) header += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  if (attributes.http_only) header += "; HttpOnly";
  if (!attributes.same_site.empty()) {
    header += "; SameSite=";
    header += attributes.same_site;
  }
  if (attributes.secure) header += "; Secure";
  return header;
}

}  // namespace http
