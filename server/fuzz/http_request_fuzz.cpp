// The HTTP request reader as HttpServer::session runs it (http/server.cpp): a header parser
// (16 KiB header limit, eager off) on the connection's bytes as they arrive, the body limit
// decided from the header, the body read by a string_body parser built from the header
// parser, requests one after another on a keep-alive connection. Then what Parley itself
// reads from a request: the route (http/router), cookies and bearer token, the Origin rules,
// a chat socket's target (ws/handshake), and a static file's path (http/static_files).
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstdint>
#include <limits>
#include <string_view>

#include "fuzz_check.hpp"
#include "http/cookies.hpp"
#include "http/origin_policy.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "ws/handshake.hpp"

namespace {

namespace bhttp = boost::beast::http;
constexpr std::size_t kHeaderLimit = 16 * 1024;  // HttpLimits::header_bytes

const http::Router& router() {
  static const http::Router instance = [] {
    http::Router r;
    // A few of the shapes Parley's routes have (app/routes.cpp): literals, {name}, {name:int}.
    http::RouteOptions upload{http::AuthPolicy::required, http::kUploadBodyLimit};
    r.add(http::Verb::post, "/api/token/", {}, {http::AuthPolicy::ignore});
    r.add(http::Verb::get, "/api/servers/", {});
    r.add(http::Verb::get, "/api/servers/{server_id:int}/", {});
    r.add(http::Verb::patch, "/api/servers/{server_id:int}/", {}, upload);
    r.add(http::Verb::get, "/api/servers/{server_id:int}/channels/{channel_id:int}/messages/", {});
    r.add(http::Verb::get, "/api/users/{username}/", {});
    r.add(http::Verb::get, "/media/{path}", {});
    return r;
  }();
  return instance;
}

const http::OriginPolicy& origins() {
  static const http::OriginPolicy instance({"http://localhost:5173", "https://chat.example"});
  return instance;
}

// What Parley's own code reads from a parsed request.
void use(const http::Request& request) {
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  auto match = router().match(request.method(), path);
  if (match.route) FUZZ_CHECK(!match.other_method);
  for (const auto& segment : http::split_path(path))
    FUZZ_CHECK(segment.find('/') == std::string_view::npos);

  http::find_cookie(request, "access_token");
  http::find_cookie(request, "refresh_token");
  http::bearer_token(request);
  origins().is_foreign(request);
  origins().refuses(request);
  http::Response response{http::Status::ok, request.version()};
  origins().add_cors_headers(request, response);
  if (match.other_method || match.route) origins().preflight(request, match.allowed);

  if (boost::beast::websocket::is_upgrade(request)) {
    ws::parse_chat_target(target);
    ws::websocket_accept(request[bhttp::field::sec_websocket_key]);
  }
  if (auto relative = http::safe_relative_path(path)) {
    // Never a way out of the root: no empty, "." or ".." segment, no NUL, no backslash.
    std::string_view rest = *relative;
    while (!rest.empty()) {
      auto slash = rest.find('/');
      auto segment = rest.substr(0, slash);
      FUZZ_CHECK(!segment.empty() && segment != "." && segment != "..");
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
      FUZZ_CHECK(slash == std::string_view::npos || !rest.empty());
    }
    FUZZ_CHECK(relative->find('\\') == std::string::npos);
    FUZZ_CHECK(relative->find('\0') == std::string::npos);
    http::mime_type_for(*relative);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // First byte: the size of each read (0 = everything at once).
  std::size_t chunk = data[0] == 0 ? size : data[0];
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t arrived = std::min(chunk, stream.size());
  std::size_t used = 0;  // bytes the parsers consumed (the rest stays in the flat_buffer)

  // Feeds what has arrived to the parser until it is done (with the header only, as
  // async_read_header stops there), wants more than there is, or fails.
  auto feed = [&](auto& parser, bool header_only) -> bool {
    boost::system::error_code ec;
    for (;;) {
      if (header_only ? parser.is_header_done() : parser.is_done()) return true;
      std::string_view available = stream.substr(used, arrived - used);
      if (available.empty()) {
        if (arrived == stream.size()) return false;  // the peer stopped sending
        arrived = std::min(arrived + chunk, stream.size());
        continue;
      }
      std::size_t n = parser.put(boost::asio::buffer(available.data(), available.size()), ec);
      FUZZ_CHECK(n <= available.size());
      used += n;
      if (ec == bhttp::error::need_more) {
        ec = {};
        if (arrived == stream.size()) return false;
        arrived = std::min(arrived + chunk, stream.size());
        continue;
      }
      if (ec) return false;  // 400, 413 or 431
    }
  };

  for (int requests = 0; requests < 16 && used < stream.size(); ++requests) {
    bhttp::request_parser<bhttp::empty_body> header_parser;
    header_parser.header_limit(static_cast<std::uint32_t>(kHeaderLimit));
    header_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    header_parser.eager(false);
    if (!feed(header_parser, true)) return 0;
    const auto& header = header_parser.get();
    auto match =
        router().match(header.method(), header.target().substr(0, header.target().find('?')));
    std::size_t limit = match.route ? match.route->options.body_limit : http::kDefaultBodyLimit;
    if (auto length = header_parser.content_length(); length && *length > limit) return 0;  // 413
    bhttp::request_parser<bhttp::string_body> parser(std::move(header_parser));
    parser.body_limit(limit);
    if (!feed(parser, false)) return 0;
    http::Request request = parser.release();
    FUZZ_CHECK(request.body().size() <= limit);
    use(request);
    if (!request.keep_alive()) return 0;
  }
  return 0;
}
