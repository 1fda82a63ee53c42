// Asynchronous HTTP/1.1 client with one keep-alive connection, on a worker's io_context:
// requests are sent one after another (a user's REST actions are issued in order, as a client
// would). Used by the mixed load (reactions, edits, deletes) and by the catch-up benchmark.
// All methods and callbacks run on the io_context's thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "target.hpp"

namespace parley_load {

class RestClient : public std::enable_shared_from_this<RestClient> {
 public:
  struct Request {
    boost::beast::http::verb verb = boost::beast::http::verb::get;
    std::string path;
    std::string body;  // JSON, sent with POST/PUT/PATCH when not empty
  };
  // Fills the request right before it is written (so it can depend on the answers to the
  // requests before it); false: nothing to send, the job is dropped without a callback.
  using Prepare = std::function<bool(Request&)>;
  // HTTP status (0: transport error or timeout) and body.
  using Done = std::function<void(int status, std::string_view body)>;

  RestClient(boost::asio::io_context& ioc, const Target& target, std::string cookie,
             std::chrono::milliseconds timeout);

  void submit(Prepare prepare, Done done);
  std::size_t queued() const { return q_.size() + (busy_ ? 1 : 0); }
  std::uint64_t reconnects() const { return reconnects_; }
  void close();  // drops queued jobs, closes the connection

 private:
  struct Job {
    Prepare prepare;
    Done done;
  };
  void next();
  void connect();
  void write();
  void on_read(boost::beast::error_code ec);
  void finish(int status, std::string_view body);

  const Target& target_;
  std::string cookie_;
  std::chrono::milliseconds timeout_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buf_;
  boost::beast::http::request<boost::beast::http::string_body> req_;
  boost::beast::http::response<boost::beast::http::string_body> res_;
  std::deque<Job> q_;
  Job cur_;
  bool busy_ = false;
  bool connected_ = false;
  bool reused_ = false;  // the current request went out on a connection that served one before
  bool retried_ = false;
  bool closed_ = false;
  std::uint64_t reconnects_ = 0;
};

// Percent-encodes a path segment (RFC 3986 unreserved characters stay).
std::string url_encode(std::string_view s);

}  // namespace parley_load
