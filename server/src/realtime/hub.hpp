// Topic -> local subscribers, one slice per I/O shard. A published delivery is handed to the
// inbox of each shard with subscribers of its topic once; the shard then queues it on its own
// sockets and flushes each socket once per batch. Subscribers are only touched on their own
// shard's thread: no locks on the fan-out path, only one short lock per shard per batch. A
// channel socket subscribes to its channel's topic; a gateway socket to its user's topic, its
// servers' and their channels'.
#pragma once
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "realtime/bus.hpp"
#include "realtime/subscriber.hpp"

namespace realtime {

class Hub {
 public:
  explicit Hub(std::vector<boost::asio::io_context*> shards);
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;
  ~Hub();

  // Receives what is published on the bus from now on.
  void attach(Bus& bus);

  // The shard an io_context is (sessions find theirs once, at connect).
  std::size_t shard_index(const boost::asio::execution_context& context) const;
  // Where a channel's sockets live: all of them on one shard, so that a message wakes one
  // thread and goes out in one submission. Channels spread over the shards.
  boost::asio::io_context& home_of(model::Id channel_id) const {
    return *shards_[static_cast<std::size_t>(channel_id) % shards_.size()]->context;
  }

  // On the subscriber's shard only. add: known for sweeps, logout and shutdown;
  // subscribe: also receives the topic's deliveries; remove: forgotten everywhere. Called
  // while the shard delivers (a gateway reacting to a SubscriptionChange), subscribe and
  // unsubscribe take effect once that batch is delivered.
  void add(std::size_t shard, Subscriber* subscriber);
  void subscribe(std::size_t shard, Topic topic, Subscriber* subscriber);
  void unsubscribe(std::size_t shard, Topic topic, Subscriber* subscriber);
  void remove(std::size_t shard, Subscriber* subscriber);

  // Any thread.
  void dispatch(const Delivery& event);
  void close_session(std::int64_t session_id, std::uint16_t code);
  void close_all(std::uint16_t code);
  void start_sweeps(std::chrono::milliseconds interval);
  void stop_sweeps();
  std::size_t live() const { return live_.load(std::memory_order_relaxed); }
  bool sends_through_io_uring() const { return shards_.front()->sends.uses_io_uring(); }

 private:
  struct Shard {
    boost::asio::io_context* context = nullptr;
    std::mutex inbox_mutex;
    std::vector<Delivery> inbox;
    bool drain_posted = false;
    // Subscribers per topic, readable by dispatch: a shard with none is not woken.
    std::unordered_map<Topic, std::uint32_t> subscribed;
    // Owned by the shard's thread:
    std::unordered_map<Topic, std::vector<Subscriber*>> topics;
    std::unordered_map<Subscriber*, std::vector<Topic>> members;  // subscriber -> its topics
    std::vector<Delivery> draining;
    bool delivering = false;
    std::vector<std::tuple<bool, Topic, Subscriber*>> deferred;  // (subscribe?, topic, who)
    std::vector<Subscriber*> touched;
    std::vector<Subscriber*> staged;
    SendBatch sends;
    std::unique_ptr<boost::asio::steady_timer> sweep_timer;
  };

  void drain(Shard& shard);
  void link(Shard& shard, Topic topic, Subscriber* subscriber);
  void unlink(Shard& shard, Topic topic, Subscriber* subscriber);
  // Writes what these subscribers have queued, in one submission.
  void write(Shard& shard, const std::vector<Subscriber*>& subscribers);
  void schedule_sweep(Shard& shard);
  template <class F>
  void for_each_on_every_shard(F f);

  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::size_t> live_{0};
  std::chrono::milliseconds sweep_interval_{0};
  std::atomic<bool> sweeping_{false};
};

}  // namespace realtime
