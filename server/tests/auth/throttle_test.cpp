#include "auth/throttle.hpp"

#include <gtest/gtest.h>

namespace {

using auth::Throttle;
using namespace std::chrono_literals;

TEST(Throttle, AllowsTheLimitThenAsksToWait) {
  Throttle throttle(3);
  auto t = Throttle::Clock::now();
  EXPECT_EQ(throttle.retry_after("k", t), 0);
  for (int i = 0; i < 3; ++i) throttle.record("k", t);
  auto wait = throttle.retry_after("k", t);
  EXPECT_EQ(wait, 20);  // 3 per minute: one more every 20 s
  EXPECT_EQ(throttle.retry_after("other", t), 0);
  EXPECT_EQ(throttle.retry_after("k", t + 19s), 1);
  EXPECT_EQ(throttle.retry_after("k", t + 20s), 0);
}

TEST(Throttle, TakeCountsOnlyWhatItAllows) {
  Throttle throttle(2);
  auto t = Throttle::Clock::now();
  EXPECT_EQ(throttle.take("a", t), 0);
  EXPECT_EQ(throttle.take("a", t), 0);
  EXPECT_EQ(throttle.take("a", t), 30);
  EXPECT_EQ(throttle.take("a", t + 1s), 29);  // refused attempts do not push the wait further
  EXPECT_EQ(throttle.take("a", t + 30s), 0);
}

TEST(Throttle, ZeroDisables) {
  Throttle throttle(0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(throttle.take("a"), 0);
}

TEST(Throttle, ForgetsRefilledBuckets) {
  Throttle throttle(5);
  auto t = Throttle::Clock::now();
  for (int i = 0; i < 5000; ++i) throttle.record("key" + std::to_string(i), t);
  EXPECT_EQ(throttle.tracked_keys(), 5000u);
  for (int i = 0; i < 5000; ++i) throttle.record("later" + std::to_string(i), t + 61s);
  EXPECT_LE(throttle.tracked_keys(), 5000u);  // the first 5000 are gone
}

}  // namespace

namespace {

TEST(Throttle, AnEventToldByDigestChargesTheSameBucket) {
  Throttle throttle(2);
  auto t = Throttle::Clock::now();
  throttle.record("10.0.0.1\nalice", t);
  throttle.record_digest(Throttle::digest("10.0.0.1\nalice"), t);  // another node's failure
  EXPECT_EQ(throttle.retry_after("10.0.0.1\nalice", t), 30);
  EXPECT_EQ(throttle.retry_after("10.0.0.1\nbob", t), 0);
  EXPECT_NE(Throttle::digest("10.0.0.1\nalice"), Throttle::digest("10.0.0.1\nalicf"));
}

}  // namespace
