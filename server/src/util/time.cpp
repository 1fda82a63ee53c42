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

}  // namespace util
