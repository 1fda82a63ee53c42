#include <gtest/gtest.h>

#include "chat/rate_limiter.hpp"

using namespace std::chrono_literals;

TEST(RateLimiter, BurstThenRefillAtTheRate) {
  chat::RateLimiter limiter(10, 20);
  auto t = chat::RateLimiter::Clock::now();
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(limiter.try_acquire(1, t)) << i;
  EXPECT_FALSE(limiter.try_acquire(1, t));
  EXPECT_TRUE(limiter.try_acquire(2, t));  // another user has their own bucket
  EXPECT_FALSE(limiter.try_acquire(1, t + 50ms));
  EXPECT_TRUE(limiter.try_acquire(1, t + 100ms));
  EXPECT_FALSE(limiter.try_acquire(1, t + 100ms));
  // Never more than the burst saved up.
  auto later = t + 1h;
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(limiter.try_acquire(1, later));
  EXPECT_FALSE(limiter.try_acquire(1, later));
}
