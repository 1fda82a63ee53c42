// The API's timestamps as clients send them (util/parse_iso8601: a member's `timeout_until`,
// SPEC §10): any text. What parses lies within the years 1970..9999 (give or take a day of
// offset), reads the same every time, and the instant written back in the API's own form
// parses to itself.
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "util/time.hpp"

namespace {

constexpr std::int64_t kDayMicros = 86'400'000'000;
constexpr std::int64_t kYear10000Micros = 253'402'300'800'000'000;  // 10000-01-01T00:00:00Z

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = util::parse_iso8601(text);
  if (!parsed) return 0;
  FUZZ_CHECK(text.size() >= 19 && text.size() <= 40);
  FUZZ_CHECK(*parsed >= -kDayMicros && *parsed < kYear10000Micros + kDayMicros);
  FUZZ_CHECK(util::parse_iso8601(text) == parsed);
  if (*parsed >= 0 && *parsed < kYear10000Micros) {
    auto written = util::iso8601_micros(*parsed);
    FUZZ_CHECK(util::parse_iso8601(written) == parsed);
  }
  return 0;
}
