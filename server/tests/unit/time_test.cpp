#include <gtest/gtest.h>

#include "util/time.hpp"

TEST(Time, FormatsIso8601WithMicrosecondsAndZ) {
  EXPECT_EQ(util::iso8601_micros(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(util::iso8601_micros(1'795'859'412'345'678), "2026-11-28T09:50:12.345678Z");
}

TEST(Time, NowIsAfter2025) {
  EXPECT_GT(util::now_micros(), 1'735'689'600'000'000);
}

TEST(Time, ParsesTheTimestampsClientsSend) {
  EXPECT_EQ(util::parse_iso8601("2026-11-28T09:50:12.345678Z"), 1'795'859'412'345'678);
  EXPECT_EQ(util::parse_iso8601("2026-11-28T09:50:12.345Z"), 1'795'859'412'345'000);
  EXPECT_EQ(util::parse_iso8601("2026-11-28T09:50:12.3456789Z"), 1'795'859'412'345'678);
  EXPECT_EQ(util::parse_iso8601("2026-11-28T09:50:12Z"), 1'795'859'412'000'000);
  EXPECT_EQ(util::parse_iso8601("2026-11-28 09:50:12"), 1'795'859'412'000'000);  // no zone: UTC
  EXPECT_EQ(util::parse_iso8601("2026-11-28T11:50:12+02:00"), 1'795'859'412'000'000);
  EXPECT_EQ(util::parse_iso8601("2026-11-28T04:20:12-0530"), 1'795'859'412'000'000);
  EXPECT_EQ(util::parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(util::parse_iso8601("2024-02-29T00:00:00Z"), 1'709'164'800'000'000);
}

TEST(Time, RefusesWhatIsNotATimestamp) {
  for (const char* bad :
       {"", "tomorrow", "2026-11-28", "2026-11-28T09:50", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-28T24:00:00Z",
        "2026-11-28T09:60:00Z", "1969-12-31T23:59:59Z", "2026-11-28T09:50:12.Z",
        "2026-11-28T09:50:12ZZ", "2026-11-28T09:50:12+2", "2026-11-28T09:50:12+25:00",
        "+2026-11-28T09:50:12Z", "2026-11-28T09:50:12 Z", "２０２６-11-28T09:50:12Z"}) {
    EXPECT_FALSE(util::parse_iso8601(bad)) << bad;
  }
}
