#include "http/server.hpp"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <limits>

#include "http/response.hpp"
#include "metrics/metrics.hpp"
#include "util/log.hpp"

namespace http {

struct HttpServer::Connection {
  beast::tcp_stream stream;
  std::string client_address;
  bool busy = false;     // between reading a request's header and writing its response
  bool closing = false;  // shutdown asked: close after the current response

  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
};

namespace {

using asio::use_awaitable;

// A deadline that cancels the socket's pending operations without closing it, so that
// the session can still answer 408 (beast::tcp_stream's own timeout closes the socket).
class Deadline {
 public:
  Deadline(std::shared_ptr<HttpServer::Connection> connection, std::chrono::seconds after);
  ~Deadline() { timer_.cancel(); }
  bool expired() const { return *expired_; }

 private:
  asio::steady_timer timer_;
  std::shared_ptr<bool> expired_ = std::make_shared<bool>(false);
};

// Sends a final error response and closes; errors on the way are of no interest.
Task<void> reject(beast::tcp_stream& stream, Status status, std::string_view detail) {
  metrics::http_rejected(static_cast<unsigned>(status));
  auto response = error_response(status, detail);
  response.keep_alive(false);
  response.set("X-Content-Type-Options", "nosniff");
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  // Lingering close: a client still sending (say, an oversized body) would get a reset
  // that can destroy the answer in its receive buffer; read and drop a bounded amount first.
  std::array<char, 16 * 1024> sink;
  std::size_t drained = 0;
  stream.expires_after(std::chrono::seconds(2));
  while (!ec && drained < 16 * 1024 * 1024) {
    drained += co_await stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(use_awaitable, ec));
  }
}

void log_request(const Request& request, const Response& response, const std::string& client,
                 std::chrono::steady_clock::time_point started) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
  std::string_view target = request.target();
  util::LogEvent("http.request")
      .add("method", std::string_view(bhttp::to_string(request.method())))
      .add("path", target.substr(0, target.find('?')))
      .add("status", static_cast<int>(response.result_int()))
      .add("bytes", response.body().size())
      .add("micros", static_cast<std::int64_t>(micros))
      .add("client", client)
      .info();
}

}  // namespace

Deadline::Deadline(std::shared_ptr<HttpServer::Connection> connection, std::chrono::seconds after)
    : timer_(connection->stream.get_executor(), after) {
  timer_.async_wait([connection, expired = expired_](const beast::error_code& ec) {
    if (ec) return;
    *expired = true;
    beast::error_code ignored;
    connection->stream.socket().cancel(ignored);
  });
}

HttpServer::HttpServer(IoShards& shards, Dispatcher& dispatcher, HttpLimits limits)
    : shards_(shards), dispatcher_(dispatcher), limits_(limits) {}

HttpServer::~HttpServer() = default;

void HttpServer::listen(const std::string& host, unsigned short port) {
  auto address = asio::ip::make_address(host);
  tcp::endpoint endpoint(address, port);
  acceptor_ = std::make_unique<tcp::acceptor>(shards_.shard(0));
  acceptor_->open(endpoint.protocol());
  acceptor_->set_option(asio::socket_base::reuse_address(true));
  acceptor_->bind(endpoint);
  acceptor_->listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(shards_.shard(0), accept_loop(), asio::detached);
}

tcp::endpoint HttpServer::local_endpoint() const {
  return acceptor_->local_endpoint();
}

