// Per-user token buckets: `rate` tokens per second, at most `burst` saved up. Shared by all of
// a user's sockets on every shard (a short lock on one of 16 stripes per check).
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace chat {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  RateLimiter(double rate, double burst);

  // Takes one token for that key; false when none is left.
  bool try_acquire(std::int64_t key, Clock::time_point now = Clock::now());
  // Takes one token if there is one, refusing nothing: what the key spent on another node.
  void charge(std::int64_t key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  struct Stripe {
    std::mutex mutex;
    std::unordered_map<std::int64_t, Bucket> buckets;
  };
  double rate_;
  double burst_;
  std::array<Stripe, 16> stripes_;
};

}  // namespace chat
