#include "metrics/exposition_server.hpp"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "metrics/registry.hpp"

namespace metrics {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr int kMaxConnections = 16;
std::atomic<int> g_open{0};

bhttp::response<bhttp::string_body> answer(const bhttp::request<bhttp::string_body>& request) {
  bhttp::response<bhttp::string_body> response;
  response.version(request.version());
  response.keep_alive(false);
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  bool readable = request.method() == bhttp::verb::get || request.method() == bhttp::verb::head;
  if (path == "/metrics" && readable) {
    response.result(bhttp::status::ok);
    response.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = Registry::instance().render();
  } else if (path == "/metrics") {
    response.result(bhttp::status::method_not_allowed);
    response.set(bhttp::field::allow, "GET, HEAD");
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.body() = "Method not allowed.\n";
  } else {
    response.result(bhttp::status::not_found);
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.body() = "Not found: this port serves /metrics only.\n";
  }
  response.set("Cache-Control", "no-store");
  response.prepare_payload();
  if (request.method() == bhttp::verb::head) response.body().clear();
  return response;
}

asio::awaitable<void> serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer(16 * 1024);
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(0);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (!ec) {
    auto response = answer(parser.get());
    stream.expires_after(std::chrono::seconds(10));
    co_await bhttp::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  --g_open;
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;
    if (g_open.load() >= kMaxConnections) {
      socket.close(ec);  // a scraper retries; nobody else should be here
      continue;
    }
    ++g_open;
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
  }
}

}  // namespace

ExpositionServer::ExpositionServer(const std::string& host, unsigned short port)
    : acceptor_(context_) {
  tcp::endpoint endpoint(asio::ip::make_address(host), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(64);
}

ExpositionServer::~ExpositionServer() {
  stop();
}

void ExpositionServer::start() {
  asio::co_spawn(context_, accept_loop(acceptor_), asio::detached);
  thread_ = std::thread([this] { context_.run(); });
}

void ExpositionServer::stop() {
  if (!thread_.joinable()) return;
  asio::post(context_, [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  context_.stop();
  thread_.join();
}

boost::asio::ip::tcp::endpoint ExpositionServer::local_endpoint() const {
  return acceptor_.local_endpoint();
}

}  // namespace metrics