Task<void> HttpServer::accept_loop() {
  for (;;) {
    auto& shard = shards_.next();
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor_->async_accept(shard, asio::redirect_error(use_awaitable, ec));
    if (stopping_) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      util::LogEvent("http.accept_failed").add("error", ec.message()).warn();
      // Out of file descriptors and the like: back off instead of spinning.
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    if (open_.load() >= limits_.max_connections) {
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(std::move(socket));
    auto remote = connection->stream.socket().remote_endpoint(ec);
    connection->client_address = ec ? std::string("unknown") : remote.address().to_string();
    {
      std::lock_guard lock(connections_mutex_);
      connections_.emplace(connection.get(), connection);
    }
    ++open_;
    asio::co_spawn(shard, session(connection), asio::detached);
  }
}

Task<void> HttpServer::session(std::shared_ptr<Connection> connection) {
  auto& stream = connection->stream;
  beast::flat_buffer buffer;
  bool first = true;
  bool upgraded = false;
  for (;;) {
    beast::error_code ec;
    if (connection->closing) break;
    // Between requests: wait for the first byte under the idle timeout, then give the
    // rest of the header the (shorter) header timeout.
    if (!first && buffer.size() == 0) {
      stream.expires_after(limits_.idle_timeout);
      auto n = co_await stream.async_read_some(buffer.prepare(4096),
                                               asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      buffer.commit(n);
    }
    first = false;
    stream.expires_never();
    bhttp::request_parser<bhttp::empty_body> header_parser;
    header_parser.header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
    header_parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // checked below
    header_parser.eager(false);
    {
      Deadline deadline(connection, limits_.header_timeout);
      co_await bhttp::async_read_header(stream, buffer, header_parser,
                                        asio::redirect_error(use_awaitable, ec));
      if (deadline.expired()) ec = beast::error::timeout;
    }
    if (ec) {
      if (ec == beast::error::timeout) {
        co_await reject(stream, Status::request_timeout, "Request timeout.");
      } else if (ec == bhttp::error::header_limit) {
        co_await reject(stream, Status::request_header_fields_too_large,
                        "Request header fields too large.");
      } else if (ec != bhttp::error::end_of_stream && ec != asio::error::eof &&
                 ec != asio::error::connection_reset && ec != asio::error::operation_aborted) {
        co_await reject(stream, Status::bad_request, "Malformed request.");
      }
      break;
    }
    connection->busy = true;
    auto started = std::chrono::steady_clock::now();

    auto& header = header_parser.get();
    auto limit = dispatcher_.body_limit(header.method(), header.target());
    if (auto length = header_parser.content_length(); length && *length > limit) {
      co_await reject(stream, Status::payload_too_large, "Request body too large.");
      break;
    }
    bhttp::request_parser<bhttp::string_body> parser(std::move(header_parser));
    parser.body_limit(limit);
    {
      Deadline deadline(connection, limits_.body_timeout);
      co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
      if (deadline.expired()) ec = beast::error::timeout;
    }
    if (ec) {
      if (ec == bhttp::error::body_limit) {
        co_await reject(stream, Status::payload_too_large, "Request body too large.");
      } else if (ec == beast::error::timeout) {
        co_await reject(stream, Status::request_timeout, "Request timeout.");
      } else if (ec != asio::error::eof && ec != asio::error::connection_reset) {
        co_await reject(stream, Status::bad_request, "Malformed request.");
      }
      break;
    }
    Request request = parser.release();

    if (beast::websocket::is_upgrade(request) && upgrade_) {
      stream.expires_never();
      upgraded = true;
      {
        std::lock_guard lock(connections_mutex_);
        connections_.erase(connection.get());
      }
      --open_;
      upgrade_(std::move(stream), std::move(request), connection->client_address);
      co_return;
    }

    stream.expires_never();  // handlers may wait on the database; they bound themselves
    Response response = co_await dispatcher_.dispatch(request, connection->client_address);
    bool keep_alive = request.keep_alive() && !connection->closing && !stopping_;
    response.version(request.version());
    response.keep_alive(keep_alive);
    if (request.method() == Verb::head) {
      auto length = response.body().size();
      response.body().clear();
      response.content_length(length);
    }
    log_request(request, response, connection->client_address, started);
    stream.expires_after(limits_.body_timeout);
    co_await bhttp::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
    connection->busy = false;
    if (ec || !keep_alive) break;
  }
  if (!upgraded) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
    std::lock_guard lock(connections_mutex_);
    connections_.erase(connection.get());
    --open_;
  }
}

void HttpServer::begin_shutdown() {
  stopping_ = true;
  if (acceptor_) {
    asio::post(acceptor_->get_executor(), [this] {
      beast::error_code ec;
      acceptor_->close(ec);
    });
  }
  std::lock_guard lock(connections_mutex_);
  for (auto& [raw, weak] : connections_) {
    auto connection = weak.lock();
    if (!connection) continue;
    asio::post(connection->stream.get_executor(), [connection] {
      connection->closing = true;
      // Idle connections wake from their read with an error and end; busy ones finish.
      if (!connection->busy) connection->stream.socket().cancel();
    });
  }
}

}  // namespace http
