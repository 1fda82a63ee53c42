// `--metrics-listen HOST:PORT`: a small HTTP server of its own (own thread, own io_context,
// away from the main port) that answers GET /metrics with Registry::render() and 404 to
// everything else. Bounded: a few connections at once, a short deadline per request.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>
#include <thread>

namespace metrics {

class ExpositionServer {
 public:
  // Binds at once (throws on a bad address or a port in use); serves after start().
  ExpositionServer(const std::string& host, unsigned short port);
  ~ExpositionServer();  // stops

  void start();
  void stop();
  boost::asio::ip::tcp::endpoint local_endpoint() const;

 private:
  boost::asio::io_context context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
};

}  // namespace metrics
