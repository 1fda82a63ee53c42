// Rate limits keyed by strings ("address", "address|username"): a token bucket per key that
// holds `per_minute` events and refills continuously. Thread-safe; memory stays bounded
// because buckets that have refilled completely are forgotten.
#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace auth {

class Throttle {
 public:
  using Clock = std::chrono::steady_clock;

  // per_minute == 0 disables the limit.
  explicit Throttle(std::uint32_t per_minute);

  // Whole seconds until the next event is allowed for key; 0 when allowed now.
  std::int64_t retry_after(std::string_view key, Clock::time_point now = Clock::now());
  // Records an event (a failed login, a registration).
  void record(std::string_view key, Clock::time_point now = Clock::now());
  // retry_after, and record when allowed: one atomic step.
  std::int64_t take(std::string_view key, Clock::time_point now = Clock::now());

  std::size_t tracked_keys() const;
  std::uint32_t per_minute() const { return per_minute_; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  Bucket& refill(std::string_view key, Clock::time_point now);
  std::int64_t wait_seconds(const Bucket& bucket) const;
  void forget_full_buckets(Clock::time_point now);

  std::uint32_t per_minute_;
  double per_second_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::size_t sweep_at_ = 1024;
};

}  // namespace auth
