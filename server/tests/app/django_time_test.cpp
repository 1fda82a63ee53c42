// Reading Django's stored datetimes (import-djchat).
#include "app/django_time.hpp"

#include <gtest/gtest.h>

namespace {

using app::parse_django_time;

TEST(DjangoTime, ReadsWhatDjangosSqliteBackendWritesAsUtc) {
  auto t = parse_django_time("2026-11-28 09:50:12.345678");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->naive);
  EXPECT_EQ(t->micros, 1795859412345678);  // 2026-11-28T09:50:12.345678Z
}

TEST(DjangoTime, WholeSecondsAndShortFractions) {
  EXPECT_EQ(parse_django_time("1970-01-01 00:00:00")->micros, 0);
  EXPECT_EQ(parse_django_time("1970-01-01 00:00:01.5")->micros, 1'500'000);
  EXPECT_EQ(parse_django_time("1969-12-31 23:59:59")->micros, -1'000'000);
  EXPECT_EQ(parse_django_time("2000-02-29 12:00:00")->micros, 951825600'000000);
}

TEST(DjangoTime, OffsetsAreApplied) {
  auto z = parse_django_time("2026-11-28T09:50:12.345678Z");
  auto plus = parse_django_time("2026-11-28T11:50:12.345678+02:00");
  auto minus = parse_django_time("2026-11-28 04:20:12.345678-05:30");
  ASSERT_TRUE(z && plus && minus);
  EXPECT_FALSE(z->naive);
  EXPECT_EQ(z->micros, 1795859412345678);
  EXPECT_EQ(plus->micros, z->micros);
  EXPECT_EQ(minus->micros, z->micros);
}

TEST(DjangoTime, RefusesWhatIsNotADatetime) {
  for (const char* bad :
       {"", "yesterday", "2026-13-01 00:00:00", "2026-02-30 00:00:00", "2023-02-29 00:00:00",
        "2026-11-28 24:00:00", "2026-11-28 09:50", "2026-11-28 09:50:12.",
        "2026-11-28 09:50:12+0200", "2026-11-28 09:50:12 junk", "0000-01-01 00:00:00"}) {
    EXPECT_FALSE(parse_django_time(bad)) << bad;
  }
}

}  // namespace
