#include "auth/revoked_sessions.hpp"

#include <mutex>

namespace auth {

bool RevokedSessions::add(std::int64_t session_id, Clock::time_point forget_after) {
  std::unique_lock lock(mutex_);
  if (revoked_.size() >= sweep_at_) forget_expired(Clock::now());
  auto [it, inserted] = revoked_.try_emplace(session_id, forget_after);
  if (!inserted && it->second < forget_after) it->second = forget_after;
  count_.store(revoked_.size(), std::memory_order_relaxed);
  return inserted;
}

bool RevokedSessions::contains(std::int64_t session_id) const {
  if (count_.load(std::memory_order_relaxed) == 0) return false;
  std::shared_lock lock(mutex_);
  return revoked_.contains(session_id);
}

void RevokedSessions::forget_expired(Clock::time_point now) {
  std::erase_if(revoked_, [now](const auto& entry) { return entry.second < now; });
  sweep_at_ = std::max<std::size_t>(1024, revoked_.size() * 2);
}

}  // namespace auth
