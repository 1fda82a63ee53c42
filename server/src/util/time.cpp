#include "util/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace util {

Micros now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

void iso8601_micros_into(Micros t, char out[27]) {
  std::time_t seconds = static_cast<std::time_t>(t / 1'000'000);
  long micros = static_cast<long>(t % 1'000'000);
  if (micros < 0) {
    micros += 1'000'000;
    seconds -= 1;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
  for (int i = 0; i < 27; ++i) out[i] = buf[i];
}

std::string iso8601_micros(Micros t) {
  char out[27];
  iso8601_micros_into(t, out);
  return std::string(out, 27);
}

namespace {

// Reads exactly `count` digits at text[at...].
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<Micros> parse_iso8601(std::string_view text) {
  if (text.size() < 19 || text.size() > 40) return std::nullopt;
  auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  using namespace std::chrono;
  year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                      std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *year < 1970 || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  std::size_t at = 19;
  Micros fraction = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    std::size_t start = at;
    Micros scale = 100'000;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      fraction += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return std::nullopt;
  }
  Micros offset = 0;
  if (at < text.size()) {
    char sign = text[at];
    if (sign == 'Z' || sign == 'z') {
      ++at;
    } else if (sign == '+' || sign == '-') {
      auto hours = digits(text, at + 1, 2);
      bool colon = at + 3 < text.size() && text[at + 3] == ':';
      auto minutes = digits(text, at + (colon ? 4 : 3), 2);
      if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
      offset = (*hours * 3600LL + *minutes * 60LL) * 1'000'000 * (sign == '+' ? 1 : -1);
      at += colon ? 6 : 5;
    } else {
      return std::nullopt;
    }
  }
  if (at != text.size()) return std::nullopt;
  auto days = sys_days(date).time_since_epoch().count();
  Micros seconds = days * 86400LL + *hour * 3600LL + *minute * 60LL + *second;
  return seconds * 1'000'000 + fraction - offset;
}

}  // namespace util
