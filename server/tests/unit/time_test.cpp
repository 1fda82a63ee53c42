#include <gtest/gtest.h>

#include "util/time.hpp"

TEST(Time, FormatsIso8601WithMicrosecondsAndZ) {
  EXPECT_EQ(util::iso8601_micros(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(util::iso8601_micros(1'795'859'412'345'678), "2026-11-28T09:50:12.345678Z");
}

TEST(Time, NowIsAfter2025) {
  EXPECT_GT(util::now_micros(), 1'735'689'600'000'000);
}
