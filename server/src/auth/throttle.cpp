#include "auth/throttle.hpp"

#include <sodium.h>

#include <cmath>
#include <cstring>

namespace auth {

Throttle::Throttle(std::uint32_t per_minute)
    : per_minute_(per_minute), per_second_(per_minute / 60.0) {}

std::uint64_t Throttle::digest(std::string_view key) {
  static const bool ready = sodium_init() >= 0;  // picks the fast implementation, once
  (void)ready;
  unsigned char out[crypto_generichash_BYTES_MIN];  // 16 bytes, the least BLAKE2b gives
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(key.data()),
                     key.size(), nullptr, 0);
  std::uint64_t value;
  std::memcpy(&value, out, sizeof value);
  return value;
}

Throttle::Bucket& Throttle::refill(std::uint64_t digest, Clock::time_point now) {
  auto it = buckets_.find(digest);
  if (it == buckets_.end()) {
    if (buckets_.size() >= sweep_at_) forget_full_buckets(now);
    it = buckets_.emplace(digest, Bucket{static_cast<double>(per_minute_), now}).first;
  }
  auto& bucket = it->second;
  double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed > 0) {
    bucket.tokens = std::min<double>(per_minute_, bucket.tokens + elapsed * per_second_);
    bucket.updated = now;
  }
  return bucket;
}

std::int64_t Throttle::wait_seconds(const Bucket& bucket) const {
  if (bucket.tokens >= 1.0) return 0;
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil((1.0 - bucket.tokens) / per_second_ - 1e-6)));
}

void Throttle::forget_full_buckets(Clock::time_point now) {
  double refill_seconds = 60.0;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double idle = std::chrono::duration<double>(now - it->second.updated).count();
    if (it->second.tokens + idle * per_second_ >= per_minute_ || idle >= refill_seconds) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  // Sweeping again only after the map has doubled keeps the cost amortised O(1).
  sweep_at_ = std::max<std::size_t>(1024, buckets_.size() * 2);
}

std::int64_t Throttle::retry_after(std::string_view key, Clock::time_point now) {
  if (per_minute_ == 0) return 0;
  auto key_digest = digest(key);
  std::lock_guard lock(mutex_);
  if (!buckets_.contains(key_digest)) return 0;
  return wait_seconds(refill(key_digest, now));
}

void Throttle::record(std::string_view key, Clock::time_point now) {
  record_digest(digest(key), now);
}

void Throttle::record_digest(std::uint64_t key_digest, Clock::time_point now) {
  if (per_minute_ == 0) return;
  std::lock_guard lock(mutex_);
  auto& bucket = refill(key_digest, now);
  bucket.tokens = std::max(0.0, bucket.tokens - 1.0);
}

std::int64_t Throttle::take(std::string_view key, Clock::time_point now) {
  if (per_minute_ == 0) return 0;
  auto key_digest = digest(key);
  std::lock_guard lock(mutex_);
  auto& bucket = refill(key_digest, now);
  auto wait = wait_seconds(bucket);
  if (wait == 0) bucket.tokens -= 1.0;
  return wait;
}

std::size_t Throttle::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace auth
