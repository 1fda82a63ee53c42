// One connection to Redis that comes back by itself: connects without blocking (hiredis on
// the bus's io_context), calls up() once connected so the owner can SUBSCRIBE or start
// publishing, and after any loss (an error, a close, a connect that takes too long, or the
// owner's drop()) calls down() and reconnects with a backoff from 50 ms to 1 s.
#pragma once
#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace realtime {

// redis://HOST:PORT[/NAME] or unix:///PATH/TO/SOCKET[?name=NAME]; NAME (default "parley")
// names the pub/sub channel, so that several clusters can share one Redis.
struct RedisAddress {
  std::string host;
  int port = 6379;
  std::string unix_path;
  std::string name = "parley";
  std::string label() const;
};
std::optional<RedisAddress> parse_redis_url(std::string_view url);

class RedisLink {
 public:
  using Up = std::function<void(redisAsyncContext*)>;
  using Down = std::function<void()>;

  RedisLink(boost::asio::io_context& io, RedisAddress address, std::string role, Up up, Down down);
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;
  ~RedisLink();  // on the io thread, or after it stopped

  // On the io thread.
  void start();
  void stop();
  // Abandons the current connection (stale or stalled) and reconnects.
  void drop(std::string_view why);
  redisAsyncContext* context() const { return connected_ ? context_ : nullptr; }
  // Replies of an abandoned connection can still arrive before it is freed: ignore them.
  bool is_current(const redisAsyncContext* context) const {
    return context != nullptr && context == context_ && connected_;
  }

 private:
  static void on_connect(const redisAsyncContext* context, int status);
  static void on_disconnect(const redisAsyncContext* context, int status);
  void connect();
  void lost(std::string_view why);
  void schedule_reconnect();

  boost::asio::io_context& io_;
  RedisAddress address_;
  std::string role_;
  Up up_;
  Down down_;
  redisAsyncContext* context_ = nullptr;
  bool connected_ = false;
  bool stopped_ = true;
  std::chrono::milliseconds backoff_{50};
  boost::asio::steady_timer retry_;
  boost::asio::steady_timer connect_deadline_;
};

}  // namespace realtime
