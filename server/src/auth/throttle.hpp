// Rate limits keyed by strings ("address", "address|username"): a token bucket per key that
// holds `per_minute` events and refills continuously. Thread-safe; memory stays bounded
// because buckets that have refilled completely are forgotten.
//
// A bucket is found by its key's digest (64 bits of BLAKE2b), so that other nodes can be told
// of an event in a number (cluster_notices) and charge the same bucket; a cryptographic hash,
// so that nobody can pick a name whose bucket is a victim's.
#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
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
  // record, for an event another node saw (it sends the digest, not the key).
  void record_digest(std::uint64_t digest, Clock::time_point now = Clock::now());

  static std::uint64_t digest(std::string_view key);

  std::size_t tracked_keys() const;
  std::uint32_t per_minute() const { return per_minute_; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  Bucket& refill(std::uint64_t digest, Clock::time_point now);
  std::int64_t wait_seconds(const Bucket& bucket) const;
  void forget_full_buckets(Clock::time_point now);

  std::uint32_t per_minute_;
  double per_second_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Bucket> buckets_;
  std::size_t sweep_at_ = 1024;
};

}  // namespace auth
