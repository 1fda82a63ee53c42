// One io_context per thread ("shard"): a connection lives on one shard for its whole life,
// so its handlers never run concurrently and need no locks or strands.
#pragma once
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace http {

class IoShards {
 public:
  explicit IoShards(std::size_t count);
  ~IoShards();

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& shard(std::size_t index) { return *contexts_[index]; }
  // Round-robin, for spreading new connections.
  boost::asio::io_context& next();

  void start();  // one thread per shard
  void stop();   // stops the event loops (after the graceful part is done)
  void join();

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace http
