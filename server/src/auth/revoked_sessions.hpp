// The login sessions revoked recently (logout, refresh-token reuse), kept in memory so that
// every authenticated request checks revocation without a database round trip. An entry is
// kept until every access token of that session has expired anyway.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <shared_mutex>
#include <unordered_map>

namespace auth {

class RevokedSessions {
 public:
  using Clock = std::chrono::steady_clock;

  // true when the session was not in the set yet.
  bool add(std::int64_t session_id, Clock::time_point forget_after);
  bool contains(std::int64_t session_id) const;
  std::size_t size() const { return count_.load(std::memory_order_relaxed); }

 private:
  void forget_expired(Clock::time_point now);  // caller holds the unique lock

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::int64_t, Clock::time_point> revoked_;
  std::atomic<std::size_t> count_{0};
  std::size_t sweep_at_ = 1024;
};

}  // namespace auth
