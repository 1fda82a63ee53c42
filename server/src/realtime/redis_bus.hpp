// The Bus of a cluster: every node publishes what it delivers to one Redis pub/sub channel and
// delivers what the others publish (SPEC §14; research/scaleout.md). Redis is a fast hint, not
// the record: PostgreSQL is. Channel events pass through a ChannelSequencer, which restores
// seq order, drops duplicates and reads lost events back from the database; every node also
// publishes a heartbeat each second with the newest seq it committed per channel lately, so a
// lost tail is noticed, and hears its own heartbeat, so a silent subscription is noticed.
//
// Two connections (a subscribed RESP2 connection cannot publish), both on one thread of
// their own that never blocks: publish() only queues. A publish that cannot be sent (Redis
// down or stalled) is dropped, never retried: the peers fill the gap from the database.
#pragma once
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "realtime/bus.hpp"
#include "realtime/channel_sequencer.hpp"
#include "realtime/redis_link.hpp"

namespace realtime {

struct RedisBusOptions {
  RedisAddress address;
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds silent_after{3000};   // own heartbeat unheard this long: resubscribe
  std::chrono::milliseconds publish_stall{2000};  // oldest unanswered PUBLISH: reconnect
  std::chrono::milliseconds tick{5};              // how often held gaps are looked at
  std::chrono::milliseconds peer_timeout{15000};  // a peer's heartbeats unheard: it is gone
  std::size_t max_unanswered = 100000;            // PUBLISHes in flight; beyond: dropped
  SequencerOptions sequencer;
};

struct RedisBusCounters {
  std::uint64_t published = 0;
  std::uint64_t dropped = 0;  // not sent: Redis down, stalled or too far behind
  std::uint64_t received = 0;
  std::uint64_t malformed = 0;
  std::uint64_t resubscribes = 0;
  SequencerCounters sequencer;
};

class RedisBus final : public Bus {
 public:
  RedisBus(RedisBusOptions options, ChannelSequencer::ReadAfter read_after);
  RedisBus(const RedisBus&) = delete;
  RedisBus& operator=(const RedisBus&) = delete;
  ~RedisBus() override;

  void publish(const Delivery& event) override;
  void set_sink(Sink sink) override;
  bool ready() const override { return ready_.load(std::memory_order_relaxed); }

  // After set_sink. stop(): before the database pool stops (gap reads run there).
  void start();
  void stop();
  RedisBusCounters counters() const;
  std::uint64_t node_id() const override { return node_; }

 private:
  using Clock = std::chrono::steady_clock;
  // Bus thread only.
  void send(std::string bytes);
  void subscribe(redisAsyncContext* context);
  void receive(std::string_view bytes);
  void heartbeat();
  void tick();
  void refresh_ready();
  static void on_published(redisAsyncContext* context, void* reply, void* self);
  static void on_message(redisAsyncContext* context, void* reply, void* self);

  RedisBusOptions options_;
  std::uint64_t node_;
  Sink sink_;
  ChannelSequencer sequencer_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  RedisLink pub_;
  RedisLink sub_;
  boost::asio::steady_timer heartbeat_timer_;
  boost::asio::steady_timer tick_timer_;
  std::thread thread_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> running_{false};

  // Bus thread only.
  bool subscribed_ = false;
  std::optional<Clock::time_point> unheard_since_;  // own heartbeat sent, not heard back yet
  std::deque<Clock::time_point> unanswered_;        // PUBLISHes sent on the current connection
  std::uint64_t heartbeats_ = 0;
  std::unordered_map<std::uint64_t, Clock::time_point> peers_;  // node id -> last heartbeat

  // The newest seq this node committed per channel, and when (for heartbeats).
  std::mutex positions_mutex_;
  std::unordered_map<model::Id, std::pair<model::Id, Clock::time_point>> positions_;

  std::atomic<std::uint64_t> published_{0}, dropped_{0}, received_{0}, malformed_{0},
      resubscribes_{0};
};

}  // namespace realtime
