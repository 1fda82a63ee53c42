// Cookie and Authorization header reading (http/cookies): any header value, any name.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/cookies.hpp"

namespace {

bool inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // "name\nheader": the first line names the cookie looked for.
  auto newline = input.find('\n');
  std::string_view name =
      newline == std::string_view::npos ? "access_token" : input.substr(0, newline);
  std::string_view header = newline == std::string_view::npos ? input : input.substr(newline + 1);

  if (auto value = http::find_cookie(header, name)) FUZZ_CHECK(inside(*value, header));
  if (auto value = http::find_cookie(header, "access_token")) FUZZ_CHECK(inside(*value, header));

  // The same header inside a request, twice, with the value as a bearer token too.
  http::Request request;
  try {
    request.set(http::bhttp::field::cookie, header);
    request.insert(http::bhttp::field::cookie, name);
    request.set(http::bhttp::field::authorization, header);
  } catch (const std::exception&) {
    return 0;  // Beast refuses field values it could not write (CR, LF, NUL): not ours
  }
  auto from_request = http::find_cookie(request, name);
  if (from_request) FUZZ_CHECK(from_request->size() <= header.size() + name.size());
  if (auto token = http::bearer_token(request)) {
    FUZZ_CHECK(!token->empty());
    FUZZ_CHECK(token->front() != ' ' && token->back() != ' ');
  }

  // Writing: whatever goes in comes out in front.
  http::CookieAttributes attributes;
  attributes.max_age = static_cast<std::int64_t>(size) - 64;
  auto written = http::set_cookie_header(name, header, attributes);
  FUZZ_CHECK(written.starts_with(std::string(name) + "=" + std::string(header)));
  return 0;
}
