// Datetimes of a djchat database as `parley import` reads them (app/django_time): any text.
// What parses lies within the years 1..9999 (give or take a day of offset), and a time written
// back in the API's ISO 8601 form parses to the same instant.
#include <cstdint>
#include <string_view>

#include "app/django_time.hpp"
#include "fuzz_check.hpp"
#include "util/time.hpp"

namespace {

constexpr std::int64_t kDayMicros = 86'400'000'000;
constexpr std::int64_t kYear1Micros = -62'135'596'800'000'000;      // 0001-01-01T00:00:00Z
constexpr std::int64_t kYear10000Micros = 253'402'300'800'000'000;  // 10000-01-01T00:00:00Z

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = app::parse_django_time(text);
  if (!parsed) return 0;
  FUZZ_CHECK(parsed->micros >= kYear1Micros - kDayMicros);
  FUZZ_CHECK(parsed->micros < kYear10000Micros + kDayMicros);
  // Naive exactly when the text ends without "Z" or "+HH:MM" / "-HH:MM".
  bool offset = text.size() >= 25 &&
                (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
                text[text.size() - 3] == ':';
  FUZZ_CHECK(parsed->naive == (text.back() != 'Z' && !offset));
  if (parsed->micros >= 0 && parsed->micros < kYear10000Micros) {
    auto written = util::iso8601_micros(parsed->micros);
    auto again = app::parse_django_time(written);
    FUZZ_CHECK(again && again->micros == parsed->micros && !again->naive);
  }
  return 0;
}
