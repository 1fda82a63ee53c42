#include "chat/rate_limiter.hpp"

#include <algorithm>

namespace chat {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(std::max(rate, 0.0)), burst_(std::max(burst, 1.0)) {}

bool RateLimiter::try_acquire(std::int64_t key, Clock::time_point now) {
  auto& stripe = stripes_[static_cast<std::uint64_t>(key) % stripes_.size()];
  std::lock_guard lock(stripe.mutex);
  auto [it, inserted] = stripe.buckets.try_emplace(key, Bucket{burst_, now});
  auto& bucket = it->second;
  if (!inserted && now > bucket.updated) {
    std::chrono::duration<double> elapsed = now - bucket.updated;
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed.count() * rate_);
    bucket.updated = now;
  }
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

void RateLimiter::charge(std::int64_t key, Clock::time_point now) {
  try_acquire(key, now);
}

}  // namespace chat
