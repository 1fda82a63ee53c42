// The HTTP/1.1 server: accepts connections, reads requests within limits, hands them to
// the dispatcher, and passes WebSocket upgrades on. Graceful shutdown finishes in-flight
// requests and closes idle connections.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include "http/dispatcher.hpp"
#include "http/io_shards.hpp"

#include "http/multipart_spool.hpp"
#include "http/types.hpp"

namespace http {

struct HttpLimits {
  std::size_t header_bytes = 16 * 1024;
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds body_timeout{30};
  std::chrono::seconds upload_timeout{300};  // a spooled upload's whole body
  std::size_t max_connections = 19500;
};

// Takes over an upgraded connection (the request is the WebSocket handshake).
using UpgradeHandler =
    std::function<void(beast::tcp_stream stream, Request request, std::string client_address)>;

class HttpServer {
 public:
  HttpServer(IoShards& shards, Dispatcher& dispatcher, HttpLimits limits);
  ~HttpServer();

  void set_upgrade_handler(UpgradeHandler handler) { upgrade_ = std::move(handler); }

  // Binds and starts accepting. Throws on a bad address or a port in use.
  void listen(const std::string& host, unsigned short port);
  tcp::endpoint local_endpoint() const;

  // Stops accepting, closes idle connections, lets busy ones finish their response.
  void begin_shutdown();
  std::size_t open_connections() const { return open_.load(); }

  struct Connection;  // per-connection state shared with the tracker

 private:
  Task<void> accept_loop();
  // Takes an accepted connection on (or refuses it at max_connections) and starts its session.
  void admit(tcp::socket socket, asio::io_context& shard);
  Task<void> session(std::shared_ptr<Connection> connection);
  Task<Status> read_body(std::shared_ptr<Connection> connection, beast::flat_buffer& buffer,
                         bhttp::request_parser<bhttp::empty_body>& header, std::size_t limit,
                         std::shared_ptr<MultipartSpool> spool, Request& request);

  IoShards& shards_;
  Dispatcher& dispatcher_;
  HttpLimits limits_;
  UpgradeHandler upgrade_;
  // The acceptor has a thread of its own: on a shard it waited behind that shard's work, and a
  // reconnect storm filled the listen queue (4,096) until SYNs were dropped and clients waited
  // seconds for their retransmission (docs/BENCHMARKS.md). Accepting is all it does.
  std::unique_ptr<asio::io_context> accept_context_;
  std::thread accept_thread_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::atomic<std::size_t> open_{0};
  std::atomic<bool> stopping_{false};
  std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
};

}  // namespace http
