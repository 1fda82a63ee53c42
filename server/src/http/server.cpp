#include "http/server.hpp"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <limits>

#include "http/file_response.hpp"
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
  // At --log-level warn and above nobody reads it: building it cost ~6 % of an I/O thread.
  if (!util::log_enabled(spdlog::level::info)) return;
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

// Sends the file a handler answered with (http/file_response.hpp) from disk, a piece at a
// time; a file that vanished since the handler looked becomes a 404.
Task<void> write_file_body(beast::tcp_stream& stream, const Response& head,
                           const std::filesystem::path& path, bool head_only,
                           beast::error_code& ec) {
  bhttp::response<bhttp::file_body> response;
  response.base() = head.base();
  beast::error_code open_error;
  response.body().open(path.c_str(), beast::file_mode::scan, open_error);
  if (open_error) {
    auto missing = not_found();
    missing.version(head.version());
    missing.keep_alive(head.keep_alive());
    missing.set("X-Content-Type-Options", "nosniff");
    stream.expires_after(std::chrono::seconds(30));
    co_await bhttp::async_write(stream, missing, asio::redirect_error(use_awaitable, ec));
    co_return;
  }
  // A slow reader of a large file gets time in proportion to it (at least 1 MB/10 s).
  auto size = response.body().size();
  stream.expires_after(std::chrono::seconds(30 + static_cast<long>(size / 100'000)));
  if (head_only) {
    bhttp::response<bhttp::empty_body> header(head.base());
    header.content_length(size);
    co_await bhttp::async_write(stream, header, asio::redirect_error(use_awaitable, ec));
    co_return;
  }
  response.content_length(size);
  co_await bhttp::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
}

// A handler's response: from memory, or from the file it stands for.
Task<void> write_response(beast::tcp_stream& stream, Response& response, bool head_only,
                          std::chrono::seconds timeout, beast::error_code& ec) {
  if (auto file = take_file_path(response)) {
    co_await write_file_body(stream, response, *file, head_only, ec);
    co_return;
  }
  stream.expires_after(timeout);
  co_await bhttp::async_write(stream, response, asio::redirect_error(use_awaitable, ec));
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

// Reads a request's body: into memory, or for a spooling route in chunks into the spool
// (SPEC §12: an upload is never held whole in memory). ok, or the status to refuse the
// request with (unknown: the client is gone, nothing to answer).
Task<Status> HttpServer::read_body(std::shared_ptr<Connection> connection,
                                   beast::flat_buffer& buffer,
                                   bhttp::request_parser<bhttp::empty_body>& header,
                                   std::size_t limit, std::shared_ptr<MultipartSpool> spool,
                                   Request& request) {
  beast::error_code ec;
  if (!spool) {
    bhttp::request_parser<bhttp::string_body> parser(std::move(header));
    parser.body_limit(limit);
    {
      Deadline deadline(connection, limits_.body_timeout);
      co_await bhttp::async_read(connection->stream, buffer, parser,
                                 asio::redirect_error(use_awaitable, ec));
      if (deadline.expired()) co_return Status::request_timeout;
    }
    if (ec == bhttp::error::body_limit) co_return Status::payload_too_large;
    // The client went away: nothing to answer (unknown stands for that).
    if (ec == asio::error::eof || ec == asio::error::connection_reset) co_return Status::unknown;
    if (ec) co_return Status::bad_request;
    request = parser.release();
    co_return Status::ok;
  }
  bhttp::request_parser<bhttp::buffer_body> parser(std::move(header));
  parser.body_limit(limit);
  std::vector<char> chunk(64 * 1024);
  Deadline deadline(connection, limits_.upload_timeout);
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    co_await bhttp::async_read_some(connection->stream, buffer, parser,
                                    asio::redirect_error(use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (deadline.expired()) co_return Status::request_timeout;
    if (ec == bhttp::error::body_limit) co_return Status::payload_too_large;
    if (ec == asio::error::eof || ec == asio::error::connection_reset) co_return Status::unknown;
    if (ec) co_return Status::bad_request;
    // A malformed body is the handler's to answer (clearly); the rest is read and dropped.
    spool->feed({chunk.data(), chunk.size() - parser.get().body().size});
  }
  spool->finish();
  request = Request(std::move(parser.get().base()));
  co_return Status::ok;
}

HttpServer::HttpServer(IoShards& shards, Dispatcher& dispatcher, HttpLimits limits)
    : shards_(shards), dispatcher_(dispatcher), limits_(limits) {}

HttpServer::~HttpServer() {
  if (accept_context_) accept_context_->stop();
  if (accept_thread_.joinable()) accept_thread_.join();
}

void HttpServer::listen(const std::string& host, unsigned short port) {
  auto address = asio::ip::make_address(host);
  tcp::endpoint endpoint(address, port);
  accept_context_ = std::make_unique<asio::io_context>(1);
  acceptor_ = std::make_unique<tcp::acceptor>(*accept_context_);
  acceptor_->open(endpoint.protocol());
  acceptor_->set_option(asio::socket_base::reuse_address(true));
  acceptor_->bind(endpoint);
  acceptor_->listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(*accept_context_, accept_loop(), asio::detached);
  accept_thread_ = std::thread([context = accept_context_.get()] { context->run(); });
}

tcp::endpoint HttpServer::local_endpoint() const {
  return acceptor_->local_endpoint();
}

// Each wake-up also takes what else is already waiting, up to kAcceptBatch, without another
// trip through the event loop (a storm brings thousands of connects within a second).
constexpr int kAcceptBatch = 64;

Task<void> HttpServer::accept_loop() {
  beast::error_code ec;
  acceptor_->non_blocking(true, ec);  // for the batch's synchronous accepts
  for (;;) {
    auto& shard = shards_.next();
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
    admit(std::move(socket), shard);
    for (int i = 1; i < kAcceptBatch && !stopping_; ++i) {
      auto& next = shards_.next();
      tcp::socket more = acceptor_->accept(next, ec);
      if (ec) break;  // would_block: the queue is empty (other errors: the async accept sees them)
      admit(std::move(more), next);
    }
  }
}

void HttpServer::admit(tcp::socket socket, asio::io_context& shard) {
  beast::error_code ec;
  if (open_.load() >= limits_.max_connections) {
    socket.close(ec);
    return;
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
    auto match = dispatcher_.match(header.method(), header.target());
    auto limit = Dispatcher::body_limit(match);
    if (auto length = header_parser.content_length(); length && *length > limit) {
      co_await reject(stream, Status::payload_too_large, "Request body too large.");
      break;
    }
    Request request;
    std::shared_ptr<MultipartSpool> spool;
    if (auto spooling = Dispatcher::spool_options(match)) {
      spool = std::make_shared<MultipartSpool>(header[bhttp::field::content_type],
                                               std::move(*spooling));
    }
    auto failure = co_await read_body(connection, buffer, header_parser, limit, spool, request);
    if (failure != Status::ok) {
      if (failure != Status::unknown) {
        co_await reject(stream, failure,
                        failure == Status::payload_too_large ? "Request body too large."
                        : failure == Status::request_timeout ? "Request timeout."
                                                             : "Malformed request.");
      }
      break;
    }

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
    Response response = co_await dispatcher_.dispatch(request, connection->client_address,
                                                      std::move(spool), std::move(match));
    bool keep_alive = request.keep_alive() && !connection->closing && !stopping_;
    response.version(request.version());
    response.keep_alive(keep_alive);
    if (request.method() == Verb::head) {
      auto length = response.body().size();
      response.body().clear();
      response.content_length(length);
    }
    log_request(request, response, connection->client_address, started);
    co_await write_response(stream, response, request.method() == Verb::head, limits_.body_timeout,
                            ec);
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
