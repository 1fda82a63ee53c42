#include "http/io_shards.hpp"

namespace http {

IoShards::IoShards(std::size_t count) {
  if (count == 0) count = 1;
  for (std::size_t i = 0; i < count; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
  }
}

IoShards::~IoShards() {
  stop();
  join();
}

boost::asio::io_context& IoShards::next() {
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoShards::start() {
  for (auto& context : contexts_) {
    threads_.emplace_back([ctx = context.get()] { ctx->run(); });
  }
}

void IoShards::stop() {
  guards_.clear();
  for (auto& context : contexts_) context->stop();
}

void IoShards::join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace http
